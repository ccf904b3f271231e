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

  constructor(name: string, config: ResolvedConfig) {
    const hotChannel = new WorkerHotChannel(name);
    // hot: false: Vite gives the channel custom events only, never updates to apply in place.
    super(name, config, { hot: false, transport: hotChannel });
    this.hotChannel = hotChannel;
  }

  onClose(hook: () => Promise<void>): void {
    this.#onClose.push(hook);
  }

  override async close(): Promise<void> {
    await Promise.all(this.#onClose.map((hook) => hook()));
    await super.close();
  }
}
