/** Messages between the host (Vite's main thread) and a generation's worker thread. */
import type { MessagePort } from "node:worker_threads";
import type { SerializedError } from "./errors.js";
import type { BindingDescriptor } from "./bindings.js";
import type { HibernatableSocketEvent, HibernationChange, HibernationUpdate } from "./hibernation.js";

export type * from "./hibernation.js";

export type HeaderPairs = [name: string, value: string][];
/**
 * A body crosses threads as one transferred ArrayBuffer when complete, else as a transferred stream;
 * a response built from a string, untouched since, crosses as that string.
 */
export type WireBody = ArrayBuffer | string | ReadableStream<Uint8Array> | null;

export interface WireRequest {
  method: string;
  url: string;
  headers: HeaderPairs;
  body: WireBody;
}

export interface WireResponse {
  status: number;
  statusText: string;
  headers: HeaderPairs;
  body: WireBody;
  /** Status 101: the worker's WebSocket, bridged over this port as `WebSocketFrame`s both ways. */
  webSocket?: MessagePort;
  /** The socket's peer was accepted with `ctx.acceptWebSocket`: the host keeps it open across reloads. */
  hibernatable?: boolean;
}

/** One WebSocket event crossing a thread boundary. */
export type WebSocketFrame =
  | { type: "message"; data: string | ArrayBuffer }
  | { type: "close"; code: number; reason: string; wasClean: boolean };

/** A `scheduled` or `email` event for the worker (the /cdn-cgi triggers and cron). */
export type TriggerEvent =
  | { type: "scheduled"; cron: string; scheduledTime: number }
  | { type: "email"; from: string; to: string; raw: ArrayBuffer };

export type TriggerResult =
  | { outcome: "no-handler" }
  /** The event never reached the handler (e.g. an unparsable email); `message` says why. */
  | { outcome: "invalid"; message: string }
  | {
      outcome: "ok" | "exception";
      error?: SerializedError;
      noRetry?: boolean;
      /** email only */
      rejectReason?: string;
      forwards?: { rcptTo: string; headers: HeaderPairs }[];
      replies?: { from: string; to: string; messageId: string; file: string }[];
    };

/** What a generation needs to evaluate the user's code; sent once, when a standby thread is started. */
export interface GenerationConfig {
  generation: number;
  workerName: string;
  /** URL the ModuleRunner imports (the entry as Vite sees it). */
  entry: string;
  vars: Record<string, unknown>;
  bindings: BindingDescriptor[];
  /** Directory of persisted binding state, or false for in-memory state. */
  persist: string | false;
  compatibilityDate: string;
  compatibilityFlags: string[];
  /** Internal (tests): ms an idle Durable Object stays in memory; production's 70 s when absent. */
  durableObjectIdleTimeout?: number;
}

/** Data passed to a booting thread before it knows which generation it will be. */
export interface ThreadData {
  viteModuleRunnerUrl: string;
}

/** Where an RPC call goes: a Durable Object (placed by the host's directory) or an object a generation exported. */
export type RpcAddress =
  | { kind: "object"; storageName: string; id: string; name?: string }
  | { kind: "export"; generation: number; export: number };

/** What an RPC call does. `args` and results are encoded by protocol/rpc-codec.ts. */
export type RpcOperation =
  | { op: "call"; path: string[]; args: unknown[] }
  | { op: "get"; path: string[] }
  | { op: "fetch"; request: WireRequest }
  | { op: "alarm"; scheduledTime: number; retryCount: number }
  | { op: "websocket"; socket: string; event: HibernatableSocketEvent }
  | { op: "release" };

export type RpcOutcome = { ok: true; value: unknown } | { ok: true; response: WireResponse } | { ok: false; error: unknown };

/** Messages of the RPC layer, both directions (the host relays calls and results between threads). */
export type RpcMessage =
  | { type: "rpc-call"; call: number; address: RpcAddress; operation: RpcOperation }
  | { type: "rpc-result"; call: number; outcome: RpcOutcome };

/** Where an error outside any request's response came from. */
export type BackgroundErrorSource = "waitUntil" | "unhandledRejection" | "uncaughtException";

export type HostMessage =
  | RpcMessage
  | { type: "start"; config: GenerationConfig }
  | { type: "fetch"; id: number; request: WireRequest }
  | { type: "abort"; id: number; reason: string }
  | { type: "invoke-result"; id: number; result: unknown }
  | { type: "drain" }
  | { type: "ping"; seq: number }
  | { type: "trigger"; id: number; event: TriggerEvent }
  | { type: "hibernation"; key: string; update: HibernationUpdate };

export type ThreadMessage =
  | RpcMessage
  /** A Durable Object instance was dropped; `delivered` counts the calls the host sent it, to spot a stale release. */
  | { type: "object-released"; key: string; delivered: number }
  /** `storage.setAlarm` / `deleteAlarm` (time null) of an object, for the host's alarm scheduler. */
  | { type: "alarm-set"; address: RpcAddress & { kind: "object" }; time: number | null }
  /** A change to an object's hibernatable WebSockets (`ctx.acceptWebSocket`), kept by the host. */
  | { type: "hibernation"; address: RpcAddress & { kind: "object" }; change: HibernationChange }
  | { type: "booted" }
  | { type: "ready" }
  | { type: "failed"; error: SerializedError }
  | { type: "response"; id: number; response: WireResponse }
  | { type: "pass-through"; id: number }
  | { type: "fetch-error"; id: number; error: SerializedError }
  | { type: "invoke"; id: number; payload: unknown }
  | { type: "drained" }
  | { type: "pong"; seq: number }
  | { type: "trigger-result"; id: number; result: TriggerResult }
  | { type: "abort-isolate"; reason: string }
  | { type: "background-error"; source: BackgroundErrorSource; error: SerializedError };
