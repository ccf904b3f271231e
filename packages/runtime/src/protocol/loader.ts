/**
 * Between a generation and a worker it loaded with the Worker Loader (its own thread): the code to
 * run, and the channel (protocol/channel.ts) each side offers the other.
 */
import type { RpcAddress, RpcOperation, RpcOutcome } from "./messages.js";

/** One module of a loaded worker, its kind decided by the parent (workerd's rules). */
export type LoadedModule =
  | { name: string; kind: "js" | "cjs" | "text" | "json"; source: string }
  | { name: string; kind: "data" | "wasm"; bytes: ArrayBuffer };

export interface LoadedWorkerStart {
  /** The loaded worker's name in RPC addresses (unique per isolate). */
  worker: string;
  mainModule: string;
  modules: LoadedModule[];
  compatibilityDate: string;
  compatibilityFlags: string[];
  /** `{ env, globalOutbound }`, encoded by protocol/rpc-codec.ts (stubs of the parent's bindings). */
  encoded: unknown;
  streams: Transferable[];
  /** The code named tail workers (`tails`): report each event as a `trace` item. */
  tails: boolean;
}

/**
 * One event of a loaded worker as its tail workers get it (workers-types' `TraceItem`, the fields
 * a local run knows): what ran, its console lines and uncaught exceptions, and how it ended.
 */
export interface LoadedTraceItem {
  scriptName: null;
  entrypoint?: string;
  event:
    | { request: { url: string; method: string; headers: Record<string, string> }; response?: { status: number } }
    | { rpcMethod: string };
  eventTimestamp: number;
  logs: { timestamp: number; level: string; message: unknown[] }[];
  exceptions: { timestamp: number; name: string; message: string; stack?: string }[];
  diagnosticsChannelEvents: [];
  outcome: "ok" | "exception";
  executionModel: "stateless";
  truncated: false;
  cpuTime: number;
  wallTime: number;
}

/** What the parent generation offers a loaded worker. */
export type LoaderParentApi = {
  /** A call from the loaded worker to a receiver elsewhere (its env's stubs, callbacks of the parent). */
  rpc(address: RpcAddress, operation: RpcOperation): Promise<RpcOutcome>;
  /** `abortIsolate()` in the loaded worker: the parent drops this isolate. */
  abortIsolate(reason: string): void;
  /** An event of the loaded worker ended: for its tail workers. */
  trace(item: LoadedTraceItem): void;
};

/** What a loaded worker offers its parent. */
export type LoadedWorkerApi = {
  /** Evaluates the modules; rejects with the error workerd gives for code that fails to start. */
  start(start: LoadedWorkerStart): Promise<void>;
  /** A call to the loaded worker's entrypoints or exports. */
  rpc(address: RpcAddress, operation: RpcOperation): Promise<RpcOutcome>;
  /** Answered at once unless its event loop is blocked (the CPU-time watchdog). */
  ping(): Promise<void>;
};
