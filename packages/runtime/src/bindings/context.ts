/** What every binding factory may draw on; a factory takes only the parts it needs. */
import type { RpcEndpoint } from "../rpc/endpoint.js";
import type { Clock } from "../storage/clock.js";
import type { HostUnitCaller } from "../protocol/host-units.js";
import type { SpanTracer } from "./traced-binding.js";

export interface BindingContext {
  /** Directory of binding state (a private one in RAM for `persist: false`). */
  persist: string;
  workerName: string;
  /** Time source of storage (expiry, upload dates, rate-limit windows); tests pass a manual clock. */
  clock: Clock;
  /** This generation's RPC endpoint (Durable Object stubs, service bindings). */
  rpc: RpcEndpoint;
  /** Calls this kind's host unit, for state that outlives generations (queues, workflows...). */
  host: HostUnitCaller;
  /** Times binding calls for the explorer's request traces; absent when tracing is off. */
  tracer?: SpanTracer;
}
