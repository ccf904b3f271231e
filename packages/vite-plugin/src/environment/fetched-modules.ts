/**
 * What the host knows of one environment's module graph: Vite's fetchModule answers it gave the
 * generations. The next generation gets them in one batch with its start, each up to date (a
 * module whose transform Vite invalidated is fetched again first, with Vite's own fetchModule),
 * so that its runner asks the host only for modules the batch lacks.
 */
import fs from "node:fs";
import { fileURLToPath } from "node:url";
import type { DevEnvironment, EnvironmentModuleNode } from "vite";
import { fetchKey, fetchModuleCall, type EnvironmentBatch } from "@kindling/runtime/protocol";
import { ChunkPlan } from "./chunk-plan.js";

type FetchResult = { code: string; id: string } | { externalize: string } | { cache: true };

interface Entry {
  url: string;
  importer: string | undefined;
  startOffset: number | undefined;
  result: FetchResult;
  /** The transform the code came from: the code is stale once Vite's node holds another (or none). */
  transformed?: EnvironmentModuleNode["transformResult"];
}

export class FetchedModules {
  #environment: DevEnvironment;
  #entries = new Map<string, Entry>();
  #chunks = new ChunkPlan();

  constructor(environment: DevEnvironment) {
    this.#environment = environment;
  }

  /** Answers a generation's invoke (fetchModule, getBuiltins), remembering the modules it fetched. */
  async invoke(payload: unknown): Promise<unknown> {
    const answer = (await this.#environment.hot.handleInvoke(payload as never)) as { result?: unknown };
    const call = fetchModuleCall(payload);
    if (call && !call.cached && answer && typeof answer === "object" && "result" in answer) {
      this.#remember({ ...call, result: answer.result as FetchResult });
    }
    return answer;
  }

  /** The answers for the next generation: every module known, up to date (those that fail to fetch are left out), and its chunks. */
  async batch(): Promise<EnvironmentBatch> {
    const stale: Promise<void>[] = [];
    for (const [key, entry] of this.#entries) {
      if (this.#isCurrent(entry)) continue;
      this.#entries.delete(key);
      if ("code" in entry.result) stale.push(this.#refetch(entry));
    }
    await Promise.all(stale);
    const codes = new Map<string, string>();
    for (const { result } of this.#entries.values()) if ("code" in result) codes.set(result.id, result.code);
    return { modules: [...this.#entries].map(([key, entry]) => [key, entry.result]), chunks: this.#chunks.plan(codes) };
  }

  /** V8's code cache of a chunk of the batch, from the generation that compiled it. */
  storeCodeCache(chunk: string, data: Uint8Array): void {
    this.#chunks.storeCache(chunk, data);
  }

  /** Forgets every answer (a config change invalidated every transform). */
  clear(): void {
    this.#entries.clear();
    this.#chunks.clear();
  }

  #isCurrent(entry: Entry): boolean {
    const { result } = entry;
    if ("code" in result) {
      const node = this.#environment.moduleGraph.getModuleById(result.id);
      if (!node || !entry.transformed) return false;
      return node.transformResult === entry.transformed || keepsTransform(node, entry.transformed);
    }
    // A dependency resolved to a file that has gone (an upgrade moved it) is resolved again.
    if ("externalize" in result && result.externalize.startsWith("file:"))
      return fs.existsSync(fileURLToPath(result.externalize));
    return true;
  }

  /** Fetches a changed module again; one that fails stays out (the runner fetches it and reports the error in place). */
  async #refetch(entry: Entry): Promise<void> {
    const options = { cached: false, ...(entry.startOffset === undefined ? {} : { startOffset: entry.startOffset }) };
    try {
      const result = (await this.#environment.fetchModule(entry.url, entry.importer, options)) as FetchResult;
      this.#remember({ ...entry, result });
    } catch {
      // left out
    }
  }

  #remember(entry: Omit<Entry, "transformed">): void {
    const { result } = entry;
    if ("cache" in result) return;
    const stored: Entry = { ...entry };
    if ("code" in result) {
      const transformed = this.#environment.moduleGraph.getModuleById(result.id)?.transformResult;
      // Another transform is current: this answer is stale. None is: Vite invalidated the module
      // after this answer (its own HMR pass over the change just fetched again, or a newer change,
      // which builds another generation): it is sent once and fetched again for the batch after.
      if (transformed && transformed.code !== result.code) return;
      if (transformed) stored.transformed = transformed;
    }
    this.#entries.set(fetchKey(entry.url, entry.importer), stored);
  }
}

/**
 * A module that Vite soft-invalidated (an import of it changed, its own code did not) serves the
 * transform it had, unchanged, in a module-runner environment: Vite's next fetch of it puts that
 * transform back (`handleModuleSoftInvalidation`, for `ssr` results). Every importer of an edited
 * module, up to the entry, is soft-invalidated, so fetching them again would redo up to a route
 * per module of the edited one's chain and the whole fan-in of a shared one, for the same code.
 * Vite keeps the kept transform in the node's `invalidationState`, which its public types do not
 * declare: without it (another Vite), the module is fetched again as before.
 */
function keepsTransform(node: EnvironmentModuleNode, transformed: NonNullable<Entry["transformed"]>): boolean {
  if (node.transformResult || !(transformed as { ssr?: boolean }).ssr) return false;
  return (node as { invalidationState?: unknown }).invalidationState === transformed;
}
