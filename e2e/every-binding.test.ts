/** A worker that declares every binding kind wrangler accepts: none is undefined; each works or says why it cannot. */
import { afterAll, beforeAll, expect, test } from "vitest";
import { startDevServer, type DevServer } from "./helpers/dev-server.js";

let server: DevServer;
beforeAll(async () => {
  server = await startDevServer("every-binding");
});
afterAll(() => server?.stop());

test("every binding kind is on env: the local ones work, the others fail on use with a clear error", async () => {
  const results = (await (await server.fetch("/")).json()) as Record<string, { type: string; use: string }>;
  for (const [name, { type }] of Object.entries(results)) expect(type, name).toBe("object");
  const uses = Object.fromEntries(Object.entries(results).map(([name, { use }]) => [name, use]));
  expect(uses).toMatchInlineSnapshot(`
    {
      "AI": "error [kindling] env.AI (Workers AI, "ai" in your wrangler config) is not available in local development. It runs only on Cloudflare's network: run this part with wrangler and a remote binding ("remote": true), or replace it with a mock in your code while developing.",
      "BROWSER": "error [kindling] env.BROWSER (Browser Rendering, "browser" in your wrangler config) is not available in local development. It runs only on Cloudflare's network: run this part with wrangler and a remote binding ("remote": true), or replace it with a mock in your code while developing.",
      "BUCKET": "ok v",
      "CERT": "error [kindling] env.CERT (mTLS Certificate, "mtls_certificates" in your wrangler config) is not available in local development. It runs only on Cloudflare's network: run this part with wrangler and a remote binding ("remote": true), or replace it with a mock in your code while developing.",
      "COUNTER": "ok 1",
      "CUSTOM": "error [kindling] env.CUSTOM (unsafe binding of type "mystery", "unsafe" in your wrangler config) is not available in local development. Kindling does not know unsafe bindings of this type: replace it with a mock in your code while developing.",
      "DB": "ok 1",
      "DISPATCHER": "error [kindling] env.DISPATCHER (Dispatch Namespace, "dispatch_namespaces" in your wrangler config) is not available in local development. It runs only on Cloudflare's network: run this part with wrangler and a remote binding ("remote": true), or replace it with a mock in your code while developing.",
      "EVENTS": "ok written",
      "HYPERDRIVE": "ok <id>.hyperdrive.local:5432/app",
      "IMAGES": "error [kindling] env.IMAGES (Images, "images" in your wrangler config) is not available in local development. It runs only on Cloudflare's network: run this part with wrangler and a remote binding ("remote": true), or replace it with a mock in your code while developing.",
      "KV": "ok v",
      "LIMITER": "ok {"success":true}",
      "MAILER": "ok sent",
      "MEDIA": "error [kindling] env.MEDIA (Media, "media" in your wrangler config) is not available in local development. It runs only on Cloudflare's network: run this part with wrangler and a remote binding ("remote": true), or replace it with a mock in your code while developing.",
      "PIPELINE": "error [kindling] env.PIPELINE (Pipeline, "pipelines" in your wrangler config) is not available in local development. It runs only on Cloudflare's network: run this part with wrangler and a remote binding ("remote": true), or replace it with a mock in your code while developing.",
      "SECRET": "error Secret "token" not found",
      "VECTORS": "error [kindling] env.VECTORS (Vectorize Index, "vectorize" in your wrangler config) is not available in local development. It runs only on Cloudflare's network: run this part with wrangler and a remote binding ("remote": true), or replace it with a mock in your code while developing.",
      "VERSION": "ok true",
      "VPC": "error [kindling] env.VPC (VPC Service, "vpc_services" in your wrangler config) is not available in local development. It runs only on Cloudflare's network: run this part with wrangler and a remote binding ("remote": true), or replace it with a mock in your code while developing.",
    }
  `);
  // Each unavailable binding is announced once at start.
  expect(server.output()).toContain('env.AI (Workers AI, "ai") cannot run locally; using it throws an error that says why.');
});
