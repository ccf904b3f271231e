/**
 * `vite build` with auxiliary workers: one bundle and wrangler.json per worker, then the built
 * workers together on real workerd (miniflare 4: service bindings, a Durable Object bound with
 * script_name) answering as `vite dev` does.
 */
import fs from "node:fs";
import path from "node:path";
import { Miniflare, supportedCompatibilityDate, type WorkerOptions } from "miniflare";
import { afterAll, beforeAll, expect, test } from "vitest";
import { copyFixture, startDevServer, viteBuild, type DevServer } from "./helpers/dev-server.js";

let root: string;
let buildOutput: string;
let dev: DevServer | undefined;
let workerd: Miniflare | undefined;

beforeAll(async () => {
  root = copyFixture("many-workers");
  buildOutput = await viteBuild(root);
});
afterAll(async () => {
  await dev?.stop();
  await workerd?.dispose();
});

const read = (file: string) => fs.readFileSync(path.join(root, file), "utf8");
const list = (dir: string) => (fs.readdirSync(path.join(root, dir), { recursive: true }) as string[]).toSorted();

test("vite build writes a bundle and a wrangler.json per worker, and lists them in the deploy config", () => {
  expect(buildOutput).toContain(
    "[kindling] dist/gateway/wrangler.json, dist/api/wrangler.json, dist/store/wrangler.json written: deploy with `wrangler deploy`.",
  );
  for (const worker of ["gateway", "api", "store"]) {
    expect(list(`dist/${worker}`)).toEqual(["index.js", "index.js.map", "wrangler.json"]);
    expect(read(`dist/${worker}/wrangler.json`)).not.toContain(root);
  }
  expect(JSON.parse(read(".wrangler/deploy/config.json"))).toEqual({
    configPath: "../../dist/gateway/wrangler.json",
    auxiliaryWorkers: [{ configPath: "../../dist/api/wrangler.json" }, { configPath: "../../dist/store/wrangler.json" }],
  });
  expect(JSON.parse(read("dist/store/wrangler.json"))).toMatchInlineSnapshot(`
    {
      "compatibility_date": "2026-10-01",
      "durable_objects": {
        "bindings": [
          {
            "class_name": "Counter",
            "name": "COUNTER",
          },
        ],
      },
      "main": "index.js",
      "migrations": [
        {
          "new_sqlite_classes": [
            "Counter",
          ],
          "tag": "v1",
        },
      ],
      "name": "store",
      "no_bundle": true,
      "queues": {
        "consumers": [
          {
            "max_batch_timeout": 1,
            "queue": "jobs",
          },
        ],
      },
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
      "workflows": [
        {
          "binding": "ORDERS",
          "class_name": "OrderFlow",
          "name": "orders",
        },
      ],
    }
  `);
});

interface BuiltConfig {
  name: string;
  main: string;
  compatibility_date: string;
  services?: { binding: string; service: string; entrypoint?: string; props?: Record<string, unknown> }[];
  durable_objects?: { bindings: { name: string; class_name: string; script_name?: string }[] };
  migrations?: { new_sqlite_classes?: string[] }[];
  workflows?: { name: string; binding: string; class_name: string; script_name?: string }[];
}

/** A built worker as miniflare runs it: its bundle, its service bindings (to workers that exist), Durable Objects and workflows. */
function workerOptions(configFile: string, workers: string[]): WorkerOptions {
  const config = JSON.parse(fs.readFileSync(configFile, "utf8")) as BuiltConfig;
  const sqlite = new Set((config.migrations ?? []).flatMap((m) => m.new_sqlite_classes ?? []));
  // workerd refuses to start with a binding to a missing worker or entrypoint (the fixture's GHOST and NO_ENTRYPOINT).
  const services = (config.services ?? []).filter((s) => workers.includes(s.service) && s.entrypoint !== "Nope");
  return {
    name: config.name,
    modules: true,
    scriptPath: path.resolve(path.dirname(configFile), config.main),
    modulesRules: [{ type: "ESModule", include: ["**/*.js"] }],
    // The fixture's date is newer than this workerd knows; the routes tested behave the same on both.
    compatibilityDate: [config.compatibility_date, supportedCompatibilityDate].toSorted()[0],
    serviceBindings: Object.fromEntries(
      services.map((s) => [s.binding, { name: s.service, entrypoint: s.entrypoint, props: s.props }]),
    ),
    durableObjects: Object.fromEntries(
      (config.durable_objects?.bindings ?? []).map((d) => [
        d.name,
        { className: d.class_name, scriptName: d.script_name, useSQLite: d.script_name ? undefined : sqlite.has(d.class_name) },
      ]),
    ),
    workflows: Object.fromEntries(
      (config.workflows ?? []).map((w) => [w.binding, { name: w.name, className: w.class_name, scriptName: w.script_name }]),
    ),
  };
}

/** Routes through the gateway that reach the api worker (fetch, RPC, props) and the store's Durable Object. */
async function answers(fetch: (path: string, init?: RequestInit) => Promise<Response>): Promise<string[]> {
  const requests: [string, RequestInit?][] = [
    ["/api/anything"],
    ["/api/echo", { method: "POST", body: "shout" }],
    ["/api/headers"],
    ["/rpc/add?a=2&b=40"],
    ["/rpc/props"],
    ["/rpc/named-fetch"],
    ["/rpc/callback"],
    ["/rpc/target"],
    ["/rpc/object-handlers"],
    ["/store"],
    ["/counter/inc?name=a"],
    ["/counter/inc?name=a"],
    ["/counter/local-inc?name=a"],
    ["/counter/fetch?name=a"],
    ["/counter/inc?name=b"],
  ];
  const out: string[] = [];
  for (const [p, init] of requests) {
    const response = await fetch(p, init);
    out.push(`${p} ${response.status} ${(await response.text()).trim()}`);
  }
  return out;
}

test("the built workers run together on workerd and answer as vite dev does", async () => {
  const workers = ["gateway", "api", "store"];
  workerd = new Miniflare({
    workers: workers.map((name) => workerOptions(path.join(root, "dist", name, "wrangler.json"), workers)),
  });
  const onWorkerd = await answers((p, init) => workerd!.dispatchFetch(`http://localhost${p}`, init as never) as never);
  dev = await startDevServer("many-workers", { root });
  const onDev = await answers((p, init) => dev!.fetch(p, init));
  expect(onDev).toEqual(onWorkerd);
  expect(onWorkerd).toContain("/counter/local-inc?name=a 200 3");
});

test("vite preview runs the built auxiliary workers too, with the state of vite dev", async () => {
  await dev?.stop();
  // The sources change after the build: preview still runs the build.
  fs.writeFileSync(path.join(root, "api/src/index.ts"), read("api/src/index.ts").replace("return a + b;", "return a - b;"));
  // An auxiliary worker's secrets come from its own folder, as in vite dev.
  fs.writeFileSync(path.join(root, "store/.dev.vars"), "STORE_TOKEN=s3cret\n");
  dev = await startDevServer("many-workers", { root, command: "preview" });
  expect(await (await dev.fetch("/rpc/add?a=2&b=40")).text()).toBe("42");
  expect(await (await dev.fetch("/rpc/named-fetch")).json()).toMatchObject({ entrypoint: "Named", props: { tenant: "acme" } });
  expect(await (await dev.fetch("/counter/inc?name=a")).text()).toBe("4");
  expect((await (await dev.fetch("/rpc/object-handlers")).json())[0]).toEqual({
    ok: "hello bob; env has STORE_TOKEN,COUNTER,ORDERS; ctx has waitUntil: function",
  });
});
