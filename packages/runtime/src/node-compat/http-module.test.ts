import { gunzipSync, gzipSync } from "node:zlib";
import { createServer, type IncomingMessage as HostIncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, expect, test } from "vitest";
import { withWorkerHeaders } from "../thread/scope/outbound-fetch.js";
import { createHttpModules } from "./http-module.js";

type Response = HostIncomingMessage & { body: string };
type WorkerHttp = {
  request(...args: unknown[]): NodeJS.WritableStream & NodeJS.EventEmitter & { getHeaders(): object };
  get(...args: unknown[]): NodeJS.EventEmitter;
  ClientRequest: new (...args: never[]) => unknown;
  IncomingMessage: new (...args: never[]) => unknown;
  Agent: new (options?: object) => { protocol: string; defaultPort: number; options: object };
  globalAgent: { protocol: string };
};

const modules = createHttpModules(withWorkerHeaders(globalThis.fetch, "probe", { encodedBody: true }));
const http = modules.http.default as WorkerHttp;
const https = modules.https.default as WorkerHttp;
let server: Server;
let echo = "";

beforeAll(async () => {
  server = createServer((request, response) => {
    let body = "";
    request.on("data", (chunk: Buffer) => (body += chunk.toString()));
    request.on("end", () => {
      const headers = Object.entries(request.headers).toSorted(([a], [b]) => (a < b ? -1 : 1));
      response.setHeader("set-cookie", ["a=1", "b=2"]);
      if (request.url === "/gzip") response.writeHead(200, { "content-encoding": "gzip" }).end(gzipSync("compressed"));
      else if (request.url === "/redirect") response.writeHead(302, { location: "/target" }).end();
      else
        response
          .writeHead(200, { "x-echo": "1" })
          .end(JSON.stringify({ method: request.method, url: request.url, headers, body }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  echo = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => new Promise((resolve) => server.close(resolve)));

function send(input: unknown, options: object = {}, body?: string): Promise<Response> {
  return new Promise((resolve, reject) => {
    const request = http.request(input, options, (response: Response) => {
      response.body = "";
      response.setEncoding("utf8");
      response.on("data", (chunk: string) => (response.body += chunk));
      response.on("end", () => resolve(response));
    });
    request.on("error", reject);
    if (body) request.write(body);
    request.end();
  });
}

test("a request leaves through the worker's fetch: CF-Worker header, no connection header", async () => {
  const response = await send(`${echo}/path?q=1`);
  expect(response).toBeInstanceOf(http.IncomingMessage);
  expect([response.statusCode, response.statusMessage, response.rawHeaders, response.socket]).toEqual([200, "OK", [], undefined]);
  const sent = JSON.parse(response.body) as { url: string; headers: [string, string][] };
  expect(sent.url).toBe("/path?q=1");
  expect(sent.headers.map(([name]) => name)).toEqual(["cf-worker", "host"]);
  expect(sent.headers[0]).toEqual(["cf-worker", "probe.example.com"]);
  // One name each, Headers.get's value: set-cookie joined, as workerd's IncomingMessage has it.
  expect(response.headers["set-cookie"]).toBe("a=1, b=2");
  expect(response.headers["x-echo"]).toBe("1");
});

test("a POST sends its body, headers and method upper-cased; redirects are not followed", async () => {
  const response = await send(`${echo}/post`, { method: "post", headers: { "X-Custom": "A" } }, "hello");
  const sent = JSON.parse(response.body) as { method: string; body: string; headers: [string, string][] };
  expect([sent.method, sent.body]).toEqual(["POST", "hello"]);
  expect(sent.headers.map(([name]) => name)).toEqual(["cf-worker", "content-length", "host", "x-custom"]);
  const redirect = await send({ host: "127.0.0.1", port: new URL(echo).port, path: "/redirect" });
  expect([redirect.statusCode, redirect.headers.location]).toEqual([302, "/target"]);
});

test("a refused connection fails as the worker's fetch fails", async () => {
  const error = await send("http://127.0.0.1:1/").catch((caught: unknown) => caught);
  expect(String(error)).toMatchInlineSnapshot(`"Error: Network connection lost."`);
});

test("options that need a socket and bad input are refused with workerd's errors", () => {
  const refusal = (run: () => unknown) => {
    try {
      run();
    } catch (error) {
      return `${(error as Error).constructor.name} ${(error as { code: string }).code}: ${(error as Error).message}`;
    }
    return "no error";
  };
  expect([
    refusal(() => http.request(echo, { createConnection: () => {} })),
    refusal(() => http.request(echo, { lookup: () => {} })),
    refusal(() => http.request({ socketPath: "/tmp/x" })),
    refusal(() => http.request(echo, { maxHeaderSize: 10 })),
    refusal(() => http.request("https://example.com/")),
    refusal(() => https.request(echo)),
    refusal(() => http.request(echo, { path: "/a b" })),
    refusal(() => http.request(echo, { method: "a b" })),
  ]).toMatchInlineSnapshot(`
    [
      "ERR_OPTION_NOT_IMPLEMENTED ERR_OPTION_NOT_IMPLEMENTED: The options.createConnection option is not implemented",
      "ERR_OPTION_NOT_IMPLEMENTED ERR_OPTION_NOT_IMPLEMENTED: The options.lookup option is not implemented",
      "ERR_OPTION_NOT_IMPLEMENTED ERR_OPTION_NOT_IMPLEMENTED: The options.socketPath option is not implemented",
      "ERR_OPTION_NOT_IMPLEMENTED ERR_OPTION_NOT_IMPLEMENTED: The options.maxHeaderSize option is not implemented",
      "TypeError ERR_INVALID_PROTOCOL: Protocol "https:" not supported. Expected "http:"",
      "TypeError ERR_INVALID_PROTOCOL: Protocol "http:" not supported. Expected "https:"",
      "TypeError ERR_UNESCAPED_CHARACTERS: Request path contains unescaped characters",
      "TypeError ERR_INVALID_HTTP_TOKEN: Method must be a valid HTTP token ["a b"]",
    ]
  `);
});

test("agents pool no sockets: workerd's fields, https's on port 443", () => {
  const agent = new http.Agent({ keepAlive: true });
  expect([agent.protocol, agent.defaultPort, agent.options]).toEqual([
    "http:",
    80,
    { keepAlive: true, path: null, noDelay: true, proxyEnv: undefined },
  ]);
  expect([https.globalAgent.protocol, new https.Agent().defaultPort]).toEqual(["https:", 443]);
});

test("a body comes as the server encoded it, content-encoding kept, as workerd's client answers", async () => {
  const body = await new Promise<{ headers: object; bytes: Buffer }>((resolve, reject) => {
    http
      .get(`${echo}/gzip`, { headers: { "accept-encoding": "gzip" } }, (response: HostIncomingMessage) => {
        const chunks: Buffer[] = [];
        response.on("data", (chunk: Buffer) => chunks.push(chunk));
        response.on("end", () => resolve({ headers: response.headers, bytes: Buffer.concat(chunks) }));
      })
      .on("error", reject);
  });
  expect(body.headers).toMatchObject({ "content-encoding": "gzip" });
  expect(gunzipSync(body.bytes).toString()).toBe("compressed");
});

test("events come in workerd's order; a signal aborts, and destroy() before the response fails as a hang-up", async () => {
  const events: string[] = [];
  await new Promise<void>((resolve) => {
    const request = http.get(echo, (response: HostIncomingMessage) => {
      events.push("response");
      response.on("end", () => events.push("res:end"));
      response.on("close", () => {
        events.push("res:close");
        resolve();
      });
      response.resume();
    });
    for (const name of ["finish", "close"]) request.on(name, () => events.push(`req:${name}`));
  });
  expect(events).toEqual(["req:finish", "response", "res:end", "req:close", "res:close"]);
  const failure = (abort: (request: NodeJS.EventEmitter & { destroy(): void }, controller: AbortController) => void) =>
    new Promise<string>((resolve) => {
      const controller = new AbortController();
      const request = http.get(echo, { signal: controller.signal }) as NodeJS.EventEmitter & { destroy(): void };
      request.on("error", (error: Error & { code: string }) => resolve(`${error.name} ${error.code}: ${error.message}`));
      abort(request, controller);
    });
  expect([await failure((_request, controller) => controller.abort()), await failure((request) => request.destroy())])
    .toMatchInlineSnapshot(`
    [
      "AbortError ABORT_ERR: The operation was aborted",
      "Error ECONNRESET: socket hang up",
    ]
  `);
});

test("node:http exports workerd's names (its globals WebSocket, CloseEvent, MessageEvent included), not the host Node's", () => {
  expect(Object.keys(modules.http).toSorted()).toMatchInlineSnapshot(`
    [
      "Agent",
      "ClientRequest",
      "CloseEvent",
      "IncomingMessage",
      "METHODS",
      "MessageEvent",
      "OutgoingMessage",
      "STATUS_CODES",
      "Server",
      "ServerResponse",
      "WebSocket",
      "_connectionListener",
      "createServer",
      "default",
      "get",
      "globalAgent",
      "maxHeaderSize",
      "request",
      "setMaxIdleHTTPParsers",
      "validateHeaderName",
      "validateHeaderValue",
    ]
  `);
  expect(modules.http.WebSocket).toBe(globalThis.WebSocket);
  expect(Object.keys(modules.http.default as object)).toEqual(Object.keys(modules.http).filter((name) => name !== "default"));
  expect(Object.keys(modules.https).toSorted()).toEqual([
    "Agent",
    "Server",
    "createServer",
    "default",
    "get",
    "globalAgent",
    "request",
  ]);
});

test("ClientRequest is an OutgoingMessage of workerd's shape; the server side's ServerResponse counts as one", async () => {
  type Outgoing = NodeJS.WritableStream &
    NodeJS.EventEmitter & {
      setHeaders(headers: unknown): unknown;
      getHeaders(): object;
      getRawHeaderNames(): string[];
      setHeader(name: string, value: string): unknown;
      headersSent: boolean;
    };
  const { OutgoingMessage, ClientRequest, ServerResponse } = modules.http as Record<string, new (...args: never[]) => Outgoing>;
  expect(Object.getPrototypeOf(ClientRequest)).toBe(OutgoingMessage);
  expect(ClientRequest.prototype).toBeInstanceOf(OutgoingMessage);
  expect(ServerResponse.prototype).toBeInstanceOf(OutgoingMessage);
  expect({}).not.toBeInstanceOf(OutgoingMessage);
  expect(new OutgoingMessage()).toBeInstanceOf(OutgoingMessage);

  const request = http.request(echo) as unknown as Outgoing;
  expect(request).toBeInstanceOf(OutgoingMessage);
  request.setHeaders(
    new Headers([
      ["x-a", "1"],
      ["set-cookie", "a=1"],
      ["set-cookie", "b=2"],
    ]),
  );
  request.setHeaders(new Map([["X-B", "2"]]));
  expect(request.getHeaders()).toEqual({ host: expect.any(String), "x-a": "1", "set-cookie": ["a=1", "b=2"], "x-b": "2" });
  expect(request.getRawHeaderNames()).toEqual(["Host", "x-a", "set-cookie", "X-B"]);
  const refusal = (run: () => unknown) => {
    try {
      run();
    } catch (error) {
      return `${(error as Error).name} ${(error as { code: string }).code}: ${(error as Error).message}`;
    }
    return "no error";
  };
  expect(refusal(() => request.setHeaders({ "x-c": "3" }))).toMatchInlineSnapshot(
    `"TypeError ERR_INVALID_ARG_TYPE: The "headers" argument must be an instance of Headers or Map. Received an instance of Object"`,
  );
  const piped = await new Promise<string>((resolve) => {
    const message = new OutgoingMessage();
    message.on("error", (error: Error & { code: string }) => resolve(`${error.code}: ${error.message}`));
    (message as unknown as { pipe(to: unknown): unknown }).pipe(new OutgoingMessage());
  });
  expect(piped).toBe("ERR_STREAM_CANNOT_PIPE: Cannot pipe, not readable");

  const answered = new Promise<number>((resolve, reject) => {
    request.on("response", (response: HostIncomingMessage) => resolve(response.resume().statusCode!));
    request.on("error", reject);
  });
  request.end();
  expect(await answered).toBe(200);
  expect(request.headersSent).toBe(true);
  expect(refusal(() => request.setHeaders(new Map([["x-d", "4"]])))).toBe(
    "Error ERR_HTTP_HEADERS_SENT: Cannot set headers after they are sent to the client",
  );
  expect(refusal(() => request.setHeader("x-d", "4"))).toBe(
    "Error ERR_HTTP_HEADERS_SENT: Cannot set headers after they are sent to the client",
  );
});
