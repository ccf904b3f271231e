/** React Router 7 in framework mode, on Cloudflare's template (see the fixture), in Chromium. */
import { routerAppCases } from "./router-app.case.js";

routerAppCases({
  fixture: "react-router-7",
  homeRoute: "app/routes/home.tsx",
  // `env` from cloudflare:workers and from the load context.
  ssrText: ['<p id="message">Hello from Cloudflare</p>', '<p id="context">Hello from Cloudflare</p>'],
});
