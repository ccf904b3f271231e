import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import { AssetServer, type AssetServerOptions } from "./asset-server.js";
import { createDirectorySource } from "./directory-source.js";
import type { HtmlHandling } from "./html-handling.js";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "kindling-assets-"));
const files: Record<string, string> = {
  "index.html": "home",
  "about.html": "about",
  "blog/index.html": "blog",
  "docs/intro.html": "intro",
  "404.html": "top 404",
  "sub/404.html": "sub 404",
  "style.css": "body{}",
  "data.bin": "\u0000",
  "secret.txt": "no",
  ".assetsignore": "secret.txt\n",
  _redirects: [
    "/old /about 301",
    "/moved /about",
    "/rewrite /about 200",
    "/blog/:year/:slug /posts/:slug?y=:year 308",
    "/files/* /docs/:splat",
  ].join("\n"),
  _headers: [
    "/*",
    "  X-Frame-Options: DENY",
    "/style.css",
    "  ! X-Frame-Options",
    "  Cache-Control: max-age=60",
    "/docs/*",
    "  X-Docs: :splat",
  ].join("\n"),
};
for (const [file, text] of Object.entries(files)) {
  fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
  fs.writeFileSync(path.join(dir, file), text);
}
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const warnings: string[] = [];
function server(options: Partial<AssetServerOptions> = {}) {
  return new AssetServer(createDirectorySource(dir), {
    htmlHandling: "auto-trailing-slash",
    notFoundHandling: "none",
    navigationPrefersAssets: true,
    staticRouting: false,
    warn: (message) => warnings.push(message),
    ...options,
  });
}

/** "200 about" or "307 -> /about" for each path. */
async function answers(assets: AssetServer, paths: string[]): Promise<string[]> {
  return Promise.all(
    paths.map(async (p) => {
      const response = await assets.fetch(new Request(`http://localhost${p}`));
      const location = response.headers.get("location");
      return `${p} ${response.status} ${location ? `-> ${location}` : await response.text()}`;
    }),
  );
}

const paths = ["/", "/index.html", "/about", "/about.html", "/about/", "/blog", "/blog/", "/blog/index.html", "/blog/index"];

describe("html_handling", () => {
  test.each<[HtmlHandling, string[]]>([
    [
      "auto-trailing-slash",
      [
        "/ 200 home",
        "/index.html 307 -> /",
        "/about 200 about",
        "/about.html 307 -> /about",
        "/about/ 307 -> /about",
        "/blog 307 -> /blog/",
        "/blog/ 200 blog",
        "/blog/index.html 307 -> /blog/",
        "/blog/index 307 -> /blog/",
      ],
    ],
    [
      "force-trailing-slash",
      [
        "/ 200 home",
        "/index.html 307 -> /",
        "/about 307 -> /about/",
        "/about.html 307 -> /about/",
        "/about/ 200 about",
        "/blog 307 -> /blog/",
        "/blog/ 200 blog",
        "/blog/index.html 307 -> /blog/",
        "/blog/index 307 -> /blog/",
      ],
    ],
    [
      "drop-trailing-slash",
      [
        "/ 200 home",
        "/index.html 307 -> /",
        "/about 200 about",
        "/about.html 307 -> /about",
        "/about/ 307 -> /about",
        "/blog 200 blog",
        "/blog/ 307 -> /blog",
        "/blog/index.html 307 -> /blog",
        "/blog/index 307 -> /blog",
      ],
    ],
    [
      "none",
      [
        "/ 404 ",
        "/index.html 200 home",
        "/about 404 ",
        "/about.html 200 about",
        "/about/ 404 ",
        "/blog 404 ",
        "/blog/ 404 ",
        "/blog/index.html 200 blog",
        "/blog/index 404 ",
      ],
    ],
  ])("%s", async (htmlHandling, expected) => {
    expect(await answers(server({ htmlHandling }), paths)).toEqual(expected);
  });
});

test("not_found_handling: single-page-application serves /index.html with 200, 404-page the nearest 404.html with 404", async () => {
  expect(await answers(server({ notFoundHandling: "single-page-application" }), ["/app/route", "/x.png"])).toEqual([
    "/app/route 200 home",
    "/x.png 200 home",
  ]);
  expect(await answers(server({ notFoundHandling: "404-page" }), ["/nope", "/sub/deep/nope"])).toEqual([
    "/nope 404 top 404",
    "/sub/deep/nope 404 sub 404",
  ]);
});

test("_redirects: status codes, placeholders, splats, the query kept, and 200 rewrites", async () => {
  expect(await answers(server(), ["/old", "/moved?x=1", "/rewrite", "/blog/2024/hello", "/files/a/b"])).toEqual([
    "/old 301 -> /about",
    "/moved?x=1 302 -> /about?x=1",
    "/rewrite 200 about",
    "/blog/2024/hello 308 -> /posts/hello?y=2024",
    "/files/a/b 302 -> /docs/a/b",
  ]);
});

test("_headers: set on matching paths, removed with !, placeholders filled; rule files and ignored files are not assets", async () => {
  const assets = server();
  const css = await assets.fetch(new Request("http://localhost/style.css"));
  expect([css.headers.get("x-frame-options"), css.headers.get("cache-control"), css.headers.get("content-type")]).toEqual([
    null,
    "max-age=60",
    "text/css; charset=utf-8",
  ]);
  const doc = await assets.fetch(new Request("http://localhost/docs/intro"));
  expect([doc.headers.get("x-docs"), doc.headers.get("x-frame-options")]).toEqual(["intro", "DENY"]);
  expect(await answers(assets, ["/_headers", "/_redirects", "/.assetsignore", "/secret.txt", "/../index.html"])).toEqual([
    "/_headers 404 ",
    "/_redirects 404 ",
    "/.assetsignore 404 ",
    "/secret.txt 404 ",
    "/../index.html 307 -> /",
  ]);
});

test("ETag: If-None-Match (strong or weak) answers 304; a changed file gets a new ETag at once", async () => {
  const assets = server();
  const first = await assets.fetch(new Request("http://localhost/style.css"));
  const etag = first.headers.get("etag")!;
  expect(etag).toMatch(/^"[0-9a-f]{32}"$/);
  for (const match of [etag, `W/${etag}`]) {
    const again = await assets.fetch(new Request("http://localhost/style.css", { headers: { "If-None-Match": match } }));
    expect(again.status).toBe(304);
  }
  fs.writeFileSync(path.join(dir, "style.css"), "body{color:red}");
  const changed = await assets.fetch(new Request("http://localhost/style.css", { headers: { "If-None-Match": etag } }));
  expect([changed.status, await changed.text()]).toEqual([200, "body{color:red}"]);
  expect(changed.headers.get("etag")).not.toBe(etag);
});

test("canFetch: a navigation gets not_found_handling before the worker, other requests only existing files", async () => {
  const assets = server({ notFoundHandling: "single-page-application" });
  const navigate = { headers: { "Sec-Fetch-Mode": "navigate" } };
  expect(await assets.canFetch(new Request("http://localhost/app/route", navigate))).toBe(true);
  expect(await assets.canFetch(new Request("http://localhost/api/data"))).toBe(false);
  expect(await assets.canFetch(new Request("http://localhost/about"))).toBe(true);
  expect(
    await server({ notFoundHandling: "single-page-application", navigationPrefersAssets: false }).canFetch(
      new Request("http://localhost/app/route", navigate),
    ),
  ).toBe(false);
});

test("POST to an asset is 405; invalid rule lines are skipped with Cloudflare's message", async () => {
  const post = await server().fetch(new Request("http://localhost/about", { method: "POST" }));
  expect(post.status).toBe(405);
  fs.writeFileSync(path.join(dir, "_redirects"), "/a /b 404\nnot-a-path /b\n");
  warnings.length = 0;
  await server().fetch(new Request("http://localhost/"));
  expect(warnings.join("\n")).toMatchInlineSnapshot(`
    "Found 1 invalid redirect rule:
    ▶︎ Valid status codes are 200, 301, 302 (default), 303, 307, or 308. Got 404.
        at _redirects:1 | /a /b 404"
  `);
});
