import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, expect, test } from "vitest";
import { startDevServer, until, type DevServer } from "../helpers/dev-server.js";
import { launchBrowser, withPage } from "../helpers/browser.js";

let browser: Browser;
let server: DevServer;
const explorer = () => `${server.url}/cdn-cgi/local/explorer`;

beforeAll(async () => {
  [browser, server] = await Promise.all([launchBrowser(), startDevServer("explorer")]);
  expect(await (await server.fetch("/write")).text()).toBe("written 41");
});
afterAll(async () => {
  await Promise.all([browser?.close(), server?.stop()]);
});

/** Opens the explorer at `route` (e.g. "#/bindings/KV") once its overview has loaded. */
async function open(page: Page, route: string): Promise<void> {
  await page.goto(`${explorer()}${route}`);
  await page.getByRole("navigation", { name: "Explorer" }).getByRole("link", { name: "KV" }).waitFor();
}

test("the dev server prints the explorer's link next to Vite's URLs", () => {
  expect(server.output()).toContain(`Explorer: ${server.url}/cdn-cgi/local/explorer`);
});

test("what the worker wrote to KV, R2, D1 and a Durable Object shows in each one's view", async ({ task }) => {
  await withPage(browser, task.name, async (page) => {
    await open(page, "#/bindings/KV");
    await page.getByRole("list", { name: "Keys" }).getByRole("link", { name: "greeting" }).click();
    await page.getByText("hello from the worker").waitFor();
    expect(await page.locator("dl.facts").textContent()).toContain('{"by":"worker"}');

    await open(page, "#/bindings/BUCKET");
    await page.getByRole("link", { name: "docs/" }).click();
    await page.getByRole("table", { name: "Objects" }).getByText("readme.txt").click();
    await page.getByText("an R2 object").waitFor();
    expect(await page.locator("dl.facts").textContent()).toContain("text/plain");

    await open(page, "#/bindings/DB");
    await page.getByRole("list", { name: "Tables" }).getByRole("link", { name: /notes/ }).click();
    await page.getByRole("table", { name: "Rows of notes" }).getByText("a row from the worker").waitFor();
    expect(await page.getByRole("list", { name: "Migrations" }).textContent()).toContain("0001_notes.sql");

    await open(page, "#/bindings/COUNTER");
    await page.getByRole("table", { name: "Objects" }).getByText("main").click();
    const stored = page.getByRole("table", { name: "Stored keys" });
    await stored.waitFor();
    expect(await stored.locator("tbody tr").allTextContents()).toEqual([expect.stringMatching(/^count4[12]$/)]);
    await page
      .getByRole("list", { name: "SQL tables" })
      .getByRole("link", { name: /visits/ })
      .click();
    await page.getByRole("table", { name: "Rows of visits" }).getByText("41").waitFor();
  });
});

test("a KV value edited in the page is what the worker reads on its next request", async ({ task }) => {
  await withPage(browser, task.name, async (page) => {
    await open(page, "#/bindings/KV/greeting");
    await page.getByRole("button", { name: "Edit" }).click();
    await page.getByRole("textbox", { name: "Value" }).fill("edited in the explorer");
    await page.getByRole("button", { name: "Save" }).click();
    await page.getByRole("button", { name: "Edit" }).waitFor();
    expect(await (await server.fetch("/greeting")).text()).toBe("edited in the explorer");
    await page.getByText("edited in the explorer").waitFor();
  });
});

test("a D1 query typed in the console returns rows, and a bad one D1's error", async ({ task }) => {
  await withPage(browser, task.name, async (page) => {
    await open(page, "#/bindings/DB");
    const sql = page.getByRole("form", { name: "SQL console" }).getByRole("textbox");
    await sql.fill("INSERT INTO notes (body) VALUES ('typed in the console'); SELECT body FROM notes ORDER BY id");
    await page.getByRole("button", { name: /^Run/ }).click();
    const result = page.getByRole("table", { name: "Result 2" });
    await result.waitFor();
    expect(await result.locator("tbody tr").allTextContents()).toEqual(["a row from the worker", "typed in the console"]);

    await sql.fill("SELECT * FROM nope");
    await page.getByRole("button", { name: /^Run/ }).click();
    await page.getByRole("alert").waitFor();
    expect(await page.getByRole("alert").textContent()).toMatchInlineSnapshot(`"D1_ERROR: no such table: nope: SQLITE_ERROR"`);
  });
});

test("a request shows its binding calls and custom spans in order in a waterfall, with its console output", async ({ task }) => {
  expect(await (await server.fetch("/traced")).text()).toBe("traced");
  await withPage(browser, task.name, async (page) => {
    await open(page, "#/requests");
    await page.locator('tr[data-request="GET /traced"]').click();
    const calls = page.getByRole("list", { name: "Calls" }).locator("li");
    await until(async () => (await calls.count()) === 5);
    expect(await calls.evaluateAll((items) => items.map((item) => item.getAttribute("data-span")))).toEqual([
      "custom load greeting",
      "kv get",
      "d1 first",
      "r2 head",
      "durable_object_namespace add()",
    ]);
    // A custom span (tracing.enterSpan) with its attribute; the KV read inside it is its child.
    expect(await calls.nth(0).textContent()).toContain('user="ada"');
    expect(await calls.nth(1).locator(".span-label").getAttribute("style")).toContain("padding-left: 14px");
    expect(await calls.nth(2).textContent()).toContain("SELECT count(*) AS n FROM notes");
    expect(await page.getByRole("list", { name: "Console output" }).locator("li").allTextContents()).toEqual([
      expect.stringMatching(/traced: start$/),
      expect.stringMatching(/traced: end$/),
    ]);
  });
});

test("the explorer refuses requests another site sends", async ({ task }) => {
  const api = `${explorer()}/api/overview`;
  const refused = await fetch(api, { headers: { origin: "https://evil.example" } });
  expect(refused.status).toBe(403);
  expect(await refused.text()).toMatchInlineSnapshot(`
    "[kindling] The explorer only answers this dev server's own pages, not https://evil.example.
    "
  `);
  expect((await fetch(api, { headers: { "sec-fetch-site": "cross-site" } })).status).toBe(403);
  // A write without this server's Origin (a form or a tool) is refused too.
  const put = `${explorer()}/api/bindings/KV/put`;
  expect((await fetch(put, { method: "POST", body: JSON.stringify({ key: "greeting", value: "x" }) })).status).toBe(403);
  expect((await fetch(api)).status).toBe(200);
  expect((await fetch(explorer())).headers.get("x-frame-options")).toBe("DENY");

  // A real page of another origin (same machine, another host name) cannot change state through it.
  await withPage(browser, task.name, async (page) => {
    const otherSite = server.url.replace("127.0.0.1", "localhost");
    await page.goto(`${otherSite}/`);
    const status = await page.evaluate(async (url) => {
      await fetch(url, {
        method: "POST",
        mode: "no-cors",
        body: JSON.stringify({ key: "greeting", value: "from another site" }),
      });
      return "sent";
    }, put);
    expect(status).toBe("sent");
  });
  expect(await (await server.fetch("/greeting")).text()).not.toBe("from another site");
});

test("an aborted generation shows in the generations view with its reason", async ({ task }) => {
  expect((await server.fetch("/abort")).status).toBe(500);
  await withPage(browser, task.name, async (page) => {
    await open(page, "#/generations");
    const aborted = page.locator("li.generation.aborted");
    await aborted.waitFor();
    expect(await aborted.textContent()).toContain("abortIsolate() was called: the explorer test aborted it");
    // The next request got a fresh generation, built because the first was aborted.
    expect((await server.fetch("/greeting")).status).toBe(200);
    await page.getByRole("button", { name: "Refresh" }).click();
    await page.locator('li[data-generation="2"]', { hasText: "generation 1 was aborted" }).waitFor();
  });
});
