/**
 * A binding kind's view in the local explorer (/cdn-cgi/local/explorer): host-side code of the
 * kind's unit (its `explorer.ts`) that reads and writes the kind's state files through the unit's
 * own storage, while generations use the same files (every write through `writeTransaction`).
 * It runs in Vite's process: like the rest of a unit it never imports thread, modules or host code,
 * and nothing a generation loads imports it.
 */
import type { BindingDescriptor, BindingKind } from "../protocol/bindings.js";
import type { Clock } from "../storage/clock.js";

/** What the explorer's page sent: the query string, and the body of a write. */
export interface ExplorerInput {
  query: URLSearchParams;
  /** The request body (an upload, an edited value). */
  body(): Promise<Uint8Array>;
  /** The request body as JSON. */
  json(): Promise<Record<string, unknown>>;
}

/** One call of a view: a JSON-able result, or a `Response` (a download). */
export type ExplorerAction<K extends BindingKind> = (binding: BindingDescriptor<K>, input: ExplorerInput) => unknown;

export interface ExplorerView<K extends BindingKind> {
  /** Answered on GET: what the page shows. */
  reads: Readonly<Record<string, ExplorerAction<K>>>;
  /** Answered on POST only (same-origin): what the page changes. */
  writes: Readonly<Record<string, ExplorerAction<K>>>;
}

/** What views may draw on; the host fills it in. */
export interface ExplorerContext {
  /** The state directory. */
  persist: string;
  /** The project root (D1's migrations directory is relative to it). */
  root: string;
  clock: Clock;
  /** The hibernatable WebSockets the host keeps open for one Durable Object. */
  webSockets?(storageName: string, id: string): { id: string; tags: string[] }[];
  /** Names seen for Durable Object ids (objects made with `idFromName`/`getByName`) since vite dev started. */
  objectName?(storageName: string, id: string): string | undefined;
}

export type ExplorerViewFactory<K extends BindingKind> = (context: ExplorerContext) => ExplorerView<K>;

/** Bad input from the page: answered with 400 and this message. */
export class ExplorerInputError extends Error {
  override name = "ExplorerInputError";
}

/** A required query parameter. */
export function requireParam(input: ExplorerInput, name: string): string {
  const value = input.query.get(name);
  if (value === null)
    throw new ExplorerInputError(`[kindling] The explorer request is missing "${name}". Pass ${name}=... in the query.`);
  return value;
}

/** A whole-number query parameter from `min` to `max`, or `fallback` when absent. */
export function intParam(input: ExplorerInput, name: string, fallback: number, min: number, max: number): number {
  const raw = input.query.get(name);
  if (raw === null || raw === "") return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ExplorerInputError(`[kindling] ${name}=${raw} is not a whole number from ${min} to ${max}.`);
  }
  return value;
}
