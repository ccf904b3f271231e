/**
 * workerd's `EventSource` (server-sent events over `fetch`, as the HTML standard describes it), with
 * its extensions: a `fetcher` option (a service binding to fetch through) and `EventSource.from(stream)`.
 */
import { setTimeout as delay } from "node:timers/promises";
import { ErrorEvent } from "../../web/web-socket-events.js";

interface EventSourceInit {
  withCredentials?: boolean;
  fetcher?: { fetch: typeof fetch };
}

const CONNECTING = 0;
const OPEN = 1;
const CLOSED = 2;

type Handler = ((event: Event) => unknown) | null;

export class EventSource extends EventTarget {
  static readonly CONNECTING = CONNECTING;
  static readonly OPEN = OPEN;
  static readonly CLOSED = CLOSED;

  declare onopen: Handler;
  declare onmessage: Handler;
  declare onerror: Handler;

  #url: string;
  #withCredentials: boolean;
  #fetch: typeof fetch;
  #readyState = CONNECTING;
  #lastEventId = "";
  #retry = 1000;
  #abort = new AbortController();

  constructor(url: string | URL, init: EventSourceInit = {}, stream?: ReadableStream<Uint8Array>) {
    super();
    if (stream) {
      // From a stream: no URL, open at once (as workerd answers).
      [this.#url, this.#withCredentials, this.#fetch, this.#readyState] = ["", false, fetch, OPEN];
      void this.#consume(stream).then(() => this.close());
      return;
    }
    try {
      this.#url = new URL(url).href;
    } catch {
      throw new DOMException(`Cannot open an EventSource to '${String(url)}'. The URL is invalid.`, "SyntaxError");
    }
    this.#withCredentials = !!init.withCredentials;
    this.#fetch = init.fetcher ? init.fetcher.fetch.bind(init.fetcher) : fetch;
    void this.#connect();
  }

  /** workerd's extension: events read from a stream of `text/event-stream` bytes. */
  static from(stream: ReadableStream<Uint8Array>): EventSource {
    if (!(stream instanceof ReadableStream)) {
      throw new TypeError("Failed to execute 'from' on 'EventSource': parameter 1 is not of type 'JsReadableStream'.");
    }
    return new EventSource("", {}, stream);
  }

  get url(): string {
    return this.#url;
  }
  get withCredentials(): boolean {
    return this.#withCredentials;
  }
  get readyState(): number {
    return this.#readyState;
  }

  close(): void {
    this.#readyState = CLOSED;
    this.#abort.abort();
  }

  async #connect(): Promise<void> {
    while (this.#readyState !== CLOSED) {
      const headers: Record<string, string> = { accept: "text/event-stream", "cache-control": "no-cache" };
      if (this.#lastEventId) headers["last-event-id"] = this.#lastEventId;
      const response = await this.#fetch(this.#url, { headers, signal: this.#abort.signal }).catch(() => undefined);
      if (this.#readyState === CLOSED) return;
      const type = response?.headers.get("content-type")?.split(";")[0]?.trim().toLowerCase();
      if (!response?.ok || type !== "text/event-stream" || !response.body) {
        if (response?.body) void response.body.cancel().catch(() => {});
        // A failed connection is closed for good (workerd: also on a network error).
        this.close();
        this.#fire(new ErrorEvent("error"));
        return;
      } else {
        this.#readyState = OPEN;
        this.#fire(new Event("open"));
        await this.#consume(response.body).catch(() => {});
        if (this.#readyState === CLOSED) return;
        this.#readyState = CONNECTING;
        this.#fire(new ErrorEvent("error"));
      }
      await delay(this.#retry, undefined, { signal: this.#abort.signal }).catch(() => {});
    }
  }

  /** Parses the event stream: `data`, `event`, `id` and `retry` fields, an event per blank line. */
  async #consume(stream: ReadableStream<Uint8Array>): Promise<void> {
    let buffer = "";
    let data: string[] = [];
    let type = "";
    const decoder = new TextDecoder();
    const line = (text: string) => {
      if (text === "") {
        if (data.length > 0) {
          const origin = this.#url ? new URL(this.#url).origin : "";
          const init = { data: data.join("\n"), lastEventId: this.#lastEventId, origin };
          this.#fire(new MessageEvent(type || "message", init));
        }
        [data, type] = [[], ""];
        return;
      }
      if (text.startsWith(":")) return;
      const colon = text.indexOf(":");
      const field = colon === -1 ? text : text.slice(0, colon);
      const value = colon === -1 ? "" : text.slice(colon + 1).replace(/^ /, "");
      if (field === "data") data.push(value);
      else if (field === "event") type = value;
      else if (field === "id" && !value.includes("\0")) this.#lastEventId = value;
      else if (field === "retry" && /^\d+$/.test(value)) this.#retry = Number(value);
    };
    const reader = stream.getReader();
    for (let read = await reader.read(); !read.done; read = await reader.read()) {
      buffer += decoder.decode(read.value, { stream: true });
      const lines = buffer.split(/\r\n|\r(?!$)|\n/);
      buffer = lines.pop()!;
      for (const text of lines) line(text);
      if (this.#readyState === CLOSED) return void reader.cancel().catch(() => {});
    }
  }

  #fire(event: Event): void {
    this.dispatchEvent(event);
  }
}

Object.defineProperty(EventSource, "length", { value: 0 });
for (const [name, value] of Object.entries({ CONNECTING, OPEN, CLOSED })) {
  Object.defineProperty(EventSource.prototype, name, { value, enumerable: true });
}
// `onopen`, `onmessage`, `onerror`: one listener each, replaced when assigned.
for (const type of ["open", "message", "error"]) {
  const listeners = new WeakMap<EventSource, (event: Event) => void>();
  const handlers = new WeakMap<EventSource, Handler>();
  Object.defineProperty(EventSource.prototype, `on${type}`, {
    get(this: EventSource) {
      return handlers.get(this) ?? null;
    },
    set(this: EventSource, handler: Handler) {
      const previous = listeners.get(this);
      if (previous) this.removeEventListener(type, previous);
      handlers.set(this, typeof handler === "function" ? handler : null);
      if (typeof handler !== "function") return;
      const listener = (event: Event) => void handler.call(this, event);
      listeners.set(this, listener);
      this.addEventListener(type, listener);
    },
    enumerable: true,
    configurable: true,
  });
}
