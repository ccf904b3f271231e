/**
 * Headless Chromium for browser tests: Debian's `chromium` package driven by playwright-core.
 * A failing test leaves a screenshot in e2e/.output/screenshots/ (kept as a CI artifact).
 */
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { chromium, type Browser, type Page } from "playwright-core";

const e2eDir = path.resolve(fileURLToPath(import.meta.url), "../..");
export const screenshotDir = path.join(e2eDir, ".output/screenshots");
const executablePath = process.env.KINDLING_CHROMIUM ?? "/usr/bin/chromium";

export function launchBrowser(): Promise<Browser> {
  if (!fs.existsSync(executablePath)) {
    throw new Error(
      `Chromium was not found at ${executablePath}. Install it with "apt-get install -y chromium", ` +
        `or point KINDLING_CHROMIUM at a Chromium binary.`,
    );
  }
  return chromium.launch({
    executablePath,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
    timeout: 30_000,
  });
}

/** Runs `fn` with a fresh page; on failure saves a screenshot named after `name`, then rethrows. */
export async function withPage<T>(browser: Browser, name: string, fn: (page: Page) => Promise<T>): Promise<T> {
  const context = await browser.newContext();
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  try {
    return await fn(page);
  } catch (error) {
    fs.mkdirSync(screenshotDir, { recursive: true });
    const file = path.join(screenshotDir, `${name.replace(/[^\w.-]+/g, "-")}.png`);
    await page.screenshot({ path: file, fullPage: true, timeout: 5_000 }).catch(() => {});
    throw error;
  } finally {
    await context.close();
  }
}

/** Opens `url` and resolves once Vite's client on the page has connected its HMR socket. */
export async function gotoConnected(page: Page, url: string): Promise<void> {
  const connected = page.waitForEvent("console", {
    predicate: (message) => message.text().includes("[vite] connected."),
  });
  await page.goto(url);
  await connected;
}

/** The text of Vite's error overlay (it lives in a shadow root), or null when none is open. */
export function overlayText(page: Page): Promise<string | null> {
  return page.evaluate(() => document.querySelector("vite-error-overlay")?.shadowRoot?.textContent ?? null);
}
