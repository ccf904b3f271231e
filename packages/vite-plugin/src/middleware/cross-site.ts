/** Kindling's own routes (/cdn-cgi/*) answer only this dev server's pages, never another site's (CSRF). */
import type { IncomingMessage } from "node:http";

/** The foreign origin of a browser request sent by another site, if it is one. */
export function crossSiteOrigin(req: IncomingMessage): string | undefined {
  const origin = req.headers.origin;
  if (origin && origin !== "null") {
    try {
      if (new URL(origin).host !== req.headers.host) return origin;
    } catch {
      return origin;
    }
  }
  if (req.headers["sec-fetch-site"] === "cross-site") return "another site";
  return undefined;
}
