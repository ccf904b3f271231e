import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, expect, test } from "vitest";
import { startDevServer, type DevServer } from "./helpers/dev-server.js";

let server: DevServer;
beforeAll(async () => {
  server = await startDevServer("triggers");
});
afterAll(() => server?.stop());

const events = async () => (await (await server.fetch("/events")).json()) as Record<string, unknown>[];
const message = (id = `${Math.random()}`, extra = "") =>
  [
    "From: Sender <sender@example.com>",
    "To: worker@example.com",
    "Subject: hi",
    `Message-ID: <${id}@example.com>`,
    extra,
    "",
    "Body text.",
  ]
    .filter((line, i) => line !== "" || i === 5)
    .join("\r\n");
const email = (query: string, body?: string) => server.fetch(`/cdn-cgi/handler/email?${query}`, { method: "POST", body });

test("start-up lists the cron triggers with the URL that runs them", async () => {
  await server.waitForOutput("cron triggers");
  expect(server.output()).toContain(`"*/5 * * * *"  ${server.url}/cdn-cgi/handler/scheduled?cron=*%2F5+*+*+*+*`);
  expect(server.output()).toContain('"0 18 * * friL"');
});

test("scheduled runs with the given cron and time; the handler sees both", async () => {
  const response = await server.fetch("/cdn-cgi/handler/scheduled?cron=*/5+*+*+*+*&time=1700000000000");
  expect([response.status, await response.text()]).toEqual([200, "ok"]);
  expect(await events()).toContainEqual({ type: "scheduled", cron: "*/5 * * * *", scheduledTime: 1700000000000 });
});

test("scheduled under /cdn-cgi/local with format=json gives the outcome; a throwing handler is a 500", async () => {
  const ok = await server.fetch("/cdn-cgi/local/scheduled?cron=no-retry&format=json");
  expect([ok.status, await ok.json()]).toEqual([200, { outcome: "ok", noRetry: true }]);
  const failed = await server.fetch("/cdn-cgi/handler/scheduled?cron=fail&format=json");
  expect(failed.status).toBe(500);
  expect(await failed.json()).toMatchObject({ outcome: "exception", error: { message: "scheduled failed on purpose" } });
  const text = await server.fetch("/cdn-cgi/handler/scheduled?cron=fail");
  expect([text.status, (await text.text()).split("\n")[0]]).toEqual([500, "exception"]);
});

test("worker= picks the worker; an unknown one is an error naming the known ones", async () => {
  expect((await server.fetch("/cdn-cgi/handler/scheduled?worker=triggers")).status).toBe(200);
  const unknown = await server.fetch("/cdn-cgi/handler/scheduled?worker=nope");
  expect([unknown.status, await unknown.text()]).toMatchInlineSnapshot(`
    [
      404,
      "[kindling] There is no worker named "nope" (worker= in /cdn-cgi/handler/scheduled). Workers: "triggers".",
    ]
  `);
});

test("an accepted email reaches the handler with from, to, headers, raw and rawSize", async () => {
  const body = message("accept");
  const response = await email("from=sender@example.com&to=ok@example.com", body);
  expect([response.status, await response.text()]).toEqual([200, "Worker successfully processed email"]);
  expect(await events()).toContainEqual({
    type: "email",
    from: "sender@example.com",
    to: "ok@example.com",
    subject: "hi",
    rawSize: body.length,
    sameSize: true,
  });
});

test("a rejected email is a 400 with the reason; format=json reports it", async () => {
  const response = await email("from=sender@example.com&to=reject@example.com", message());
  expect([response.status, await response.text()]).toEqual([400, "Worker rejected email with the following reason: no thanks"]);
  const json = await server.fetch("/cdn-cgi/local/email?from=sender@example.com&to=reject@example.com&format=json", {
    method: "POST",
    body: message(),
  });
  expect([json.status, await json.json()]).toEqual([
    400,
    { outcome: "ok", rejectReason: "no thanks", forwards: [], replies: [] },
  ]);
});

test("forward() and reply() are reported; the reply is written as an .eml file", async () => {
  const forwarded = await email("from=sender@example.com&to=forward@example.com&format=json", message());
  expect(await forwarded.json()).toMatchObject({
    outcome: "ok",
    forwards: [{ rcptTo: "elsewhere@example.com", headers: [["x-forwarded-by", "kindling"]] }],
  });
  const replied = await email("from=sender@example.com&to=reply@example.com&format=json", message("original"));
  const result = (await replied.json()) as { replies: { from: string; to: string; file: string }[] };
  expect(result.replies).toMatchObject([{ from: "reply@example.com", to: "sender@example.com" }]);
  const eml = fs.readFileSync(result.replies[0]!.file, "utf8");
  expect(eml).toContain("References: <original@example.com>");
  expect(eml).toContain("Thanks!");
  expect(path.relative(server.root, result.replies[0]!.file)).toMatch(/^\.kindling\/state\/email\/reply-/);
});

test("a throwing email handler is a 500 with the error", async () => {
  const response = await email("from=sender@example.com&to=throw@example.com", message());
  expect(response.status).toBe(500);
  expect(await response.text()).toContain("email handler failed on purpose");
});

test("bad email requests are 400s saying what is missing, and 413 past 1 MiB", async () => {
  const texts = async (r: Promise<Response>) => {
    const response = await r;
    return `${response.status} ${await response.text()}`;
  };
  expect(await texts(email("to=ok@example.com", message()))).toMatch(/^400 Invalid email: the "from" URL parameter/);
  expect(await texts(email("from=sender@example.com", message()))).toMatch(/^400 Invalid email: the "to" URL parameter/);
  expect(await texts(email("from=sender@example.com&to=ok@example.com"))).toMatch(/^400 Invalid email: the request body/);
  const noId = message().replace(/Message-ID: .*\r\n/, "");
  expect(await texts(email("from=sender@example.com&to=ok@example.com", noId))).toMatchInlineSnapshot(
    `"400 Email could not be parsed: invalid or no message id provided (add a Message-ID header)"`,
  );
  const big = message("big") + "x".repeat(1024 * 1024);
  expect(await texts(email("from=sender@example.com&to=ok@example.com", big))).toMatch(/^413 Email message size is bigger/);
});

test("send_email writes each message as an .eml file and returns its messageId", async () => {
  const raw = (await (await server.fetch("/send")).json()) as { messageId: string };
  expect(raw.messageId).toMatch(/^<.+@example\.com>$/);
  const built = (await (await server.fetch("/send?form=builder&to=also@example.com")).json()) as { messageId: string };
  expect(built.messageId).toMatch(/^<.+@example\.com>$/);
  const dir = path.join(server.root, ".kindling/state/email");
  const files = fs.readdirSync(dir).filter((f) => f.startsWith("sent-"));
  const contents = files.map((f) => fs.readFileSync(path.join(dir, f), "utf8"));
  expect(contents.some((c) => c.includes(raw.messageId) && c.includes("Subject: Raw message"))).toBe(true);
  expect(contents.some((c) => c.includes(built.messageId) && c.includes("html body") && c.includes("plain body"))).toBe(true);
  await server.waitForOutput(`send_email binding "MAILER" sent ${built.messageId}`);
});

test("send_email enforces allowed_destination_addresses and destination_address with Cloudflare's wording", async () => {
  const denied = await server.fetch("/send?to=stranger@example.com");
  expect(await denied.text()).toMatchInlineSnapshot(`"Error: email to stranger@example.com not allowed"`);
  const admin = await server.fetch("/send?binding=ONLY_ADMIN&to=ok@example.com&form=builder");
  expect(await admin.text()).toMatchInlineSnapshot(`"Error: email to ok@example.com not allowed"`);
  expect((await server.fetch("/send?binding=ONLY_ADMIN&to=admin@example.com")).status).toBe(200);
});

test("a request from another site's page cannot fire a trigger", async () => {
  const res = await server.fetch("/cdn-cgi/handler/scheduled?cron=x", { headers: { origin: "https://evil.example" } });
  expect(res.status).toBe(403);
  expect(await res.text()).toContain("only accepts requests from this dev server's own pages, not from https://evil.example");
  const same = await server.fetch("/cdn-cgi/handler/scheduled?cron=x", { headers: { origin: server.url } });
  expect(same.status).toBe(200);
});
