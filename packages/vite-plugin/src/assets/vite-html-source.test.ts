import { EventEmitter } from "node:events";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { FSWatcher, ViteDevServer } from "vite";
import { afterEach, expect, test } from "vitest";
import { CachedFileFacts } from "./file-cache.js";
import { createViteHtmlSource } from "./vite-html-source.js";

let root: string;
afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

/** The two things the source reads of Vite's dev server: its resolved dirs and transformIndexHtml. */
function project(files: Record<string, string>): ViteDevServer {
  root = fs.mkdtempSync(path.join(os.tmpdir(), "kindling-html-source-"));
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
    fs.writeFileSync(path.join(root, name), text);
  }
  const config = { root, publicDir: path.join(root, "public") };
  const transformIndexHtml = async (url: string, html: string) => html.replace("</body>", `<!-- vite ${url} --></body>`);
  return { config, transformIndexHtml } as unknown as ViteDevServer;
}

const text = (body: Uint8Array | undefined) => new TextDecoder().decode(body);

test("root pages go through transformIndexHtml, public pages as they are, served at / and not under public/", async () => {
  const source = createViteHtmlSource(
    project({ "index.html": "<body></body>", "public/raw.html": "<p>raw</p>", "public/_headers": "/*\n  X-A: 1\n" }),
  );
  expect(await source.exists("/index.html")).toMatch(/^[0-9a-f]{32}$/);
  expect(text((await source.read("/index.html"))?.body)).toBe("<body><!-- vite /index.html --></body>");
  expect(text((await source.read("/raw.html"))?.body)).toBe("<p>raw</p>");
  expect(await source.exists("/public/raw.html")).toBeNull();
  expect(await source.exists("/nope.html")).toBeNull();
  expect(source.ruleFile("_headers")).toBe("/*\n  X-A: 1\n");
  expect(source.ruleFile("_redirects")).toBeUndefined();
});

test("with the watcher's cache, a page added or edited is served once the watcher reports it", async () => {
  const server = project({ "index.html": "<body>v1</body>" });
  const events = new EventEmitter() as unknown as FSWatcher & EventEmitter;
  const source = createViteHtmlSource(server, new CachedFileFacts(events));
  const before = await source.exists("/index.html");
  fs.writeFileSync(path.join(root, "index.html"), "<body>v2, longer</body>");
  expect(await source.exists("/index.html")).toBe(before);
  events.emit("all", "change", path.join(root, "index.html"));
  expect(await source.exists("/index.html")).not.toBe(before);
  expect(await source.exists("/about.html")).toBeNull();
  fs.writeFileSync(path.join(root, "about.html"), "<body>about</body>");
  events.emit("all", "add", path.join(root, "about.html"));
  expect(text((await source.read("/about.html"))?.body)).toContain("about");
});
