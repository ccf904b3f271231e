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
}

/** What the parent generation offers a loaded worker. */
export type LoaderParentApi = {
  /** A call from the loaded worker to a receiver elsewhere (its env's stubs, callbacks of the parent). */
  rpc(address: RpcAddress, operation: RpcOperation): Promise<RpcOutcome>;
  /** `abortIsolate()` in the loaded worker: the parent drops this isolate. */
  abortIsolate(reason: string): void;
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
