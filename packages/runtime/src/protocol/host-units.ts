/**
 * The calls a binding's runtime unit (in a generation) makes to its host unit (in Vite's process),
 * for state that outlives generations: one entry per kind that has a host unit. Both ends are
 * typed from this map: `BindingContext.host.call(kind, method, ...args)` in the thread, and the
 * host units registered with the host services.
 */
import type { WorkflowHostApi } from "./workflows.js";

export interface HostUnitApis {
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
