import { defineConfig } from "vite";

// `npm run dev` serves the page on http://localhost:5173 and forwards the gRPC-Web calls to the order server's
// browser endpoint (http://localhost:8080 in Development), so they stay same-origin and need no CORS.
// `npm run build` writes dist/, which the order server serves itself (Web:Enabled, Web:Root).
const server = process.env.ORDER_SERVER ?? "http://localhost:8080";

export default defineConfig({
  base: "./",
  build: { outDir: "dist", emptyOutDir: true },
  server: { proxy: { "/order.v1.OrderService": { target: server, changeOrigin: true } } },
});
