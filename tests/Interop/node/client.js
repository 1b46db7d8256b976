#!/usr/bin/env node
// gRPC interop test client (grpc.testing.TestService) on @grpc/grpc-js, with the contract loaded at
// run time by @grpc/proto-loader from the exported tests/Interop/protos/grpc/testing/test.proto.
//
// Runs one test case of grpc's doc/interop-test-descriptions.md against a server:
//   node tests/Interop/node/client.js --server_host=127.0.0.1 --server_port=50051 --test_case=large_unary
// Exits 0 when the case passes; otherwise prints "FAIL <case>: <why>" to stderr and exits 1
// (2 for bad arguments). Needs `npm ci` at the repository root (grpc-js and proto-loader are pinned
// in package.json).
//
// grpc-js does not show a response message's compressed flag, so server_compressed_unary repeats
// each call over Node's own http2 module and reads the flag off the gRPC message prefix.
'use strict';

const http2 = require('node:http2');
const path = require('node:path');
const zlib = require('node:zlib');
const grpc = require('@grpc/grpc-js');
const protoLoader = require('@grpc/proto-loader');

const PROTO_ROOT = path.resolve(__dirname, '..', 'protos');
const ECHO_INITIAL = 'x-grpc-test-echo-initial';
const ECHO_TRAILING = 'x-grpc-test-echo-trailing-bin';
const INITIAL_VALUE = 'test_initial_metadata_value';
const TRAILING_VALUE = Buffer.from([0xab, 0xab, 0xab]);
const SPECIAL_MESSAGE = '\t\ntest with whitespace\r\nand Unicode BMP \u263a and non-BMP \u{1f608}\t\n';
const CALL_SECONDS = 30; // deadline of every call that is not about deadlines: a hung server fails the case

const CASES = [
  'empty_unary', 'large_unary', 'client_streaming', 'server_streaming', 'ping_pong', 'empty_stream',
  'timeout_on_sleeping_server', 'cancel_after_begin', 'cancel_after_first_response', 'custom_metadata',
  'status_code_and_message', 'special_status_message', 'unimplemented_method', 'unimplemented_service',
  'client_compressed_unary', 'server_compressed_unary',
];

class CaseFailed extends Error {}

function check(condition, message) {
  if (!condition) throw new CaseFailed(message);
}

function statusName(code) {
  return Object.keys(grpc.status).find((name) => grpc.status[name] === code) ?? String(code);
}

function deadline(seconds = CALL_SECONDS) {
  return new Date(Date.now() + seconds * 1000);
}

function parseArgs(argv) {
  const args = { server_host: '127.0.0.1' };
  for (let i = 0; i < argv.length; i++) {
    const match = /^--([a-z_]+)(?:=(.*))?$/.exec(argv[i]);
    if (!match) throw new Error(`unexpected argument ${argv[i]}`);
    args[match[1]] = match[2] ?? argv[++i];
  }
  if (!args.server_port || !args.test_case) throw new Error('--server_port and --test_case are required');
  if (!CASES.includes(args.test_case)) throw new Error(`unknown --test_case ${args.test_case}; known: ${CASES.join(', ')}`);
  if (args.use_tls && args.use_tls !== 'false') throw new Error('only --use_tls=false (plaintext) is supported');
  return args;
}

/** Resolves with the error of a call expected to fail; fails the case if it succeeds or fails otherwise. */
async function expectStatus(promise, code, what, details) {
  try {
    await promise;
  } catch (error) {
    if (error instanceof CaseFailed) throw error;
    check(error.code === code, `${what}: expected status ${statusName(code)}, got ${statusName(error.code)}: ${JSON.stringify(error.details)}`);
    if (details !== undefined) {
      check(error.details === details, `${what}: expected status message ${JSON.stringify(details)}, got ${JSON.stringify(error.details)}`);
    }
    return error;
  }
  throw new CaseFailed(`${what}: expected status ${statusName(code)}, but the call succeeded`);
}

/** A unary call: resolves { response, initial, trailing } once the status has arrived. */
function unary(client, method, request, { metadata = new grpc.Metadata(), options = {} } = {}) {
  return new Promise((resolve, reject) => {
    let initial;
    let outcome;
    let status;
    const settle = () => {
      if (!outcome || !status) return;
      if (outcome.error) reject(outcome.error);
      else resolve({ response: outcome.response, initial, trailing: status.metadata });
    };
    const call = client[method](request, metadata, { deadline: deadline(), ...options }, (error, response) => {
      outcome = { error, response };
      settle();
    });
    call.on('metadata', (received) => { initial = received; });
    call.on('status', (received) => { status = received; settle(); });
  });
}

/** Collects a response stream: resolves { responses, initial, trailing } or rejects with the status error. */
function collect(call) {
  return new Promise((resolve, reject) => {
    const responses = [];
    let initial;
    let ended = false;
    let status;
    const settle = () => {
      if (status && (ended || status.code !== grpc.status.OK)) resolve({ responses, initial, trailing: status.metadata });
    };
    call.on('metadata', (received) => { initial = received; });
    call.on('data', (response) => responses.push(response));
    call.on('end', () => { ended = true; settle(); });
    call.on('error', reject);
    call.on('status', (received) => { status = received; settle(); });
  });
}

/** The next message of a response stream, or null at its end; rejects with the call's error. */
function nextMessage(call) {
  return new Promise((resolve, reject) => {
    const cleanup = () => {
      call.off('data', onData);
      call.off('end', onEnd);
      call.off('error', onError);
    };
    const onData = (message) => { cleanup(); call.pause(); resolve(message); };
    const onEnd = () => { cleanup(); resolve(null); };
    const onError = (error) => { cleanup(); reject(error); };
    call.on('data', onData);
    call.on('end', onEnd);
    call.on('error', onError);
    call.resume();
  });
}

class Cases {
  constructor(args) {
    const packageDefinition = protoLoader.loadSync('grpc/testing/test.proto', {
      includeDirs: [PROTO_ROOT],
      keepCase: true,
      longs: String,
      enums: String,
      defaults: true,
    });
    this.definition = packageDefinition;
    const proto = grpc.loadPackageDefinition(packageDefinition).grpc.testing;
    this.proto = proto;
    this.host = args.server_host.includes(':') ? `[${args.server_host}]` : args.server_host;
    this.target = `${this.host}:${args.server_port}`;
    this.clients = [];
    this.client = this.newClient(proto.TestService);
  }

  newClient(Service, options = {}) {
    const client = new Service(this.target, grpc.credentials.createInsecure(), options);
    this.clients.push(client);
    return client;
  }

  close() {
    for (const client of this.clients) client.close();
  }

  static zeros(size) {
    return { type: 'COMPRESSABLE', body: Buffer.alloc(size) };
  }

  static checkPayload(payload, size, what) {
    const body = payload?.body ?? Buffer.alloc(0);
    check(body.length === size, `${what}: expected a payload of ${size} bytes, got ${body.length}`);
    check(body.every((b) => b === 0), `${what}: the payload is not all zeros`);
  }

  static largeRequest(fields = {}) {
    return { response_type: 'COMPRESSABLE', response_size: 314159, payload: Cases.zeros(271828), ...fields };
  }

  static streamingRequest(size, payloadSize, fields = {}) {
    const request = { response_type: 'COMPRESSABLE', response_parameters: [{ size }], ...fields };
    if (payloadSize !== undefined) request.payload = Cases.zeros(payloadSize);
    return request;
  }

  async empty_unary() {
    const { response } = await unary(this.client, 'EmptyCall', {});
    check(response !== null && typeof response === 'object', `expected a grpc.testing.Empty, got ${response}`);
  }

  async large_unary() {
    const { response } = await unary(this.client, 'UnaryCall', Cases.largeRequest());
    Cases.checkPayload(response.payload, 314159, 'UnaryCall');
  }

  async client_compressed_unary() {
    const expect = (value) => Cases.largeRequest({ expect_compressed: { value } });
    await expectStatus(unary(this.client, 'UnaryCall', expect(true)), grpc.status.INVALID_ARGUMENT,
      'feature probe (uncompressed request with expect_compressed=true)');
    // grpc-js compresses per channel: 'grpc.default_compression_algorithm' 2 is gzip.
    const compressing = this.newClient(this.proto.TestService, { 'grpc.default_compression_algorithm': 2 });
    const compressed = await unary(compressing, 'UnaryCall', expect(true));
    Cases.checkPayload(compressed.response.payload, 314159, 'compressed request');
    const plain = await unary(this.client, 'UnaryCall', expect(false));
    Cases.checkPayload(plain.response.payload, 314159, 'uncompressed request');
  }

  async server_compressed_unary() {
    for (const compressed of [true, false]) {
      const what = `response_compressed=${compressed}`;
      const request = Cases.largeRequest({ response_compressed: { value: compressed } });
      const { response } = await unary(this.client, 'UnaryCall', request);
      Cases.checkPayload(response.payload, 314159, `${what} (grpc-js)`);
      const raw = await this.rawUnary('/grpc.testing.TestService/UnaryCall', this.definition['grpc.testing.TestService'].UnaryCall, request);
      check(raw.messages.length === 1, `${what}: expected one response message on the wire, got ${raw.messages.length}`);
      check(raw.messages[0].compressed === compressed,
        `${what}: the response message's compressed flag is ${raw.messages[0].compressed ? 'set' : 'not set'} (grpc-encoding: ${raw.encoding})`);
      Cases.checkPayload(raw.messages[0].message.payload, 314159, `${what} (http2)`);
    }
  }

  /** One unary call over plain HTTP/2, returning the response messages with their compressed flags. */
  rawUnary(path, method, request) {
    return new Promise((resolve, reject) => {
      const session = http2.connect(`http://${this.target}`);
      session.on('error', reject);
      const body = method.requestSerialize(request);
      const frame = Buffer.alloc(5 + body.length);
      frame.writeUInt32BE(body.length, 1);
      body.copy(frame, 5);
      const stream = session.request({
        ':method': 'POST',
        ':path': path,
        'content-type': 'application/grpc',
        te: 'trailers',
        'grpc-accept-encoding': 'identity,gzip',
        'grpc-timeout': `${CALL_SECONDS}S`,
      });
      let headers = {};
      let trailers = {};
      const chunks = [];
      stream.on('response', (received) => { headers = received; });
      stream.on('trailers', (received) => { trailers = received; });
      stream.on('data', (chunk) => chunks.push(chunk));
      stream.on('error', (error) => { session.close(); reject(error); });
      stream.on('end', () => {
        session.close();
        try {
          const grpcStatus = trailers['grpc-status'] ?? headers['grpc-status'];
          check(grpcStatus === '0', `http2 call: grpc-status ${grpcStatus} ${trailers['grpc-message'] ?? ''}`);
          const data = Buffer.concat(chunks);
          const encoding = headers['grpc-encoding'] ?? 'identity';
          const messages = [];
          for (let offset = 0; offset < data.length;) {
            check(offset + 5 <= data.length, 'http2 call: truncated message prefix');
            const flag = data[offset];
            const length = data.readUInt32BE(offset + 1);
            let bytes = data.subarray(offset + 5, offset + 5 + length);
            offset += 5 + length;
            if (flag === 1) {
              check(encoding === 'gzip', `http2 call: a compressed message with grpc-encoding ${encoding}`);
              bytes = zlib.gunzipSync(bytes);
            }
            messages.push({ compressed: flag === 1, message: method.responseDeserialize(bytes) });
          }
          resolve({ messages, encoding });
        } catch (error) {
          reject(error);
        }
      });
      stream.end(frame);
    });
  }

  async client_streaming() {
    const sizes = [27182, 8, 1828, 45904];
    const response = await new Promise((resolve, reject) => {
      const call = this.client.StreamingInputCall({ deadline: deadline() }, (error, result) => (error ? reject(error) : resolve(result)));
      for (const size of sizes) call.write({ payload: Cases.zeros(size) });
      call.end();
    });
    check(response.aggregated_payload_size === 74922, `expected aggregated_payload_size 74922, got ${response.aggregated_payload_size}`);
  }

  async server_streaming() {
    const sizes = [31415, 9, 2653, 58979];
    const call = this.client.StreamingOutputCall(
      { response_type: 'COMPRESSABLE', response_parameters: sizes.map((size) => ({ size })) }, { deadline: deadline() });
    const { responses } = await collect(call);
    check(responses.length === 4, `expected 4 responses, got ${responses.length}`);
    responses.forEach((response, i) => Cases.checkPayload(response.payload, sizes[i], `response ${i + 1}`));
  }

  async ping_pong() {
    const pairs = [[31415, 27182], [9, 8], [2653, 1828], [58979, 45904]];
    const call = this.client.FullDuplexCall({ deadline: deadline() });
    const status = new Promise((resolve) => call.on('status', resolve));
    call.on('error', () => {}); // surfaced through nextMessage and the status below
    for (const [i, [size, payloadSize]] of pairs.entries()) {
      call.write(Cases.streamingRequest(size, payloadSize));
      const response = await nextMessage(call);
      check(response !== null, `the stream ended after ${i} responses; expected 4`);
      Cases.checkPayload(response.payload, size, `response ${i + 1}`);
    }
    call.end();
    const extra = await nextMessage(call);
    check(extra === null, 'expected exactly 4 responses, got more');
    const { code, details } = await status;
    check(code === grpc.status.OK, `expected status OK, got ${statusName(code)}: ${details}`);
  }

  async empty_stream() {
    const call = this.client.FullDuplexCall({ deadline: deadline() });
    call.end();
    const { responses } = await collect(call);
    check(responses.length === 0, `expected no responses, got ${responses.length}`);
  }

  async timeout_on_sleeping_server() {
    const call = this.client.FullDuplexCall({ deadline: new Date(Date.now() + 1) });
    const outcome = collect(call);
    call.write({ payload: Cases.zeros(27182) });
    await expectStatus(outcome, grpc.status.DEADLINE_EXCEEDED, 'FullDuplexCall with a 1 ms deadline');
  }

  async cancel_after_begin() {
    const outcome = new Promise((resolve, reject) => {
      const call = this.client.StreamingInputCall({ deadline: deadline() }, (error, result) => (error ? reject(error) : resolve(result)));
      call.cancel();
    });
    await expectStatus(outcome, grpc.status.CANCELLED, 'StreamingInputCall cancelled after begin');
  }

  async cancel_after_first_response() {
    const call = this.client.FullDuplexCall({ deadline: deadline() });
    const status = new Promise((resolve) => call.on('status', resolve));
    const errors = [];
    call.write(Cases.streamingRequest(31415, 27182));
    const response = await nextMessage(call);
    check(response !== null, 'the stream ended before the first response');
    Cases.checkPayload(response.payload, 31415, 'first response');
    call.on('error', (error) => errors.push(error));
    call.cancel();
    const { code, details } = await status;
    check(code === grpc.status.CANCELLED, `expected status CANCELLED, got ${statusName(code)}: ${details}`);
  }

  async custom_metadata() {
    const metadata = () => {
      const md = new grpc.Metadata();
      md.add(ECHO_INITIAL, INITIAL_VALUE);
      md.add(ECHO_TRAILING, TRAILING_VALUE);
      return md;
    };
    const checkEcho = (initial, trailing, what) => {
      const initialValues = initial ? initial.get(ECHO_INITIAL) : [];
      const trailingValues = trailing ? trailing.get(ECHO_TRAILING) : [];
      check(initialValues.length === 1 && initialValues[0] === INITIAL_VALUE,
        `${what}: initial metadata ${ECHO_INITIAL} is ${JSON.stringify(initialValues)}, expected ["${INITIAL_VALUE}"]`);
      check(trailingValues.length === 1 && Buffer.isBuffer(trailingValues[0]) && trailingValues[0].equals(TRAILING_VALUE),
        `${what}: trailing metadata ${ECHO_TRAILING} is ${JSON.stringify(trailingValues)}, expected [0xababab]`);
    };

    const single = await unary(this.client, 'UnaryCall', Cases.largeRequest(), { metadata: metadata() });
    Cases.checkPayload(single.response.payload, 314159, 'UnaryCall');
    checkEcho(single.initial, single.trailing, 'UnaryCall');

    const call = this.client.FullDuplexCall(metadata(), { deadline: deadline() });
    const outcome = collect(call);
    call.write(Cases.streamingRequest(314159, 271828));
    call.end();
    const duplex = await outcome;
    check(duplex.responses.length === 1, `FullDuplexCall: expected 1 response, got ${duplex.responses.length}`);
    Cases.checkPayload(duplex.responses[0].payload, 314159, 'FullDuplexCall');
    checkEcho(duplex.initial, duplex.trailing, 'FullDuplexCall');
  }

  async echoStatus(message, duplex) {
    const status = { code: 2, message };
    await expectStatus(unary(this.client, 'UnaryCall', { response_status: status }), grpc.status.UNKNOWN, 'UnaryCall', message);
    if (duplex) {
      const call = this.client.FullDuplexCall({ deadline: deadline() });
      const outcome = collect(call);
      call.write({ response_status: status });
      call.end();
      await expectStatus(outcome, grpc.status.UNKNOWN, 'FullDuplexCall', message);
    }
  }

  status_code_and_message() {
    return this.echoStatus('test status message', true);
  }

  special_status_message() {
    return this.echoStatus(SPECIAL_MESSAGE, false);
  }

  async unimplemented_method() {
    await expectStatus(unary(this.client, 'UnimplementedCall', {}), grpc.status.UNIMPLEMENTED, 'TestService/UnimplementedCall');
  }

  async unimplemented_service() {
    const client = this.newClient(this.proto.UnimplementedService);
    await expectStatus(unary(client, 'UnimplementedCall', {}), grpc.status.UNIMPLEMENTED, 'UnimplementedService/UnimplementedCall');
  }
}

async function main() {
  let args;
  try {
    args = parseArgs(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`usage: client.js --server_host=HOST --server_port=PORT --test_case=CASE\n${error.message}\n`);
    return 2;
  }
  const cases = new Cases(args);
  const watchdog = setTimeout(() => {
    process.stderr.write(`FAIL ${args.test_case}: did not finish within ${2 * CALL_SECONDS} s\n`);
    process.exit(1);
  }, 2 * CALL_SECONDS * 1000);
  watchdog.unref();
  try {
    await cases[args.test_case]();
    process.stdout.write(`PASS ${args.test_case}\n`);
    return 0;
  } catch (error) {
    const why = error instanceof CaseFailed ? error.message
      : error.code !== undefined ? `unexpected status ${statusName(error.code)}: ${JSON.stringify(error.details)}`
        : (error.stack ?? String(error));
    process.stderr.write(`FAIL ${args.test_case}: ${why}\n`);
    return 1;
  } finally {
    cases.close();
  }
}

main().then((code) => { process.exitCode = code; });
