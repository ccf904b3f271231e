/**
 * http_pull consumers, with the request and response bodies of Cloudflare's REST API
 * (https://developers.cloudflare.com/queues/configuration/pull-consumers/), under the dev server:
 *   POST /cdn-cgi/local/queues/<queue>/messages/pull  { batch_size?, visibility_timeout_ms? }
 *   POST /cdn-cgi/local/queues/<queue>/messages/ack   { acks?: [{ lease_id }], retries?: [{ lease_id, delay_seconds? }] }
 * Miniflare has no local equivalent. Bodies: text and JSON messages as their text, bytes and V8
 * ones base64-encoded, as the API returns them.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { DevServerQueues } from "../environment/dev-server-queues.js";
import { readEmailBody } from "./read-email-body.js";
import { sendJson } from "./send-json.js";

const MAX_REQUEST_BYTES = 1024 * 1024;

export async function queuePull(
  queues: DevServerQueues,
  req: IncomingMessage,
  res: ServerResponse,
  queue: string,
  action: "pull" | "ack",
): Promise<void> {
  if (req.method !== "POST") return fail(res, 405, `Use POST for /cdn-cgi/local/queues/${queue}/messages/${action}.`);
  const consumer = queues.broker.consumerOf(queue);
  if (consumer?.config.type !== "http_pull") {
    const now = consumer ? `is consumed by worker "${consumer.worker}" (its queue() handler)` : "has no consumer";
    return fail(
      res,
      404,
      `[kindling] Queue "${queue}" ${now}, not pulled over HTTP. To pull it, give it the consumer ` +
        `{ "queue": "${queue}", "type": "http_pull" } in "queues.consumers" of your wrangler config.`,
    );
  }
  const raw = await readEmailBody(req, MAX_REQUEST_BYTES);
  let body: Record<string, unknown> = {};
  try {
    const text = raw === "too-large" ? "" : new TextDecoder().decode(raw);
    if (raw === "too-large") throw new Error("the body is larger than 1 MiB");
    if (text.trim() !== "") body = JSON.parse(text) as Record<string, unknown>;
    if (typeof body !== "object" || body === null || Array.isArray(body)) throw new Error("the body is not a JSON object");
  } catch (error) {
    return fail(res, 400, `[kindling] Invalid request body: ${(error as Error).message}.`);
  }
  if (action === "pull") return pull(queues, res, queue, body);
  return ack(queues, res, queue, body);
}

function pull(queues: DevServerQueues, res: ServerResponse, queue: string, body: Record<string, unknown>): void {
  const batchSize = body.batch_size ?? queues.broker.consumerOf(queue)!.config.maxBatchSize;
  if (!isInteger(batchSize, 1, 100))
    return fail(res, 400, `[kindling] "batch_size" must be an integer from 1 to 100, got ${JSON.stringify(batchSize)}.`);
  const timeout = body.visibility_timeout_ms;
  if (timeout !== undefined && !isInteger(timeout, 0, 43_200_000)) {
    return fail(
      res,
      400,
      `[kindling] "visibility_timeout_ms" must be an integer from 0 to 43200000 (12 hours), got ${JSON.stringify(timeout)}.`,
    );
  }
  const pulled = queues.broker.pull(queue, batchSize, timeout as number | undefined)!;
  const metrics = queues.broker.metrics(queue);
  succeed(res, {
    message_backlog_count: metrics.backlogCount,
    messages: pulled.rows.map((row) => ({
      id: row.id,
      body:
        row.content_type === "text" || row.content_type === "json"
          ? Buffer.from(row.body).toString("utf8")
          : Buffer.from(row.body).toString("base64"),
      attempts: row.attempts + 1,
      lease_id: `${pulled.leaseId}-${row.id}`,
      timestamp_ms: row.timestamp,
      metadata: { "CF-sourceMessageSource": "worker", "CF-Content-Type": row.content_type },
    })),
    metadata: {
      metrics: {
        backlog_count: metrics.backlogCount,
        backlog_bytes: metrics.backlogBytes,
        oldest_message_timestamp_ms: metrics.oldestMessageTimestamp,
      },
    },
  });
}

function ack(queues: DevServerQueues, res: ServerResponse, queue: string, body: Record<string, unknown>): void {
  const acks: string[] = [];
  const retries: { leaseId: string; delaySeconds?: number }[] = [];
  for (const [key, list] of [
    ["acks", body.acks ?? []],
    ["retries", body.retries ?? []],
  ] as const) {
    if (!Array.isArray(list)) return fail(res, 400, `[kindling] "${key}" must be an array of { "lease_id": ... }.`);
    for (const [index, entry] of list.entries()) {
      const leaseId = (entry as { lease_id?: unknown } | null)?.lease_id;
      if (typeof leaseId !== "string") return fail(res, 400, `[kindling] "${key}[${index}].lease_id" must be a string.`);
      if (key === "acks") {
        acks.push(leaseId);
        continue;
      }
      const delay = (entry as { delay_seconds?: unknown }).delay_seconds;
      if (delay !== undefined && !isInteger(delay, 0, 86_400)) {
        return fail(
          res,
          400,
          `[kindling] "retries[${index}].delay_seconds" must be an integer from 0 to 86400, got ${JSON.stringify(delay)}.`,
        );
      }
      retries.push(delay === undefined ? { leaseId } : { leaseId, delaySeconds: delay as number });
    }
  }
  succeed(res, queues.broker.acknowledge(queue, acks, retries));
}

function isInteger(value: unknown, min: number, max: number): value is number {
  return typeof value === "number" && Number.isInteger(value) && value >= min && value <= max;
}

function succeed(res: ServerResponse, result: unknown): void {
  sendJson(res, 200, { success: true, errors: [], messages: [], result });
}

function fail(res: ServerResponse, status: number, message: string): void {
  sendJson(res, status, { success: false, errors: [{ code: status, message }], messages: [], result: null });
}
