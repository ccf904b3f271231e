/**
 * Hono on its Cloudflare template (create-hono's "cloudflare-workers+vite": hono/jsx SSR, Vite's
 * client through vite-ssr-components, a hono/jsx/dom island), in Chromium, on one `vite dev` server.
 */
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, expect, test } from "vitest";
import { startDevServer, type DevServer } from "../helpers/dev-server.js";
import { gotoConnected, launchBrowser, withPage } from "../helpers/browser.js";
import { watchPage } from "../helpers/page-watch.js";

let server: DevServer;
let browser: Browser;
beforeAll(async () => {
  [server, browser] = await Promise.all([startDevServer("hono"), launchBrowser()]);
}, 120_000);
afterAll(async () => {
  await Promise.all([server?.stop(), browser?.close()]);
});

test("the first page load hydrates the island on one generation, and nothing tells the page to reload", async ({ task }) => {
  await withPage(browser, task.name, async (page) => {
    const watch = watchPage(page);
    page.setDefaultTimeout(60_000); // the first load compiles the app: slow on a busy machine
    await gotoConnected(page, server.url);
    await page.locator('#island[data-hydrated="true"]').waitFor();
    page.setDefaultTimeout(15_000);
    expect(await page.locator("#generation").textContent()).toBe("1");
    await page.locator("#count").click();
    await page.locator("#count", { hasText: "island count 1" }).waitFor();
    expect(watch.reloads()).toEqual([]);
    expect(watch.documents).toEqual([`${server.url}/`]);
    expect(server.output()).not.toMatch(/generation \d+ ready/);
  });
});

test("the server renders env from the context and from cloudflare:workers", async () => {
  const html = await (await server.fetch("/")).text();
  expect(html).toContain('<p id="message">Hello from Hono</p>');
  expect(html).toContain('<p id="from-module">Hello from Hono</p>');
  // Vite's client and the island's module, as vite-ssr-components writes them in dev.
  expect(html).toContain('src="/@vite/client"');
  expect(html).toContain('src="/src/client.tsx"');
});

test("a form post to KV redirects to the page that lists it", async ({ task }) => {
  await withPage(browser, task.name, async (page) => {
    const watch = watchPage(page);
    await gotoConnected(page, `${server.url}/notes`);
    await page.locator("#note-text").fill("hono note");
    await page.locator("#add").click();
    await page.locator("#added", { hasText: "Added hono note" }).waitFor();
    expect(await page.locator("#notes li").allTextContents()).toContain("hono note");
    expect(watch.reloads()).toEqual([]);
  });
});

test("editing the worker's route reloads the open page onto the new generation", async ({ task }) => {
  await withPage(browser, task.name, async (page) => {
    const watch = watchPage(page);
    await gotoConnected(page, server.url);
    await page.locator('#island[data-hydrated="true"]').waitFor();
    const before = Number(await page.locator("#generation").textContent());

    server.edit("src/index.tsx", "Home v1", "Home v2");
    await page.locator("#heading", { hasText: "Home v2" }).waitFor();
    await page.locator('#island[data-hydrated="true"]').waitFor();
    expect(await page.locator("#generation").textContent()).toBe(String(before + 1));
    // vite-ssr-components reloads the page for any server module change too (its hotReload option).
    expect(watch.reloads().length).toBeGreaterThanOrEqual(1);
    await server.waitForOutput(/generation 2 ready/);
  });
});
