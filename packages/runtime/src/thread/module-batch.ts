/**
 * The modules the host sent with the start (protocol/module-batch.ts), served to this thread's
 * ModuleRunners without a round trip: an answer is taken from the batch once; a module the runner
 * has evaluated already is `{ cache: true }` (the batch held it up to date). Anything else goes
 * to the host as before. The batch's modules are compiled together up front (module-chunks.ts).
 */
import { fetchKey, fetchModuleCall, type ModuleBatch } from "../protocol/module-batch.js";
import { compileModules } from "./module-chunks.js";

/** A fetchModule answer with code (Vite's `FetchResult` for an inlined module). */
export interface BatchModule {
  id: string;
  url: string;
  file: string | null;
  code: string;
}

const batches = new Map<string, Map<string, unknown>>();
/** Keys served from the batch (the module's evaluated copy now answers `cached` requests). */
const served = new Map<string, Set<string>>();

export function receiveModuleBatch(batch: ModuleBatch | undefined): void {
  for (const [environment, { modules, chunks }] of Object.entries(batch ?? {})) {
    batches.set(environment, new Map(modules));
    served.set(environment, new Set());
    compileModules(
      modules.map(([, result]) => result),
      chunks,
      environment,
    );
  }
}

/** The batch's code module under this fetch key (not taken: the runner may still ask for it), if there is one. */
export function batchModule(environment: string, key: string): BatchModule | undefined {
  const result = batches.get(environment)?.get(key) as Partial<BatchModule> | undefined;
  return result && typeof result.code === "string" && typeof result.id === "string" ? (result as BatchModule) : undefined;
}

/** Takes a module out of the batch for the linker: the runner's later `cached` requests for it are answered `{ cache: true }`. */
export function takeBatchModule(environment: string, key: string): void {
  if (batches.get(environment)?.delete(key)) served.get(environment)!.add(key);
}

/** The answer to a runner's invoke from the batch, or undefined to ask the host. */
export function answerFromBatch(environment: string, payload: unknown): { result: unknown } | undefined {
  const call = fetchModuleCall(payload);
  const batch = batches.get(environment);
  if (!call || !batch) return undefined;
  const key = fetchKey(call.url, call.importer);
  if (call.cached) return served.get(environment)!.has(key) ? { result: { cache: true } } : undefined;
  const result = batch.get(key);
  if (result === undefined) return undefined;
  batch.delete(key);
  served.get(environment)!.add(key);
  return { result };
}
