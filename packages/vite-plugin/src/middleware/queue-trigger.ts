/**
 * `POST /cdn-cgi/handler/queue?queue=<name>` (also under `/cdn-cgi/local/`): sends the request
 * body as one message and delivers it at once, in a batch of its own, to the worker that
 * consumes the queue; answers with the outcome. The message is then the broker's like any other
 * (a retry is delivered again later). `contentType=text|json|bytes`, else from the Content-Type
 * (JSON types: json; text types, form data or none: text; anything else: bytes).
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { QueueContentType } from "@kindling/runtime/protocol";
import type { DevServerQueues } from "../environment/dev-server-queues.js";
import { readEmailBody } from "./read-email-body.js";
import { sendJson, sendPlain } from "./send-json.js";

/** 128 KB, production's message limit (Cloudflare counts 1 KB as 1000 bytes). */
const MAX_MESSAGE_BYTES = 128_000;
const usage =
  'e.g. curl -X POST "<dev server>/cdn-cgi/handler/queue?queue=my-queue" -H "content-type: application/json" -d \'{"hello":"world"}\'';

export async function queueTrigger(
  queues: DevServerQueues,
  req: IncomingMessage,
  res: ServerResponse,
  params: URLSearchParams,
): Promise<void> {
  if (req.method !== "POST")
    return sendPlain(res, 405, `Use POST for /cdn-cgi/handler/queue, with the message as the body; ${usage}.`);
  const queue = params.get("queue");
  if (!queue) return sendPlain(res, 400, `[kindling] The "queue" URL parameter (the queue's name) is missing; ${usage}.`);
  const consumer = queues.broker.consumerOf(queue);
  if (!consumer || consumer.config.type !== "worker") {
    const why = consumer
      ? `its consumer is an http_pull consumer (pull it from /cdn-cgi/local/queues/${queue}/messages/pull)`
      : "no worker consumes it";
    return sendPlain(
      res,
      404,
      `[kindling] Queue "${queue}" cannot be triggered: ${why}. ` +
        `Add { "queue": "${queue}" } to "queues.consumers" in the wrangler config of the worker whose queue() handler should run.`,
    );
  }
  const contentType = toContentType(params.get("contentType"), req.headers["content-type"]);
  if (!contentType) {
    return sendPlain(
      res,
      400,
      `[kindling] contentType=${params.get("contentType")} is not one of "text", "json", "bytes"; ${usage}.`,
    );
  }
  const body = await readEmailBody(req, MAX_MESSAGE_BYTES);
  if (body === "too-large") {
    res.setHeader("connection", "close");
    return sendPlain(res, 413, `Queue send failed: message length exceeds limit of ${MAX_MESSAGE_BYTES}`);
  }
  if (contentType === "json") {
    try {
      JSON.parse(new TextDecoder().decode(body));
    } catch (error) {
      return sendPlain(
        res,
        400,
        `[kindling] The body is not JSON (${(error as Error).message}); send JSON, or pass contentType=text.`,
      );
    }
  }
  const report = await queues.broker.deliverNow(queue, { body: new Uint8Array(body), contentType });
  if (!report) return sendPlain(res, 404, `[kindling] Queue "${queue}" has no worker consumer any more.`);
  const decision = report.decisions[0];
  const outcome = report.waiting ? "waiting" : report.failed ? "exception" : "ok";
  const error = report.error === undefined ? undefined : serialize(report.error);
  if (params.get("format") === "json") {
    return sendJson(res, report.failed ? 500 : 200, { outcome, worker: report.consumer, decision: decision ?? null, error });
  }
  const action = decision ? describe(decision.action) : "waits for the worker's code to load";
  sendPlain(
    res,
    report.failed ? 500 : 200,
    [outcome, `message ${action}`, ...(error ? [error.stack ?? `${error.name}: ${error.message}`] : [])].join("\n"),
  );
}

function toContentType(param: string | null, header: string | undefined): QueueContentType | undefined {
  if (param !== null) return (["text", "json", "bytes"] as const).find((type) => type === param);
  const mime = header?.split(";")[0]!.trim().toLowerCase() ?? "";
  if (mime === "application/json" || mime.endsWith("+json")) return "json";
  // curl -d sends application/x-www-form-urlencoded.
  if (mime === "" || mime.startsWith("text/") || mime === "application/x-www-form-urlencoded") return "text";
  return "bytes";
}

function describe(action: string): string {
  if (action === "ack") return "acknowledged";
  if (action === "retry") return "retried (delivered again later)";
  if (action === "dead-letter") return "moved to the dead-letter queue";
  return "dropped (no retries left)";
}

function serialize(error: unknown): { name: string; message: string; stack?: string } {
  const e = error as { name?: string; message?: string; stack?: string };
  return { name: e?.name ?? "Error", message: e?.message ?? String(error), stack: e?.stack };
}
