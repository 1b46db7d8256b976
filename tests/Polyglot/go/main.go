// Command orders-client runs one scenario through all six methods of order.v1.OrderService, on
// Debian's grpc-go 1.33 with code that protoc-gen-go and protoc-gen-go-grpc generate from
// generated-protos/order/v1/order.proto (see build.sh):
//
//	tests/Polyglot/go/build.sh /tmp/orders-go && /tmp/orders-go/orders-client --address 127.0.0.1:50051
//
// The customer token comes from --token (default: $ORDERS_TOKEN, else dev-alice), the admin token for
// UpdateOrderStatus from --admin-token (default: $ORDERS_ADMIN_TOKEN, else dev-admin). It prints a line
// per step and exits 0 when every step passes, else 1 with "FAIL <step>: <why>" on stderr.
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"time"

	"google.golang.org/genproto/googleapis/rpc/errdetails"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/status"

	orderv1 "codefirst/polyglot/orderv1"
)

// deadline bounds every call, so a hung server fails the step instead of hanging.
const deadline = 10 * time.Second

// withToken authenticates the calls made with ctx as token.
func withToken(ctx context.Context, token string) context.Context {
	return metadata.AppendToOutgoingContext(ctx, "authorization", "Bearer "+token)
}

// expectCode checks that err is a status with code.
func expectCode(err error, code codes.Code) error {
	if err == nil {
		return fmt.Errorf("expected %v, but the call succeeded", code)
	}
	if got := status.Code(err); got != code {
		return fmt.Errorf("expected %v, got %v: %v", code, got, status.Convert(err).Message())
	}
	return nil
}

// detail is the first T among the google.rpc.Status details that err carries (grpc-status-details-bin).
func detail[T any](err error) (T, error) {
	for _, d := range status.Convert(err).Details() {
		if t, ok := d.(T); ok {
			return t, nil
		}
	}
	var none T
	return none, fmt.Errorf("no %T in the status details", none)
}

func cents(items []*orderv1.LineItem) float64 {
	sum := 0.0
	for _, item := range items {
		sum += float64(item.Quantity) * item.UnitPrice
	}
	return math.Round(sum*100) / 100
}

type scenario struct {
	client          orderv1.OrderServiceClient
	customer, admin string
	items           []*orderv1.LineItem
	order           *orderv1.Order
}

func (s *scenario) createOrder(ctx context.Context) (string, error) {
	order, err := s.client.CreateOrder(withToken(ctx, s.customer), &orderv1.CreateOrderRequest{CustomerId: "alice", Items: s.items})
	if err != nil {
		return "", err
	}
	s.order = order
	switch {
	case order.Id == "":
		return "", fmt.Errorf("the order has no id")
	case math.Abs(order.Total-cents(s.items)) > 1e-9:
		return "", fmt.Errorf("total %v, expected %v", order.Total, cents(s.items))
	case order.Status != orderv1.OrderStatus_ORDER_STATUS_PENDING:
		return "", fmt.Errorf("status %v, expected ORDER_STATUS_PENDING", order.Status)
	}
	return fmt.Sprintf("order %s, total %v, %v", order.Id, order.Total, order.Status), nil
}

func (s *scenario) getOrder(ctx context.Context) (string, error) {
	order, err := s.client.GetOrder(withToken(ctx, s.customer), &orderv1.GetOrderRequest{Id: s.order.Id})
	if err != nil {
		return "", err
	}
	if order.Id != s.order.Id || order.CustomerId != "alice" || len(order.Items) != 2 || order.Total != s.order.Total {
		return "", fmt.Errorf("got order %q of %q with %d items, total %v", order.Id, order.CustomerId, len(order.Items), order.Total)
	}
	return fmt.Sprintf("order %s, %d items, total %v", order.Id, len(order.Items), order.Total), nil
}

func (s *scenario) listOrders(ctx context.Context) (string, error) {
	stream, err := s.client.ListOrders(withToken(ctx, s.customer), &orderv1.ListOrdersRequest{CustomerId: "alice"})
	if err != nil {
		return "", err
	}
	count, found := 0, false
	for {
		order, err := stream.Recv()
		if err == io.EOF {
			break
		} else if err != nil {
			return "", err
		}
		count++
		found = found || order.Id == s.order.Id
	}
	if !found {
		return "", fmt.Errorf("order %s is not among the %d listed", s.order.Id, count)
	}
	return fmt.Sprintf("%d orders, %s among them", count, s.order.Id), nil
}

func (s *scenario) uploadLineItems(ctx context.Context) (string, error) {
	more := []*orderv1.LineItem{
		{ProductId: "bolt", Quantity: 10, UnitPrice: 0.25},
		{ProductId: "nut", Quantity: 10, UnitPrice: 0.1},
		{ProductId: "washer", Quantity: 5, UnitPrice: 0.05},
	}
	ctx = metadata.AppendToOutgoingContext(withToken(ctx, s.customer), "order-id", s.order.Id)
	stream, err := s.client.UploadLineItems(ctx)
	if err != nil {
		return "", err
	}
	for _, item := range more {
		if err := stream.Send(item); err != nil {
			break // the server has ended the call: CloseAndRecv returns its status
		}
	}
	summary, err := stream.CloseAndRecv()
	if err != nil {
		return "", err
	}
	expected := cents(append(append([]*orderv1.LineItem{}, s.items...), more...))
	if summary.ItemsReceived != 3 || math.Abs(summary.Total-expected) > 1e-9 {
		return "", fmt.Errorf("items_received %d, total %v; expected 3, %v", summary.ItemsReceived, summary.Total, expected)
	}
	return fmt.Sprintf("%d items received, total %v", summary.ItemsReceived, summary.Total), nil
}

func (s *scenario) orderChat(ctx context.Context) (string, error) {
	const text = "hello from go"
	stream, err := s.client.OrderChat(withToken(ctx, s.customer))
	if err != nil {
		return "", err
	}
	// Empty text joins the order's chat without posting; then post.
	for _, message := range []*orderv1.ChatMessage{{OrderId: s.order.Id}, {OrderId: s.order.Id, Text: text}} {
		if err := stream.Send(message); err != nil {
			return "", fmt.Errorf("send: %v", err)
		}
	}
	var reply *orderv1.ChatMessage
	for reply == nil || reply.Text != text {
		if reply, err = stream.Recv(); err != nil {
			return "", fmt.Errorf("waiting for %q: %v", text, err)
		}
	}
	if reply.Sender != "alice" || reply.SentAt == nil {
		return "", fmt.Errorf("sender %q, sent_at %v; expected alice and a time", reply.Sender, reply.SentAt)
	}
	// Half-close; the server then ends the call with OK.
	if err := stream.CloseSend(); err != nil {
		return "", err
	}
	for {
		if _, err := stream.Recv(); err == io.EOF {
			break
		} else if err != nil {
			return "", fmt.Errorf("after half-close: %v", err)
		}
	}
	return fmt.Sprintf("%s: %q at %s", reply.Sender, reply.Text, reply.SentAt.AsTime().Format(time.RFC3339Nano)), nil
}

func (s *scenario) updateOrderStatus(ctx context.Context) (string, error) {
	request := &orderv1.UpdateOrderStatusRequest{Id: s.order.Id, Status: orderv1.OrderStatus_ORDER_STATUS_CONFIRMED}
	order, err := s.client.UpdateOrderStatus(withToken(ctx, s.admin), request)
	if err != nil {
		return "", err
	}
	if order.Status != orderv1.OrderStatus_ORDER_STATUS_CONFIRMED {
		return "", fmt.Errorf("status %v, expected ORDER_STATUS_CONFIRMED", order.Status)
	}
	return fmt.Sprintf("order %s %v", order.Id, order.Status), nil
}

func (s *scenario) notFound(ctx context.Context) (string, error) {
	_, err := s.client.GetOrder(withToken(ctx, s.customer), &orderv1.GetOrderRequest{Id: "no-such-order"})
	if err := expectCode(err, codes.NotFound); err != nil {
		return "", err
	}
	info, err := detail[*errdetails.ErrorInfo](err)
	if err != nil {
		return "", err
	}
	if info.Reason != "ORDER_NOT_FOUND" || info.Domain != "order.v1" || info.Metadata["order_id"] != "no-such-order" {
		return "", fmt.Errorf("ErrorInfo reason %q, domain %q, metadata %v", info.Reason, info.Domain, info.Metadata)
	}
	return fmt.Sprintf("NotFound, ErrorInfo %s %s %v", info.Reason, info.Domain, info.Metadata), nil
}

func (s *scenario) invalidArgument(ctx context.Context) (string, error) {
	request := &orderv1.CreateOrderRequest{CustomerId: "alice", Items: []*orderv1.LineItem{{ProductId: "", Quantity: 0, UnitPrice: 1}}}
	_, err := s.client.CreateOrder(withToken(ctx, s.customer), request)
	if err := expectCode(err, codes.InvalidArgument); err != nil {
		return "", err
	}
	badRequest, err := detail[*errdetails.BadRequest](err)
	if err != nil {
		return "", err
	}
	var fields []string
	named := map[string]bool{}
	for _, violation := range badRequest.FieldViolations {
		fields = append(fields, violation.Field)
		named[violation.Field] = true
	}
	if !named["items[0].quantity"] || !named["items[0].product_id"] {
		return "", fmt.Errorf("BadRequest names %q", fields)
	}
	return fmt.Sprintf("InvalidArgument, BadRequest %q", fields), nil
}

func (s *scenario) unauthenticated(ctx context.Context) (string, error) {
	_, err := s.client.GetOrder(ctx, &orderv1.GetOrderRequest{Id: s.order.Id})
	if err := expectCode(err, codes.Unauthenticated); err != nil {
		return "", err
	}
	return fmt.Sprintf("Unauthenticated: %s", status.Convert(err).Message()), nil
}

func main() {
	address := flag.String("address", "", "host:port of the order service (plaintext h2c)")
	token := flag.String("token", env("ORDERS_TOKEN", "dev-alice"), "the customer's bearer token")
	adminToken := flag.String("admin-token", env("ORDERS_ADMIN_TOKEN", "dev-admin"), "an admin's bearer token, for UpdateOrderStatus")
	flag.Parse()
	if *address == "" {
		fmt.Fprintln(os.Stderr, "usage: orders-client --address host:port [--token T] [--admin-token T]")
		os.Exit(2)
	}

	conn, err := grpc.Dial(*address, grpc.WithInsecure())
	if err != nil {
		fmt.Fprintf(os.Stderr, "FAIL connect: %v\n", err)
		os.Exit(1)
	}
	defer conn.Close()
	s := &scenario{
		client:   orderv1.NewOrderServiceClient(conn),
		customer: *token,
		admin:    *adminToken,
		items: []*orderv1.LineItem{
			{ProductId: "widget", Quantity: 2, UnitPrice: 9.99},
			{ProductId: "gadget", Quantity: 3, UnitPrice: 4.333},
		},
	}
	steps := []struct {
		name string
		run  func(context.Context) (string, error)
	}{
		{"CreateOrder", s.createOrder},
		{"GetOrder", s.getOrder},
		{"ListOrders", s.listOrders},
		{"UploadLineItems", s.uploadLineItems},
		{"OrderChat", s.orderChat},
		{"UpdateOrderStatus", s.updateOrderStatus},
		{"NotFound", s.notFound},
		{"InvalidArgument", s.invalidArgument},
		{"Unauthenticated", s.unauthenticated},
	}
	for _, step := range steps {
		ctx, cancel := context.WithTimeout(context.Background(), deadline)
		what, err := step.run(ctx)
		cancel()
		if err != nil {
			fmt.Fprintf(os.Stderr, "FAIL %s: %v\n", step.name, err)
			os.Exit(1)
		}
		fmt.Printf("ok %s: %s\n", step.name, what)
	}
}

func env(name, fallback string) string {
	if value, ok := os.LookupEnv(name); ok {
		return value
	}
	return fallback
}
