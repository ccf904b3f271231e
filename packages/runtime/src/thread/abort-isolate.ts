import { host } from "./host-channel.js";
import process from "node:process";

/**
 * `abortIsolate(reason)`: tells the host, which fails every in-flight request of this generation
 * with the reason and terminates the thread. The call never returns: the thread parks until then.
 */
export function abortThisIsolate(reason: string): never {
  host.notify("abortIsolate", reason);
  host.flush();
  const cell = new Int32Array(new SharedArrayBuffer(4));
  Atomics.wait(cell, 0, 0, 10_000);
  // The host did not terminate us within 10 s (it always should): end the thread ourselves.
  process.exit(1);
}
