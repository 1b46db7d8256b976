#!/usr/bin/python3
"""Calls the order server over TLS from Debian's grpcio, with no generated code (raw protobuf bytes).

    /usr/bin/python3 tests/Polyglot/tls/tls_check.py --address 127.0.0.1:PORT --ca server.crt \
        --server-name localhost --token dev-alice [--order-id ID] [--untrusted-ca other.crt]

Trusts exactly the certificate(s) in --ca; --server-name is the name checked against the
certificate (grpc.ssl_target_name_override), for an address given as an IP. Checks, in order:
health Check is SERVING (response bytes 08 01); GetOrder of an unknown id with the token is
NOT_FOUND and without it UNAUTHENTICATED; GetOrder of --order-id returns that order; a channel
trusting only --untrusted-ca fails UNAVAILABLE. Prints a line per step; exits 0 when every step
passes, else 1 with "FAIL <step>: <why>" on stderr.
"""

import argparse
import sys

import grpc

DEADLINE = 10  # seconds, for every call: a hung server fails the step instead of hanging

HEALTH_CHECK = "/grpc.health.v1.Health/Check"
GET_ORDER = "/order.v1.OrderService/GetOrder"
SERVING = b"\x08\x01"  # HealthCheckResponse{status: SERVING}: field 1, varint 1


class Failed(Exception):
    pass


def check(condition, why):
    if not condition:
        raise Failed(why)


def string_field(number, value):
    """One length-delimited protobuf field (wire type 2) holding `value` as UTF-8."""
    data = value.encode("utf-8")
    check(len(data) < 128, "string_field encodes lengths below 128 only")
    return bytes([(number << 3) | 2, len(data)]) + data


def read_string_field(message, number):
    """The first length-delimited field `number` of `message` (top level), as a string; None if absent."""
    position = 0
    while position < len(message):
        key, position = varint(message, position)
        field, wire_type = key >> 3, key & 7
        if wire_type == 0:
            _, position = varint(message, position)
        elif wire_type == 1:
            position += 8
        elif wire_type == 5:
            position += 4
        elif wire_type == 2:
            length, position = varint(message, position)
            if field == number:
                return message[position:position + length].decode("utf-8")
            position += length
        else:
            raise Failed(f"unexpected wire type {wire_type} in the response")
    return None


def varint(data, position):
    value, shift = 0, 0
    while True:
        byte = data[position]
        position += 1
        value |= (byte & 0x7F) << shift
        shift += 7
        if byte < 0x80:
            return value, position


def bearer(token):
    return [("authorization", f"Bearer {token}")]


def expect_error(call, code):
    try:
        call()
    except grpc.RpcError as error:
        check(error.code() == code, f"expected {code.name}, got {error.code().name}: {error.details()}")
        return
    raise Failed(f"expected {code.name}, but the call succeeded")


def secure_channel(address, ca_path, server_name):
    with open(ca_path, "rb") as pem:
        credentials = grpc.ssl_channel_credentials(root_certificates=pem.read())
    options = [("grpc.ssl_target_name_override", server_name)] if server_name else []
    return grpc.secure_channel(address, credentials, options=options)


def raw_method(channel, path):
    # No serializers: the request and the response are the message bytes themselves.
    return channel.unary_unary(path, request_serializer=None, response_deserializer=None)


def run(args):
    steps = []
    with secure_channel(args.address, args.ca, args.server_name) as channel:
        health = raw_method(channel, HEALTH_CHECK)
        get_order = raw_method(channel, GET_ORDER)

        def health_serving():
            reply = health(b"", timeout=DEADLINE)
            check(reply == SERVING, f"expected bytes {SERVING.hex()} (SERVING), got {reply.hex()}")

        def unknown_order_not_found():
            request = string_field(1, "no-such")
            expect_error(lambda: get_order(request, timeout=DEADLINE, metadata=bearer(args.token)), grpc.StatusCode.NOT_FOUND)

        def no_token_unauthenticated():
            expect_error(lambda: get_order(string_field(1, "no-such"), timeout=DEADLINE), grpc.StatusCode.UNAUTHENTICATED)

        def existing_order_found():
            reply = get_order(string_field(1, args.order_id), timeout=DEADLINE, metadata=bearer(args.token))
            got = read_string_field(reply, 1)
            check(got == args.order_id, f"expected order id {args.order_id!r} in field 1, got {got!r}")

        steps += [("health_serving", health_serving), ("unknown_order_not_found", unknown_order_not_found),
                  ("no_token_unauthenticated", no_token_unauthenticated)]
        if args.order_id:
            steps.append(("existing_order_found", existing_order_found))
        for name, step in steps:
            run_step(name, step)

    if args.untrusted_ca:
        def untrusted_certificate_unavailable():
            with secure_channel(args.address, args.untrusted_ca, args.server_name) as untrusting:
                expect_error(lambda: raw_method(untrusting, HEALTH_CHECK)(b"", timeout=DEADLINE), grpc.StatusCode.UNAVAILABLE)

        run_step("untrusted_certificate_unavailable", untrusted_certificate_unavailable)


def run_step(name, step):
    try:
        step()
    except Failed as failure:
        print(f"FAIL {name}: {failure}", file=sys.stderr)
        sys.exit(1)
    except grpc.RpcError as error:
        print(f"FAIL {name}: {error.code().name}: {error.details()}", file=sys.stderr)
        sys.exit(1)
    print(f"ok {name}")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--address", required=True, help="host:port of the TLS endpoint")
    parser.add_argument("--ca", required=True, help="PEM file of the certificate(s) to trust")
    parser.add_argument("--server-name", default=None, help="name to check the certificate against")
    parser.add_argument("--token", required=True, help="bearer token")
    parser.add_argument("--order-id", default=None, help="an order the token may see")
    parser.add_argument("--untrusted-ca", default=None, help="PEM file of a certificate that did not sign the server's")
    run(parser.parse_args())


if __name__ == "__main__":
    main()
