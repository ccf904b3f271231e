import type { Browser } from "playwright-core";
import { afterAll, beforeAll, expect, test } from "vitest";
import { startDevServer } from "../helpers/dev-server.js";
import { gotoConnected, launchBrowser, withPage } from "../helpers/browser.js";

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

test("the worker renders the page and its client script runs", async ({ task }) => {
  const server = await startDevServer("browser");
  try {
    await withPage(browser, task.name, async (page) => {
      await gotoConnected(page, server.url);
      expect(await page.locator("#text").textContent()).toBe("text v1");
      expect(await page.locator("#generation").textContent()).toBe("1");
      await page.locator("#client", { hasText: "client v1" }).waitFor();
    });
  } finally {
    await server.stop();
  }
});

test("editing a module two levels below the entry reloads the open page with the new text", async ({ task }) => {
  const server = await startDevServer("browser");
  try {
    await withPage(browser, task.name, async (page) => {
      await gotoConnected(page, server.url);
      await page.evaluate(() => ((window as unknown as { marker: string }).marker = "before"));
      server.edit("src/lib/deep/text.ts", "text v1", "text v2");
      await page.locator("#text", { hasText: "text v2" }).waitFor();
      expect(await page.locator("#generation").textContent()).toBe("2");
      // A real reload, not an in-place update: the page's state is gone.
      expect(await page.evaluate(() => (window as unknown as { marker?: string }).marker)).toBeUndefined();
    });
  } finally {
    await server.stop();
  }
});

test("client-side HMR of /src/client.ts updates the page in place and leaves the worker alone", async ({ task }) => {
  const server = await startDevServer("browser");
  try {
    await withPage(browser, task.name, async (page) => {
      await gotoConnected(page, server.url);
      await page.locator("#client", { hasText: "client v1" }).waitFor();
      await page.evaluate(() => ((window as unknown as { marker: string }).marker = "kept"));
      server.edit("src/client.ts", "client v1", "client v2");
      await page.locator("#client", { hasText: "client v2" }).waitFor();
      expect(await page.evaluate(() => (window as unknown as { marker?: string }).marker)).toBe("kept");
      await server.waitForOutput("hmr update /src/client.ts");
      expect(server.output()).not.toContain("generation 2 ready");
      expect(await page.locator("#generation").textContent()).toBe("1");
    });
  } finally {
    await server.stop();
  }
});
