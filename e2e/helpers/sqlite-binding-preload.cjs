/**
 * Preloaded (NODE_OPTIONS=--require) into a Node that is not the one the repo's better-sqlite3
 * was built for: better-sqlite3 loads its addon from build/Release with require(), so this puts
 * the build for this Node (KINDLING_E2E_SQLITE_BINDING, see sqlite-for-node.mjs) in require's
 * cache under that path. Node runs preloads in worker threads too, where generations open SQLite.
 */
const Module = require("node:module");
const path = require("node:path");

const binding = process.env.KINDLING_E2E_SQLITE_BINDING;
if (binding) {
  const runtime = Module.createRequire(path.resolve(__dirname, "../../packages/runtime/package.json"));
  const target = path.join(path.dirname(runtime.resolve("better-sqlite3/package.json")), "build/Release/better_sqlite3.node");
  const addon = new Module(target);
  addon.filename = target;
  addon.loaded = true;
  addon.exports = require(binding);
  // oxlint-disable-next-line no-underscore-dangle -- require.cache is the same object, but keyed for the main thread only
  Module._cache[target] = addon;
}
