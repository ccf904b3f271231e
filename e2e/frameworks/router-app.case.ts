/**
 * The tests every client-routed framework app passes (React Router 7 and 8, TanStack Start), in
 * Chromium, on one `vite dev` server per file: the fixtures share their element ids (home: #heading
 * #message #generation #count #to-notes; notes: #notes #note-text #add #added).
 */
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, expect, test } from "vitest";
import { startDevServer, type DevServer, type StartOptions } from "../helpers/dev-server.js";
import { gotoConnected, launchBrowser, withPage } from "../helpers/browser.js";
import { markWindow, watchPage, windowMarker } from "../helpers/page-watch.js";

export interface RouterAppCase {
  fixture: string;
  start?: () => StartOptions;
  /** The home route's module, relative to the app's root. */
  homeRoute: string;
  /** Text of the server-rendered home page (from `env`). */
  ssrText: string[];
}

export function routerAppCases({ fixture, start, homeRoute, ssrText }: RouterAppCase): void {
  let server: DevServer;
  let browser: Browser;
  beforeAll(async () => {
    [server, browser] = await Promise.all([startDevServer(fixture, start?.()), launchBrowser()]);
  }, 120_000);
  afterAll(async () => {
    await Promise.all([server?.stop(), browser?.close()]);
  });

  test("the first page load hydrates on one generation, and nothing tells the page to reload", async ({ task }) => {
    await withPage(browser, task.name, async (page) => {
      const watch = watchPage(page);
      // The first load compiles the app and optimizes its dependencies: slow on a busy machine.
      page.setDefaultTimeout(60_000);
      await gotoConnected(page, server.url);
      await page.locator('main[data-hydrated="true"]').waitFor();
      page.setDefaultTimeout(15_000);
      expect(await page.locator("#generation").textContent()).toBe("1");
      // The client loads the next route's modules on the way (new dependencies, lazy chunks).
      await page.locator("#to-notes").click();
      await page.locator("#heading", { hasText: "Notes" }).waitFor();
      expect(watch.reloads()).toEqual([]);
      expect(watch.documents).toEqual([`${server.url}/`]);
      expect(server.output()).not.toMatch(/generation \d+ ready/);
    });
  });

  test("the server renders the home page with the loader's data from env", async () => {
    const response = await server.fetch("/");
    expect(response.status).toBe(200);
    const html = await response.text();
    for (const text of ssrText) expect(html).toContain(text);
  });

  test("client-side navigation and an action's redirect never reload the document", async ({ task }) => {
    await withPage(browser, task.name, async (page) => {
      const watch = watchPage(page);
      await gotoConnected(page, server.url);
      await page.locator('main[data-hydrated="true"]').waitFor();
      await markWindow(page);
      await page.locator("#to-notes").click();
      await page.locator("#heading", { hasText: "Notes" }).waitFor();
      expect(new URL(page.url()).pathname).toBe("/notes");

      await page.locator("#note-text").fill("first note");
      await page.locator("#add").click();
      await page.locator("#added", { hasText: "Added first note" }).waitFor();
      expect(new URL(page.url()).searchParams.get("added")).toBe("first note");
      // A framework may render the redirect first and its loader data when it arrives (TanStack Router).
      await page.locator("#notes li", { hasText: "first note" }).waitFor();

      expect(await windowMarker(page)).toBe("kept");
      expect(watch.documents).toEqual([`${server.url}/`]);
      expect(watch.reloads()).toEqual([]);
    });
  });

  test("editing a route updates the open page in place: client state kept, loaders on the new generation", async ({ task }) => {
    await withPage(browser, task.name, async (page) => {
      const watch = watchPage(page);
      await gotoConnected(page, server.url);
      await page.locator('main[data-hydrated="true"]').waitFor();
      await markWindow(page);
      await page.locator("#count").click();
      await page.locator("#count").click();
      await page.locator("#count", { hasText: "count 2" }).waitFor();
      const before = Number(await page.locator("#generation").textContent());

      server.edit(homeRoute, "Home v1", "Home v2");
      await page.locator("#heading", { hasText: "Home v2" }).waitFor();
      // The framework refetched the loader's data: it came from the generation with the edit.
      await page.locator("#generation", { hasText: String(before + 1) }).waitFor();
      expect(await page.locator("#count").textContent()).toBe("count 2");
      expect(await windowMarker(page)).toBe("kept");
      expect(watch.reloads()).toEqual([]);
      expect(watch.documents).toHaveLength(1);
    });
  });
}
