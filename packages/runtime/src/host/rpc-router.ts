/**
 * Relays RPC to one worker's receivers: calls to Durable Objects go where the directory places
 * them, calls to exported stubs go to the generation that exported them, calls to entrypoints
 * (service bindings) go to the current generation. Calls for another worker's receivers go
 * `elsewhere`. The host itself calls objects too (alarms, hibernatable socket events).
 */
import type { ObjectAddress, RpcAddress, RpcOperation, RpcOutcome } from "../protocol/messages.js";
import { encodeFailure } from "../protocol/rpc-codec.js";
import { DurableObjectDirectory, type DirectoryOptions, type GenerationLink } from "./durable-object-directory.js";

export interface RpcRouterOptions extends DirectoryOptions {
  /** The name of the worker whose receivers (objects, exports, entrypoints) this router reaches (its config may rename it). */
  worker(): string;
  /** Sends a call whose receiver belongs to another worker (of this dev server or of another one). */
  elsewhere(address: RpcAddress, operation: RpcOperation): Promise<RpcOutcome>;
  /** Runs right before a call for an object is sent to the generation hosting it. */
  beforeObjectCall?(to: GenerationLink, address: ObjectAddress): void;
}

export class RpcRouter {
  readonly directory: DurableObjectDirectory;
  #options: RpcRouterOptions;
  #links = new Map<number, GenerationLink>();

  constructor(options: RpcRouterOptions) {
    this.#options = options;
    this.directory = new DurableObjectDirectory(options);
  }

  attach(link: GenerationLink): void {
    this.#links.set(link.id, link);
  }

  /** The generation's thread ended: its objects are unplaced (calls in flight to it fail with its channel). */
  detach(link: GenerationLink): void {
    if (this.#links.get(link.id) === link) this.#links.delete(link.id);
    this.directory.generationGone(link);
  }

  /** Sends one operation to its receiver, wherever it lives; `from` is the calling generation (none: the host). */
  async call(address: RpcAddress, operation: RpcOperation, from?: GenerationLink): Promise<RpcOutcome> {
    const worker = this.#options.worker();
    if (address.worker !== worker) return this.#options.elsewhere(address, operation);
    let to: GenerationLink | undefined;
    if (address.kind === "object") {
      const key = `${address.storageName}/${address.id}`;
      to = await this.directory.route(key, from);
      if (!to)
        return failure(`[kindling] Worker "${worker}" failed to start, so its Durable Objects cannot run; see the error above.`);
      this.directory.forwarded(to, key);
      this.#options.beforeObjectCall?.(to, address);
    } else if (address.kind === "entrypoint") {
      // Like a request: a call from another worker waits for a build in progress (it sees every edit made before it).
      to = await this.#options.current(from);
      if (!to)
        return failure(
          `[kindling] Worker "${worker}" failed to start, so its entrypoints cannot be called; see the error above.`,
        );
    } else {
      to = this.#links.get(address.generation);
      if (!to) {
        if (operation.op === "release" || operation.op === "dup") return { ok: true, value: undefined };
        return failure(
          "[kindling] This RPC stub belongs to a generation that an edit replaced and shut down; get a new stub from the current code.",
        );
      }
    }
    try {
      return await to.rpc(address, operation);
    } catch (error) {
      // The receiving generation's thread ended with the call in flight.
      return { ok: false, error: encodeFailure(error) };
    }
  }
}

function failure(message: string): RpcOutcome {
  return { ok: false, error: encodeFailure(new Error(message)) };
}
