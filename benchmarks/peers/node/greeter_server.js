#!/usr/bin/env node
// grpc-js peer server of the benchmark harness: the helloworld contract exported from our C# contracts
// (helloworld.Greeter and helloworld.StreamingGreeter) on npm's @grpc/grpc-js 1.14, with the contract loaded
// at run time by @grpc/proto-loader from PROTOS_DIR/helloworld/helloworld.proto. Nothing to build: it needs
// `npm ci` at the repository root (package.json pins @grpc/grpc-js and @grpc/proto-loader).
//
//   node benchmarks/peers/node/greeter_server.js --port 50051 --protos "$PROTOS"
//
// It listens on 127.0.0.1 only (h2c), prints "listening on 127.0.0.1:N" once it is, and on SIGTERM or
// SIGINT stops gracefully (at most 2 s, then a forced stop) and exits 0. Server options are grpc-js's
// defaults, as in grpc_bench: no interceptors, no per-call logging, no reflection.
'use strict';

const path = require('node:path');
const { parseArgs } = require('node:util');
const grpc = require('@grpc/grpc-js');
const protoLoader = require('@grpc/proto-loader');

const STOP_GRACE_MS = 2000; // the graceful stop's bound; then the server stops forcibly

function usage(why) {
  process.stderr.write(`error: ${why}\nusage: node ${path.relative(process.cwd(), __filename)} --port N --protos PROTOS_DIR\n`);
  process.exit(2);
}

let values;
try {
  ({ values } = parseArgs({ options: { port: { type: 'string' }, protos: { type: 'string' } } }));
} catch (error) {
  usage(error.message);
}
const port = Number(values.port);
if (values.port === undefined || !Number.isInteger(port) || port < 0 || port > 65535) usage('--port N (0..65535) is required');
if (values.protos === undefined) usage('--protos PROTOS_DIR is required');

const packageDefinition = protoLoader.loadSync('helloworld/helloworld.proto', {
  includeDirs: [path.resolve(values.protos)],
  keepCase: true, // field names as in the .proto, as tests/Polyglot/node/client.js loads them
  defaults: true,
});
const { helloworld } = grpc.loadPackageDefinition(packageDefinition);

const server = new grpc.Server();
server.addService(helloworld.Greeter.service, {
  SayHello(call, callback) {
    callback(null, { message: `Hello ${call.request.name}` });
  },
});
server.addService(helloworld.StreamingGreeter.service, {
  // count replies "Hello " + name; none when count <= 0.
  SayHelloStream(call) {
    const reply = { message: `Hello ${call.request.name}` };
    for (let i = 0; i < call.request.count; i++) call.write(reply);
    call.end();
  },
  // One reply per request as it arrives; ends when the client half-closes.
  SayHelloEach(call) {
    call.on('data', (request) => call.write({ message: `Hello ${request.name}` }));
    call.on('end', () => call.end());
  },
});

server.bindAsync(`127.0.0.1:${port}`, grpc.ServerCredentials.createInsecure(), (error, boundPort) => {
  if (error) {
    process.stderr.write(`error: cannot listen on 127.0.0.1:${port}: ${error.message}\n`);
    process.exit(1);
  }
  // Node writes to files and (on Linux) pipes synchronously: the line is out when write returns.
  process.stdout.write(`listening on 127.0.0.1:${boundPort}\n`);
});

let stopping = false;
function stop() {
  if (stopping) return;
  stopping = true;
  const force = setTimeout(() => {
    server.forceShutdown();
    process.exit(0);
  }, STOP_GRACE_MS);
  server.tryShutdown(() => {
    clearTimeout(force);
    process.exit(0);
  });
}
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
