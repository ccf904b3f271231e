import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, expect, test } from "vitest";
import { EventSource } from "./event-source.js";

let server: http.Server;
let url: string;
const requests: http.IncomingHttpHeaders[] = [];
beforeAll(async () => {
  server = http.createServer((req, res) => {
    requests.push(req.headers);
    if (req.url === "/not-events") return void res.end("plain");
    res.writeHead(200, { "content-type": "text/event-stream" });
    // The second connection (a reconnect) says which event it resumes after.
    if (req.headers["last-event-id"]) return void res.end(`data: resumed after ${req.headers["last-event-id"]}\n\n`);
    res.write(": a comment\nretry: 10\n\ndata: one\ndata: two\nid: 7\n\n");
    res.end('event: custom\ndata: {"a":1}\r\n\r\n');
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise((resolve) => server.close(resolve)));

const next = (source: EventSource, type: string) =>
  new Promise<MessageEvent>((resolve) =>
    source.addEventListener(type, (event) => resolve(event as MessageEvent), { once: true }),
  );

test("receives messages, named events and ids, then reconnects with Last-Event-ID", async () => {
  const source = new EventSource(`${url}/events`);
  const messages: string[] = [];
  // oxlint-disable-next-line prefer-add-event-listener -- the handler attribute is under test
  source.onmessage = (event) => void messages.push((event as MessageEvent).data);
  const opened = next(source, "open");
  const custom = next(source, "custom");
  await opened;
  expect(source.readyState).toBe(EventSource.OPEN);
  const event = await custom;
  expect([event.data, event.lastEventId, event.origin]).toEqual(['{"a":1}', "7", url]);
  await new Promise<void>((resolve) => source.addEventListener("message", () => messages.length === 2 && resolve()));
  source.close();
  expect(messages).toEqual(["one\ntwo", "resumed after 7"]);
  expect(requests.at(-1)).toMatchObject({ accept: "text/event-stream", "last-event-id": "7" });
  expect(source.readyState).toBe(EventSource.CLOSED);
});

test("an answer that is not an event stream fails the connection for good", async () => {
  const source = new EventSource(`${url}/not-events`);
  const error = await next(source, "error");
  expect([error.constructor.name, source.readyState]).toEqual(["ErrorEvent", EventSource.CLOSED]);
});

test("EventSource.from reads events from a stream; a bad URL is a SyntaxError", async () => {
  const source = EventSource.from(new Blob(["data: from a stream\n\n"]).stream());
  expect((await next(source, "message")).data).toBe("from a stream");
  expect(() => new EventSource("not a url")).toThrowErrorMatchingInlineSnapshot(
    `[SyntaxError: Cannot open an EventSource to 'not a url'. The URL is invalid.]`,
  );
  expect(() => EventSource.from(5 as never)).toThrowErrorMatchingInlineSnapshot(
    `[TypeError: Failed to execute 'from' on 'EventSource': parameter 1 is not of type 'JsReadableStream'.]`,
  );
});
