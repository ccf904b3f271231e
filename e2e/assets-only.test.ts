/** A project with assets and no worker ("main"): a single-page app in vite dev, vite build and Chromium. */
import fs from "node:fs";
import path from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, expect, test } from "vitest";
import { copyFixture, startDevServer, viteBuild, type DevServer } from "./helpers/dev-server.js";
import { launchBrowser, withPage } from "./helpers/browser.js";

let server: DevServer;
let browser: Browser | undefined;
beforeAll(async () => {
  server = await startDevServer("assets-only");
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

test("vite dev serves Vite's client, with index.html for every path (single-page-application)", async () => {
  const home = await server.fetch("/");
  expect(home.status).toBe(200);
  const html = await home.text();
  expect(html).toContain('<script type="module" src="/@vite/client"></script>');
  expect(html).toContain('<script type="module" src="/src/main.ts"></script>');
  const deep = await server.fetch("/some/client/route");
  expect([deep.status, await deep.text()]).toEqual([200, html]);
  expect(await (await server.fetch("/robots.txt")).text()).toBe("User-agent: *\n");
  expect((await server.fetch("/src/main.ts")).headers.get("content-type")).toContain("javascript");
  const redirect = await server.fetch("/index.html", { redirect: "manual" });
  expect([redirect.status, redirect.headers.get("location")]).toEqual([307, "/"]);
});

test("in Chromium, client-side routes work, and a hard load of a route gets the app", async () => {
  browser = await launchBrowser();
  await withPage(browser, "assets-only-spa", async (page) => {
    await page.goto(server.url + "/");
    await page.waitForSelector("text=route: /");
    await page.click("a[href='/about']");
    await page.waitForSelector("text=route: /about");
    await page.reload();
    await page.waitForSelector("text=route: /about");
    await page.goto(server.url + "/deep/link/42");
    await page.waitForSelector("text=route: /deep/link/42");
  });
});

test("vite build emits the client and an assets-only wrangler.json", async () => {
  const root = copyFixture("assets-only");
  await viteBuild(root);
  const read = (file: string) => fs.readFileSync(path.join(root, file), "utf8");
  expect(JSON.parse(read("dist/wrangler.json"))).toEqual({
    name: "assets-only",
    compatibility_date: "2026-06-01",
    assets: { not_found_handling: "single-page-application", directory: "." },
  });
  expect(JSON.parse(read(".wrangler/deploy/config.json"))).toEqual({
    configPath: "../../dist/wrangler.json",
    auxiliaryWorkers: [],
  });
  expect(read("dist/.assetsignore")).toBe("wrangler.json\n.dev.vars\n");
  expect(read("dist/robots.txt")).toBe("User-agent: *\n");
  expect(read("dist/index.html")).toMatch(/<script type="module" crossorigin src="\/assets\/index-[\w-]+\.js"><\/script>/);
});

test("vite build takes CLOUDFLARE_ENV from Vite's .env.<mode> file, as @cloudflare/vite-plugin does", async () => {
  const root = copyFixture("assets-only");
  const config = path.join(root, "wrangler.jsonc");
  const text = fs
    .readFileSync(config, "utf8")
    .replace('"assets": {', '"env": { "staging": { "vars": { "STAGE": "staging" } } },\n  "assets": {');
  fs.writeFileSync(config, text);
  fs.writeFileSync(path.join(root, ".env.production"), "CLOUDFLARE_ENV=staging\n");
  await viteBuild(root);
  const output = JSON.parse(fs.readFileSync(path.join(root, "dist/wrangler.json"), "utf8"));
  expect([output.name, output.vars, output.env]).toEqual(["assets-only-staging", { STAGE: "staging" }, undefined]);
});
