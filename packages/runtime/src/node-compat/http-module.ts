/**
 * `node:http` and `node:https` as workerd serves them: the client (`request`, `get`,
 * `ClientRequest`, `IncomingMessage`, `OutgoingMessage`, `Agent`, `globalAgent`) sends through the
 * worker's own `fetch()`; the server side stays Node.js's (a worker's `listen()` is routed by `cloudflare:node`).
 */
import nodeHttp from "node:http";
import nodeHttps from "node:https";
import { unenvNotImplemented } from "./errors.js";
import { namespace } from "./fs-module.js";
import { Agent, HttpsAgent, createGlobalAgents } from "./http-agent.js";
import { createClientRequest, type ClientRequestConstructor } from "./http-client.js";
import { IncomingMessage } from "./http-incoming.js";
import { OutgoingMessage } from "./http-outgoing.js";

type RequestArgs = ConstructorParameters<ClientRequestConstructor>;

/** workerd's `node:http` exports (src/node/http.ts; the same before its client's date), whichever the host Node has. */
const workerdHttpNames = [
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
  "get",
  "globalAgent",
  "maxHeaderSize",
  "request",
  "setMaxIdleHTTPParsers",
  "validateHeaderName",
  "validateHeaderValue",
];

/**
 * `clientOn`: workerd serves its client from compatibility date 2025-08-15 (`enable_nodejs_http_modules`);
 * before, the official plugin serves unenv's `node:http`, whose client throws "not implemented".
 */
export function createHttpModules(
  fetch: typeof globalThis.fetch,
  clientOn = true,
): {
  http: Record<string, unknown>;
  https: Record<string, unknown>;
} {
  const agents = createGlobalAgents();
  const ClientRequest = createClientRequest(fetch, agents.http);
  const request = (...args: RequestArgs) => new ClientRequest(...args);
  const get = (...args: RequestArgs) => request(...args).end() as InstanceType<ClientRequestConstructor>;
  const withHttpsAgent = (args: RequestArgs): RequestArgs => {
    const [input, options, callback] = args;
    if (typeof input === "string" || input instanceof URL) {
      const own = typeof options === "function" ? {} : { ...options };
      return [input, { ...own, _defaultAgent: agents.https }, typeof options === "function" ? options : callback];
    }
    return [{ ...input, _defaultAgent: agents.https }, options, callback];
  };
  const httpsRequest = (...args: RequestArgs) => new ClientRequest(...withHttpsAgent(args));
  const httpsGet = (...args: RequestArgs) => httpsRequest(...args).end() as InstanceType<ClientRequestConstructor>;
  const http = {
    ...nodeHttp,
    Agent,
    globalAgent: agents.http,
    ClientRequest,
    IncomingMessage,
    OutgoingMessage,
    request,
    get,
    // workerd re-exports its globals here (the worker's, not Node.js's classes).
    WebSocket: globalThis.WebSocket,
    CloseEvent: (globalThis as { CloseEvent?: unknown }).CloseEvent,
    MessageEvent: globalThis.MessageEvent,
  };
  const https = { ...nodeHttps, Agent: HttpsAgent, globalAgent: agents.https, request: httpsRequest, get: httpsGet };
  if (!clientOn) {
    Object.assign(http, { ClientRequest: unenvNotImplemented("http.ClientRequest") });
    for (const name of ["request", "get"] as const) {
      Object.assign(http, { [name]: unenvNotImplemented(`http.${name}`) });
      Object.assign(https, { [name]: unenvNotImplemented(`https.${name}`) });
    }
  }
  return { http: namespace(http, workerdHttpNames), https: namespace(https, Object.keys(nodeHttps)) };
}
