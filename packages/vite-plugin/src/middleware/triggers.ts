/**
 * `/cdn-cgi/handler/scheduled` and `/cdn-cgi/handler/email` (also under `/cdn-cgi/local/`, Miniflare 5's
 * paths): run the worker's `scheduled` / `email` handler by hand. `worker=<name>` picks the worker.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { stripVTControlCharacters } from "node:util";
import type { Connect } from "vite";
import type { TriggerResult } from "@kindling/runtime/protocol";
import type { WorkerHost } from "../environment/worker-host.js";
import { readEmailBody } from "./read-email-body.js";
import { crossSiteOrigin } from "./cross-site.js";

const triggerPath = /^\/cdn-cgi\/(?:handler|local)\/(scheduled|email)\/?$/;
type Outcome = TriggerResult | { outcome: "failed"; error: Error };

export function triggersMiddleware(hosts: readonly WorkerHost[]): Connect.NextHandleFunction {
  return async function kindlingTriggersMiddleware(req, res, next) {
    if (!req.url?.startsWith("/cdn-cgi/")) return next();
    const url = new URL((req as { originalUrl?: string }).originalUrl ?? req.url ?? "/", "http://localhost");
    const kind = triggerPath.exec(url.pathname)?.[1] as "scheduled" | "email" | undefined;
    if (!kind) return next();
    const crossSite = crossSiteOrigin(req);
    if (crossSite) {
      // A page on another site must not be able to fire this worker's handlers (CSRF), as Miniflare guards too.
      return send(
        res,
        403,
        `[kindling] ${url.pathname} only accepts requests from this dev server's own pages, not from ${crossSite}.`,
      );
    }
    const name = url.searchParams.get("worker");
    const host = name === null ? hosts[0] : hosts.find((h) => h.config.name === name);
    if (!host) {
      const known = hosts.map((h) => `"${h.config.name}"`).join(", ");
      return send(res, 404, `[kindling] There is no worker named "${name}" (worker= in ${url.pathname}). Workers: ${known}.`);
    }
    const json = url.searchParams.get("format") === "json";
    try {
      if (kind === "scheduled") await scheduled(host, req, res, url.searchParams, json);
      else await email(host, req, res, url.searchParams, json);
    } catch (error) {
      host.reporter.report(error, kind);
      send(res, 500, String((error as Error).stack ?? error));
    }
  };
}

async function scheduled(
  host: WorkerHost,
  req: IncomingMessage,
  res: ServerResponse,
  params: URLSearchParams,
  json: boolean,
): Promise<void> {
  if (req.method !== "GET" && req.method !== "POST") return send(res, 405, "Use GET or POST for /cdn-cgi/handler/scheduled.");
  const time = params.get("time");
  const scheduledTime = time === null || time === "" ? Date.now() : Number(time);
  if (!Number.isFinite(scheduledTime)) {
    return send(res, 400, `[kindling] time=${time} is not a number. Pass milliseconds since the epoch, e.g. time=${Date.now()}.`);
  }
  const result = await host.trigger({ type: "scheduled", cron: params.get("cron") ?? "", scheduledTime });
  if (result.outcome === "no-handler") return noHandler(res, host, "scheduled", "controller, env, ctx");
  if (result.outcome === "ok" || result.outcome === "exception") {
    const status = result.outcome === "ok" ? 200 : 500;
    if (result.error) host.reporter.report(result.error, "scheduled");
    if (json) return sendJson(res, status, { outcome: result.outcome, noRetry: result.noRetry ?? false, error: result.error });
    return send(res, status, result.error ? `${result.outcome}\n${result.error.stack ?? result.error.message}` : result.outcome);
  }
  return failed(host, res, result, "scheduled");
}

async function email(
  host: WorkerHost,
  req: IncomingMessage,
  res: ServerResponse,
  params: URLSearchParams,
  json: boolean,
): Promise<void> {
  if (req.method !== "POST") return send(res, 405, "Use POST for /cdn-cgi/handler/email, with the raw email as the body.");
  const from = params.get("from");
  const to = params.get("to");
  const usage =
    "e.g. POST /cdn-cgi/handler/email?from=sender@example.com&to=worker@example.com with the raw RFC 822 email as the body";
  if (!from) return send(res, 400, `Invalid email: the "from" URL parameter (the envelope sender) is missing; ${usage}.`);
  if (!to) return send(res, 400, `Invalid email: the "to" URL parameter (the envelope recipient) is missing; ${usage}.`);
  const body = await readEmailBody(req);
  if (body === "too-large") {
    res.setHeader("connection", "close");
    return send(res, 413, "Email message size is bigger than the 1 MiB limit of local development (production allows 25 MiB).");
  }
  if (body.byteLength === 0) return send(res, 400, `Invalid email: the request body (the raw email) is empty; ${usage}.`);
  const result = await host.trigger({ type: "email", from, to, raw: body });
  if (result.outcome === "no-handler") return noHandler(res, host, "email", "message, env, ctx");
  if (result.outcome === "invalid") return send(res, 400, result.message);
  if (result.outcome === "failed") return failed(host, res, result, "email");
  if (result.error) host.reporter.report(result.error, "email");
  const status = result.outcome === "exception" ? 500 : result.rejectReason !== undefined ? 400 : 200;
  if (json) {
    const { outcome, rejectReason, forwards, replies, error } = result;
    return sendJson(res, status, { outcome, rejectReason: rejectReason ?? null, forwards, replies, error });
  }
  if (result.error) return send(res, 500, `exception\n${result.error.stack ?? result.error.message}`);
  if (result.rejectReason !== undefined) {
    return send(res, 400, `Worker rejected email with the following reason: ${result.rejectReason}`);
  }
  send(res, 200, "Worker successfully processed email");
}

function noHandler(res: ServerResponse, host: WorkerHost, name: string, args: string): void {
  send(
    res,
    404,
    `[kindling] Worker "${host.config.name}" has no ${name}() handler. ` +
      `Add one to its default export: export default { async ${name}(${args}) { ... } }.`,
  );
}

function failed(host: WorkerHost, res: ServerResponse, result: Outcome, source: "scheduled" | "email"): void {
  const error = "error" in result && result.error instanceof Error ? result.error : new Error(String(result.outcome));
  host.reporter.report(error, source);
  send(res, 500, error.stack ?? error.message);
}

function send(res: ServerResponse, status: number, text: string): void {
  res.statusCode = status;
  res.setHeader("content-type", "text/plain; charset=utf-8");
  res.end(stripVTControlCharacters(text));
}

function sendJson(res: ServerResponse, status: number, value: unknown): void {
  res.statusCode = status;
  res.setHeader("content-type", "application/json");
  res.end(JSON.stringify(value));
}
