/**
 * A generation's end of RPC: exports the functions and RpcTargets it passes out, sends calls
 * (locally when the receiver lives in this thread, else through the host), and answers calls
 * the host delivers. Local calls keep RPC semantics: arguments and results are cloned.
 */
import { decode, encode, encodeFailure, type RpcExporter } from "../protocol/rpc-codec.js";
import type { EntrypointAddress, ObjectAddress, RpcAddress, RpcOperation, RpcOutcome } from "../protocol/messages.js";
import { rpcTransferables } from "../protocol/body.js";
import { withTransfer } from "../protocol/channel.js";
import { addressOfStub, createStub, RpcStub } from "./stub.js";
import { createFetcherStub } from "./fetcher.js";
import { dispatch, type RpcCall } from "./dispatch.js";
import { currentIoOwner, runAsOwner, runUnowned } from "../shared/io-owner.js";
import { Exports } from "./exports.js";
import { addResultDisposer } from "./result-disposer.js";
import { Outbox } from "./outbox.js";
import { sendCall } from "./outgoing-call.js";
import { runPipelined } from "./pipelined-calls.js";

/** Receives calls addressed to Durable Objects (bindings/durable-objects/live-objects.ts). */
export interface ObjectReceiver {
  isLive(address: ObjectAddress): boolean;
  deliver(address: ObjectAddress, operation: RpcOperation, fromHost: boolean): Promise<RpcOutcome>;
}

/** Receives calls addressed to this worker's entrypoints (service bindings; thread/entrypoints.ts). */
export interface EntrypointReceiver {
  deliver(address: EntrypointAddress, operation: RpcOperation): Promise<RpcOutcome>;
}

export interface RpcEndpointOptions {
  /** The worker this generation runs (addresses name it). */
  worker: string;
  generation: number;
  /** Sends a call to a receiver outside this thread (through the host), moving `transfer` with it. */
  call(address: RpcAddress, operation: RpcOperation, transfer: Transferable[]): Promise<RpcOutcome>;
  isRpcTarget(value: object): boolean;
  /** Wraps every call leaving this endpoint (request traces time them as spans). */
  traceSend?(address: RpcAddress, operation: RpcOperation, send: () => Promise<RpcOutcome>): Promise<RpcOutcome>;
}

export class RpcEndpoint {
  readonly worker: string;
  readonly generation: number;
  objects: ObjectReceiver | undefined;
  entrypoints: EntrypointReceiver | undefined;
  /** Workers this thread reaches without the host (the ones it loaded with the Worker Loader), by name. */
  readonly routes = new Map<string, (address: RpcAddress, operation: RpcOperation) => Promise<RpcOutcome>>();
  /** Makes full Durable Object stubs (with `id`, `fetch`) for object addresses received in values. */
  objectStub: ((address: ObjectAddress) => unknown) | undefined;
  #options: RpcEndpointOptions;
  readonly #exports = new Exports();
  readonly #outbox = new Outbox();

  constructor(options: RpcEndpointOptions) {
    this.#options = options;
    this.worker = options.worker;
    this.generation = options.generation;
  }

  /** A collected stub frees its export on the other side. */
  #finalizer = new FinalizationRegistry<RpcAddress>((address) => void this.send(address, { op: "release" }));

  /** A stub for an address (used by decode, and by bindings that make stubs). */
  readonly importStub = (address: RpcAddress, callable: boolean): unknown => {
    if (address.kind === "entrypoint") return createFetcherStub(this, address);
    if (address.kind === "object") {
      return this.objectStub?.(address) ?? createStub(address, (operation) => this.invoke(address, operation), { callable });
    }
    const stub: object = createStub(address, (operation) => this.invoke(address, operation), {
      callable,
      prototype: RpcStub.prototype,
      onDispose: () => {
        this.#finalizer.unregister(stub);
        void this.send(address, { op: "release" });
      },
      // The holder counts one more reference before this one can be released (same path, in order).
      dup: () => {
        void this.send(address, { op: "dup" });
        return this.importStub(address, callable) as object;
      },
    });
    this.#finalizer.register(stub, address, stub);
    return stub;
  };

  /**
   * Calls `address`; resolves with the decoded result or rejects with the decoded error. The call
   * leaves a little later (outgoing-call.ts): calls pipelined on its result go in its message.
   */
  invoke(address: RpcAddress, call: RpcCall): Promise<unknown> {
    const scope = new Set<number>();
    const exporter = this.#exporter(scope);
    // Stubs passed as arguments are disposed when the call returns (unless the callee dup()ed them), as in workerd.
    const release = () => {
      for (const id of scope) this.#exports.release(id);
    };
    try {
      return sendCall(call, {
        encodeArgs: (args) => args.map((arg) => encode(arg, exporter)),
        schedule: (build) =>
          this.#outbox
            .defer(() => {
              const operation = build();
              const streams = exporter.transfer!;
              return this.#sendNow(
                address,
                operation.op === "call" && streams.length > 0 ? { ...operation, streams } : operation,
              );
            })
            .finally(release),
        unwrap: (outcome) => this.unwrap(outcome),
      });
    } catch (error) {
      release();
      return Promise.reject(error);
    }
  }

  /**
   * `new RpcStub(target)`: exports a local object or function and returns a stub for it, so its
   * calls take the RPC path (a stub given again is duplicated).
   */
  stubFor(target: object): object {
    if (addressOfStub(target)) return (target as { dup(): object }).dup();
    const address = this.#exporter(undefined).export(target);
    return this.importStub(address, typeof target === "function") as object;
  }

  /** Sends an encoded operation (after the calls made before it); local receivers are called directly, on a clone. */
  send(address: RpcAddress, operation: RpcOperation): Promise<RpcOutcome> {
    return this.#outbox.send(() => this.#sendNow(address, operation));
  }

  #sendNow(address: RpcAddress, operation: RpcOperation): Promise<RpcOutcome> {
    // A Durable Object waiting on a call stays alive until it returns (io-owner.ts).
    const owner = operation.op === "release" || operation.op === "dup" ? undefined : currentIoOwner();
    const trace = this.#options.traceSend;
    const sent = trace ? trace(address, operation, () => this.#send(address, operation)) : this.#send(address, operation);
    return owner ? sent.finally(owner.hold("outbound")) : sent;
  }

  #send(address: RpcAddress, operation: RpcOperation): Promise<RpcOutcome> {
    const local =
      address.worker === this.worker &&
      ((address.kind === "export" && address.generation === this.generation) ||
        (address.kind === "object" && this.objects?.isLive(address) === true));
    if (local) {
      const copy = operation.op === "fetch" ? operation : structuredClone(operation, { transfer: rpcTransferables(operation) });
      return this.#receive(address, copy, false).then((outcome) =>
        "value" in outcome || !outcome.ok ? structuredClone(outcome, { transfer: rpcTransferables(outcome) }) : outcome,
      );
    }
    const route = this.routes.get(address.worker);
    if (route) return route(address, operation);
    return this.#options.call(address, operation, rpcTransferables(operation));
  }

  /** Encodes a value that outlives any call (exports persist until released); `streams` move with it. */
  encodeValue(value: unknown): { encoded: unknown; streams: Transferable[] } {
    const exporter = this.#exporter(undefined);
    return { encoded: encode(value, exporter), streams: exporter.transfer! };
  }

  decodeValue(encoded: unknown): unknown {
    return decode(encoded, this.importStub);
  }

  /** The result of an outcome; an object result gets a disposer that disposes the stubs it holds. */
  unwrap(outcome: RpcOutcome): unknown {
    if (!outcome.ok) throw remoteError(decode(outcome.error, this.importStub));
    if ("response" in outcome) return outcome.response;
    const stubs: object[] = [];
    const value = decode(outcome.value, (address, callable) => {
      const stub = this.importStub(address, callable) as object;
      stubs.push(stub);
      return stub;
    });
    return addResultDisposer(value, stubs);
  }

  /** Runs a call on a local receiver, then the calls pipelined on its result; the outcome is encoded (exports persist until released). */
  async execute(receiver: unknown, operation: RpcOperation): Promise<RpcOutcome> {
    try {
      if (operation.op !== "call" && operation.op !== "get") throw new TypeError(`Unexpected RPC operation "${operation.op}".`);
      const value = await this.#run(receiver, operation);
      const exporter = this.#exporter(undefined);
      const encoded = encode(value, exporter);
      const pipelined =
        operation.op === "call" && operation.pipelined
          ? await runPipelined(value, operation.pipelined, {
              run: (target, call) => this.#run(target, call),
              encodeValue: (result) => encode(result, exporter),
              encodeError: (error) => this.#encodeError(error, exporter),
            })
          : undefined;
      const outcome: Extract<RpcOutcome, { value: unknown }> = { ok: true, value: encoded };
      if (pipelined) outcome.pipelined = pipelined;
      if (exporter.transfer!.length > 0) outcome.streams = exporter.transfer;
      return outcome;
    } catch (error) {
      return this.failure(error);
    }
  }

  /** One call or property read on a receiver here; a stub (a pipelined call on a result that is one) forwards it. */
  async #run(receiver: unknown, operation: RpcCall): Promise<unknown> {
    const call: RpcCall =
      operation.op === "call" ? { ...operation, args: operation.args.map((arg) => decode(arg, this.importStub)) } : operation;
    const isObject = receiver !== null && (typeof receiver === "object" || typeof receiver === "function");
    const address = isObject ? addressOfStub(receiver) : undefined;
    if (address) return await this.invoke(address, call);
    return await dispatch(receiver, call, this.#options.isRpcTarget);
  }

  #encodeError(error: unknown, exporter: RpcExporter): unknown {
    try {
      return encode(error, exporter);
    } catch {
      return encodeFailure(error);
    }
  }

  failure(error: unknown): RpcOutcome {
    try {
      return { ok: false, error: encode(error, this.#exporter(undefined)) };
    } catch {
      return { ok: false, error: encodeFailure(error) };
    }
  }

  /** A call the host routed to this generation; a response's body and WebSocket port move back with the result. */
  receive(address: RpcAddress, operation: RpcOperation): Promise<RpcOutcome> {
    return this.#receive(address, operation, true).then((outcome) => {
      const transfer = rpcTransferables(outcome);
      return transfer.length > 0 ? withTransfer(outcome, transfer) : outcome;
    });
  }

  #receive(address: RpcAddress, operation: RpcOperation, fromHost: boolean): Promise<RpcOutcome> {
    if (address.worker !== this.worker) {
      return Promise.resolve(
        this.failure(new Error(`[kindling] internal: a call for worker "${address.worker}" reached worker "${this.worker}".`)),
      );
    }
    if (address.kind === "object") {
      if (!this.objects) return Promise.resolve(this.failure(new Error("[kindling] This worker has no Durable Object classes.")));
      return this.objects.deliver(address, operation, fromHost);
    }
    if (address.kind === "entrypoint") {
      if (!this.entrypoints)
        return Promise.resolve(this.failure(new Error("[kindling] internal: this generation has not started.")));
      return this.entrypoints.deliver(address, operation);
    }
    if (operation.op === "release" || operation.op === "dup") {
      if (operation.op === "dup") this.#exports.dup(address.export);
      else this.#exports.release(address.export);
      return Promise.resolve({ ok: true, value: undefined });
    }
    const exported = this.#exports.get(address.export);
    if (!exported) return Promise.resolve(this.failure(new Error("RPC stub used after being disposed.")));
    const { value: receiver, owner } = exported;
    if (!owner) return runUnowned(() => this.execute(receiver, operation));
    // What a released object handed out must not run its code any more.
    if (!owner.live) return Promise.resolve(this.failure(owner.reason));
    return runAsOwner(owner, () => this.execute(receiver, operation)).finally(owner.hold("inbound"));
  }

  /** Exports for one message; `scope` collects the ones that end with the call (arguments). */
  #exporter(scope: Set<number> | undefined): RpcExporter {
    return {
      addressOf: (value) => addressOfStub(value),
      isRpcTarget: this.#options.isRpcTarget,
      transfer: [],
      export: (value) => {
        const id = this.#exports.add(value, currentIoOwner());
        scope?.add(id);
        return { kind: "export", worker: this.worker, generation: this.generation, export: id };
      },
    };
  }
}

/**
 * What the caller of an RPC call catches, as workerd delivers it: the callee's error marked
 * `remote: true`, and a thrown primitive (a string) as an Error with it as the message.
 */
function remoteError(thrown: unknown): unknown {
  const error = thrown !== null && typeof thrown === "object" ? thrown : new Error(String(thrown));
  if (error instanceof Error) (error as Error & { remote?: boolean }).remote = true;
  return error;
}
