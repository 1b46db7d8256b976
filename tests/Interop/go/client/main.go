// Command interop-client is a gRPC interop test client (grpc.testing.TestService) on Debian's
// grpc-go 1.33, built by ../build.sh in GOPATH mode with code generated from the exported
// tests/Interop/protos/grpc/testing/test.proto.
//
// It runs one test case of grpc's doc/interop-test-descriptions.md against a server:
//
//	interop-client --server_host=127.0.0.1 --server_port=50051 --test_case=large_unary
//
// and exits 0 when the case passes; otherwise it prints "FAIL <case>: <why>" to stderr and exits 1
// (2 for bad arguments).
//
// grpc-go does not show a message's compressed flag. This client registers its own "gzip"
// compressor, which counts its Compress and Decompress calls: grpc-go decompresses exactly the
// messages whose compressed flag is set, so the counts show what was on the wire.
package main

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"os"
	"sort"
	"strings"
	"sync/atomic"
	"time"

	pb "codefirst/interop/grpc_testing"

	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/encoding"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/status"
)

const (
	echoInitial    = "x-grpc-test-echo-initial"
	echoTrailing   = "x-grpc-test-echo-trailing-bin"
	initialValue   = "test_initial_metadata_value"
	specialMessage = "\t\ntest with whitespace\r\nand Unicode BMP \u263a and non-BMP \U0001f608\t\n"
	// Deadline of every call that is not about deadlines: a hung server fails the case.
	callTimeout = 30 * time.Second
)

var trailingValue = string([]byte{0xab, 0xab, 0xab})

// failure is a failed assertion; anything else that goes wrong is reported as is.
type failure struct{ message string }

func (f failure) Error() string { return f.message }

func check(condition bool, format string, args ...interface{}) {
	if !condition {
		panic(failure{fmt.Sprintf(format, args...)})
	}
}

// must fails the case on an unexpected error.
func must(err error, what string) {
	if err != nil {
		s := status.Convert(err)
		panic(failure{fmt.Sprintf("%s: unexpected status %s: %q", what, s.Code(), s.Message())})
	}
}

// expectStatus checks that err is a status with the given code (and message, when not nil).
func expectStatus(err error, code codes.Code, what string, message *string) {
	check(err != nil, "%s: expected status %s, but the call succeeded", what, code)
	s := status.Convert(err)
	check(s.Code() == code, "%s: expected status %s, got %s: %q", what, code, s.Code(), s.Message())
	if message != nil {
		check(s.Message() == *message, "%s: expected status message %q, got %q", what, *message, s.Message())
	}
}

// countingGzip is gzip that counts its work, registered as grpc-go's "gzip" compressor.
type countingGzip struct{ compressed, decompressed int64 }

func (c *countingGzip) Name() string { return "gzip" }

func (c *countingGzip) Compress(w io.Writer) (io.WriteCloser, error) {
	atomic.AddInt64(&c.compressed, 1)
	return gzip.NewWriter(w), nil
}

func (c *countingGzip) Decompress(r io.Reader) (io.Reader, error) {
	atomic.AddInt64(&c.decompressed, 1)
	reader, err := gzip.NewReader(r)
	if err != nil {
		return nil, err
	}
	// Read it all here so a corrupt stream fails this call, not a later read.
	data, err := io.ReadAll(reader)
	if err != nil {
		return nil, err
	}
	return bytes.NewReader(data), nil
}

func (c *countingGzip) counts() (int64, int64) {
	return atomic.LoadInt64(&c.compressed), atomic.LoadInt64(&c.decompressed)
}

var compressor = &countingGzip{}

func init() { encoding.RegisterCompressor(compressor) }

type tester struct {
	conn   *grpc.ClientConn
	client pb.TestServiceClient
}

func callContext() (context.Context, context.CancelFunc) {
	return context.WithTimeout(context.Background(), callTimeout)
}

func zeros(size int) *pb.Payload {
	return &pb.Payload{Type: pb.PayloadType_COMPRESSABLE, Body: make([]byte, size)}
}

func checkPayload(payload *pb.Payload, size int, what string) {
	body := payload.GetBody()
	check(len(body) == size, "%s: expected a payload of %d bytes, got %d", what, size, len(body))
	check(bytes.Equal(body, make([]byte, size)), "%s: the payload is not all zeros", what)
}

func largeRequest() *pb.SimpleRequest {
	return &pb.SimpleRequest{ResponseType: pb.PayloadType_COMPRESSABLE, ResponseSize: 314159, Payload: zeros(271828)}
}

func streamingRequest(size, payloadSize int) *pb.StreamingOutputCallRequest {
	return &pb.StreamingOutputCallRequest{
		ResponseType:       pb.PayloadType_COMPRESSABLE,
		ResponseParameters: []*pb.ResponseParameters{{Size: int32(size)}},
		Payload:            zeros(payloadSize),
	}
}

func (t *tester) emptyUnary() {
	ctx, cancel := callContext()
	defer cancel()
	response, err := t.client.EmptyCall(ctx, &pb.Empty{})
	must(err, "EmptyCall")
	check(response != nil, "EmptyCall returned no message")
}

func (t *tester) largeUnary() {
	ctx, cancel := callContext()
	defer cancel()
	response, err := t.client.UnaryCall(ctx, largeRequest())
	must(err, "UnaryCall")
	checkPayload(response.GetPayload(), 314159, "UnaryCall")
}

func (t *tester) clientCompressedUnary() {
	request := func(expect bool) *pb.SimpleRequest {
		r := largeRequest()
		r.ExpectCompressed = &pb.BoolValue{Value: expect}
		return r
	}
	ctx, cancel := callContext()
	defer cancel()
	_, err := t.client.UnaryCall(ctx, request(true))
	expectStatus(err, codes.InvalidArgument, "feature probe (uncompressed request with expect_compressed=true)", nil)

	before, _ := compressor.counts()
	response, err := t.client.UnaryCall(ctx, request(true), grpc.UseCompressor("gzip"))
	must(err, "compressed request")
	checkPayload(response.GetPayload(), 314159, "compressed request")
	after, _ := compressor.counts()
	check(after == before+1, "compressed request: grpc-go compressed %d messages, expected 1", after-before)

	response, err = t.client.UnaryCall(ctx, request(false))
	must(err, "uncompressed request")
	checkPayload(response.GetPayload(), 314159, "uncompressed request")
}

func (t *tester) serverCompressedUnary() {
	for _, compressed := range []bool{true, false} {
		what := fmt.Sprintf("response_compressed=%t", compressed)
		request := largeRequest()
		request.ResponseCompressed = &pb.BoolValue{Value: compressed}
		ctx, cancel := callContext()
		// grpc-go 1.33 advertises its compressors only on calls it compresses; say that this call
		// can take a gzip response, or a server that honours grpc-accept-encoding must not compress.
		ctx = metadata.AppendToOutgoingContext(ctx, "grpc-accept-encoding", "identity,gzip")
		_, before := compressor.counts()
		response, err := t.client.UnaryCall(ctx, request)
		cancel()
		must(err, what)
		checkPayload(response.GetPayload(), 314159, what)
		_, after := compressor.counts()
		flagged := after - before
		if compressed {
			check(flagged == 1, "%s: the response message's compressed flag is not set", what)
		} else {
			check(flagged == 0, "%s: the response message's compressed flag is set", what)
		}
	}
}

func (t *tester) clientStreaming() {
	ctx, cancel := callContext()
	defer cancel()
	stream, err := t.client.StreamingInputCall(ctx)
	must(err, "StreamingInputCall")
	for _, size := range []int{27182, 8, 1828, 45904} {
		must(stream.Send(&pb.StreamingInputCallRequest{Payload: zeros(size)}), "Send")
	}
	response, err := stream.CloseAndRecv()
	must(err, "StreamingInputCall")
	check(response.GetAggregatedPayloadSize() == 74922, "expected aggregated_payload_size 74922, got %d", response.GetAggregatedPayloadSize())
}

func (t *tester) serverStreaming() {
	sizes := []int{31415, 9, 2653, 58979}
	request := &pb.StreamingOutputCallRequest{ResponseType: pb.PayloadType_COMPRESSABLE}
	for _, size := range sizes {
		request.ResponseParameters = append(request.ResponseParameters, &pb.ResponseParameters{Size: int32(size)})
	}
	ctx, cancel := callContext()
	defer cancel()
	stream, err := t.client.StreamingOutputCall(ctx, request)
	must(err, "StreamingOutputCall")
	count := 0
	for {
		response, err := stream.Recv()
		if err == io.EOF {
			break
		}
		must(err, "StreamingOutputCall")
		check(count < len(sizes), "expected 4 responses, got more")
		checkPayload(response.GetPayload(), sizes[count], fmt.Sprintf("response %d", count+1))
		count++
	}
	check(count == len(sizes), "expected 4 responses, got %d", count)
}

func (t *tester) pingPong() {
	pairs := [][2]int{{31415, 27182}, {9, 8}, {2653, 1828}, {58979, 45904}}
	ctx, cancel := callContext()
	defer cancel()
	stream, err := t.client.FullDuplexCall(ctx)
	must(err, "FullDuplexCall")
	for i, pair := range pairs {
		must(stream.Send(streamingRequest(pair[0], pair[1])), "Send")
		response, err := stream.Recv()
		check(err != io.EOF, "the stream ended after %d responses; expected 4", i)
		must(err, "FullDuplexCall")
		checkPayload(response.GetPayload(), pair[0], fmt.Sprintf("response %d", i+1))
	}
	must(stream.CloseSend(), "CloseSend")
	_, err = stream.Recv()
	check(err != nil, "expected exactly 4 responses, got more")
	check(err == io.EOF, "FullDuplexCall ended with %v", err)
}

func (t *tester) emptyStream() {
	ctx, cancel := callContext()
	defer cancel()
	stream, err := t.client.FullDuplexCall(ctx)
	must(err, "FullDuplexCall")
	must(stream.CloseSend(), "CloseSend")
	_, err = stream.Recv()
	check(err != nil, "expected no responses, got one")
	check(err == io.EOF, "FullDuplexCall ended with %v", err)
}

func (t *tester) timeoutOnSleepingServer() {
	ctx, cancel := context.WithTimeout(context.Background(), time.Millisecond)
	defer cancel()
	stream, err := t.client.FullDuplexCall(ctx)
	if err == nil {
		// The deadline may pass before or while the request goes out; Send then reports io.EOF and
		// the status comes from Recv.
		if sendErr := stream.Send(&pb.StreamingOutputCallRequest{Payload: zeros(27182)}); sendErr != nil && sendErr != io.EOF {
			err = sendErr
		} else {
			_, err = stream.Recv()
		}
	}
	expectStatus(err, codes.DeadlineExceeded, "FullDuplexCall with a 1 ms deadline", nil)
}

func (t *tester) cancelAfterBegin() {
	ctx, cancel := context.WithCancel(context.Background())
	stream, err := t.client.StreamingInputCall(ctx)
	must(err, "StreamingInputCall")
	cancel()
	_, err = stream.CloseAndRecv()
	expectStatus(err, codes.Canceled, "StreamingInputCall cancelled after begin", nil)
}

func (t *tester) cancelAfterFirstResponse() {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	stream, err := t.client.FullDuplexCall(ctx)
	must(err, "FullDuplexCall")
	must(stream.Send(streamingRequest(31415, 27182)), "Send")
	response, err := stream.Recv()
	check(err != io.EOF, "the stream ended before the first response")
	must(err, "FullDuplexCall")
	checkPayload(response.GetPayload(), 31415, "first response")
	cancel()
	_, err = stream.Recv()
	expectStatus(err, codes.Canceled, "FullDuplexCall after cancel", nil)
}

func checkEcho(header, trailer metadata.MD, what string) {
	initial := header.Get(echoInitial)
	check(len(initial) == 1 && initial[0] == initialValue, "%s: initial metadata %s is %q, expected [%q]", what, echoInitial, initial, initialValue)
	trailing := trailer.Get(echoTrailing)
	check(len(trailing) == 1 && trailing[0] == trailingValue, "%s: trailing metadata %s is %q, expected [0xababab]", what, echoTrailing, trailing)
}

func (t *tester) customMetadata() {
	ctx, cancel := callContext()
	defer cancel()
	ctx = metadata.AppendToOutgoingContext(ctx, echoInitial, initialValue, echoTrailing, trailingValue)

	var header, trailer metadata.MD
	response, err := t.client.UnaryCall(ctx, largeRequest(), grpc.Header(&header), grpc.Trailer(&trailer))
	must(err, "UnaryCall")
	checkPayload(response.GetPayload(), 314159, "UnaryCall")
	checkEcho(header, trailer, "UnaryCall")

	stream, err := t.client.FullDuplexCall(ctx)
	must(err, "FullDuplexCall")
	must(stream.Send(streamingRequest(314159, 271828)), "Send")
	must(stream.CloseSend(), "CloseSend")
	count := 0
	for {
		response, err := stream.Recv()
		if err == io.EOF {
			break
		}
		must(err, "FullDuplexCall")
		checkPayload(response.GetPayload(), 314159, "FullDuplexCall")
		count++
	}
	check(count == 1, "FullDuplexCall: expected 1 response, got %d", count)
	header, err = stream.Header()
	must(err, "FullDuplexCall header")
	checkEcho(header, stream.Trailer(), "FullDuplexCall")
}

func (t *tester) echoStatus(message string, duplex bool) {
	responseStatus := &pb.EchoStatus{Code: 2, Message: message}
	ctx, cancel := callContext()
	defer cancel()
	_, err := t.client.UnaryCall(ctx, &pb.SimpleRequest{ResponseStatus: responseStatus})
	expectStatus(err, codes.Unknown, "UnaryCall", &message)
	if !duplex {
		return
	}
	stream, err := t.client.FullDuplexCall(ctx)
	must(err, "FullDuplexCall")
	must(stream.Send(&pb.StreamingOutputCallRequest{ResponseStatus: responseStatus}), "Send")
	must(stream.CloseSend(), "CloseSend")
	_, err = stream.Recv()
	expectStatus(err, codes.Unknown, "FullDuplexCall", &message)
}

func (t *tester) unimplementedMethod() {
	ctx, cancel := callContext()
	defer cancel()
	_, err := t.client.UnimplementedCall(ctx, &pb.Empty{})
	expectStatus(err, codes.Unimplemented, "TestService/UnimplementedCall", nil)
}

func (t *tester) unimplementedService() {
	ctx, cancel := callContext()
	defer cancel()
	_, err := pb.NewUnimplementedServiceClient(t.conn).UnimplementedCall(ctx, &pb.Empty{})
	expectStatus(err, codes.Unimplemented, "UnimplementedService/UnimplementedCall", nil)
}

func (t *tester) cases() map[string]func() {
	return map[string]func(){
		"empty_unary":                 t.emptyUnary,
		"large_unary":                 t.largeUnary,
		"client_streaming":            t.clientStreaming,
		"server_streaming":            t.serverStreaming,
		"ping_pong":                   t.pingPong,
		"empty_stream":                t.emptyStream,
		"timeout_on_sleeping_server":  t.timeoutOnSleepingServer,
		"cancel_after_begin":          t.cancelAfterBegin,
		"cancel_after_first_response": t.cancelAfterFirstResponse,
		"custom_metadata":             t.customMetadata,
		"status_code_and_message":     func() { t.echoStatus("test status message", true) },
		"special_status_message":      func() { t.echoStatus(specialMessage, false) },
		"unimplemented_method":        t.unimplementedMethod,
		"unimplemented_service":       t.unimplementedService,
		"client_compressed_unary":     t.clientCompressedUnary,
		"server_compressed_unary":     t.serverCompressedUnary,
	}
}

func run(testCase string, t *tester) (err error) {
	defer func() {
		if recovered := recover(); recovered != nil {
			var f failure
			if e, ok := recovered.(error); ok && errors.As(e, &f) {
				err = f
				return
			}
			panic(recovered)
		}
	}()
	t.cases()[testCase]()
	return nil
}

func main() {
	host := flag.String("server_host", "127.0.0.1", "server host")
	port := flag.Int("server_port", 0, "server port")
	testCase := flag.String("test_case", "", "test case to run")
	flag.String("server_host_override", "", "accepted for compatibility; plaintext only, so unused")
	useTLS := flag.Bool("use_tls", false, "must be false: plaintext only")
	flag.Parse()

	known := (&tester{}).cases()
	if _, ok := known[*testCase]; !ok || *port == 0 || *useTLS {
		names := make([]string, 0, len(known))
		for name := range known {
			names = append(names, name)
		}
		sort.Strings(names)
		fmt.Fprintf(os.Stderr, "usage: interop-client --server_host=HOST --server_port=PORT --test_case=CASE (plaintext)\ncases: %s\n", strings.Join(names, ", "))
		os.Exit(2)
	}

	conn, err := grpc.Dial(net.JoinHostPort(*host, fmt.Sprint(*port)), grpc.WithInsecure())
	if err != nil {
		fmt.Fprintf(os.Stderr, "FAIL %s: dial: %v\n", *testCase, err)
		os.Exit(1)
	}
	defer conn.Close()
	if err := run(*testCase, &tester{conn: conn, client: pb.NewTestServiceClient(conn)}); err != nil {
		fmt.Fprintf(os.Stderr, "FAIL %s: %v\n", *testCase, err)
		conn.Close()
		os.Exit(1)
	}
	fmt.Printf("PASS %s\n", *testCase)
}
