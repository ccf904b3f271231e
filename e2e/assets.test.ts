/** Static assets in `vite dev`: production's routing and rules, env.ASSETS, and edits served without a generation. */
import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import { afterAll, beforeAll, expect, test } from "vitest";
import { startDevServer, until, type DevServer } from "./helpers/dev-server.js";

let server: DevServer;
beforeAll(async () => {
  server = await startDevServer("assets");
});
afterAll(() => server?.stop());

/** "<status> <location or body>" of a request that is not followed. */
async function answer(path: string, init?: RequestInit): Promise<string> {
  const response = await server.fetch(path, { redirect: "manual", ...init });
  const location = response.headers.get("location");
  return `${response.status} ${location ? `-> ${location}` : (await response.text()).trim()}`;
}

/** A browser navigation (`Sec-Fetch-Mode: navigate`, which fetch() cannot send). */
function navigate(path: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const request = http.get(server.url + path, { headers: { "Sec-Fetch-Mode": "navigate" } }, (response) => {
      let body = "";
      response.on("data", (chunk) => (body += chunk));
      response.on("end", () => resolve(`${response.statusCode} ${body.trim()}`));
    });
    request.on("error", reject);
  });
}

test("files are served before the worker, with auto-trailing-slash redirects and the nearest 404.html", async () => {
  const paths = [
    "/",
    "/about",
    "/about.html",
    "/blog",
    "/blog/",
    "/blog/index.html",
    "/nope",
    "/sub/x",
    "/secret.txt",
    "/_headers",
  ];
  expect(await Promise.all(paths.map((p) => answer(p)))).toEqual([
    "200 <!doctype html><title>home</title>\n<p>home page</p>",
    "200 <p>about page</p>",
    "307 -> /about",
    "307 -> /blog/",
    "200 <p>blog index</p>",
    "307 -> /blog/",
    "404 <p>top 404</p>",
    "404 <p>sub 404</p>",
    "404 <p>top 404</p>",
    "404 <p>top 404</p>",
  ]);
});

test("_redirects: static and dynamic rules, every status, placeholders and splats, 200 rewrites", async () => {
  const paths = [
    "/old-about",
    "/moved",
    "/see-other",
    "/temp",
    "/perm",
    "/external",
    "/rewrite",
    "/blog/2024/hi",
    "/files/a/b?q=1",
  ];
  expect(await Promise.all(paths.map((p) => answer(p)))).toEqual([
    "301 -> /about",
    "302 -> /about",
    "303 -> /about",
    "307 -> /about",
    "308 -> /about",
    "302 -> https://example.com/landing",
    "200 <p>about page</p>",
    "301 -> /posts/hi?y=2024",
    "302 -> /docs/a/b?q=1",
  ]);
});

test("_headers, content types, and ETags answered with 304 on If-None-Match", async () => {
  const css = await server.fetch("/style.css");
  expect([css.headers.get("content-type"), css.headers.get("cache-control"), css.headers.get("x-frame-options")]).toEqual([
    "text/css; charset=utf-8",
    "max-age=3600",
    null,
  ]);
  const doc = await server.fetch("/docs/readme.txt");
  expect([doc.headers.get("content-type"), doc.headers.get("x-docs"), doc.headers.get("x-frame-options")]).toEqual([
    "text/plain; charset=utf-8",
    "readme.txt",
    "DENY",
  ]);
  expect((await server.fetch("/data.json")).headers.get("content-type")).toBe("application/json");
  const etag = css.headers.get("etag")!;
  expect(etag).toMatch(/^"[0-9a-f]{32}"$/);
  const cached = await server.fetch("/style.css", { headers: { "If-None-Match": etag } });
  expect([cached.status, await cached.text()]).toEqual([304, ""]);
});

test("run_worker_first patterns: matching paths go to the worker first, ! exceptions to assets", async () => {
  expect(await answer("/api/anything")).toBe("200 hello from the worker: GET /api/anything");
  expect(await answer("/api/static/x")).toBe("404 <p>top 404</p>");
  expect(await answer("/api/kv", { method: "PUT", body: "stored" })).toBe("200 kv: stored");
});

test("env.ASSETS.fetch() is answered by the asset server, with its rules", async () => {
  expect(await answer("/binding/about")).toBe("200 200 text/html; charset=utf-8 <p>about page</p>");
  expect(await answer("/binding/data.json")).toBe('200 200 application/json { "ok": true }');
  expect(await answer("/binding/nope")).toBe("200 404 text/html; charset=utf-8 <p>top 404</p>");
});

test("an edit in the assets directory is served once Vite's watcher sees it, without a new generation", async () => {
  const generation = await answer("/api/generation");
  server.write("static/about.html", "<p>about, edited</p>\n");
  server.write("static/new.txt", "added\n");
  await until(async () => (await answer("/about")) === "200 <p>about, edited</p>");
  await until(async () => (await answer("/new.txt")) === "200 added");
  server.write("static/_redirects", "/old-about /new.txt 302\n");
  await until(async () => (await answer("/old-about")) === "302 -> /new.txt");
  server.write("static/.assetsignore", "new.txt\n");
  await until(async () => (await answer("/new.txt")) !== "200 added");
  expect(await answer("/new.txt")).toBe("404 <p>top 404</p>");
  fs.rmSync(path.join(server.root, "static/.assetsignore"));
  await until(async () => (await answer("/new.txt")) === "200 added");
  fs.rmSync(path.join(server.root, "static/new.txt"));
  await until(async () => (await answer("/new.txt")) !== "200 added");
  expect(await answer("/api/generation")).toBe(generation);
});

test("run_worker_first true and false, and html_handling, follow the wrangler config", async () => {
  server.edit("wrangler.jsonc", /"run_worker_first": \[[^\]]*\]/, '"run_worker_first": true');
  await until(async () => (await answer("/about")) === "200 hello from the worker: GET /about");
  server.edit("wrangler.jsonc", '"run_worker_first": true', '"run_worker_first": false, "html_handling": "drop-trailing-slash"');
  await until(async () => (await answer("/blog/")) === "307 -> /blog");
  // Without patterns, a path no file has goes to the worker; a browser navigation gets the 404 page.
  expect(await answer("/nope")).toBe("200 hello from the worker: GET /nope");
  expect(await navigate("/nope")).toBe("404 <p>top 404</p>");
});
