/**
 * The hot channel of a worker's Vite environment (and of its child environments). Its clients are
 * the generations' ModuleRunners, which come and go with each edit, while plugins' listeners
 * (`environment.hot.on`) stay: a plugin's `environment.hot.send(event, data)` reaches the
 * `import.meta.hot.on(event)` listeners of the worker's modules, and their `import.meta.hot.send`
 * reaches the plugin with a client that answers that generation. Vite gives this channel only
 * custom events (the environment is created with `hot: false`): no runner is ever updated in place.
 */
import type { HotChannel, HotChannelClient, HotChannelListener, HotPayload } from "vite";
import type { HotPayload as RunnerPayload } from "@kindling/runtime/protocol";
import type { Generation } from "../generation/generation.js";

type Listener = (data: unknown, client: HotChannelClient) => void;

export class WorkerHotChannel implements HotChannel {
  /** No network client ever reaches this channel (Vite 8.0.5+ checks files for network transports). */
  readonly skipFsCheck = true;
  readonly #environment: string;
  readonly #listeners = new Map<string, Set<Listener>>();
  readonly #clients = new Map<Generation, HotChannelClient>();
  /** What was sent while no runner was connected, for the next one (as @cloudflare/vite-plugin buffers). */
  #buffered: HotPayload[] = [];

  constructor(environment: string) {
    this.#environment = environment;
  }

  send(payload: HotPayload): void {
    // Vite forwards only connected/ping/custom/error here; runners act on custom events alone.
    if (payload.type !== "custom") return;
    const message = toJson(payload);
    if (this.#clients.size === 0) {
      this.#buffered.push(message);
      return;
    }
    for (const client of this.#clients.values()) client.send(message);
  }

  on<T extends string>(event: T, listener: HotChannelListener<T>): void;
  on(event: "connection", listener: () => void): void;
  on(event: string, listener: Listener): void {
    let listeners = this.#listeners.get(event);
    if (!listeners) this.#listeners.set(event, (listeners = new Set()));
    listeners.add(listener);
  }

  off(event: string, listener: Listener): void {
    this.#listeners.get(event)?.delete(listener);
  }

  listen(): void {}

  close(): void {
    for (const generation of this.#clients.keys()) this.disconnect(generation);
  }

  /** The generation's runner for this environment connected its transport. */
  connect(generation: Generation): void {
    if (this.#clients.has(generation)) return;
    const environment = this.#environment;
    const client: HotChannelClient = { send: (payload) => generation.sendHot(environment, toJson(payload)) };
    this.#clients.set(generation, client);
    for (const payload of this.#buffered.splice(0)) client.send(payload);
    this.#emit("vite:client:connect", undefined, client);
  }

  /** A message from the generation's runner (`import.meta.hot.send`). */
  receive(generation: Generation, payload: RunnerPayload): void {
    const client = this.#clients.get(generation);
    if (!client || payload.type !== "custom" || !payload.event) return;
    this.#emit(payload.event, payload.data, client);
  }

  disconnect(generation: Generation): void {
    const client = this.#clients.get(generation);
    if (!client) return;
    this.#clients.delete(generation);
    this.#emit("vite:client:disconnect", undefined, client);
  }

  #emit(event: string, data: unknown, client: HotChannelClient): void {
    for (const listener of this.#listeners.get(event) ?? []) listener(data, client);
  }
}

/** What crosses is JSON, as over Vite's WebSocket (functions dropped, dates as strings). */
function toJson<T>(payload: T): T {
  return JSON.parse(JSON.stringify(payload)) as T;
}
