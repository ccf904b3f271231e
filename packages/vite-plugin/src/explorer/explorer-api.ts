/**
 * The explorer page's JSON API, under /cdn-cgi/local/explorer/api/: a worker's overview (pick one
 * with `?worker=<name>`, the main one without), its generations, request traces of every worker
 * (also streamed live), each binding kind's view, served by the kind's own unit
 * (`@kindling/runtime/explorer`), and the dev server's queues and workflows.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { ExplorerInputError, type ExplorerInput } from "@kindling/runtime/explorer";
import type { WorkerHost } from "../environment/worker-host.js";
import { describeGeneration } from "./describe-generation.js";
import { pickHost, type ExplorerTarget } from "./explorer-target.js";
import { streamEvents } from "./live-events.js";
import { readBody } from "./read-body.js";
import { listEmails, readEmail } from "./emails.js";
import { describeQueue, listQueues, sendFromPage } from "./queues-api.js";
import { controlWorkflow, describeInstance, listInstances, listWorkflows } from "./workflows-api.js";

export type { ExplorerTarget } from "./explorer-target.js";

export async function handleApi(target: ExplorerTarget, route: string, url: URL, req: IncomingMessage, res: ServerResponse) {
  const write = req.method === "POST";
  if (!write && req.method !== "GET") return sendJson(res, 405, { error: `[kindling] Use GET or POST for ${url.pathname}.` });
  const [section, name, action, ...rest] = route.split("/").map(decodeURIComponent);
  try {
    const host = pickHost(target, url);
    const input = explorerInput(url, req);
    if (!write && rest.length === 0) {
      if (section === "overview" && name === undefined) return sendJson(res, 200, overview(target, host));
      if (section === "generations" && name === undefined) return sendJson(res, 200, generations(host));
      if (section === "requests" && name === undefined) return sendJson(res, 200, requests(target));
      if (section === "requests" && name !== undefined && action === undefined) {
        const trace = host.traces?.get(name);
        return trace
          ? sendJson(res, 200, { ...trace, worker: host.config.name })
          : sendJson(res, 404, { error: `[kindling] No request "${name}" of worker "${host.config.name}" is kept any more.` });
      }
      if (section === "events" && name === undefined) return streamEvents(target.hosts, req, res);
      if (section === "emails" && name === undefined) return sendJson(res, 200, listEmails(host.persistDir));
      if (section === "emails" && name !== undefined && action === undefined) {
        const eml = readEmail(host.persistDir, name);
        if (!eml) return sendJson(res, 404, { error: `[kindling] No email "${name}" in the outbox.` });
        res.setHeader("content-type", "message/rfc822");
        res.setHeader("content-disposition", `attachment; filename="${name}"`);
        res.setHeader("cache-control", "no-store");
        return void res.end(eml);
      }
      if (section === "queues" && name === undefined) return sendJson(res, 200, listQueues(target));
      if (section === "queues" && name !== undefined && action === undefined) {
        return sendJson(res, 200, describeQueue(target, name, limit(input, 200)));
      }
      if (section === "workflows" && name === undefined) return sendJson(res, 200, listWorkflows(target));
      if (section === "workflows" && name !== undefined && action === undefined) {
        return sendJson(res, 200, listInstances(target, name, limit(input, 100)));
      }
      if (section === "workflows" && name !== undefined && action === "instance") {
        const id = input.query.get("id");
        if (!id) throw new ExplorerInputError('[kindling] The explorer request is missing "id". Pass id=... in the query.');
        return sendJson(res, 200, describeInstance(target, name, id));
      }
    }
    if (write && rest.length === 0 && name !== undefined && action !== undefined) {
      if (section === "queues" && action === "send") return sendJson(res, 200, await sendFromPage(target, name, input));
      if (section === "workflows") return sendJson(res, 200, await controlWorkflow(target, name, action, input));
    }
    if (section === "bindings" && name !== undefined && action !== undefined && rest.length === 0) {
      const binding = host.config.bindings.find((b) => b.name === name);
      if (!binding)
        return sendJson(res, 404, { error: `[kindling] Worker "${host.config.name}" has no binding named "${name}".` });
      const result = await target.views.get(host)!.run(binding, write, action, input);
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

function overview(target: ExplorerTarget, host: WorkerHost) {
  const config = host.config;
  const views = target.views.get(host)!;
  return {
    worker: config.name,
    workers: target.hosts.map((h) => h.config.name),
    current: host.manager.current?.id ?? null,
    standby: host.manager.standby,
    bindings: config.bindings.map((binding) => ({
      name: binding.name,
      type: binding.type,
      view: views.has(binding.type),
      // Queues and workflows have pages of the dev server's own (they are not one worker's).
      ...(binding.type === "queue" ? { page: ["queues", binding.queueName] } : {}),
      ...(binding.type === "workflow" ? { page: ["workflows", binding.workflowName] } : {}),
    })),
    crons: config.crons,
    vars: Object.keys(config.vars),
    compatibilityDate: config.compatibilityDate,
  };
}

/** Every worker's requests, newest first, each with the worker that served it. */
function requests(target: ExplorerTarget) {
  return target.hosts
    .flatMap((host) => (host.traces?.list() ?? []).map((trace) => ({ ...trace, worker: host.config.name })))
    .toSorted((a, b) => b.start - a.start);
}

function limit(input: ExplorerInput, fallback: number): number {
  const raw = input.query.get("limit");
  const value = raw === null || raw === "" ? fallback : Number(raw);
  if (!Number.isInteger(value) || value < 1 || value > 10_000) {
    throw new ExplorerInputError(`[kindling] limit=${raw} is not a whole number from 1 to 10000.`);
  }
  return value;
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
