#!/usr/bin/env node
// Order service client on @grpc/grpc-js: one scenario through all six methods of order.v1.OrderService,
// with the contract loaded at run time by @grpc/proto-loader from generated-protos/order/v1/order.proto.
//
//   node tests/Polyglot/node/client.js --address 127.0.0.1:50051
//
// The customer token comes from --token (default: $ORDERS_TOKEN, else dev-alice), the admin token for
// UpdateOrderStatus from --admin-token (default: $ORDERS_ADMIN_TOKEN, else dev-admin). Prints a line per
// step; exits 0 when every step passes, else 1 with "FAIL <step>: <why>" on stderr. Needs `npm ci` at
// the repository root (package.json pins @grpc/grpc-js and @grpc/proto-loader).
'use strict';

const path = require('node:path');
const { parseArgs } = require('node:util');
const grpc = require('@grpc/grpc-js');
const protoLoader = require('@grpc/proto-loader');
// protobufjs, which proto-loader is built on, decodes the google.rpc error details.
const protobuf = require(require.resolve('protobufjs', { paths: [require.resolve('@grpc/proto-loader')] }));

const REPO = path.resolve(__dirname, '..', '..', '..');
const GOOGLE_RPC = path.join(REPO, 'tests', 'CodeFirst.Grpc.Tests', 'Reference', 'google', 'rpc');
const DEADLINE_SECONDS = 10; // every call: a hung server fails the step instead of hanging

const packageDefinition = protoLoader.loadSync('order/v1/order.proto', {
  includeDirs: [path.join(REPO, 'generated-protos')],
  keepCase: true, // field names as in the .proto: customer_id, unit_price
  enums: String, // 'ORDER_STATUS_PENDING'
  defaults: true,
});
const { OrderService } = grpc.loadPackageDefinition(packageDefinition).order.v1;
const googleRpc = new protobuf.Root().loadSync([path.join(GOOGLE_RPC, 'status.proto'), path.join(GOOGLE_RPC, 'error_details.proto')], { keepCase: true });

class Failed extends Error {}

function check(condition, why) {
  if (!condition) throw new Failed(why);
}

/** Call metadata that authenticates as `token` (grpc-js's createFromMetadataGenerator credentials need TLS). */
function bearer(token, headers = {}) {
  const metadata = new grpc.Metadata();
  metadata.set('authorization', `Bearer ${token}`);
  for (const [key, value] of Object.entries(headers)) metadata.set(key, value);
  return metadata;
}

function options() {
  return { deadline: new Date(Date.now() + DEADLINE_SECONDS * 1000) };
}

/** A unary call as a promise. */
function unary(client, method, request, metadata = new grpc.Metadata()) {
  return new Promise((resolve, reject) =>
    client[method](request, metadata, options(), (error, response) => (error ? reject(error) : resolve(response))));
}

async function expectError(promise, code) {
  try {
    await promise;
  } catch (error) {
    check(error.code === code, `expected ${grpc.status[code]}, got ${grpc.status[error.code]}: ${error.details}`);
    return error;
  }
  throw new Failed(`expected ${grpc.status[code]}, but the call succeeded`);
}

/** The first `typeName` among the google.rpc.Status details of the grpc-status-details-bin trailer. */
function richDetail(error, typeName) {
  const [bytes] = error.metadata.get('grpc-status-details-bin');
  const status = bytes && googleRpc.lookupType('google.rpc.Status').decode(bytes);
  const detail = status?.details.find((any) => any.type_url === `type.googleapis.com/${typeName}`);
  check(detail, `no ${typeName} in grpc-status-details-bin`);
  return googleRpc.lookupType(typeName).decode(detail.value);
}

function cents(items) {
  return Math.round(items.reduce((sum, item) => sum + item.quantity * item.unit_price, 0) * 100) / 100;
}

/** The steps, in order; each returns what it saw, or throws Failed (or a grpc-js status error). */
function scenario(client, token, adminToken) {
  const items = [
    { product_id: 'widget', quantity: 2, unit_price: 9.99 },
    { product_id: 'gadget', quantity: 3, unit_price: 4.333 },
  ];
  let order;
  return {
    async CreateOrder() {
      order = await unary(client, 'CreateOrder', { customer_id: 'alice', items }, bearer(token));
      check(order.id, 'the order has no id');
      check(Math.abs(order.total - cents(items)) < 1e-9, `total ${order.total}, expected ${cents(items)}`);
      check(order.status === 'ORDER_STATUS_PENDING', `status ${order.status}, expected ORDER_STATUS_PENDING`);
      return `order ${order.id}, total ${order.total}, ${order.status}`;
    },

    async GetOrder() {
      const got = await unary(client, 'GetOrder', { id: order.id }, bearer(token));
      check(got.id === order.id && got.customer_id === 'alice', `got order ${got.id} of ${got.customer_id}`);
      check(got.items.length === 2 && got.total === order.total, `got ${got.items.length} items, total ${got.total}`);
      return `order ${got.id}, ${got.items.length} items, total ${got.total}`;
    },

    async ListOrders() {
      const ids = [];
      for await (const listed of client.ListOrders({ customer_id: 'alice' }, bearer(token), options())) ids.push(listed.id);
      check(ids.includes(order.id), `order ${order.id} is not among the ${ids.length} listed`);
      return `${ids.length} orders, ${order.id} among them`;
    },

    async UploadLineItems() {
      const more = [
        { product_id: 'bolt', quantity: 10, unit_price: 0.25 },
        { product_id: 'nut', quantity: 10, unit_price: 0.1 },
        { product_id: 'washer', quantity: 5, unit_price: 0.05 },
      ];
      const summary = await new Promise((resolve, reject) => {
        const call = client.UploadLineItems(bearer(token, { 'order-id': order.id }), options(),
          (error, response) => (error ? reject(error) : resolve(response)));
        more.forEach((item) => call.write(item));
        call.end();
      });
      const expected = cents([...items, ...more]);
      check(summary.items_received === 3, `items_received ${summary.items_received}, expected 3`);
      check(Math.abs(summary.total - expected) < 1e-9, `total ${summary.total}, expected ${expected}`);
      return `${summary.items_received} items received, total ${summary.total}`;
    },

    async OrderChat() {
      const text = 'hello from node';
      const call = client.OrderChat(bearer(token), options());
      const replies = call[Symbol.asyncIterator]();
      call.write({ order_id: order.id }); // empty text: join without posting
      call.write({ order_id: order.id, text });
      let reply;
      do {
        const next = await replies.next();
        check(!next.done, `the stream ended without '${text}'`);
        reply = next.value;
      } while (reply.text !== text);
      call.end(); // half-close; the server then ends the call (an error status throws from next())
      while (!(await replies.next()).done);
      check(reply.sender === 'alice', `sender '${reply.sender}', expected 'alice'`);
      check(reply.sent_at, 'sent_at is not set');
      const sentAt = new Date(Number(reply.sent_at.seconds) * 1000 + reply.sent_at.nanos / 1e6);
      return `${reply.sender}: '${reply.text}' at ${sentAt.toISOString()}`;
    },

    async UpdateOrderStatus() {
      const request = { id: order.id, status: 'ORDER_STATUS_CONFIRMED' };
      const updated = await unary(client, 'UpdateOrderStatus', request, bearer(adminToken));
      check(updated.status === 'ORDER_STATUS_CONFIRMED', `status ${updated.status}, expected ORDER_STATUS_CONFIRMED`);
      return `order ${updated.id} ${updated.status}`;
    },

    async NotFound() {
      const error = await expectError(unary(client, 'GetOrder', { id: 'no-such-order' }, bearer(token)), grpc.status.NOT_FOUND);
      const info = richDetail(error, 'google.rpc.ErrorInfo');
      check(info.reason === 'ORDER_NOT_FOUND' && info.domain === 'order.v1', `ErrorInfo reason ${info.reason}, domain ${info.domain}`);
      check(info.metadata.order_id === 'no-such-order', `ErrorInfo metadata ${JSON.stringify(info.metadata)}`);
      return `NOT_FOUND, ErrorInfo ${info.reason} ${info.domain} ${JSON.stringify(info.metadata)}`;
    },

    async InvalidArgument() {
      const request = { customer_id: 'alice', items: [{ product_id: '', quantity: 0, unit_price: 1 }] };
      const error = await expectError(unary(client, 'CreateOrder', request, bearer(token)), grpc.status.INVALID_ARGUMENT);
      const fields = richDetail(error, 'google.rpc.BadRequest').field_violations.map((violation) => violation.field);
      check(fields.includes('items[0].quantity') && fields.includes('items[0].product_id'), `BadRequest names ${fields}`);
      return `INVALID_ARGUMENT, BadRequest ${fields.join(', ')}`;
    },

    async Unauthenticated() {
      const error = await expectError(unary(client, 'GetOrder', { id: order.id }), grpc.status.UNAUTHENTICATED);
      return `UNAUTHENTICATED: ${error.details}`;
    },
  };
}

async function main() {
  const { values } = parseArgs({
    options: {
      address: { type: 'string' },
      token: { type: 'string', default: process.env.ORDERS_TOKEN ?? 'dev-alice' },
      'admin-token': { type: 'string', default: process.env.ORDERS_ADMIN_TOKEN ?? 'dev-admin' },
    },
  });
  if (!values.address) {
    console.error('usage: client.js --address host:port [--token T] [--admin-token T]');
    return 2;
  }
  const client = new OrderService(values.address, grpc.credentials.createInsecure());
  try {
    for (const [step, run] of Object.entries(scenario(client, values.token, values['admin-token']))) {
      try {
        console.log(`ok ${step}: ${await run()}`);
      } catch (error) {
        const why = error instanceof Failed || error.code === undefined ? error.message : `${grpc.status[error.code]}: ${error.details}`;
        console.error(`FAIL ${step}: ${why}`);
        return 1;
      }
    }
    return 0;
  } finally {
    client.close();
  }
}

main().then((code) => { process.exitCode = code; });
