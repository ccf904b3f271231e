/** A plain-text answer from Kindling itself (not from the worker). */
import type { ServerResponse } from "node:http";

export function sendText(res: ServerResponse, status: number, text: string): void {
  res.statusCode = status;
  res.setHeader("content-type", "text/plain; charset=utf-8");
  res.setHeader("cache-control", "no-store");
  res.end(`${text}\n`);
}
