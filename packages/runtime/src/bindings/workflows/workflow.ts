/**
 * `env.FLOW` (a `workflows[]` binding) and the instance handles it gives out. Class names are
 * workerd's (`WorkflowImpl`, `InstanceImpl`); the state is the host's engine, reached by workflow name.
 */
import type { BindingDescriptor } from "../../protocol/bindings.js";
import type { HostUnitCaller } from "../../protocol/host-units.js";
import type { WorkflowNewInstance, WorkflowStatusReport } from "../../protocol/workflows.js";
import { notImplemented } from "../../shared/not-implemented.js";
import { isTooLarge, serialize } from "./serialize.js";
import { isValidInstanceId, limits } from "./validate.js";

type Descriptor = BindingDescriptor<"workflow">;

interface CreateOptions {
  id?: unknown;
  params?: unknown;
}

/** An instance handle: its calls go to the engine of its workflow. */
export class InstanceImpl {
  readonly id: string;
  readonly #host: HostUnitCaller;
  readonly #workflow: string;

  constructor(id: string, host: HostUnitCaller, workflow: string) {
    this.id = id;
    this.#host = host;
    this.#workflow = workflow;
  }

  async pause(): Promise<void> {
    await this.#host.call("workflow", "control", this.#workflow, this.id, "pause");
  }

  async resume(): Promise<void> {
    await this.#host.call("workflow", "control", this.#workflow, this.id, "resume");
  }

  async terminate(options?: { rollback?: boolean }): Promise<void> {
    if (options?.rollback) notImplemented("WorkflowInstance.terminate({ rollback: true })");
    await this.#host.call("workflow", "control", this.#workflow, this.id, "terminate");
  }

  async restart(options?: { from?: unknown }): Promise<void> {
    if (options?.from !== undefined) notImplemented("WorkflowInstance.restart({ from })");
    await this.#host.call("workflow", "control", this.#workflow, this.id, "restart");
  }

  async delete(): Promise<void> {
    const { missing } = await this.#host.call("workflow", "delete", this.#workflow, [this.id]);
    if (missing.length > 0) throw new Error("instance.not_found");
  }

  async status(): Promise<WorkflowStatusReport> {
    return this.#host.call("workflow", "status", this.#workflow, this.id);
  }

  async sendEvent({ type, payload }: { type: string; payload?: unknown }): Promise<void> {
    const event = { type: String(type), payload: serializeValue(payload, "event payload"), timestamp: Date.now() };
    await this.#host.call("workflow", "sendEvent", this.#workflow, this.id, event);
  }

  subscribe(): never {
    return notImplemented("WorkflowInstance.subscribe");
  }
}

export class WorkflowImpl {
  readonly #host: HostUnitCaller;
  readonly #workflow: string;

  constructor(descriptor: Descriptor, host: HostUnitCaller) {
    this.#host = host;
    this.#workflow = descriptor.workflowName;
  }

  async get(id: string): Promise<InstanceImpl> {
    const exists = isValidInstanceId(id) && (await this.#host.call("workflow", "exists", this.#workflow, id));
    if (!exists) throw new Error("instance.not_found");
    return new InstanceImpl(id, this.#host, this.#workflow);
  }

  async create(options?: CreateOptions): Promise<InstanceImpl> {
    const instance = toNewInstance(options === undefined ? {} : options);
    await this.#host.call("workflow", "create", this.#workflow, instance);
    return new InstanceImpl(instance.id, this.#host, this.#workflow);
  }

  /**
   * The array form answers the instances it created (ids taken are skipped); the object form
   * (`{ instances }` or `{ count, params }`) also says why it skipped each.
   */
  async createBatch(batch: CreateOptions[] | { instances?: CreateOptions[]; count?: unknown; params?: unknown }) {
    if (Array.isArray(batch)) {
      if (batch.length === 0) throw new Error("WorkflowError: batchCreate should have at least 1 instance");
      if (batch.length > limits.batchSize) throw new Error("WorkflowError: batchCreate only supports 100 instances at a time");
      const { created } = await this.#createAll(batch.map((options) => toNewInstance(options ?? {})));
      return created;
    }
    const instances = toBatchInstances(batch);
    return this.#createAll(instances);
  }

  async deleteBatch(instanceIds: string[]) {
    const { deleted, missing } = await this.#host.call("workflow", "delete", this.#workflow, instanceIds);
    return {
      deleted: deleted.map((id) => ({ id })),
      errors: missing.map((id) => ({ id, code: 10404, message: "instance.not_found" })),
    };
  }

  async #createAll(instances: WorkflowNewInstance[]) {
    const { created, errors } = await this.#host.call("workflow", "createBatch", this.#workflow, instances);
    return { created: created.map((id) => new InstanceImpl(id, this.#host, this.#workflow)), errors };
  }
}

function toNewInstance(options: CreateOptions): WorkflowNewInstance {
  const id = options.id ?? crypto.randomUUID();
  if (!isValidInstanceId(id)) throw new Error("Workflow instance has invalid id");
  return { id, params: serializeValue(options.params, "params") };
}

function toBatchInstances(batch: { instances?: CreateOptions[]; count?: unknown; params?: unknown }): WorkflowNewInstance[] {
  if (Array.isArray(batch?.instances)) {
    if (batch.instances.length > limits.batchSize) throw new Error("(body) batchCreate only supports 100 instances at a time");
    return batch.instances.map((options) => {
      const id = options?.id ?? crypto.randomUUID();
      if (!isValidInstanceId(id)) throw new Error("(instance.invalid_id) Instance ID is invalid");
      return { id, params: serializeValue(options?.params, "params") };
    });
  }
  if (batch?.count === undefined) throw new Error("(body) Provided argument is invalid");
  const { count } = batch;
  if (typeof count !== "number" || !Number.isInteger(count) || count < 1)
    throw new Error("(body) count must be a positive integer");
  if (count > limits.batchSize) throw new Error("(body) batchCreate only supports 100 instances at a time");
  const params = serializeValue(batch.params, "params");
  return Array.from({ length: count }, () => ({ id: crypto.randomUUID(), params }));
}

/** Params and event payloads: what structured clone keeps, up to 1 MiB. */
function serializeValue(value: unknown, what: string): Uint8Array {
  const result = serialize(value);
  if ("error" in result) throw result.error;
  if ("function" in result) throw new DOMException(`A function in the ${what} could not be cloned.`, "DataCloneError");
  if (isTooLarge(result.bytes)) {
    throw new RangeError(
      `The ${what} of a Workflow instance is ${result.bytes.byteLength} bytes serialized, over the limit of 1 MiB ` +
        `(1048576 bytes; https://developers.cloudflare.com/workflows/reference/limits/).`,
    );
  }
  return result.bytes;
}
