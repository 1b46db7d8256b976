#!/usr/bin/python3
"""Order service client on Debian's grpcio: one scenario through all six methods of order.v1.OrderService.

    tests/Polyglot/python/generate.sh /tmp/orders-py
    PYTHONPATH=/tmp/orders-py /usr/bin/python3 tests/Polyglot/python/client.py --address 127.0.0.1:50051

The customer token comes from --token (default: $ORDERS_TOKEN, else dev-alice), the admin token for
UpdateOrderStatus from --admin-token (default: $ORDERS_ADMIN_TOKEN, else dev-admin). Prints a line
per step; exits 0 when every step passes, else 1 with "FAIL <step>: <why>" on stderr.
"""

import argparse
import os
import queue
import sys

import grpc

try:  # generate.sh's output, on PYTHONPATH
    from google.rpc import error_details_pb2, status_pb2
    from order.v1 import order_pb2 as pb
    from order.v1 import order_pb2_grpc
except ImportError as missing:
    sys.exit(f"{missing}: run tests/Polyglot/python/generate.sh OUT and put OUT on PYTHONPATH")

DEADLINE = 10  # seconds, for every call: a hung server fails the step instead of hanging


class Failed(Exception):
    pass


def check(condition, why):
    if not condition:
        raise Failed(why)


def bearer(token):
    """Call metadata that authenticates as `token` (grpcio's access_token_call_credentials need TLS)."""
    return [("authorization", f"Bearer {token}")]


def expect_error(call, code):
    """Runs call(); it must fail with `code`. Returns the grpc.RpcError."""
    try:
        call()
    except grpc.RpcError as error:
        check(error.code() == code, f"expected {code.name}, got {error.code().name}: {error.details()}")
        return error
    raise Failed(f"expected {code.name}, but the call succeeded")


def rich_detail(error, message_type):
    """The first `message_type` among the google.rpc.Status details of the grpc-status-details-bin trailer."""
    for key, value in error.trailing_metadata() or ():
        if key == "grpc-status-details-bin":
            for detail in status_pb2.Status.FromString(value).details:
                if detail.Is(message_type.DESCRIPTOR):
                    message = message_type()
                    detail.Unpack(message)
                    return message
    raise Failed(f"no {message_type.DESCRIPTOR.full_name} in grpc-status-details-bin")


def cents(items):
    return round(sum(item.quantity * item.unit_price for item in items), 2)


def status_name(status):
    return pb.OrderStatus.Name(status)


class Scenario:
    """The steps, in order; each returns what it saw, or raises Failed (or grpc.RpcError)."""

    def __init__(self, stub, token, admin_token):
        self.stub = stub
        self.customer = bearer(token)
        self.admin = bearer(admin_token)
        self.items = [pb.LineItem(product_id="widget", quantity=2, unit_price=9.99),
                      pb.LineItem(product_id="gadget", quantity=3, unit_price=4.333)]
        self.order = None

    def CreateOrder(self):
        request = pb.CreateOrderRequest(customer_id="alice", items=self.items)
        order = self.order = self.stub.CreateOrder(request, metadata=self.customer, timeout=DEADLINE)
        check(order.id, "the order has no id")
        check(abs(order.total - cents(self.items)) < 1e-9, f"total {order.total}, expected {cents(self.items)}")
        check(order.status == pb.ORDER_STATUS_PENDING, f"status {status_name(order.status)}, expected ORDER_STATUS_PENDING")
        return f"order {order.id}, total {order.total}, {status_name(order.status)}"

    def GetOrder(self):
        order = self.stub.GetOrder(pb.GetOrderRequest(id=self.order.id), metadata=self.customer, timeout=DEADLINE)
        check(order.id == self.order.id and order.customer_id == "alice", f"got order {order.id!r} of {order.customer_id!r}")
        check(len(order.items) == 2 and order.total == self.order.total, f"got {len(order.items)} items, total {order.total}")
        return f"order {order.id}, {len(order.items)} items, total {order.total}"

    def ListOrders(self):
        orders = self.stub.ListOrders(pb.ListOrdersRequest(customer_id="alice"), metadata=self.customer, timeout=DEADLINE)
        ids = [order.id for order in orders]
        check(self.order.id in ids, f"order {self.order.id} is not among the {len(ids)} listed")
        return f"{len(ids)} orders, {self.order.id} among them"

    def UploadLineItems(self):
        more = [pb.LineItem(product_id="bolt", quantity=10, unit_price=0.25),
                pb.LineItem(product_id="nut", quantity=10, unit_price=0.1),
                pb.LineItem(product_id="washer", quantity=5, unit_price=0.05)]
        metadata = self.customer + [("order-id", self.order.id)]
        summary = self.stub.UploadLineItems(iter(more), metadata=metadata, timeout=DEADLINE)
        expected = cents(self.items + more)
        check(summary.items_received == 3, f"items_received {summary.items_received}, expected 3")
        check(abs(summary.total - expected) < 1e-9, f"total {summary.total}, expected {expected}")
        return f"{summary.items_received} items received, total {summary.total}"

    def OrderChat(self):
        text = "hello from python"
        outgoing = queue.Queue()  # the request stream: ChatMessages, then None to half-close
        replies = self.stub.OrderChat(iter(outgoing.get, None), metadata=self.customer, timeout=DEADLINE)
        outgoing.put(pb.ChatMessage(order_id=self.order.id))  # empty text: join without posting
        outgoing.put(pb.ChatMessage(order_id=self.order.id, text=text))
        try:
            reply = next((reply for reply in replies if reply.text == text), None)
        finally:
            outgoing.put(None)
        check(reply is not None, f"the stream ended without {text!r}")
        check(reply.sender == "alice", f"sender {reply.sender!r}, expected 'alice'")
        check(reply.HasField("sent_at"), "sent_at is not set")
        list(replies)  # after our half-close the server ends the call; an error status raises
        return f"{reply.sender}: {reply.text!r} at {reply.sent_at.ToJsonString()}"

    def UpdateOrderStatus(self):
        request = pb.UpdateOrderStatusRequest(id=self.order.id, status=pb.ORDER_STATUS_CONFIRMED)
        order = self.stub.UpdateOrderStatus(request, metadata=self.admin, timeout=DEADLINE)
        check(order.status == pb.ORDER_STATUS_CONFIRMED, f"status {status_name(order.status)}, expected ORDER_STATUS_CONFIRMED")
        return f"order {order.id} {status_name(order.status)}"

    def NotFound(self):
        request = pb.GetOrderRequest(id="no-such-order")
        error = expect_error(lambda: self.stub.GetOrder(request, metadata=self.customer, timeout=DEADLINE), grpc.StatusCode.NOT_FOUND)
        info = rich_detail(error, error_details_pb2.ErrorInfo)
        check(info.reason == "ORDER_NOT_FOUND" and info.domain == "order.v1", f"ErrorInfo reason {info.reason!r}, domain {info.domain!r}")
        check(info.metadata.get("order_id") == "no-such-order", f"ErrorInfo metadata {dict(info.metadata)}")
        return f"NOT_FOUND, ErrorInfo {info.reason} {info.domain} {dict(info.metadata)}"

    def InvalidArgument(self):
        request = pb.CreateOrderRequest(customer_id="alice", items=[pb.LineItem(product_id="", quantity=0, unit_price=1.0)])
        error = expect_error(lambda: self.stub.CreateOrder(request, metadata=self.customer, timeout=DEADLINE),
                             grpc.StatusCode.INVALID_ARGUMENT)
        fields = [violation.field for violation in rich_detail(error, error_details_pb2.BadRequest).field_violations]
        check({"items[0].quantity", "items[0].product_id"} <= set(fields), f"BadRequest names {fields}")
        return f"INVALID_ARGUMENT, BadRequest {fields}"

    def Unauthenticated(self):
        request = pb.GetOrderRequest(id=self.order.id)
        error = expect_error(lambda: self.stub.GetOrder(request, timeout=DEADLINE), grpc.StatusCode.UNAUTHENTICATED)
        return f"UNAUTHENTICATED: {error.details()}"


STEPS = ["CreateOrder", "GetOrder", "ListOrders", "UploadLineItems", "OrderChat", "UpdateOrderStatus",
         "NotFound", "InvalidArgument", "Unauthenticated"]


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--address", required=True, help="host:port of the order service (plaintext h2c)")
    parser.add_argument("--token", default=os.environ.get("ORDERS_TOKEN", "dev-alice"))
    parser.add_argument("--admin-token", default=os.environ.get("ORDERS_ADMIN_TOKEN", "dev-admin"))
    args = parser.parse_args()

    with grpc.insecure_channel(args.address) as channel:
        scenario = Scenario(order_pb2_grpc.OrderServiceStub(channel), args.token, args.admin_token)
        for step in STEPS:
            try:
                print(f"ok {step}: {getattr(scenario, step)()}", flush=True)
            except Failed as failure:
                print(f"FAIL {step}: {failure}", file=sys.stderr)
                return 1
            except grpc.RpcError as error:
                print(f"FAIL {step}: {error.code().name}: {error.details()}", file=sys.stderr)
                return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
