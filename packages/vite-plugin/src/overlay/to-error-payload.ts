/** Any error from a worker -> the `err` of Vite's `{ type: "error" }` payload, as its overlay expects. */
import fs from "node:fs";
import { stripVTControlCharacters as strip } from "node:util";
import type { ErrorPayload } from "vite";
import { cleanStack, firstUserLocation, type StackLocation } from "./clean-stack.js";
import { codeFrame } from "./code-frame.js";

export type OverlayError = ErrorPayload["err"];

/** Properties Vite's plugin container puts on transform errors; they survive the thread boundary. */
interface ViteErrorProps {
  id?: unknown;
  loc?: { file?: unknown; line?: unknown; column?: unknown };
  frame?: unknown;
  plugin?: unknown;
  pluginCode?: unknown;
  /** Oxc's diagnostics on a "Transform failed" error; the first one carries the location. */
  errors?: unknown;
}

/**
 * ANSI stripped, internal frames dropped; `id`, `loc` and `frame` from Vite when it set them
 * (syntax errors), else from the first frame of the user's code (source-mapped by the runner).
 */
export function toErrorPayload(error: unknown): OverlayError {
  const err = error instanceof Error ? error : new Error(String(error));
  const props = err as Error & ViteErrorProps;
  const stack = strip(cleanStack(err.stack ?? ""));
  const viteLoc = viteLocation(props) ?? viteLocation(firstDiagnostic(props));
  const loc = viteLoc ?? firstUserLocation(stack);
  const id = typeof props.id === "string" ? props.id : loc?.file;
  // Vite's errors carry their own frame (or one inside the message); stack locations get one from the file.
  const frame = typeof props.frame === "string" ? strip(props.frame) : !viteLoc && loc ? readFrame(loc) : "";
  const payload: OverlayError = { message: strip(describe(err)), stack, frame };
  if (id) payload.id = id;
  if (loc) payload.loc = loc;
  if (typeof props.plugin === "string") payload.plugin = props.plugin;
  if (typeof props.pluginCode === "string") payload.pluginCode = props.pluginCode;
  return payload;
}

/** The payload as plain text: what a non-HTML request and the terminal get. */
export function formatErrorText(payload: OverlayError, { color = (_: "yellow" | "dim", s: string) => s } = {}): string {
  const parts = [payload.message];
  if (payload.plugin) parts.push(`  Plugin: ${payload.plugin}`);
  const loc = payload.loc;
  if (loc?.file ?? payload.id) parts.push(`  File: ${loc?.file ?? payload.id}${loc ? `:${loc.line}:${loc.column}` : ""}`);
  if (payload.frame) parts.push(color("yellow", indent(payload.frame)));
  if (payload.stack) parts.push(color("dim", payload.stack));
  return parts.join("\n");
}

function describe(err: Error): string {
  if (err.name === "Error" || !err.name || err.message.startsWith("[kindling]")) return err.message;
  return `${err.name}: ${err.message}`;
}

/** Vite's `loc` has a 0-based column (Rollup's convention); stack traces and editors count from 1. */
function viteLocation(props: ViteErrorProps | undefined): StackLocation | undefined {
  const loc = props?.loc;
  if (!loc || typeof loc.line !== "number" || typeof loc.column !== "number") return undefined;
  const file = typeof loc.file === "string" ? loc.file : typeof props.id === "string" ? props.id : undefined;
  if (!file) return undefined;
  return { file, line: loc.line, column: loc.column + 1 };
}

function firstDiagnostic(props: ViteErrorProps): ViteErrorProps | undefined {
  const first: unknown = Array.isArray(props.errors) ? props.errors[0] : undefined;
  return first && typeof first === "object" ? (first as ViteErrorProps) : undefined;
}

function readFrame(loc: StackLocation): string {
  try {
    return codeFrame(fs.readFileSync(loc.file, "utf8"), loc.line, loc.column);
  } catch {
    return "";
  }
}

function indent(text: string): string {
  return text
    .split("\n")
    .map((line) => `  ${line}`)
    .join("\n");
}
