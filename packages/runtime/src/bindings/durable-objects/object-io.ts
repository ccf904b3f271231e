/**
 * The work one Durable Object instance has started and not finished (thread/io-owner.ts): what
 * keeps it from idle eviction, and what is ended with it when it is released.
 */
import type { HoldKind, IoOwner } from "../../shared/io-owner.js";

export interface ObjectIoOptions {
  /**
   * Whether pending timers and outbound calls keep the object alive, as production does from
   * compatibility date 2026-10-01 (https://developers.cloudflare.com/changelog/post/2026-10-01-pending-io-keep-alive/).
   * Open WebSockets always do.
   */
  pendingIoKeepsAlive: boolean;
  /** A hold ended: the object may have become idle. */
  onRelease(): void;
}

export class ObjectIo implements IoOwner {
  #options: ObjectIoOptions;
  #holds = 0;
  #inbound = 0;
  #ends = new Set<() => void>();
  #reason: Error | undefined;

  constructor(options: ObjectIoOptions) {
    this.#options = options;
  }

  get live(): boolean {
    return this.#reason === undefined;
  }

  get reason(): Error | undefined {
    return this.#reason;
  }

  /** Pending things that keep the object in memory. */
  get holds(): number {
    return this.#holds;
  }

  /** Of those, what a caller still waits on (a streamed body, a call on an RpcTarget it returned). */
  get inbound(): number {
    return this.#inbound;
  }

  hold(kind: HoldKind): () => void {
    if (!this.live) return () => {};
    if ((kind === "timer" || kind === "outbound") && !this.#options.pendingIoKeepsAlive) return () => {};
    const inbound = kind === "inbound" ? 1 : 0;
    this.#holds++;
    this.#inbound += inbound;
    let done = false;
    return () => {
      if (done || !this.live) return;
      done = true;
      this.#holds--;
      this.#inbound -= inbound;
      this.#options.onRelease();
    };
  }

  adopt(end: () => void): () => void {
    if (!this.live) {
      end();
      return () => {};
    }
    this.#ends.add(end);
    return () => void this.#ends.delete(end);
  }

  /** The object is released: timers cleared, sockets closed; nothing it left behind runs again. */
  end(reason: Error): void {
    if (!this.live) return;
    this.#reason = reason;
    this.#holds = 0;
    this.#inbound = 0;
    const ends = [...this.#ends];
    this.#ends.clear();
    for (const end of ends) end();
  }
}
