"""A transparent TCP relay that watches the gRPC messages on plaintext HTTP/2 (h2c) connections.

grpcio (server and client) decompresses messages before the application sees them and exposes
neither a message's "compressed" flag nor the grpc-encoding header. The interop tests need both
sides of that: a server must fail a request whose compression differs from `expect_compressed`,
and a client must check the flag on responses (`response_compressed`). This relay sits in front of
one side, forwards every byte unchanged (except as below), parses the HTTP/2 frames of one
direction and records, per stream, the compressed flag of each gRPC message in order.

On the client-to-server direction it can also tag each stream: it appends one header field,
`x-interop-sniff-stream: <connection>.<stream>`, to the stream's request header block (an HPACK
"literal without indexing" field, which leaves the HPACK tables alone), so a grpcio servicer can
find its own stream's record in its invocation metadata.

Standard library only; written for the interop tests, not as a general HTTP/2 tool.
"""

import itertools
import socket
import threading

PREFACE = b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"
TAG_HEADER = "x-interop-sniff-stream"

_DATA, _HEADERS, _CONTINUATION = 0x0, 0x1, 0x9
_END_HEADERS, _PADDED = 0x4, 0x8
# The peer's SETTINGS_MAX_FRAME_SIZE is not tracked; 16384 is the protocol's minimum and default.
_MAX_FRAME = 16384


def _hpack_int(value, prefix_bits):
    limit = (1 << prefix_bits) - 1
    if value < limit:
        return bytes([value])
    out = [limit]
    value -= limit
    while value >= 128:
        out.append((value & 0x7F) | 0x80)
        value >>= 7
    out.append(value)
    return bytes(out)


def _hpack_literal(name, value):
    """A literal header field without indexing, new name, no Huffman coding (RFC 7541 6.2.2)."""
    name, value = name.encode("ascii"), value.encode("ascii")
    return b"\x00" + _hpack_int(len(name), 7) + name + _hpack_int(len(value), 7) + value


class Observations:
    """Compressed flags of the gRPC messages seen, per stream key, in order of arrival."""

    def __init__(self):
        self._lock = threading.Lock()
        self._flags = {}

    def record(self, key, compressed):
        with self._lock:
            self._flags.setdefault(key, []).append(compressed)

    def flags(self, key):
        """The flags seen on stream `key` so far (a copy), or None for a stream never seen."""
        with self._lock:
            found = self._flags.get(key)
            return None if found is None else list(found)

    def last(self):
        """(key, flags) of the most recently started stream that carried a message, or (None, [])."""
        with self._lock:
            if not self._flags:
                return None, []
            key = next(reversed(self._flags))
            return key, list(self._flags[key])

    def forget(self, prefix):
        with self._lock:
            for key in [k for k in self._flags if k.startswith(prefix)]:
                del self._flags[key]


class FrameParser:
    """Parses one direction of an h2c connection; returns the bytes to forward for each chunk fed."""

    def __init__(self, connection_id, observations, expect_preface, tag_streams):
        self._connection = connection_id
        self._observations = observations
        self._preface = expect_preface
        self._tag = tag_streams
        self._buffer = bytearray()
        self._messages = {}  # stream -> [collected prefix bytes, message bytes still to skip]
        self._seen_headers = set()
        self._open_block = None  # (stream, is first header block) while CONTINUATIONs follow

    def key(self, stream):
        return f"{self._connection}.{stream}"

    def feed(self, data):
        self._buffer += data
        out = bytearray()
        if self._preface:
            if len(self._buffer) < len(PREFACE):
                return bytes(out)
            if bytes(self._buffer[: len(PREFACE)]) != PREFACE:
                raise ValueError("not an HTTP/2 prior-knowledge connection (no client preface)")
            out += self._buffer[: len(PREFACE)]
            del self._buffer[: len(PREFACE)]
            self._preface = False
        while len(self._buffer) >= 9:
            length = int.from_bytes(self._buffer[0:3], "big")
            if len(self._buffer) < 9 + length:
                break
            frame_type, flags = self._buffer[3], self._buffer[4]
            stream_bytes = bytes(self._buffer[5:9])
            stream = int.from_bytes(stream_bytes, "big") & 0x7FFFFFFF
            payload = bytes(self._buffer[9 : 9 + length])
            del self._buffer[: 9 + length]
            if frame_type == _DATA:
                self._data(stream, flags, payload)
            elif frame_type in (_HEADERS, _CONTINUATION) and self._tag:
                payload = self._headers(frame_type, flags, stream, payload)
            out += len(payload).to_bytes(3, "big") + bytes([frame_type, flags]) + stream_bytes + payload
        return bytes(out)

    def _data(self, stream, flags, payload):
        if flags & _PADDED:
            payload = payload[1 : len(payload) - payload[0]]
        state = self._messages.setdefault(stream, [bytearray(), 0])
        i = 0
        while i < len(payload):
            if state[1] > 0:
                skip = min(state[1], len(payload) - i)
                state[1] -= skip
                i += skip
                continue
            chunk = payload[i : i + 5 - len(state[0])]
            state[0] += chunk
            i += len(chunk)
            if len(state[0]) == 5:
                self._observations.record(self.key(stream), state[0][0] == 1)
                state[1] = int.from_bytes(state[0][1:5], "big")
                state[0].clear()

    def _headers(self, frame_type, flags, stream, payload):
        if frame_type == _HEADERS:
            first = stream not in self._seen_headers
            self._seen_headers.add(stream)
        elif self._open_block is not None and self._open_block[0] == stream:
            first = self._open_block[1]
        else:
            return payload
        if not flags & _END_HEADERS:
            self._open_block = (stream, first)
            return payload
        self._open_block = None
        if not first:
            return payload  # trailers
        field = _hpack_literal(TAG_HEADER, self.key(stream))
        if len(payload) + len(field) > _MAX_FRAME:
            return payload  # leave the stream untagged rather than break the frame size limit
        end = len(payload) - payload[0] if frame_type == _HEADERS and flags & _PADDED else len(payload)
        return payload[:end] + field + payload[end:]


class SniffingRelay:
    """Listens on (host, port), relays each connection to target, sniffing one direction.

    sniff="upstream": client-to-target bytes are parsed (expects the client preface) and, with
    tag_streams, each stream is tagged with TAG_HEADER. sniff="downstream": target-to-client bytes
    are parsed. Observations are keyed "<connection>.<stream>".
    """

    def __init__(self, target, host="127.0.0.1", port=0, sniff="upstream", tag_streams=False):
        self.observations = Observations()
        self._target = target
        self._sniff = sniff
        self._tag = tag_streams
        self._ids = itertools.count(1)
        family = socket.AF_INET6 if ":" in host else socket.AF_INET
        self._listener = socket.create_server((host, port), family=family)
        self.port = self._listener.getsockname()[1]
        threading.Thread(target=self._accept, name="h2sniff-accept", daemon=True).start()

    def close(self):
        self._listener.close()

    def _accept(self):
        while True:
            try:
                client, _ = self._listener.accept()
            except OSError:
                return
            threading.Thread(target=self._relay, args=(client, next(self._ids)), daemon=True).start()

    def _relay(self, client, connection_id):
        try:
            upstream = socket.create_connection(self._target)
        except OSError:
            client.close()
            return
        for s in (client, upstream):
            s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        parser = FrameParser(connection_id, self.observations, expect_preface=self._sniff == "upstream", tag_streams=self._tag)
        up = threading.Thread(target=self._pump, args=(client, upstream, parser if self._sniff == "upstream" else None), daemon=True)
        down = threading.Thread(target=self._pump, args=(upstream, client, parser if self._sniff == "downstream" else None), daemon=True)
        up.start()
        down.start()
        up.join()
        down.join()
        for s in (client, upstream):
            s.close()
        self.observations.forget(f"{connection_id}.")

    @staticmethod
    def _pump(source, destination, parser):
        try:
            while True:
                data = source.recv(65536)
                if not data:
                    break
                if parser is not None:
                    data = parser.feed(data)
                if data:
                    destination.sendall(data)
        except (OSError, ValueError):
            pass
        finally:
            # Pass the end on; if the other direction is still open it ends on its own.
            for s, how in ((destination, socket.SHUT_WR), (source, socket.SHUT_RD)):
                try:
                    s.shutdown(how)
                except OSError:
                    pass
