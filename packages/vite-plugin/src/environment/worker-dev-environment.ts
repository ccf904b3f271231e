import { DevEnvironment } from "vite";

/** The worker's Vite environment; its close() also ends the worker's generations. */
export class WorkerDevEnvironment extends DevEnvironment {
  #onClose: Array<() => Promise<void>> = [];

  onClose(hook: () => Promise<void>): void {
    this.#onClose.push(hook);
  }

  override async close(): Promise<void> {
    await Promise.all(this.#onClose.map((hook) => hook()));
    await super.close();
  }
}
