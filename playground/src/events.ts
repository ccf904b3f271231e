// The non-HTTP handlers. Try them by hand:
//   curl "localhost:5173/cdn-cgi/handler/scheduled?cron=*/5+*+*+*+*"
//   curl -X POST "localhost:5173/cdn-cgi/handler/email?from=a@example.com&to=b@example.com" \
//     --data-binary $'Message-ID: <1@example.com>\r\nSubject: hi\r\n\r\nhello'
// Each run is recorded in KV under "events/", listed at /api/kv/list?prefix=events/.
import type { Env } from "./env.js";

export async function scheduled(controller: ScheduledController, env: Env): Promise<void> {
  const at = new Date(controller.scheduledTime).toISOString();
  console.log(`scheduled: cron "${controller.cron}" at ${at}`);
  await env.KV.put(`events/scheduled/${at}`, controller.cron);
}

export async function email(message: ForwardableEmailMessage, env: Env): Promise<void> {
  const subject = message.headers.get("subject") ?? "(no subject)";
  console.log(`email from ${message.from} to ${message.to}: ${subject}`);
  if (subject.toLowerCase().includes("spam")) return message.setReject("No spam, please.");
  await env.KV.put(`events/email/${Date.now()}`, `${message.from}: ${subject}`);
}
