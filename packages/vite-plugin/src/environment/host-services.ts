/**
 * The host services of one worker that outlive its generations: the RPC router with the Durable
 * Object directory, the alarm scheduler, the client ends of hibernatable WebSockets, and the host
 * units of bindings (the workflow engines). Calls for another worker's receivers leave through
 * `route` (the dev server's workers, see workers/).
 */
import fs from "node:fs";
import path from "node:path";
import type { Logger } from "vite";
import {
  AlarmScheduler,
  HibernatableWebSockets,
  RpcRouter,
  WorkflowEngines,
  type WorkflowEngineEvent,
} from "@kindling/runtime/host";
import {
  decode,
  type BindingDescriptor,
  type HibernationChange,
  type HostUnitApis,
  type HostUnitKind,
  type ObjectAddress,
  type RpcAddress,
  type RpcOperation,
  type RpcOutcome,
} from "@kindling/runtime/protocol";
import type { GenerationManager } from "../generation/generation-manager.js";
import type { Generation, GenerationServices } from "../generation/generation.js";
import { workflowRuns } from "./workflow-runs.js";

export class HostServices implements GenerationServices {
  readonly router: RpcRouter;
  readonly webSockets: HibernatableWebSockets;
  readonly workflows: WorkflowEngines;
  /** Workflow state changes and step failures, for the terminal and the overlay. */
  onWorkflowEvent?: (event: WorkflowEngineEvent) => void;
  #alarms: AlarmScheduler | undefined;
  #persist: string;
  #logger: Logger;
  #workerName: () => string;

  /**
   * `persist`: the worker's own state directory (its objects' alarms); `route` sends a call for
   * another worker's receiver.
   */
  constructor(
    manager: GenerationManager,
    persist: string,
    logger: Logger,
    workerName: () => string,
    route: (address: RpcAddress, operation: RpcOperation) => Promise<RpcOutcome>,
  ) {
    this.#persist = persist;
    this.#logger = logger;
    this.#workerName = workerName;
    this.router = new RpcRouter({
      worker: workerName,
      elsewhere: route,
      current: async (from) => {
        const usable = (generation: Generation | undefined) =>
          generation && !generation.error && generation.state !== "dead" ? generation : undefined;
        // A generation's call takes the newest built generation; the host's own waits for a build in progress.
        if (from) return usable(manager.current) ?? usable(await manager.ready());
        return usable(await manager.ready());
      },
      isCurrent: (link) => manager.current === link,
      beforeObjectCall: (to, address) => this.webSockets.beforeCall(to, address),
    });
    this.webSockets = new HibernatableWebSockets({
      call: (address, operation) => this.router.call(address, operation),
      onError: (message) => this.#logger.error(message, { timestamp: true }),
    });
    this.workflows = new WorkflowEngines({
      persist,
      ...workflowRuns(manager),
      onEvent: (event) => this.onWorkflowEvent?.(event),
    });
    this.registerUnit("workflow", this.workflows.unit);
    // Alarms persisted by an earlier `vite dev` fire now (missed ones at once).
    if (fs.existsSync(path.join(persist, "do", "alarms.sqlite"))) this.#scheduler();
  }

  attach(generation: Generation): void {
    this.router.attach(generation);
    this.workflows.generationReady();
  }

  /** The worker's workflows (from its config, as it changes): their engines run the instances. */
  configureWorkflows(bindings: readonly BindingDescriptor[]): void {
    const names = bindings.flatMap((b) => (b.type === "workflow" && b.scriptName === undefined ? [b.workflowName] : []));
    this.workflows.configure(names);
  }

  /** Names seen for Durable Object ids ("<storage name>/<id>" → name), for the explorer. */
  readonly objectNames = new Map<string, string>();

  rpc(from: Generation, address: RpcAddress, operation: RpcOperation): Promise<RpcOutcome> {
    if (address.kind === "object" && address.name !== undefined) {
      this.objectNames.set(`${address.storageName}/${address.id}`, address.name);
    }
    return this.router.call(address, operation, from);
  }

  objectReleased(from: Generation, key: string, delivered: number): void {
    this.router.directory.released(from, key, delivered);
  }

  alarmSet(address: ObjectAddress, time: number | null): void {
    if (address.worker === this.#workerName()) this.#scheduler().set(address, time);
  }

  hibernation(from: Generation, address: ObjectAddress, change: HibernationChange): void {
    this.webSockets.onChange(from, address, change);
  }

  /** Host units by binding kind (protocol/host-units.ts): state of bindings that outlives generations. */
  readonly #units = new Map<string, object>();

  /** Serves `kind`'s calls from generations with `unit`. */
  registerUnit<K extends HostUnitKind>(kind: K, unit: HostUnitApis[K]): void {
    this.#units.set(kind, unit);
  }

  async unit(_from: Generation, kind: string, method: string, args: unknown[]): Promise<unknown> {
    const unit = this.#units.get(kind) as Record<string, (...args: unknown[]) => unknown> | undefined;
    const fn = unit?.[method];
    if (!fn) throw new Error(`[kindling] internal: no host unit "${kind}" with a method "${method}".`);
    return fn.apply(unit, args);
  }

  detach(generation: Generation): void {
    this.router.detach(generation);
    this.webSockets.detach(generation);
  }

  close(): void {
    this.workflows.close();
    this.#alarms?.close();
    this.webSockets.close();
  }

  #scheduler(): AlarmScheduler {
    if (this.#alarms) return this.#alarms;
    const alarms = new AlarmScheduler({
      persist: this.#persist,
      fire: (object, scheduledTime, retryCount) =>
        this.#fire({ kind: "object", worker: this.#workerName(), ...object }, scheduledTime, retryCount),
      onError: (message) => this.#logger.error(message, { timestamp: true }),
    });
    this.#alarms = alarms;
    alarms.start();
    return alarms;
  }

  async #fire(address: ObjectAddress, scheduledTime: number, retryCount: number) {
    const outcome = await this.router.call(address, { op: "alarm", scheduledTime, retryCount });
    if (!outcome.ok) {
      const error = decode(outcome.error, () => undefined) as Error;
      this.#logger.error(
        `[kindling] ${this.#workerName()}: alarm() of Durable Object ${address.storageName}/${address.id} threw ` +
          `(attempt ${retryCount + 1}): ${error?.stack ?? String(error)}`,
        { timestamp: true },
      );
    }
    return outcome;
  }
}
