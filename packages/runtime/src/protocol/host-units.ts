/**
 * The calls a binding's runtime unit (in a generation) makes to its host unit (in Vite's process),
 * for state that outlives generations: one entry per kind that has a host unit. Both ends are
 * typed from this map: `BindingContext.host.call(kind, method, ...args)` in the thread, and the
 * host units registered with the host services.
 */
import type { WireRequest, WireResponse } from "./messages.js";
import type { QueueMetrics, QueueOutgoingMessage } from "./queues.js";
import type { WorkflowHostApi } from "./workflows.js";

export interface HostUnitApis {
  /** `env.ASSETS.fetch()`: the host's asset server (and Vite's client files) answer, never the worker. */
  assets: { fetch(request: WireRequest): Promise<WireResponse> };
  /** The dev server's queue broker (host/queues/). */
  queue: {
    /** Stores the messages (on disk when it resolves); the metrics are the backlog as it was before them. */
    send(queue: string, messages: QueueOutgoingMessage[]): Promise<QueueMetrics>;
    metrics(queue: string): QueueMetrics;
  };
  /** The workflow engine (host/workflows/): instances and their steps, kept across generations and restarts. */
  workflow: WorkflowHostApi;
}

export type HostUnitKind = keyof HostUnitApis;

type Methods<K extends HostUnitKind> = HostUnitApis[K];

/** How a runtime unit reaches its host unit. */
export interface HostUnitCaller {
  call<K extends HostUnitKind, M extends keyof Methods<K> & string>(
    kind: K,
    method: M,
    ...args: Methods<K>[M] extends (...args: infer A) => unknown ? A : never
  ): Promise<Methods<K>[M] extends (...args: never[]) => infer R ? Awaited<R> : never>;
}
