/** TanStack Start on Cloudflare's template shape (entry "@tanstack/react-start/server-entry"), in Chromium. */
import { routerAppCases } from "./router-app.case.js";

routerAppCases({
  fixture: "tanstack-start",
  homeRoute: "src/routes/index.tsx",
  // A server function reading `env` from cloudflare:workers.
  ssrText: ['<p id="message">Hello from TanStack Start on Cloudflare</p>'],
});
