/** `worker_loaders`: the Worker Loader (worker-loader.ts), each loaded worker in a thread of its own (isolate.ts). */
import type { BindingDescriptor } from "../../protocol/bindings.js";
import type { BindingContext } from "../context.js";
import { WorkerLoader } from "./worker-loader.js";

export { WorkerLoader, WorkerStub } from "./worker-loader.js";

export function createWorkerLoader(
  descriptor: BindingDescriptor<"worker_loader">,
  { rpc }: Pick<BindingContext, "rpc">,
): WorkerLoader {
  return new WorkerLoader(rpc, descriptor.name);
}
