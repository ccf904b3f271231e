/**
 * React Router 8 in framework mode, on Cloudflare's template for v8 (see the fixture), in Chromium:
 * it needs Node 22.22+, so Vite runs on the Node 22 the fixture installs from npm (helpers/node22.ts).
 */
import { node22 } from "../helpers/node22.js";
import { routerAppCases } from "./router-app.case.js";

routerAppCases({
  fixture: "react-router-8",
  start: () => ({ node: node22() }),
  homeRoute: "app/routes/home.tsx",
  // `env` from cloudflare:workers and from the RouterContextProvider.
  ssrText: ['<p id="message">Hello from Cloudflare</p>', '<p id="context">Hello from Cloudflare</p>'],
});
