/**
 * Bundles what a generation's thread loads (its entry and the `cloudflare:*` modules it imports
 * by URL) into a few files in dist/thread-bundle/: a thread boots with ~10 modules instead of ~200,
 * and Node's ESM loader (resolve, translate, link per file) was ~40 % of a boot's CPU. Shared code
 * goes in chunks, so the entry and `cloudflare:workers` still see one instance of thread/context.
 * Files keep their place relative to one another (thread/, modules/), as runner.ts's URLs expect.
 * (The Worker Loader's isolate entry, `new URL("../../thread/loaded/entry.js")` from a file in
 * thread/, resolves to the unbundled dist/thread/loaded/entry.js from here too: a thread of its own.)
 * Run after `tsc -b` (it reads dist/).
 */
import path from "node:path";
import { fileURLToPath } from "node:url";
import { builtinModules } from "node:module";
import { build } from "vite";

const root = path.resolve(fileURLToPath(import.meta.url), "../..");
const dist = path.join(root, "dist");
const input = Object.fromEntries(
  [
    "thread/boot",
    "thread/entry",
    "modules/workers",
    "modules/email",
    "modules/workflows",
    "modules/sockets",
    "modules/node",
    "thread/scope/compiled-wasm",
  ].map((name) => [name, path.join(dist, `${name}.js`)]),
);
const builtins = new Set([...builtinModules, ...builtinModules.map((name) => `node:${name}`)]);

await build({
  configFile: false,
  logLevel: "warn",
  root,
  build: {
    outDir: path.join(dist, "thread-bundle"),
    emptyOutDir: true,
    ssr: true,
    target: "node20",
    minify: false,
    sourcemap: false,
    rollupOptions: {
      input,
      // Packages stay external (loaded from node_modules as before); only our own files are bundled.
      external: (id) => builtins.has(id) || id.startsWith("node:") || !(id.startsWith(".") || path.isAbsolute(id)),
      // keepNames: a class renamed to avoid a clash in a chunk (Response -> Response$1) keeps its `name`, which user code sees.
      output: { format: "es", entryFileNames: "[name].js", chunkFileNames: "thread/chunk-[hash].js", keepNames: true },
    },
  },
});
