/**
 * One isolate of the Worker Loader: a thread of its own (no access to the parent's globals, the
 * host's files or `process`), started on first use with the code the callback returns, dropped
 * when idle, on `abortIsolate()` inside it, or with the parent's thread (an edit's new generation).
 */
import { Worker } from "node:worker_threads";
import { createChannel, withTransfer, type Channel } from "../../protocol/channel.js";
import { rpcTransferables } from "../../protocol/body.js";
import type { LoadedWorkerApi, LoaderParentApi } from "../../protocol/loader.js";
import type { RpcAddress, RpcOperation, RpcOutcome } from "../../protocol/messages.js";
import type { RpcEndpoint } from "../../rpc/endpoint.js";
import { toLoadedModules } from "./modules.js";

/** What the callback of `get(id, callback)` returns (WorkerLoaderWorkerCode). */
export interface WorkerCode {
  compatibilityDate: string;
  compatibilityFlags?: string[];
  mainModule: string;
  modules: Record<string, unknown>;
  env?: unknown;
  globalOutbound?: unknown;
}

const ENTRY = new URL("../../thread/loaded/entry.js", import.meta.url);
/** A generation's heap limit (production's 128 MB). */
const MEMORY_MB = 128;

export interface IsolateOptions {
  worker: string;
  endpoint: RpcEndpoint;
  getCode: () => WorkerCode | Promise<WorkerCode>;
  idleTimeout: number;
  /** The isolate ended (idle, aborted, failed): the loader forgets it. */
  onEnd(): void;
}

export class LoadedIsolate {
  #options: IsolateOptions;
  #started: Promise<Channel<LoadedWorkerApi>> | undefined;
  #thread: Worker | undefined;
  #inflight = 0;
  #idle: NodeJS.Timeout | undefined;
  #ended: Error | undefined;

  constructor(options: IsolateOptions) {
    this.#options = options;
  }

  /** Sends a call to the loaded worker, starting it first if needed. */
  async call(address: RpcAddress, operation: RpcOperation): Promise<RpcOutcome> {
    this.#inflight++;
    clearTimeout(this.#idle);
    try {
      const channel = await (this.#started ??= this.#start());
      return await channel.callWith("rpc", rpcTransferables(operation), address, operation);
    } catch (error) {
      return this.#options.endpoint.failure(this.#ended ?? error);
    } finally {
      if (--this.#inflight === 0 && !this.#ended) {
        this.#idle = setTimeout(() => this.end(new Error("The loaded worker was idle.")), this.#options.idleTimeout);
        this.#idle.unref();
      }
    }
  }

  end(reason: Error): void {
    if (this.#ended) return;
    this.#ended = reason;
    clearTimeout(this.#idle);
    void this.#thread?.terminate();
    this.#options.onEnd();
  }

  async #start(): Promise<Channel<LoadedWorkerApi>> {
    const { endpoint, worker } = this.#options;
    const code = await this.#options.getCode();
    const modules = toLoadedModules(code.modules);
    const { encoded, streams } = endpoint.encodeValue({ env: code.env ?? {}, globalOutbound: code.globalOutbound });
    const thread = new Worker(ENTRY, {
      execArgv: ["--experimental-vm-modules", "--no-warnings"],
      resourceLimits: { maxOldGenerationSizeMb: MEMORY_MB },
    });
    this.#thread = thread;
    const local: LoaderParentApi = {
      rpc: async (address, operation) => {
        const outcome = await endpoint.send(address, operation);
        return withTransfer(outcome, rpcTransferables(outcome));
      },
      abortIsolate: (reason) => this.end(new Error(reason)),
    };
    const channel = createChannel<LoadedWorkerApi>(thread, local);
    thread.once("error", (error) => this.end(error));
    thread.once("exit", () => {
      channel.close(this.#ended ?? new Error("The loaded worker's thread exited."));
      this.end(new Error("The loaded worker's thread exited."));
    });
    await channel.callWith("start", streams, {
      worker,
      mainModule: code.mainModule,
      modules,
      compatibilityDate: code.compatibilityDate,
      compatibilityFlags: code.compatibilityFlags ?? [],
      encoded,
      streams,
    });
    return channel;
  }
}
