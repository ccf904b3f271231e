/** Two connected in-memory `Duplex` streams (what Node 22's `stream.duplexPair()` gives; Node 20 lacks it). */
import { Duplex } from "node:stream";

class Side extends Duplex {
  peer!: Side;
  #waiting: (() => void) | undefined;

  override _read(): void {
    const waiting = this.peer.#waiting;
    this.peer.#waiting = undefined;
    waiting?.();
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    if (this.peer.push(chunk)) callback();
    else this.#waiting = callback;
  }

  override _final(callback: (error?: Error | null) => void): void {
    this.peer.push(null);
    callback();
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    if (!this.peer.destroyed) this.peer.destroy();
    callback(error);
  }
}

export function duplexPair(): [Duplex, Duplex] {
  const a = new Side();
  const b = new Side();
  a.peer = b;
  b.peer = a;
  return [a, b];
}
