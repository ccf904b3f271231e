/** What a page went through: the documents it loaded, and what Vite's HMR socket told it. */
import type { Page } from "playwright-core";

export interface PageWatch {
  /** URLs of the documents the page loaded (a reload or a full navigation adds one). */
  readonly documents: string[];
  /** Messages the page's Vite client received. */
  readonly hmr: { type: string; [key: string]: unknown }[];
  /** The `full-reload` messages among them. */
  reloads(): { type: string }[];
}

export function watchPage(page: Page): PageWatch {
  const documents: string[] = [];
  const hmr: PageWatch["hmr"] = [];
  page.on("request", (request) => {
    if (request.isNavigationRequest() && request.frame() === page.mainFrame()) documents.push(request.url());
  });
  page.on("websocket", (socket) => {
    socket.on("framereceived", ({ payload }) => {
      try {
        hmr.push(JSON.parse(String(payload)) as PageWatch["hmr"][number]);
      } catch {
        // not Vite's (a worker's own socket)
      }
    });
  });
  return { documents, hmr, reloads: () => hmr.filter((message) => message.type === "full-reload") };
}

/** Marks the page's window: a reload or a full navigation clears it, client-side navigation keeps it. */
export async function markWindow(page: Page): Promise<void> {
  await page.evaluate(() => ((window as unknown as { kindlingMarker: string }).kindlingMarker = "kept"));
}

export function windowMarker(page: Page): Promise<string | undefined> {
  return page.evaluate(() => (window as unknown as { kindlingMarker?: string }).kindlingMarker);
}
