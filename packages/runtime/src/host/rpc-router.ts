/**
 * Relays RPC between generations: calls to Durable Objects go where the directory places them,
 * calls to exported stubs go to the generation that exported them; results come back to the
 * caller. The host itself calls objects too (alarms).
 */
import type { HibernationChange, RpcAddress, RpcMessage, RpcOperation, RpcOutcome, ThreadMessage } from "../protocol/messages.js";
import { encodeFailure } from "../protocol/rpc-codec.js";
import { transferablesOf } from "../protocol/body.js";
import { DurableObjectDirectory, type DirectoryOptions, type GenerationLink } from "./durable-object-directory.js";

interface PendingCall {
  to: GenerationLink;
  reply(outcome: RpcOutcome): void;
}

export interface RpcRouterOptions extends DirectoryOptions {
  onAlarmSet?(address: RpcAddress & { kind: "object" }, time: number | null): void;
  /** A generation changed an object's hibernatable WebSockets. */
  onHibernation?(from: GenerationLink, address: RpcAddress & { kind: "object" }, change: HibernationChange): void;
  /** Runs right before a call for an object is posted to the generation hosting it. */
  beforeObjectCall?(to: GenerationLink, address: RpcAddress & { kind: "object" }): void;
}

export class RpcRouter {
  readonly directory: DurableObjectDirectory;
  #options: RpcRouterOptions;
  #links = new Map<number, GenerationLink>();
  #pending = new Map<number, PendingCall>();
  #nextCall = 1;

  constructor(options: RpcRouterOptions) {
    this.#options = options;
    this.directory = new DurableObjectDirectory(options);
  }

  attach(link: GenerationLink): void {
    this.#links.set(link.id, link);
  }

  /** The generation's thread ended: calls waiting on it fail, its objects are unplaced. */
  detach(link: GenerationLink, reason: Error): void {
    if (this.#links.get(link.id) === link) this.#links.delete(link.id);
    for (const [call, pending] of this.#pending) {
      if (pending.to !== link) continue;
      this.#pending.delete(call);
      pending.reply({ ok: false, error: encodeFailure(reason) });
    }
    this.directory.generationGone(link);
  }

  /** Handles the RPC messages of a generation; returns false for other messages. */
  onThreadMessage(from: GenerationLink, message: ThreadMessage): boolean {
    switch (message.type) {
      case "rpc-call":
        void this.call(message.address, message.operation, from).then((outcome) =>
          from.post({ type: "rpc-result", call: message.call, outcome }, outcomeTransfer(outcome)),
        );
        return true;
      case "rpc-result": {
        const pending = this.#pending.get(message.call);
        this.#pending.delete(message.call);
        pending?.reply(message.outcome);
        return true;
      }
      case "object-released":
        this.directory.released(from, message.key, message.delivered);
        return true;
      case "alarm-set":
        this.#options.onAlarmSet?.(message.address, message.time);
        return true;
      case "hibernation":
        this.#options.onHibernation?.(from, message.address, message.change);
        return true;
    }
    return false;
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
    const call = this.#nextCall++;
    const target = to;
    return new Promise((reply) => {
      this.#pending.set(call, { to: target, reply });
      target.post({ type: "rpc-call", call, address, operation } satisfies RpcMessage, operationTransfer(operation));
    });
  }
}

function failure(message: string): RpcOutcome {
  return { ok: false, error: encodeFailure(new Error(message)) };
}

function operationTransfer(operation: RpcOperation): Transferable[] {
  return operation.op === "fetch" ? transferablesOf(operation.request.body) : [];
}

function outcomeTransfer(outcome: RpcOutcome): Transferable[] {
  if (!("response" in outcome)) return [];
  const transfer = transferablesOf(outcome.response.body);
  if (outcome.response.webSocket) transfer.push(outcome.response.webSocket as unknown as Transferable);
  return transfer;
}
