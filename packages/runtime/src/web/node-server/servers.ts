/**
 * Node servers "listening" inside the worker, as workerd has them: `server.listen(port)` opens no
 * port on the machine but registers the server under `port`, where `cloudflare:node`'s handlers
 * deliver requests (and connections) through in-memory streams. Installed when `cloudflare:node`
 * is first imported.
 */
import net from "node:net";
import type { Duplex } from "node:stream";

const servers = new Map<number, net.Server>();
let installed = false;

/** The port a `listen(...)` call asks for, when it names one. */
function portOf(args: unknown[]): number | undefined {
  const first = args[0];
  if (typeof first === "number" || (typeof first === "string" && /^\d+$/.test(first))) return Number(first);
  if (first && typeof first === "object" && "port" in first) {
    const port = Number((first as { port: unknown }).port);
    return Number.isInteger(port) ? port : undefined;
  }
  return undefined;
}

export function installServerRegistry(): void {
  if (installed) return;
  installed = true;
  const listen = net.Server.prototype.listen;
  net.Server.prototype.listen = function (this: net.Server, ...args: unknown[]) {
    const port = portOf(args);
    if (port === undefined || port === 0) return listen.apply(this, args as never);
    servers.set(port, this);
    const callback = args.findLast((arg) => typeof arg === "function") as (() => void) | undefined;
    if (callback) this.once("listening", callback);
    this.once("close", () => servers.get(port) === this && servers.delete(port));
    queueMicrotask(() => this.emit("listening"));
    return this;
  } as typeof listen;
}

export function registerServer(port: number, server: net.Server): void {
  servers.set(port, server);
}

/** Hands `connection` (the server's side of an in-memory pair) to the server on `port`. */
export function connectToServer(port: number, connection: Duplex): void {
  const server = servers.get(port);
  if (!server) {
    throw new Error(
      `Failed to connect to port ${port}: no server is listening on it in this worker. ` +
        `Call server.listen(${port}) before the first request.`,
    );
  }
  server.emit("connection", connection);
}
