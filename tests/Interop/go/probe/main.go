// Command interop-probe checks a server's gRPC server reflection (grpc.reflection.v1alpha) and health
// (grpc.health.v1) with the clients grpc-go 1.33 ships, built by ../build.sh in GOPATH mode:
//
//	interop-probe --server_host=127.0.0.1 --server_port=50051 --mode=reflection
//	interop-probe --server_host=127.0.0.1 --server_port=50051 --mode=health-check --service=grpc.testing.TestService
//	interop-probe --server_host=127.0.0.1 --server_port=50051 --mode=health-watch --service=grpc.testing.TestService --count=2
//
// reflection: lists the services ("service NAME" each), fetches file_containing_symbol for each one on
// the same stream, builds every returned FileDescriptorProto into a fresh registry with protodesc
// (strict: every import must have been sent, every type must resolve), then prints each service's
// methods:
//
//	method grpc.testing.TestService/FullDuplexCall input=grpc.testing.StreamingOutputCallRequest output=grpc.testing.StreamingOutputCallResponse client_streaming=true server_streaming=true
//
// health-check: one Check; prints "status SERVING" (the enum's name).
// health-watch: one Watch; prints "status NAME" for each message as it arrives and exits 0 after
// --count of them.
//
// Exit codes: 0 done; 1 a failed call or check, with "error code=CODE message=..." on stdout for a
// failed call (NotFound, DeadlineExceeded, ...) or "FAIL reflection: why" on stderr; 2 bad arguments.
// Every mode runs under --timeout (30 s by default), so a hung server fails instead of hanging.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"os"
	"time"

	protov1 "github.com/golang/protobuf/proto"
	"google.golang.org/grpc"
	healthpb "google.golang.org/grpc/health/grpc_health_v1"
	rpb "google.golang.org/grpc/reflection/grpc_reflection_v1alpha"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protodesc"
	"google.golang.org/protobuf/reflect/protoreflect"
	"google.golang.org/protobuf/types/descriptorpb"
)

// printCallError prints a failed call's status on stdout, for the caller to match, and returns exit code 1.
func printCallError(what string, err error) int {
	s := status.Convert(err)
	fmt.Printf("error code=%s message=%q\n", s.Code(), s.Message())
	fmt.Fprintf(os.Stderr, "%s failed: %v\n", what, err)
	return 1
}

func healthCheck(ctx context.Context, conn *grpc.ClientConn, service string) int {
	response, err := healthpb.NewHealthClient(conn).Check(ctx, &healthpb.HealthCheckRequest{Service: service})
	if err != nil {
		return printCallError("Check", err)
	}
	fmt.Printf("status %s\n", response.GetStatus())
	return 0
}

func healthWatch(ctx context.Context, conn *grpc.ClientConn, service string, count int) int {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel() // ends the Watch call once enough statuses arrived
	stream, err := healthpb.NewHealthClient(conn).Watch(ctx, &healthpb.HealthCheckRequest{Service: service})
	if err != nil {
		return printCallError("Watch", err)
	}
	for received := 0; received < count; received++ {
		response, err := stream.Recv()
		if err == io.EOF {
			fmt.Printf("error code=OK message=%q\n", fmt.Sprintf("the server ended Watch after %d of %d statuses", received, count))
			return 1
		}
		if err != nil {
			return printCallError("Watch", err)
		}
		fmt.Printf("status %s\n", response.GetStatus()) // os.Stdout is unbuffered: the line is out now
	}
	return 0
}

// reflector is one ServerReflectionInfo stream and the files received on it, by name.
type reflector struct {
	stream rpb.ServerReflection_ServerReflectionInfoClient
	files  map[string]*descriptorpb.FileDescriptorProto
	order  []string
}

// ask sends one request and returns its response, failing on a transport error or an error_response.
func (r *reflector) ask(request *rpb.ServerReflectionRequest, what string) (*rpb.ServerReflectionResponse, error) {
	if err := r.stream.Send(request); err != nil {
		return nil, fmt.Errorf("%s: send: %v", what, err)
	}
	response, err := r.stream.Recv()
	if err != nil {
		s := status.Convert(err)
		return nil, fmt.Errorf("%s: receive: status %s: %q", what, s.Code(), s.Message())
	}
	if e := response.GetErrorResponse(); e != nil {
		return nil, fmt.Errorf("%s: error_response %d: %q", what, e.GetErrorCode(), e.GetErrorMessage())
	}
	original := response.GetOriginalRequest()
	if original == nil {
		return nil, fmt.Errorf("%s: no original_request", what)
	}
	if !protov1.Equal(original, request) && !emptyListServicesEcho(original, request) {
		return nil, fmt.Errorf("%s: original_request is %v, not the request %v", what, original, request)
	}
	return response, nil
}

// emptyListServicesEcho accepts the echo of list_services "" that lost the field: a server whose schema
// has no oneof presence for strings (the code-first server's contracts) cannot write an empty string, so
// the echo is the request without its question. It must not carry another question or another host.
func emptyListServicesEcho(original, request *rpb.ServerReflectionRequest) bool {
	asked, ok := request.GetMessageRequest().(*rpb.ServerReflectionRequest_ListServices)
	return ok && asked.ListServices == "" && original.GetMessageRequest() == nil && original.GetHost() == request.GetHost()
}

// listServices asks list_services (sent empty, as grpc-go's and grpcurl's clients send it).
func (r *reflector) listServices() ([]string, error) {
	response, err := r.ask(&rpb.ServerReflectionRequest{MessageRequest: &rpb.ServerReflectionRequest_ListServices{ListServices: ""}}, "list_services")
	if err != nil {
		return nil, err
	}
	list := response.GetListServicesResponse()
	if list == nil {
		return nil, fmt.Errorf("list_services: the response is not a list_services_response: %v", response)
	}
	var names []string
	for _, service := range list.GetService() {
		names = append(names, service.GetName())
	}
	if len(names) == 0 {
		return nil, errors.New("list_services: no services")
	}
	return names, nil
}

// fileContainingSymbol fetches the file declaring symbol (and its dependencies) and keeps them; the first
// file must declare it. Returns the names of the files in the response.
func (r *reflector) fileContainingSymbol(symbol string) ([]string, error) {
	what := "file_containing_symbol " + symbol
	response, err := r.ask(&rpb.ServerReflectionRequest{MessageRequest: &rpb.ServerReflectionRequest_FileContainingSymbol{FileContainingSymbol: symbol}}, what)
	if err != nil {
		return nil, err
	}
	files := response.GetFileDescriptorResponse()
	if files == nil || len(files.GetFileDescriptorProto()) == 0 {
		return nil, fmt.Errorf("%s: no file_descriptor_response: %v", what, response)
	}
	var names []string
	for i, data := range files.GetFileDescriptorProto() {
		file := &descriptorpb.FileDescriptorProto{}
		if err := proto.Unmarshal(data, file); err != nil {
			return nil, fmt.Errorf("%s: file %d does not parse as a FileDescriptorProto: %v", what, i, err)
		}
		name := file.GetName()
		if name == "" {
			return nil, fmt.Errorf("%s: file %d has no name", what, i)
		}
		if i == 0 && !declares(file, symbol) {
			return nil, fmt.Errorf("%s: the first file, %s, does not declare it", what, name)
		}
		if previous, ok := r.files[name]; ok {
			if !proto.Equal(previous, file) {
				return nil, fmt.Errorf("%s: %s differs from the %s sent before", what, name, name)
			}
		} else {
			r.files[name] = file
			r.order = append(r.order, name)
		}
		names = append(names, name)
	}
	return names, nil
}

// declares reports whether file declares the service named symbol (the probe only asks for services).
func declares(file *descriptorpb.FileDescriptorProto, symbol string) bool {
	for _, service := range file.GetService() {
		name := service.GetName()
		if file.GetPackage() != "" {
			name = file.GetPackage() + "." + name
		}
		if name == symbol {
			return true
		}
	}
	return false
}

func reflection(ctx context.Context, conn *grpc.ClientConn) error {
	stream, err := rpb.NewServerReflectionClient(conn).ServerReflectionInfo(ctx)
	if err != nil {
		return fmt.Errorf("ServerReflectionInfo: %v", err)
	}
	r := &reflector{stream: stream, files: map[string]*descriptorpb.FileDescriptorProto{}}
	services, err := r.listServices()
	if err != nil {
		return err
	}
	for _, service := range services {
		fmt.Printf("service %s\n", service)
	}
	for _, service := range services {
		names, err := r.fileContainingSymbol(service)
		if err != nil {
			return err
		}
		fmt.Printf("files %s %v\n", service, names)
	}
	if err := stream.CloseSend(); err != nil {
		return fmt.Errorf("close send: %v", err)
	}
	if _, err := stream.Recv(); err != io.EOF {
		return fmt.Errorf("after the client half-closed, expected the server to end the stream with OK, got %v", err)
	}

	set := &descriptorpb.FileDescriptorSet{}
	for _, name := range r.order {
		set.File = append(set.File, r.files[name])
	}
	// Strict: NewFiles resolves every import and type name among these files only.
	registry, err := protodesc.NewFiles(set)
	if err != nil {
		return fmt.Errorf("protodesc.NewFiles of %d files %v: %v", len(r.order), r.order, err)
	}
	for _, service := range services {
		descriptor, err := registry.FindDescriptorByName(protoreflect.FullName(service))
		if err != nil {
			return fmt.Errorf("service %s is not in the built files: %v", service, err)
		}
		sd, ok := descriptor.(protoreflect.ServiceDescriptor)
		if !ok {
			return fmt.Errorf("%s is a %T, not a service", service, descriptor)
		}
		methods := sd.Methods()
		for i := 0; i < methods.Len(); i++ {
			m := methods.Get(i)
			fmt.Printf("method %s/%s input=%s output=%s client_streaming=%t server_streaming=%t\n",
				sd.FullName(), m.Name(), m.Input().FullName(), m.Output().FullName(), m.IsStreamingClient(), m.IsStreamingServer())
		}
	}
	fmt.Printf("ok %d services, %d files\n", len(services), len(r.order))
	return nil
}

func main() {
	host := flag.String("server_host", "127.0.0.1", "server host")
	port := flag.Int("server_port", 0, "server port")
	mode := flag.String("mode", "", "reflection, health-check or health-watch")
	service := flag.String("service", "", "health-check, health-watch: the service name (empty: the server)")
	count := flag.Int("count", 1, "health-watch: exit after this many statuses")
	timeout := flag.Duration("timeout", 30*time.Second, "deadline of the whole run")
	flag.Parse()

	if *port == 0 || *count < 1 || flag.NArg() != 0 || (*mode != "reflection" && *mode != "health-check" && *mode != "health-watch") {
		fmt.Fprintln(os.Stderr, "usage: interop-probe --server_host=HOST --server_port=PORT --mode=reflection|health-check|health-watch [--service=NAME] [--count=N] [--timeout=30s] (plaintext)")
		os.Exit(2)
	}

	conn, err := grpc.Dial(net.JoinHostPort(*host, fmt.Sprint(*port)), grpc.WithInsecure())
	if err != nil {
		fmt.Fprintf(os.Stderr, "FAIL %s: dial: %v\n", *mode, err)
		os.Exit(1)
	}
	ctx, cancel := context.WithTimeout(context.Background(), *timeout)
	code := 0
	switch *mode {
	case "reflection":
		if err := reflection(ctx, conn); err != nil {
			fmt.Fprintf(os.Stderr, "FAIL reflection: %v\n", err)
			code = 1
		}
	case "health-check":
		code = healthCheck(ctx, conn, *service)
	case "health-watch":
		code = healthWatch(ctx, conn, *service, *count)
	}
	cancel()
	conn.Close()
	os.Exit(code)
}
