/**
 * `http.Agent` and `https.Agent` as workerd has them (src/node/internal/internal_http_agent.ts):
 * requests go through the worker's `fetch()`, so an agent pools no sockets; its fields are Node's
 * and its socket methods do nothing, but `createConnection` throws.
 */
import { EventEmitter } from "node:events";
import type { AgentOptions, RequestOptions } from "node:http";
import { ERR_METHOD_NOT_IMPLEMENTED, nodeTypeError } from "./errors.js";

type Options = AgentOptions & { defaultPort?: number; protocol?: string; path?: null; proxyEnv?: unknown };

export class Agent extends EventEmitter {
  static defaultMaxSockets = Infinity;
  defaultPort: number;
  protocol: string;
  options: Options;
  agentKeepAliveTimeoutBuffer = 1000;
  keepAliveMsecs: number;
  keepAlive: boolean;
  maxSockets: number;
  maxFreeSockets: number;
  scheduling: "lifo" | "fifo";
  maxTotalSockets: number;
  totalSocketCount = 0;
  readonly freeSockets: Record<string, unknown[]> = {};
  readonly sockets: Record<string, unknown[]> = {};
  readonly requests: Record<string, unknown[]> = {};

  constructor(options?: AgentOptions) {
    super({});
    const opts = (this.options = { __proto__: null, ...options } as Options);
    this.defaultPort = opts.defaultPort || 80;
    this.protocol = opts.protocol || "http:";
    opts.path = null;
    if (!("proxyEnv" in opts)) opts.proxyEnv = undefined;
    if (opts.noDelay === undefined) opts.noDelay = true;
    this.keepAliveMsecs = opts.keepAliveMsecs || 1000;
    this.keepAlive = opts.keepAlive || false;
    this.maxSockets = opts.maxSockets || Agent.defaultMaxSockets;
    this.maxFreeSockets = opts.maxFreeSockets || 256;
    this.scheduling = opts.scheduling || "lifo";
    if (this.scheduling !== "fifo" && this.scheduling !== "lifo") {
      throw nodeTypeError(
        "ERR_INVALID_ARG_VALUE",
        `The argument 'scheduling' must be one of: 'fifo', 'lifo'. Received '${String(this.scheduling)}'`,
      );
    }
    this.maxTotalSockets = opts.maxTotalSockets ?? Infinity;
  }

  createConnection(): never {
    throw new ERR_METHOD_NOT_IMPLEMENTED("createConnection");
  }

  getName(options: RequestOptions = {}): string {
    let name = `${options.host || "localhost"}:${options.port ? String(options.port) : ""}:${options.localAddress ?? ""}`;
    if (options.family === 4 || options.family === 6) name += `:${options.family}`;
    if (options.socketPath) name += `:${options.socketPath}`;
    return name;
  }

  addRequest(): void {}
  createSocket(): void {}
  removeSocket(): void {}
  keepSocketAlive(): boolean {
    return false;
  }
  reuseSocket(): void {}
  destroy(): void {}
}

export class HttpsAgent extends Agent {
  constructor(options?: AgentOptions) {
    const opts: Options = { ...options };
    opts.defaultPort ??= 443;
    opts.protocol ??= "https:";
    super(opts);
  }
}
Object.defineProperty(HttpsAgent, "name", { value: "Agent" });

/** The global agents, as workerd creates them. */
export function createGlobalAgents(): { http: Agent; https: HttpsAgent } {
  const options = { keepAlive: true, scheduling: "lifo", timeout: 5000 } as AgentOptions;
  return { http: new Agent(options), https: new HttpsAgent(options) };
}
