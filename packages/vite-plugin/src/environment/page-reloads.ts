/**
 * Whether open pages reload once a change's generation is ready. A change the browser's own HMR
 * takes care of is left to it, so that editing a route keeps the page's state: the file is in the
 * client's module graph (Vite updates the page, or reloads it itself), or a framework updated the
 * browser for it (React Router does for a route's server-only imports). A change only the worker
 * sees reloads the page. Vite's `hotUpdate` hooks say which it was, shortly after the watcher
 * event that started the generation; with `server.hmr: false` there are none, and pages reload.
 */
import type { DevEnvironment, HotUpdateOptions } from "vite";

interface Expected {
  file: string;
  /** Worker environments whose hotUpdate has not run yet for this change. */
  waiting: Set<string>;
  handled: boolean;
  settled: Promise<boolean>;
  settle(handled: boolean): void;
}

/** How long a change waits for Vite's hotUpdate before it counts as unseen by the browser. */
const hotUpdateWait = 2_000;

export class PageReloads {
  readonly #workerEnvironments: string[];
  readonly #client: () => DevEnvironment | undefined;
  #expected: Expected[] = [];

  constructor(workerEnvironments: string[], client: () => DevEnvironment | undefined) {
    this.#workerEnvironments = workerEnvironments;
    this.#client = client;
  }

  /** A watcher event that builds a generation; Vite's hotUpdate hooks will tell about it. */
  expect(file: string): void {
    if (this.#expected.some((expected) => expected.file === file && expected.waiting.size === this.#workerEnvironments.length)) {
      return;
    }
    let settle!: (handled: boolean) => void;
    const settled = new Promise<boolean>((resolve) => (settle = resolve));
    const expected: Expected = { file, waiting: new Set(this.#workerEnvironments), handled: false, settled, settle };
    setTimeout(() => settle(expected.handled), hotUpdateWait).unref();
    this.#expected.push(expected);
  }

  /** Vite's hotUpdate, as it reaches Kindling's hook (after the other plugins'), for one environment. */
  hotUpdate(environment: string, options: HotUpdateOptions): void {
    const expected = this.#expected.find((entry) => entry.file === options.file && entry.waiting.size > 0);
    if (!expected) return;
    if (environment === "client") {
      expected.handled ||= options.modules.length > 0;
      return;
    }
    if (!expected.waiting.delete(environment) || expected.waiting.size > 0) return;
    // Every worker environment's hooks ran: a framework that updates the browser has done so.
    expected.handled ||= this.#clientUpdatedSince(options.timestamp);
    expected.settle(expected.handled);
  }

  /** Whether pages must reload for the changes seen until now (each change counts once). */
  async reloadNeeded(): Promise<boolean> {
    const taken = this.#expected;
    this.#expected = [];
    if (taken.length === 0) return true;
    const handled = await Promise.all(taken.map((expected) => expected.settled));
    return handled.includes(false);
  }

  #clientUpdatedSince(timestamp: number): boolean {
    const graph = this.#client()?.moduleGraph;
    if (!graph) return false;
    for (const module of graph.idToModuleMap.values()) if (module.lastHMRTimestamp >= timestamp) return true;
    return false;
  }
}
