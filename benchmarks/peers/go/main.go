// Command greeter-go is the grpc-go peer of the benchmark harness: a plain grpc-go server for the
// helloworld contract exported from our C# contracts (helloworld.Greeter and helloworld.StreamingGreeter),
// on Debian's grpc-go 1.33 with code that protoc-gen-go and protoc-gen-go-grpc generate from
// $PROTOS/helloworld/helloworld.proto (see build.sh, which builds it in GOPATH mode):
//
//	benchmarks/peers/go/build.sh "$PROTOS" /tmp/peers-go && /tmp/peers-go/greeter-go --port 50051
//
// It listens on 127.0.0.1 only (h2c), prints "listening on 127.0.0.1:N" once it is, and stops gracefully
// on SIGTERM or SIGINT (at most 2 s, then a forced stop) with exit code 0. Server options are grpc-go's
// defaults, as in grpc_bench: no interceptors, no per-call logging, no reflection.
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"net"
	"os"
	"os/signal"
	"syscall"
	"time"

	"google.golang.org/grpc"

	pb "codefirst/bench/helloworld"
)

// stopGrace bounds the graceful stop; after it, the server stops forcibly.
const stopGrace = 2 * time.Second

type greeter struct {
	pb.UnimplementedGreeterServer
}

// SayHello replies "Hello " + name.
func (greeter) SayHello(_ context.Context, req *pb.HelloRequest) (*pb.HelloReply, error) {
	return &pb.HelloReply{Message: "Hello " + req.GetName()}, nil
}

type streamingGreeter struct {
	pb.UnimplementedStreamingGreeterServer
}

// SayHelloStream sends count replies "Hello " + name (none when count <= 0).
func (streamingGreeter) SayHelloStream(req *pb.HelloStreamRequest, stream pb.StreamingGreeter_SayHelloStreamServer) error {
	reply := &pb.HelloReply{Message: "Hello " + req.GetName()}
	for i := int32(0); i < req.GetCount(); i++ {
		if err := stream.Send(reply); err != nil {
			return err
		}
	}
	return nil
}

// SayHelloEach replies "Hello " + name to each request as it arrives, and ends when the client half-closes.
func (streamingGreeter) SayHelloEach(stream pb.StreamingGreeter_SayHelloEachServer) error {
	for {
		req, err := stream.Recv()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		if err := stream.Send(&pb.HelloReply{Message: "Hello " + req.GetName()}); err != nil {
			return err
		}
	}
}

func main() {
	port := flag.Int("port", -1, "TCP port to listen on, on 127.0.0.1 (0: any free port)")
	flag.Parse()
	if *port < 0 || *port > 65535 || flag.NArg() != 0 {
		fmt.Fprintln(os.Stderr, "usage: greeter-go --port N")
		os.Exit(2)
	}

	listener, err := net.Listen("tcp", fmt.Sprintf("127.0.0.1:%d", *port))
	if err != nil {
		fmt.Fprintln(os.Stderr, "error:", err)
		os.Exit(1)
	}
	server := grpc.NewServer()
	pb.RegisterGreeterServer(server, greeter{})
	pb.RegisterStreamingGreeterServer(server, streamingGreeter{})

	signals := make(chan os.Signal, 1)
	signal.Notify(signals, syscall.SIGTERM, syscall.SIGINT)
	served := make(chan error, 1)
	go func() { served <- server.Serve(listener) }()
	// os.Stdout is unbuffered: the line is out when Printf returns.
	fmt.Printf("listening on %s\n", listener.Addr())

	select {
	case err := <-served:
		fmt.Fprintln(os.Stderr, "error:", err)
		os.Exit(1)
	case <-signals:
	}
	stopped := make(chan struct{})
	go func() {
		server.GracefulStop()
		close(stopped)
	}()
	select {
	case <-stopped:
	case <-time.After(stopGrace):
		server.Stop()
	}
}
