/**
 * What the explorer shows: every worker of the dev server (the main one first, then
 * `auxiliaryWorkers`), each with its binding views, and the dev server's queue broker. API calls
 * pick a worker with `?worker=<name>` (the main worker without it).
 */
import { ExplorerInputError, type ExplorerViews } from "@kindling/runtime/explorer";
import type { HostUnitCaller } from "@kindling/runtime/protocol";
import type { WorkerHost } from "../environment/worker-host.js";
import type { DevServerQueues } from "../environment/dev-server-queues.js";

export interface ExplorerTarget {
  /** The main worker first. */
  hosts: readonly WorkerHost[];
  views: ReadonlyMap<WorkerHost, ExplorerViews>;
  queues: DevServerQueues;
}

/** The worker `?worker=` names, or the main one. */
export function pickHost(target: ExplorerTarget, url: URL): WorkerHost {
  const name = url.searchParams.get("worker");
  if (name === null || name === "") return target.hosts[0]!;
  const host = target.hosts.find((h) => h.config.name === name);
  if (!host) {
    const names = target.hosts.map((h) => `"${h.config.name}"`).join(", ");
    throw new ExplorerInputError(`[kindling] This dev server runs no worker named "${name}". Its workers: ${names}.`);
  }
  return host;
}

/**
 * Calls a worker's host units as its generations do (`BindingContext.host`), so the page's
 * controls run the same host-unit code as `env.QUEUE.send` or `env.WORKFLOW.create`.
 */
export function hostUnitCaller(host: WorkerHost): HostUnitCaller {
  return {
    call: (kind, method, ...args) => host.services.unit(undefined as never, kind, method, args) as never,
  };
}
