// @ts-check
/**
 * Runs the service-worker-format fixture in cwd on the oracle's Miniflare: `node
 * miniflare-server.mjs <oracleDir>`. Reads the few wrangler.json keys such a fixture uses (vars,
 * kv_namespaces, r2_buckets, compatibility date and flags), prints `ready <url>`, and serves until
 * it is killed.
 */
import fs from "node:fs";
import path from "node:path";
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";

const oracleDir = process.argv[2];
if (!oracleDir) throw new Error("[conformance] usage: node miniflare-server.mjs <oracleDir>");
// The Miniflare the Vite plugin itself runs (wrangler may bring another version).
const fromPlugin = createRequire(path.join(oracleDir, "node_modules/@cloudflare/vite-plugin/package.json"));
const entry = fromPlugin.resolve("miniflare");
const { Miniflare, convertV4MiniflareOptions } = await import(pathToFileURL(entry).href);

const config = JSON.parse(fs.readFileSync("wrangler.json", "utf8"));
const mf = new Miniflare(
  convertV4MiniflareOptions({
    name: config.name,
    host: "127.0.0.1",
    port: 0,
    inspectorPort: undefined,
    scriptPath: path.resolve(config.main),
    script: fs.readFileSync(config.main, "utf8"),
    modules: false,
    compatibilityDate: config.compatibility_date,
    compatibilityFlags: config.compatibility_flags ?? [],
    bindings: config.vars ?? {},
    kvNamespaces: Object.fromEntries(
      (config.kv_namespaces ?? []).map((/** @type {{ binding: string, id: string }} */ kv) => [kv.binding, kv.id]),
    ),
    r2Buckets: Object.fromEntries(
      (config.r2_buckets ?? []).map((/** @type {{ binding: string, bucket_name: string }} */ r2) => [r2.binding, r2.bucket_name]),
    ),
    defaultPersistRoot: path.resolve(".wrangler/state"),
  }),
);
const url = await mf.ready;
console.log(`ready ${url.origin}`);
const stop = () => void mf.dispose().finally(() => process.exit(0));
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
