/**
 * The waiting rule of requests under edits. Every observed change gets the next number; a build
 * covers the changes observed before it started. A request waits until a build covering every
 * change observed before it arrived has finished, and never for a change that came after it: under
 * continuous edits it waits for at most the build in progress plus the one queued behind it.
 */
export class PendingChanges {
  #observed = 0;
  #covered = 0;
  #waiters: Array<{ change: number; wake(): void }> = [];

  /** A change was observed: requests arriving from now on wait for a build that covers it. */
  observe(): void {
    this.#observed++;
  }

  /**
   * A change that makes the build in progress unfit to serve (Vite's dependency optimizer re-bundled
   * while that build loaded: it may hold both bundles): requests waiting now wait for a build after it too.
   */
  observeSuperseding(): void {
    this.observe();
    for (const waiter of this.#waiters) waiter.change = this.#observed;
  }

  /** Whether some observed change is not covered by a finished build yet. */
  get pending(): boolean {
    return this.#covered < this.#observed;
  }

  /** A build starts now; pass the returned mark to `built` when it has finished. */
  startBuild(): number {
    return this.#observed;
  }

  /** The build that started at `mark` finished (whatever its outcome): its waiters go. */
  built(mark: number): void {
    this.#covered = Math.max(this.#covered, mark);
    const waiting = this.#waiters;
    this.#waiters = waiting.filter((waiter) => waiter.change > this.#covered);
    for (const waiter of waiting) if (waiter.change <= this.#covered) waiter.wake();
  }

  /** Resolves once every change observed so far is covered by a finished build. */
  settled(): Promise<void> {
    if (!this.pending) return Promise.resolve();
    const change = this.#observed;
    return new Promise((wake) => this.#waiters.push({ change, wake }));
  }

  /** Wakes every waiter (shutting down). */
  releaseAll(): void {
    this.built(this.#observed);
  }
}
