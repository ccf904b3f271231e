/**
 * workerd's `Response`, which also accepts `{ status: 101, webSocket }`. undici rejects status 101,
 * so the 101 and its socket are kept beside the object (a WeakMap: undici's constructor reads
 * `this.status` before a subclass's own #private fields would exist).
 */
import type { WebSocket } from "./web-socket.js";

const NodeResponse = globalThis.Response;
const upgrades = new WeakMap<object, WebSocket>();
/** Responses made with `encodeBody: "manual"`: their body is already encoded as Content-Encoding says. */
const manuallyEncoded = new WeakSet<object>();
/** The string a response was built from: sent as is when nothing has read the body since. */
const stringBodies = new WeakMap<object, string>();

export interface ResponseInitWithWebSocket extends ResponseInit {
  webSocket?: WebSocket | null;
  encodeBody?: "automatic" | "manual";
  cf?: unknown;
}

export class Response extends NodeResponse {
  constructor(body?: BodyInit | null, init?: ResponseInitWithWebSocket) {
    const webSocket = init?.webSocket ?? null;
    if (webSocket === null) {
      super(body, init);
      if (typeof body === "string") stringBodies.set(this, body);
      if (init?.encodeBody === "manual") manuallyEncoded.add(this);
      return;
    }
    if (init?.status !== 101) throw new RangeError("Responses with a WebSocket must have status code 101.");
    if (body !== null && body !== undefined) throw new TypeError("Response with a WebSocket cannot have a body.");
    super(null, { ...init, status: 200 });
    upgrades.set(this, webSocket);
  }

  override get status(): number {
    return upgrades.has(this) ? 101 : super.status;
  }

  override get ok(): boolean {
    return upgrades.has(this) ? false : super.ok;
  }

  override get statusText(): string {
    return upgrades.has(this) ? "Switching Protocols" : super.statusText;
  }

  get webSocket(): WebSocket | null {
    return upgrades.get(this) ?? null;
  }

  // Responses made by undici (fetch(), Response.json()) are Responses too.
  static override [Symbol.hasInstance](value: unknown): boolean {
    return value instanceof NodeResponse;
  }
}

/** The string body of a response made from one, if its body stream is still untouched. */
export function untouchedStringBody(response: globalThis.Response): string | undefined {
  const body = stringBodies.get(response);
  return body !== undefined && !response.bodyUsed && !response.body?.locked ? body : undefined;
}

/** Whether the body is already encoded (`encodeBody: "manual"`), rather than identity bytes. */
export function isManuallyEncoded(response: globalThis.Response): boolean {
  return manuallyEncoded.has(response);
}

/** The socket of a 101 response, if any. */
export function webSocketOf(response: globalThis.Response): WebSocket | undefined {
  return upgrades.get(response);
}

/** A 101 response made by the runtime (outbound WebSocket connections). */
export function upgradeResponse(webSocket: WebSocket, headers: HeadersInit): Response {
  return new Response(null, { status: 101, headers, webSocket });
}
