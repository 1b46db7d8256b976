import { createClient, type Client, type Interceptor } from "@connectrpc/connect";
import { createGrpcWebTransport } from "@connectrpc/connect-web";
import { OrderService } from "./gen/order/v1/order_pb";

const tokenKey = "codefirst.orders.token";

/** The bearer token: kept for this tab only (sessionStorage), never in a cookie or localStorage. */
export const session = {
  get token(): string | null {
    return sessionStorage.getItem(tokenKey);
  },
  signIn(token: string): void {
    sessionStorage.setItem(tokenKey, token);
  },
  signOut(): void {
    sessionStorage.removeItem(tokenKey);
  },
};

/** Every call carries `authorization: Bearer <token>`, as over native gRPC. */
const bearer: Interceptor = (next) => (request) => {
  const token = session.token;
  if (token) {
    request.header.set("authorization", `Bearer ${token}`);
  }
  return next(request);
};

/**
 * The server this page calls: `?server=https://orders.example.com` when given (that server must allow this page's
 * origin: GrpcWeb:AllowedOrigins), else the server that served the page.
 */
export function serverUrl(location: Location = window.location): string {
  return new URLSearchParams(location.search).get("server") ?? location.origin;
}

/** The order service over gRPC-Web (binary), with a 10 s deadline on every call. */
export function createOrderClient(baseUrl: string = serverUrl()): Client<typeof OrderService> {
  const transport = createGrpcWebTransport({ baseUrl, interceptors: [bearer], defaultTimeoutMs: 10_000 });
  return createClient(OrderService, transport);
}
