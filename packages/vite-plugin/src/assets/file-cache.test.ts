import { EventEmitter } from "node:events";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { FSWatcher } from "vite";
import { afterEach, expect, test } from "vitest";
import { CachedFileFacts, diskFacts } from "./file-cache.js";

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));
function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "kindling-file-cache-"));
  dirs.push(dir);
  return dir;
}

/** Vite's watcher is chokidar's; the cache only listens to its "all" events. */
const watcher = () => new EventEmitter() as unknown as FSWatcher & EventEmitter;

test("answers from memory until the watcher reports a change of that file", () => {
  const dir = tempDir();
  const file = path.join(dir, "_redirects");
  const events = watcher();
  const facts = new CachedFileFacts(events);
  expect(facts.text(file)).toBeUndefined();
  expect(facts.file(file)).toBeUndefined();
  fs.writeFileSync(file, "/a /b 302\n");
  expect(facts.text(file)).toBeUndefined(); // not yet reported
  events.emit("all", "add", file);
  expect(facts.text(file)).toBe("/a /b 302\n");
  expect(facts.file(file)?.size).toBe(10);
  fs.writeFileSync(file, "/c /d 302\n");
  events.emit("all", "change", file);
  expect(facts.text(file)).toBe("/c /d 302\n");
  fs.rmSync(file);
  events.emit("all", "unlink", file);
  expect(facts.file(file)).toBeUndefined();
});

test("a folder added or removed forgets every answer; folders and odd paths are not files", () => {
  const dir = tempDir();
  const events = watcher();
  const facts = new CachedFileFacts(events);
  const file = path.join(dir, "sub/index.html");
  expect(facts.file(file)).toBeUndefined();
  fs.mkdirSync(path.join(dir, "sub"));
  fs.writeFileSync(file, "<p>hi</p>");
  events.emit("all", "addDir", path.join(dir, "sub"));
  expect(facts.file(file)?.isFile()).toBe(true);
  expect(facts.file(path.join(dir, "sub"))).toBeUndefined();
  expect(diskFacts.file(path.join(file, "below-a-file"))).toBeUndefined(); // ENOTDIR does not throw
  expect(diskFacts.text(path.join(dir, "sub"))).toBeUndefined();
});

test("the router's answer for a URL is remembered until the watcher reports a change", async () => {
  const { AssetServer } = await import("./asset-server.js");
  const { createDirectorySource } = await import("./directory-source.js");
  const dir = tempDir();
  const events = watcher();
  const facts = new CachedFileFacts(events);
  const assets = new AssetServer(createDirectorySource(dir, { files: facts }), {
    htmlHandling: "auto-trailing-slash",
    notFoundHandling: "none",
    navigationPrefersAssets: true,
    staticRouting: false,
    warn: () => {},
    facts,
  });
  const page = new Request("http://localhost/page");
  expect(await assets.canFetch(page)).toBe(false);
  fs.writeFileSync(path.join(dir, "page.html"), "page");
  expect(await assets.canFetch(page)).toBe(false); // not yet reported: still the worker's
  events.emit("all", "add", path.join(dir, "page.html"));
  expect(await assets.canFetch(page)).toBe(true);
  expect(await assets.canFetch(new Request("http://localhost/page", { method: "POST" }))).toBe(true);
  fs.rmSync(path.join(dir, "page.html"));
  events.emit("all", "unlink", path.join(dir, "page.html"));
  expect(await assets.canFetch(page)).toBe(false);
});
