/**
 * The modules the host sent with the start (protocol/module-batch.ts), served to this thread's
 * ModuleRunners without a round trip: an answer is taken from the batch once; a module the runner
 * has evaluated already is `{ cache: true }` (the batch held it up to date). Anything else goes
 * to the host as before. The batch's modules are compiled together up front (module-chunks.ts),
 * or earlier still: a standby is sent the batch ahead of the change that starts it (its prefetch),
 * compiles it while it waits, and the start's batch only says what changed since.
 */
import { fetchKey, fetchModuleCall, type ModuleBatch } from "../protocol/module-batch.js";
import { compileModules, dropPrefetched, prefetchModules } from "./module-chunks.js";

/** A fetchModule answer with code (Vite's `FetchResult` for an inlined module). */
export interface BatchModule {
  id: string;
  url: string;
  file: string | null;
  code: string;
}

const batches = new Map<string, Map<string, unknown>>();
/**
 * Keys served from the batch or fetched from the host by this thread: the runner's later `cached`
 * requests for them are answered here. A generation runs one snapshot of the code (a change
 * builds the next generation), so a module it holds is never replaced from the host mid-import.
 */
const served = new Map<string, Set<string>>();

/** Each environment's prefetched answers (prefetchModuleBatch), which a start's delta batch amends. */
const prefetched = new Map<string, Map<string, unknown>>();

export function prefetchModuleBatch(batch: ModuleBatch): void {
  for (const [environment, { modules, chunks }] of Object.entries(batch)) {
    const answers = new Map(modules);
    prefetched.set(environment, answers);
    prefetchModules(answers.values(), chunks ?? [], environment);
  }
}

export function receiveModuleBatch(batch: ModuleBatch | undefined): void {
  for (const [environment, { modules, chunks, delta }] of Object.entries(batch ?? {})) {
    const answers = delta ? amend(environment, modules, delta.removed) : new Map(modules);
    batches.set(environment, answers);
    served.set(environment, new Set());
    compileModules(answers.values(), chunks, environment);
  }
  prefetched.clear();
  dropPrefetched();
}

function amend(environment: string, changed: Array<[string, unknown]>, removed: string[]): Map<string, unknown> {
  const answers = prefetched.get(environment);
  if (!answers)
    throw new Error(`[kindling] internal: a start's batch for "${environment}" amends a prefetch this thread was not sent.`);
  for (const key of removed) answers.delete(key);
  for (const [key, result] of changed) answers.set(key, result);
  return answers;
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

/** The host answered a runner's fetchModule with a module: its later `cached` requests are answered here. */
export function noteFetched(environment: string, payload: unknown, answer: { result?: unknown } | undefined): void {
  const call = fetchModuleCall(payload);
  const result = answer?.result as { code?: unknown; externalize?: unknown } | undefined;
  if (!call || call.cached || !result || (typeof result.code !== "string" && typeof result.externalize !== "string")) return;
  let keys = served.get(environment);
  if (!keys) served.set(environment, (keys = new Set()));
  keys.add(fetchKey(call.url, call.importer));
}

/** The answer to a runner's invoke from the batch, or undefined to ask the host. */
export function answerFromBatch(environment: string, payload: unknown): { result: unknown } | undefined {
  const call = fetchModuleCall(payload);
  if (!call) return undefined;
  const key = fetchKey(call.url, call.importer);
  if (call.cached) return served.get(environment)?.has(key) ? { result: { cache: true } } : undefined;
  const batch = batches.get(environment);
  if (!batch) return undefined;
  const result = batch.get(key);
  if (result === undefined) return undefined;
  batch.delete(key);
  served.get(environment)!.add(key);
  return { result };
}
