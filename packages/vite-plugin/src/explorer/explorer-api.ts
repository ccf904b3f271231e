/**
 * The explorer page's JSON API, under /cdn-cgi/local/explorer/api/: the worker's overview, its
 * generations, request traces (also streamed live), and each binding kind's view, served by the
 * kind's own unit (`@kindling/runtime/explorer`).
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { ExplorerInputError, type ExplorerInput, type ExplorerViews } from "@kindling/runtime/explorer";
import type { WorkerHost } from "../environment/worker-host.js";
import { describeGeneration } from "./describe-generation.js";
import { streamEvents } from "./live-events.js";
import { readBody } from "./read-body.js";
import { listEmails, readEmail } from "./emails.js";

export interface ExplorerTarget {
  host: WorkerHost;
  views: ExplorerViews;
}

export async function handleApi(target: ExplorerTarget, route: string, url: URL, req: IncomingMessage, res: ServerResponse) {
  const { host } = target;
  const write = req.method === "POST";
  if (!write && req.method !== "GET") return sendJson(res, 405, { error: `[kindling] Use GET or POST for ${url.pathname}.` });
  const [section, name, action, ...rest] = route.split("/").map(decodeURIComponent);
  try {
    if (!write && rest.length === 0) {
      if (section === "overview" && name === undefined) return sendJson(res, 200, overview(target));
      if (section === "generations" && name === undefined) return sendJson(res, 200, generations(host));
      if (section === "requests" && name === undefined) return sendJson(res, 200, host.traces?.list() ?? []);
      if (section === "requests" && name !== undefined && action === undefined) {
        const trace = host.traces?.get(name);
        return trace
          ? sendJson(res, 200, trace)
          : sendJson(res, 404, { error: `[kindling] No request "${name}" is kept any more.` });
      }
      if (section === "events" && name === undefined) return streamEvents(host, req, res);
      if (section === "emails" && name === undefined) return sendJson(res, 200, listEmails(host.persistDir));
      if (section === "emails" && name !== undefined && action === undefined) {
        const eml = readEmail(host.persistDir, name);
        if (!eml) return sendJson(res, 404, { error: `[kindling] No email "${name}" in the outbox.` });
        res.setHeader("content-type", "message/rfc822");
        res.setHeader("content-disposition", `attachment; filename="${name}"`);
        res.setHeader("cache-control", "no-store");
        return void res.end(eml);
      }
    }
    if (section === "bindings" && name !== undefined && action !== undefined && rest.length === 0) {
      const binding = host.config.bindings.find((b) => b.name === name);
      if (!binding)
        return sendJson(res, 404, { error: `[kindling] Worker "${host.config.name}" has no binding named "${name}".` });
      const result = await target.views.run(binding, write, action, explorerInput(url, req));
      if (result instanceof Response) return sendResponse(res, result);
      return sendJson(res, 200, result ?? null);
    }
    sendJson(res, 404, { error: `[kindling] The explorer has no API ${req.method} ${url.pathname}.` });
  } catch (error) {
    if (error instanceof ExplorerInputError) return sendJson(res, 400, { error: error.message });
    const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    sendJson(res, 500, { error: message });
  }
}

function overview({ host, views }: ExplorerTarget) {
  const config = host.config;
  return {
    worker: config.name,
    current: host.manager.current?.id ?? null,
    bindings: config.bindings.map((binding) => ({ name: binding.name, type: binding.type, view: views.has(binding.type) })),
    crons: config.crons,
    vars: Object.keys(config.vars),
    compatibilityDate: config.compatibilityDate,
  };
}

function generations(host: WorkerHost) {
  const current = host.manager.current;
  return host.manager.generations.map((generation) => describeGeneration(generation, generation === current));
}

function explorerInput(url: URL, req: IncomingMessage): ExplorerInput {
  let body: Promise<Uint8Array> | undefined;
  const read = () => (body ??= readBody(req));
  return {
    query: url.searchParams,
    body: read,
    async json() {
      const text = new TextDecoder().decode(await read());
      try {
        const value: unknown = JSON.parse(text || "{}");
        if (value !== null && typeof value === "object" && !Array.isArray(value)) return value as Record<string, unknown>;
      } catch {
        // answered below
      }
      throw new ExplorerInputError(`[kindling] The explorer request's body is not a JSON object: ${text.slice(0, 100)}`);
    },
  };
}

export function sendJson(res: ServerResponse, status: number, value: unknown): void {
  res.statusCode = status;
  res.setHeader("content-type", "application/json; charset=utf-8");
  res.setHeader("cache-control", "no-store");
  res.end(JSON.stringify(value));
}

async function sendResponse(res: ServerResponse, response: Response): Promise<void> {
  res.statusCode = response.status;
  response.headers.forEach((value, name) => res.setHeader(name, value));
  res.setHeader("cache-control", "no-store");
  res.end(Buffer.from(await response.arrayBuffer()));
}
