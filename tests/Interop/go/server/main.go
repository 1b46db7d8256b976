// Command interop-server is a gRPC interop test server (grpc.testing.TestService) on Debian's
// grpc-go 1.33, built by ../build.sh in GOPATH mode with code generated from the exported
// tests/Interop/protos/grpc/testing/test.proto. It gives the code-first client a peer server that
// this project did not write.
//
// It implements the server features of grpc's doc/interop-test-descriptions.md: EmptyCall,
// UnaryCall, CacheableUnaryCall, StreamingInputCall, StreamingOutputCall, FullDuplexCall,
// HalfDuplexCall, CompressedResponse, CompressedRequest, Echo Status, Echo Metadata and
// ResponseParameters.interval_us. TestService/UnimplementedCall is left to the generated
// UnimplementedTestServiceServer and grpc.testing.UnimplementedService is not registered, so both
// answer UNIMPLEMENTED.
//
//	interop-server [--port=0] [--host=127.0.0.1] [--watch_stdin=true]
//
// Once serving it prints one line, "listening on 127.0.0.1:PORT", to stdout (--port=0 picks a free
// port). It stops gracefully on SIGTERM or SIGINT and, with --watch_stdin (the default), when its
// standard input reaches end of file, so a test process that dies does not leave it running (in a
// shell's background, run it with --watch_stdin=false).
//
// Compression. grpc-go 1.33 decides a call's compression before the handler runs: it answers in the
// request's grpc-encoding, or always in the one set by the deprecated grpc.RPCCompressor server
// option (grpc.SetSendCompressor does not exist yet), and it hides each message's compressed flag.
// This server needs both per message, so it installs:
//   - a grpc.RPCCompressor "gzip" that compresses only the messages marshalled from a
//     compressedMessage: markingCodec gives exactly those spare capacity (cap > len). For the other
//     messages it writes nothing, and grpc-go then sends the message uncompressed (flag 0);
//   - a grpc.RPCDecompressor "gzip" that returns its output with spare capacity, where grpc-go's own
//     reads have none; a stats.Handler sees that slice in stats.InPayload.Data and records the
//     request message's compressed flag in the call's callState.
//
// Both rely on grpc-go 1.33's internals (compress keeps a compressor's empty output as "not
// compressed"; parser.recvMsg allocates exactly the message's length); the interop cases
// client_compressed_unary and server_compressed_unary check them. Every call is answered with
// "grpc-encoding: gzip" when the client takes gzip (grpc-accept-encoding, or a gzip request), and
// with no grpc-encoding otherwise (the interceptors withdraw it through SetSendCompress of grpc-go's
// transport stream); responses the client asked to be compressed are then sent uncompressed, as
// grpc-java's server does.
package main

import (
	"compress/gzip"
	"context"
	"flag"
	"fmt"
	"io"
	"log"
	"net"
	"os"
	"os/signal"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	pb "codefirst/interop/grpc_testing"

	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/encoding"
	grpcproto "google.golang.org/grpc/encoding/proto"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/stats"
	"google.golang.org/grpc/status"
)

const (
	echoInitial  = "x-grpc-test-echo-initial"
	echoTrailing = "x-grpc-test-echo-trailing-bin"
	serverID     = "codefirst-go-reference"
	// Largest message taken in (grpc-go's default); the decompressor stops reading just past it.
	maxMessageSize = 4 << 20
	// How long a stop waits for running calls before it closes their connections.
	stopGrace = 5 * time.Second
)

// --- per-call state ---------------------------------------------------------------------------

type callKey struct{}

// callState is what a call's handler learns about it from outside the handler: the stats handler
// fills in the request side, and UnaryCall tells the unary interceptor to compress its response.
type callState struct {
	mu                 sync.Mutex
	acceptsGzip        bool   // the client takes gzip-compressed responses
	requestCompressed  []bool // compressed flag of each request message, in order
	compressedResponse bool   // unary only: send the response compressed
}

// callFrom returns the call's state (an empty one if the stats handler did not run, which it always does).
func callFrom(ctx context.Context) *callState {
	if c, ok := ctx.Value(callKey{}).(*callState); ok {
		return c
	}
	return &callState{}
}

func (c *callState) takesGzip() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.acceptsGzip
}

// checkCompressed implements CompressedRequest for the index-th request message of the call.
func (c *callState) checkCompressed(index int, expect *pb.BoolValue) error {
	if expect == nil {
		return nil
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if index >= len(c.requestCompressed) {
		return status.Errorf(codes.Internal, "interop-server: no record of request message %d's compressed flag", index)
	}
	switch compressed := c.requestCompressed[index]; {
	case expect.GetValue() && !compressed:
		return status.Error(codes.InvalidArgument, "Expected compressed request but got uncompressed request from client.")
	case !expect.GetValue() && compressed:
		return status.Error(codes.InvalidArgument, "Expected uncompressed request but got compressed request from client.")
	}
	return nil
}

// compress says whether a response the request wants compressed (asked) may be: only when the
// client takes gzip.
func (c *callState) compress(asked bool, method string) bool {
	if asked && !c.takesGzip() {
		log.Printf("%s: the client asked for a compressed response but does not accept gzip (grpc-accept-encoding); sending it uncompressed", method)
		return false
	}
	return asked
}

// observer is the stats.Handler that gives each call its callState and fills it in. grpc-go calls
// it on the goroutine that reads each message, before the handler gets the message.
type observer struct{}

func (observer) TagRPC(ctx context.Context, _ *stats.RPCTagInfo) context.Context {
	return context.WithValue(ctx, callKey{}, &callState{})
}

func (observer) HandleRPC(ctx context.Context, s stats.RPCStats) {
	c := callFrom(ctx)
	switch s := s.(type) {
	case *stats.InHeader:
		accepts := s.Compression == "gzip"
		for _, value := range s.Header.Get("grpc-accept-encoding") {
			for _, name := range strings.Split(value, ",") {
				accepts = accepts || strings.TrimSpace(name) == "gzip"
			}
		}
		c.mu.Lock()
		c.acceptsGzip = accepts
		c.mu.Unlock()
	case *stats.InPayload:
		// Only gzipReceiver's output has spare capacity; see the package comment.
		c.mu.Lock()
		c.requestCompressed = append(c.requestCompressed, cap(s.Data) > len(s.Data))
		c.mu.Unlock()
	}
}

func (observer) TagConn(ctx context.Context, _ *stats.ConnTagInfo) context.Context { return ctx }

func (observer) HandleConn(context.Context, stats.ConnStats) {}

// --- per-message compression ------------------------------------------------------------------

// compressedMessage wraps a response that is to be sent gzip-compressed.
type compressedMessage struct{ message interface{} }

// markingCodec is grpc-go's proto codec, registered in its place, that marks the messages to
// compress: their bytes have one byte of spare capacity, all others none.
type markingCodec struct{ base encoding.Codec }

func (c markingCodec) Marshal(v interface{}) ([]byte, error) {
	if m, ok := v.(compressedMessage); ok {
		data, err := c.base.Marshal(m.message)
		if err != nil {
			return nil, err
		}
		marked := make([]byte, len(data), len(data)+1)
		copy(marked, data)
		return marked, nil
	}
	data, err := c.base.Marshal(v)
	return data[:len(data):len(data)], err
}

func (c markingCodec) Unmarshal(data []byte, v interface{}) error { return c.base.Unmarshal(data, v) }

func (c markingCodec) Name() string { return c.base.Name() }

// gzipSender is the server-wide grpc.Compressor: it gzips the marked messages and writes nothing
// for the others, which grpc-go 1.33 then sends uncompressed.
type gzipSender struct{}

func (gzipSender) Do(w io.Writer, p []byte) error {
	if cap(p) == len(p) {
		return nil
	}
	z := gzip.NewWriter(w)
	if _, err := z.Write(p); err != nil {
		return err
	}
	return z.Close()
}

func (gzipSender) Type() string { return "gzip" }

// gzipReceiver is the server-wide grpc.Decompressor for gzip requests. grpc-go calls it for exactly
// the messages whose compressed flag is set; it returns them with one byte of spare capacity.
type gzipReceiver struct{}

func (gzipReceiver) Do(r io.Reader) ([]byte, error) {
	z, err := gzip.NewReader(r)
	if err != nil {
		return nil, err
	}
	// grpc-go checks the size afterwards; reading one byte past the limit is enough to fail it.
	data, err := io.ReadAll(io.LimitReader(z, maxMessageSize+1))
	if err != nil {
		return nil, err
	}
	marked := make([]byte, len(data), len(data)+1)
	copy(marked, data)
	return marked, nil
}

func (gzipReceiver) Type() string { return "gzip" }

func init() {
	// google.golang.org/grpc/encoding/proto, imported above, registered the proto codec before this
	// package's init runs.
	encoding.RegisterCodec(markingCodec{base: encoding.GetCodec(grpcproto.Name)})
}

// announceCompression runs before every handler. grpc.RPCCompressor made grpc-go announce
// "grpc-encoding: gzip"; take that back when the client does not take gzip. The stream in the
// context is grpc-go's transport stream, which has SetSendCompress.
func announceCompression(ctx context.Context) {
	if callFrom(ctx).takesGzip() {
		return
	}
	if s, ok := grpc.ServerTransportStreamFromContext(ctx).(interface{ SetSendCompress(string) }); ok {
		s.SetSendCompress("")
	} else {
		log.Printf("cannot withdraw grpc-encoding: gzip (%T has no SetSendCompress)", grpc.ServerTransportStreamFromContext(ctx))
	}
}

func unaryInterceptor(ctx context.Context, request interface{}, _ *grpc.UnaryServerInfo, handler grpc.UnaryHandler) (interface{}, error) {
	announceCompression(ctx)
	response, err := handler(ctx, request)
	if err != nil {
		return nil, err
	}
	c := callFrom(ctx)
	c.mu.Lock()
	compress := c.compressedResponse
	c.mu.Unlock()
	if compress {
		return compressedMessage{response}, nil
	}
	return response, nil
}

func streamInterceptor(srv interface{}, stream grpc.ServerStream, _ *grpc.StreamServerInfo, handler grpc.StreamHandler) error {
	announceCompression(stream.Context())
	return handler(srv, stream)
}

// --- shared features --------------------------------------------------------------------------

// echoMetadata implements Echo Metadata: x-grpc-test-echo-initial goes back at once as initial
// metadata, x-grpc-test-echo-trailing-bin as trailing metadata.
func echoMetadata(ctx context.Context) error {
	md, _ := metadata.FromIncomingContext(ctx)
	if values := md.Get(echoInitial); len(values) > 0 {
		if err := grpc.SendHeader(ctx, metadata.MD{echoInitial: values}); err != nil {
			return err
		}
	}
	if values := md.Get(echoTrailing); len(values) > 0 {
		return grpc.SetTrailer(ctx, metadata.MD{echoTrailing: values})
	}
	return nil
}

// echoStatus implements Echo Status: a response_status that is not OK ends the call.
func echoStatus(s *pb.EchoStatus) error {
	if s.GetCode() == 0 {
		return nil
	}
	return status.Error(codes.Code(s.GetCode()), s.GetMessage())
}

func newPayload(t pb.PayloadType, size int32) (*pb.Payload, error) {
	if t != pb.PayloadType_COMPRESSABLE {
		return nil, status.Errorf(codes.InvalidArgument, "response type %v is not supported", t)
	}
	if size < 0 {
		return nil, status.Errorf(codes.InvalidArgument, "response size %d is negative", size)
	}
	return &pb.Payload{Type: t, Body: make([]byte, size)}, nil
}

// sleep waits d (ResponseParameters.interval_us), or until the call ends.
func sleep(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return nil
	}
	timer := time.NewTimer(d)
	defer timer.Stop()
	select {
	case <-timer.C:
		return nil
	case <-ctx.Done():
		return status.FromContextError(ctx.Err()).Err()
	}
}

// streamResponses sends one StreamingOutputCallResponse per ResponseParameters of the request,
// after its interval_us and compressed as it asks, once the request's response_status is OK.
func streamResponses(stream grpc.ServerStream, request *pb.StreamingOutputCallRequest, method string) error {
	if err := echoStatus(request.GetResponseStatus()); err != nil {
		return err
	}
	ctx := stream.Context()
	c := callFrom(ctx)
	for _, parameters := range request.GetResponseParameters() {
		payload, err := newPayload(request.GetResponseType(), parameters.GetSize())
		if err != nil {
			return err
		}
		if err := sleep(ctx, time.Duration(parameters.GetIntervalUs())*time.Microsecond); err != nil {
			return err
		}
		var response interface{} = &pb.StreamingOutputCallResponse{Payload: payload}
		if c.compress(parameters.GetCompressed().GetValue(), method) {
			response = compressedMessage{response}
		}
		if err := stream.SendMsg(response); err != nil {
			return err
		}
	}
	return nil
}

// --- TestService ------------------------------------------------------------------------------

type testServer struct {
	pb.UnimplementedTestServiceServer
}

func (testServer) EmptyCall(ctx context.Context, _ *pb.Empty) (*pb.Empty, error) {
	if err := echoMetadata(ctx); err != nil {
		return nil, err
	}
	return &pb.Empty{}, nil
}

func (testServer) UnaryCall(ctx context.Context, request *pb.SimpleRequest) (*pb.SimpleResponse, error) {
	if err := echoMetadata(ctx); err != nil {
		return nil, err
	}
	c := callFrom(ctx)
	if err := c.checkCompressed(0, request.GetExpectCompressed()); err != nil {
		return nil, err
	}
	if err := echoStatus(request.GetResponseStatus()); err != nil {
		return nil, err
	}
	payload, err := newPayload(request.GetResponseType(), request.GetResponseSize())
	if err != nil {
		return nil, err
	}
	response := &pb.SimpleResponse{Payload: payload}
	if request.GetFillServerId() {
		response.ServerId = serverID
	}
	compress := c.compress(request.GetResponseCompressed().GetValue(), "UnaryCall")
	c.mu.Lock()
	c.compressedResponse = compress
	c.mu.Unlock()
	return response, nil
}

func (testServer) CacheableUnaryCall(ctx context.Context, _ *pb.SimpleRequest) (*pb.SimpleResponse, error) {
	if err := grpc.SetHeader(ctx, metadata.Pairs("cache-control", "max-age=60, public")); err != nil {
		return nil, err
	}
	if err := echoMetadata(ctx); err != nil {
		return nil, err
	}
	body := []byte(strconv.FormatInt(time.Now().UnixNano(), 10))
	return &pb.SimpleResponse{Payload: &pb.Payload{Type: pb.PayloadType_COMPRESSABLE, Body: body}}, nil
}

func (testServer) StreamingOutputCall(request *pb.StreamingOutputCallRequest, stream pb.TestService_StreamingOutputCallServer) error {
	if err := echoMetadata(stream.Context()); err != nil {
		return err
	}
	return streamResponses(stream, request, "StreamingOutputCall")
}

func (testServer) StreamingInputCall(stream pb.TestService_StreamingInputCallServer) error {
	ctx := stream.Context()
	if err := echoMetadata(ctx); err != nil {
		return err
	}
	c := callFrom(ctx)
	total := 0
	for index := 0; ; index++ {
		request, err := stream.Recv()
		if err == io.EOF {
			return stream.SendAndClose(&pb.StreamingInputCallResponse{AggregatedPayloadSize: int32(total)})
		}
		if err != nil {
			return err
		}
		if err := c.checkCompressed(index, request.GetExpectCompressed()); err != nil {
			return err
		}
		total += len(request.GetPayload().GetBody())
	}
}

func (testServer) FullDuplexCall(stream pb.TestService_FullDuplexCallServer) error {
	if err := echoMetadata(stream.Context()); err != nil {
		return err
	}
	for {
		request, err := stream.Recv()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		if err := streamResponses(stream, request, "FullDuplexCall"); err != nil {
			return err
		}
	}
}

func (testServer) HalfDuplexCall(stream pb.TestService_HalfDuplexCallServer) error {
	if err := echoMetadata(stream.Context()); err != nil {
		return err
	}
	var requests []*pb.StreamingOutputCallRequest
	for {
		request, err := stream.Recv()
		if err == io.EOF {
			break
		}
		if err != nil {
			return err
		}
		requests = append(requests, request)
	}
	for _, request := range requests {
		if err := streamResponses(stream, request, "HalfDuplexCall"); err != nil {
			return err
		}
	}
	return nil
}

// --- main -------------------------------------------------------------------------------------

func main() {
	port := flag.Int("port", 0, "port to listen on (0: any free port)")
	host := flag.String("host", "127.0.0.1", "address to listen on")
	useTLS := flag.Bool("use_tls", false, "must be false: plaintext only")
	watchStdin := flag.Bool("watch_stdin", true, "stop when standard input reaches end of file")
	flag.Parse()
	log.SetFlags(log.LstdFlags | log.Lmicroseconds)
	log.SetPrefix("interop-server: ")
	if *useTLS || flag.NArg() > 0 || *port < 0 || *port > 65535 {
		fmt.Fprintln(os.Stderr, "usage: interop-server [--port=PORT] [--host=127.0.0.1] [--watch_stdin=true] (plaintext)")
		os.Exit(2)
	}

	listener, err := net.Listen("tcp", net.JoinHostPort(*host, strconv.Itoa(*port)))
	if err != nil {
		log.Fatalf("listen: %v", err)
	}
	server := grpc.NewServer(
		grpc.RPCCompressor(gzipSender{}),
		grpc.RPCDecompressor(gzipReceiver{}),
		grpc.StatsHandler(observer{}),
		grpc.UnaryInterceptor(unaryInterceptor),
		grpc.StreamInterceptor(streamInterceptor),
		grpc.MaxRecvMsgSize(maxMessageSize),
	)
	pb.RegisterTestServiceServer(server, testServer{})

	stop := make(chan string, 3)
	signals := make(chan os.Signal, 1)
	signal.Notify(signals, syscall.SIGTERM, os.Interrupt)
	go func() { stop <- (<-signals).String() }()
	if *watchStdin {
		go func() {
			_, _ = io.Copy(io.Discard, os.Stdin)
			stop <- "end of standard input"
		}()
	}
	go func() {
		if err := server.Serve(listener); err != nil {
			stop <- "serve: " + err.Error()
		}
	}()
	// os.Stdout is unbuffered: the line is out when Println returns.
	fmt.Println("listening on " + listener.Addr().String())

	log.Printf("stopping: %s", <-stop)
	stopped := make(chan struct{})
	go func() {
		server.GracefulStop()
		close(stopped)
	}()
	select {
	case <-stopped:
	case <-time.After(stopGrace):
		log.Printf("calls still running after %v; closing their connections", stopGrace)
		server.Stop()
	}
}

// Compile-time checks that the compression hooks have grpc-go's (deprecated) legacy interfaces.
var (
	_ grpc.Compressor   = gzipSender{}
	_ grpc.Decompressor = gzipReceiver{}
	_ stats.Handler     = observer{}
)
