/**
 * Relays RPC between generations: calls to Durable Objects go where the directory places them,
 * calls to exported stubs go to the generation that exported them. The host itself calls objects
 * too (alarms, hibernatable socket events).
 */
import type { ObjectAddress, RpcAddress, RpcOperation, RpcOutcome } from "../protocol/messages.js";
import { encodeFailure } from "../protocol/rpc-codec.js";
import { DurableObjectDirectory, type DirectoryOptions, type GenerationLink } from "./durable-object-directory.js";

export interface RpcRouterOptions extends DirectoryOptions {
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
    let to: GenerationLink | undefined;
    if (address.kind === "object") {
      const key = `${address.storageName}/${address.id}`;
      to = await this.directory.route(key, from);
      if (!to) return failure("[kindling] The worker failed to start, so its Durable Objects cannot run; see the error above.");
      this.directory.forwarded(to, key);
      this.#options.beforeObjectCall?.(to, address);
    } else {
      to = this.#links.get(address.generation);
      if (!to) {
        if (operation.op === "release") return { ok: true, value: undefined };
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
