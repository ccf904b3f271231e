/**
 * `vite build` then the output on real workerd (miniflare 4) answering as `vite dev` does, and
 * `vite preview` serving the build with dev's state.
 */
import fs from "node:fs";
import path from "node:path";
import { Miniflare } from "miniflare";
import { afterAll, beforeAll, expect, test } from "vitest";
import { copyFixture, startDevServer, viteBuild, type DevServer } from "./helpers/dev-server.js";

let root: string;
let buildOutput: string;
const servers: DevServer[] = [];
let workerd: Miniflare | undefined;

beforeAll(async () => {
  root = copyFixture("assets");
  buildOutput = await viteBuild(root);
});
afterAll(async () => {
  await Promise.all(servers.map((server) => server.stop()));
  await workerd?.dispose();
});

const read = (file: string) => fs.readFileSync(path.join(root, file), "utf8");
const list = (dir: string) => (fs.readdirSync(path.join(root, dir), { recursive: true }) as string[]).toSorted();

test("vite build writes the bundle, the client with the assets directory, and a deployable wrangler.json", () => {
  expect(buildOutput).toContain("[kindling] dist/assets/wrangler.json written: deploy with `wrangler deploy`.");
  expect(list("dist/assets")).toEqual(["index.js", "index.js.map", "wrangler.json"]);
  expect(list("dist/client")).toContain("blog/index.html");
  expect(list("dist/client")).toEqual(
    expect.arrayContaining([".assetsignore", "_headers", "_redirects", "about.html", "secret.txt"]),
  );
  expect(read("dist/client/.assetsignore")).toBe("secret.txt\nwrangler.json\n.dev.vars\n");
  expect(JSON.parse(read(".wrangler/deploy/config.json"))).toEqual({
    configPath: "../../dist/assets/wrangler.json",
    auxiliaryWorkers: [],
  });
  const config = read("dist/assets/wrangler.json");
  expect(config).not.toContain(root);
  expect(JSON.parse(config)).toMatchInlineSnapshot(`
    {
      "assets": {
        "binding": "ASSETS",
        "directory": "../client",
        "not_found_handling": "404-page",
        "run_worker_first": [
          "/api/*",
          "/binding/*",
          "!/api/static/*",
        ],
      },
      "compatibility_date": "2026-06-01",
      "kv_namespaces": [
        {
          "binding": "KV",
          "id": "assets-kv",
        },
      ],
      "main": "index.js",
      "name": "assets",
      "no_bundle": true,
      "rules": [
        {
          "globs": [
            "**/*.js",
            "**/*.mjs",
          ],
          "type": "ESModule",
        },
      ],
      "upload_source_maps": true,
      "vars": {
        "GREETING": "hello",
      },
    }
  `);
  expect(read("dist/assets/index.js")).toMatch(/^\/\/# sourceMappingURL=index\.js\.map$/m);
});

/** Status, Location or body, and Content-Type: what a client can tell apart. */
async function answers(fetch: (path: string, init: RequestInit) => Promise<Response>): Promise<string[]> {
  const requests: [string, RequestInit?][] = [
    ["/"],
    ["/about"],
    ["/about.html"],
    ["/blog"],
    ["/nope"],
    ["/sub/x"],
    ["/secret.txt"],
    ["/style.css"],
    ["/old-about"],
    ["/blog/2024/hi"],
    ["/files/a/b?q=1"],
    ["/rewrite"],
    ["/api/anything"],
    ["/api/static/x"],
    ["/binding/about"],
    ["/binding/nope"],
    ["/api/kv", { method: "PUT", body: "same" }],
    ["/api/kv"],
  ];
  const out: string[] = [];
  for (const [p, init] of requests) {
    const response = await fetch(p, { redirect: "manual", ...init });
    const location = response.headers.get("location");
    const body = location ? `-> ${location}` : (await response.text()).trim();
    out.push(
      `${p} ${response.status} ${response.headers.get("content-type")} ${response.headers.get("x-frame-options")} ${body}`,
    );
  }
  return out;
}

test("the built worker on workerd answers as vite dev does", async () => {
  const outDir = path.join(root, "dist/assets");
  const config = JSON.parse(read("dist/assets/wrangler.json"));
  const rules: string[] = config.assets.run_worker_first;
  workerd = new Miniflare({
    modules: true,
    scriptPath: path.join(outDir, config.main),
    modulesRules: [{ type: "ESModule", include: ["**/*.js"] }],
    compatibilityDate: config.compatibility_date,
    bindings: config.vars,
    kvNamespaces: Object.fromEntries(config.kv_namespaces.map((kv: { binding: string; id: string }) => [kv.binding, kv.id])),
    assets: {
      directory: path.resolve(outDir, config.assets.directory),
      binding: config.assets.binding,
      routerConfig: {
        has_user_worker: true,
        static_routing: {
          user_worker: rules.filter((r) => !r.startsWith("!")),
          asset_worker: rules.filter((r) => r.startsWith("!")).map((r) => r.slice(1)),
        },
      },
      assetConfig: { not_found_handling: config.assets.not_found_handling, compatibility_date: config.compatibility_date },
    },
  });
  const onWorkerd = await answers((p, init) => workerd!.dispatchFetch(`http://localhost${p}`, init as never) as never);
  const dev = await startDevServer("assets", { root });
  servers.push(dev);
  const onDev = await answers((p, init) => dev.fetch(p, init));
  expect(onDev).toEqual(onWorkerd);
  await dev.stop();
});

test("vite preview serves the built bundle and assets, with the state of vite dev", async () => {
  const dev = await startDevServer("assets", { root });
  await dev.fetch("/api/kv", { method: "PUT", body: "written in dev" });
  await dev.stop();
  // The sources change after the build: preview still serves the build.
  fs.writeFileSync(path.join(root, "src/index.ts"), read("src/index.ts").replace("from the worker", "from the sources"));
  const preview = await startDevServer("assets", { root, command: "preview" });
  servers.push(preview);
  expect(await (await preview.fetch("/api/kv")).text()).toBe("kv: written in dev");
  expect(await (await preview.fetch("/api/x")).text()).toBe("hello from the worker: GET /api/x");
  expect(await (await preview.fetch("/about")).text()).toBe("<p>about page</p>\n");
  expect((await preview.fetch("/index.js")).status).toBe(404);
  expect(await (await preview.fetch("/binding/about")).text()).toBe("200 text/html; charset=utf-8 <p>about page</p>\n");
});
