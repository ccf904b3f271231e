import { DevEnvironment, type ResolvedConfig } from "vite";
import { WorkerHotChannel } from "./worker-hot-channel.js";

/**
 * A Vite environment whose modules run in a worker's generations: the worker's own, or one of its
 * `childEnvironments`. Its hot channel reaches the generations' runners; its close() also ends
 * the worker's generations.
 */
export class WorkerDevEnvironment extends DevEnvironment {
  readonly hotChannel: WorkerHotChannel;
  #onClose: Array<() => Promise<void>> = [];
  #onFullReload: Array<() => void> = [];

  constructor(name: string, config: ResolvedConfig) {
    const hotChannel = new WorkerHotChannel(name);
    // hot: false: Vite gives the channel custom events only, never updates to apply in place.
    super(name, config, { hot: false, transport: hotChannel });
    this.hotChannel = hotChannel;
    // Vite's full reload of this environment: the dependency optimizer's "optimized dependencies
    // changed" (a dependency found mid-session re-bundled the others; it has already invalidated
    // every transform). Runners are never reloaded in place: it means a new generation.
    const send = this.hot.send.bind(this.hot) as (...args: unknown[]) => void;
    this.hot.send = ((...args: unknown[]) => {
      const [payload] = args;
      if (typeof payload === "object" && payload !== null && (payload as { type?: unknown }).type === "full-reload") {
        for (const listener of this.#onFullReload) listener();
      }
      send(...args);
    }) as typeof this.hot.send;
  }

  /** Vite asked this environment's runners to reload (the dependency optimizer re-bundled). */
  onFullReload(listener: () => void): void {
    this.#onFullReload.push(listener);
  }

  /**
   * A module transformed ahead of the generation's request for it (`dev.preTransformRequests`).
   * Its error is not logged here: the generation fetches the module again and reports the error
   * once, in the terminal and the overlay, with the import that reached it.
   */
  override async warmupRequest(url: string): Promise<void> {
    await this.transformRequest(url).catch(() => {});
  }

  onClose(hook: () => Promise<void>): void {
    this.#onClose.push(hook);
  }

  override async close(): Promise<void> {
    await Promise.all(this.#onClose.map((hook) => hook()));
    await super.close();
  }
}
