// The reference limit: vite dev answering "hello" from a plain middleware, no worker.
import { defineConfig } from "vite";

export default defineConfig({
  plugins: [
    {
      name: "bench:hello",
      configureServer(server) {
        server.middlewares.use((req, res) => {
          res.setHeader("content-type", "text/plain;charset=UTF-8");
          res.end("hello");
        });
      },
    },
  ],
  cacheDir: ".vite",
  logLevel: "warn",
  clearScreen: false,
});
