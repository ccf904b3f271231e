/** Answers of Kindling's own /cdn-cgi routes. */
import type { ServerResponse } from "node:http";
import { stripVTControlCharacters } from "node:util";

export function sendPlain(res: ServerResponse, status: number, text: string): void {
  res.statusCode = status;
  res.setHeader("content-type", "text/plain; charset=utf-8");
  res.end(stripVTControlCharacters(text));
}

export function sendJson(res: ServerResponse, status: number, value: unknown): void {
  res.statusCode = status;
  res.setHeader("content-type", "application/json");
  res.end(JSON.stringify(value));
}
