import type { Browser } from "playwright-core";
import { afterAll, beforeAll, expect, test } from "vitest";
import { startDevServer, until } from "../helpers/dev-server.js";
import { gotoConnected, launchBrowser, overlayText, withPage } from "../helpers/browser.js";

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

test("a syntax error opens the overlay on the open page; fixing it closes it and shows the new text", async ({ task }) => {
  const server = await startDevServer("browser");
  try {
    await withPage(browser, task.name, async (page) => {
      await gotoConnected(page, server.url);
      server.write("src/lib/deep/text.ts", 'export const text = "text v2;\n');
      const text = await until(() => overlayText(page));
      expect(text).toMatch(/src\/lib\/deep\/text\.ts:1:\d+/);
      expect(text).toContain("Unterminated string");

      server.write("src/lib/deep/text.ts", 'export const text = "text v3";\n');
      await page.locator("#text", { hasText: "text v3" }).waitFor();
      expect(await overlayText(page)).toBeNull();
    });
  } finally {
    await server.stop();
  }
});

test("a route that throws shows the overlay with the user's file and line, also after a hard reload", async ({ task }) => {
  const server = await startDevServer("browser");
  try {
    await withPage(browser, task.name, async (page) => {
      const response = await page.goto(`${server.url}/throw`);
      expect(response?.status()).toBe(500);
      const text = await until(() => overlayText(page));
      expect(text).toContain("no user named nobody");
      expect(text).toMatch(/at findUser \(\S*\/src\/routes\/throw\.ts:12:9\)/);
      expect(text).toMatch(/at failingRoute \(\S*\/src\/routes\/throw\.ts:7:16\)/);
      expect(text).not.toMatch(/kindling|node:internal|vite\/dist/);

      await page.reload();
      expect(await until(() => overlayText(page))).toContain("no user named nobody");
    });
  } finally {
    await server.stop();
  }
});
