/**
 * Where a worker's errors go: the terminal (each distinct error once per generation) and Vite's
 * browser overlay (every open page; the latest evaluation error also to pages that connect later).
 */
import path from "node:path";
import { styleText } from "node:util";
import type { ErrorPayload, HotChannelClient, Logger } from "vite";
import { formatErrorText, toErrorPayload, type OverlayError } from "./to-error-payload.js";

export type ErrorSource =
  | "evaluation"
  | "config"
  | "request"
  | "waitUntil"
  | "unhandledRejection"
  | "uncaughtException"
  | "scheduled"
  | "email"
  | "queue"
  | "workflow";

/** The part of Vite's `server.ws` the reporter uses. */
export interface OverlayChannel {
  readonly clients: { readonly size: number };
  send(payload: ErrorPayload): void;
}

export interface ErrorReporterOptions {
  workerName(): string;
  logger: Logger;
  overlay: OverlayChannel;
  root: string;
}

const labels: Record<ErrorSource, string> = {
  scheduled: "scheduled handler error",
  email: "email handler error",
  queue: "queue handler error",
  workflow: "workflow error",
  evaluation: "failed to load",
  config: "config error",
  request: "request error",
  waitUntil: "error in ctx.waitUntil()",
  unhandledRejection: "unhandled promise rejection",
  uncaughtException: "uncaught exception",
};

export class ErrorReporter {
  #options: ErrorReporterOptions;
  #printed = new Map<string, number>();
  #blocking: OverlayError | undefined;
  /** Errors already told in one line; the requests that fail with them are not printed again. */
  #announced = new WeakSet<object>();

  constructor(options: ErrorReporterOptions) {
    this.#options = options;
  }

  /** Prints the error (unless this generation printed it already) and shows it in open pages. */
  report(error: unknown, source: ErrorSource): OverlayError {
    const payload = toErrorPayload(error);
    if (!(typeof error === "object" && error !== null && this.#announced.has(error))) this.#print(payload, source);
    if (source === "evaluation" || source === "config") this.#blocking = payload;
    // With no page open Vite would buffer the payload for the next one; only evaluation errors are replayed.
    if (this.#options.overlay.clients.size > 0) this.#options.overlay.send({ type: "error", err: payload });
    return payload;
  }

  /**
   * A generation ended before its time (abortIsolate, a limit, its thread exited): one line in the
   * terminal, however many in-flight requests fail with `error` afterwards.
   */
  announce(error: Error): void {
    this.#announced.add(error);
    this.#options.logger.warn(error.message, { timestamp: true });
  }

  /** A new generation evaluated cleanly: forget what was printed and the error to replay. */
  recovered(): void {
    this.#blocking = undefined;
    this.#printed.clear();
  }

  /** A page connected to Vite's HMR channel: show it the error that keeps the new code from running. */
  replay(client: HotChannelClient): void {
    if (this.#blocking) client.send({ type: "error", err: this.#blocking });
  }

  #print(payload: OverlayError, source: ErrorSource): void {
    const key = `${source}\n${payload.message}\n${payload.stack}`;
    const seen = this.#printed.get(key) ?? 0;
    this.#printed.set(key, seen + 1);
    const { logger, root } = this.#options;
    const name = this.#options.workerName();
    if (seen === 1) {
      logger.info(
        styleText("dim", `[kindling] ${name}: the same ${labels[source]} again; repeats are not printed until the code changes.`),
        {
          timestamp: true,
        },
      );
    }
    if (seen > 0) return;
    const relative = relativize(payload, root);
    const text = formatErrorText(relative, { color: (style, s) => styleText(style, s) });
    logger.error(`${styleText("red", `[kindling] ${name}: ${labels[source]}:`)} ${text}`, { timestamp: true });
  }
}

/** Shorter paths for the terminal; the overlay keeps absolute ones (Vite links them to the editor). */
function relativize(payload: OverlayError, root: string): OverlayError {
  const shorten = (file: string) =>
    path.isAbsolute(file) && file.startsWith(root + path.sep) ? path.relative(root, file) : file;
  const loc = payload.loc?.file ? { ...payload.loc, file: shorten(payload.loc.file) } : payload.loc;
  return { ...payload, loc, id: payload.id && shorten(payload.id), stack: payload.stack.split(root + path.sep).join("") };
}
