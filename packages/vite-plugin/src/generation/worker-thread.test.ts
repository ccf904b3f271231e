/** A generation's thread booted from the runtime's built bundle (what `vite dev` starts). */
import fs from "node:fs";
import module from "node:module";
import os from "node:os";
import path from "node:path";
import { afterEach, expect, test } from "vitest";
import { bootThread, type BootedThread } from "./worker-thread.js";

const hasCompileCache = typeof (module as { enableCompileCache?: unknown }).enableCompileCache === "function";
const threads: BootedThread[] = [];
const savedEnv = { ...process.env };

afterEach(async () => {
  await Promise.all(threads.splice(0).map((thread) => thread.worker.terminate()));
  for (const name of ["NODE_COMPILE_CACHE", "NODE_DISABLE_COMPILE_CACHE", "TMPDIR"]) {
    if (savedEnv[name] === undefined) delete process.env[name];
    else process.env[name] = savedEnv[name];
  }
});

/**
 * A temporary directory the thread takes for the OS temp directory (TMPDIR, read by its `os.tmpdir()`),
 * so the cache lands in `<dir>/node-compile-cache`. NODE_COMPILE_CACHE stays unset: a thread started
 * with it would turn the cache on by itself, whatever the runtime does.
 */
function threadTempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "kindling-compile-cache-"));
  delete process.env.NODE_COMPILE_CACHE;
  process.env.TMPDIR = dir;
  return dir;
}

test.runIf(hasCompileCache)("the thread compiles its bundle through Node's compile cache (Node 22.1+)", async () => {
  const dir = threadTempDir();
  const thread = await bootThread();
  threads.push(thread);
  await thread.worker.terminate();
  const cache = path.join(dir, "node-compile-cache");
  const entries = fs.readdirSync(cache, { recursive: true, withFileTypes: true }).filter((entry) => entry.isFile());
  // The bundle's entry (~600 KB of source) is the largest module the thread compiles.
  expect(Math.max(...entries.map((entry) => fs.statSync(path.join(entry.parentPath, entry.name)).size))).toBeGreaterThan(100_000);
  fs.rmSync(dir, { recursive: true, force: true });
});

test.runIf(hasCompileCache)("NODE_DISABLE_COMPILE_CACHE turns the thread's cache off", async () => {
  const dir = threadTempDir();
  process.env.NODE_DISABLE_COMPILE_CACHE = "1";
  const thread = await bootThread();
  threads.push(thread);
  await thread.worker.terminate();
  expect(fs.readdirSync(dir, { recursive: true })).toEqual([]);
  fs.rmSync(dir, { recursive: true, force: true });
});

test("a thread boots on every supported Node (the boot module loads the bundle)", async () => {
  const thread = await bootThread();
  threads.push(thread);
  expect(thread.dead).toBe(false);
});
