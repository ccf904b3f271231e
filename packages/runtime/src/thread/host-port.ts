/** The generation's side of the one channel to the host. */
import { parentPort } from "node:worker_threads";
import assert from "node:assert";
import type { HostMessage, ThreadMessage } from "../protocol/messages.js";

assert(parentPort, "the Kindling runtime must run inside a worker thread");
const port = parentPort;

export function post(message: ThreadMessage, transfer: Transferable[] = []): void {
  port.postMessage(message, transfer as never[]);
}

export function onHostMessage(listener: (message: HostMessage) => void): void {
  port.on("message", listener);
}

const pendingInvokes = new Map<number, (result: unknown) => void>();
let nextInvokeId = 0;

/** Vite's module-runner invoke (fetchModule, getBuiltins), answered by the worker's DevEnvironment. */
export function invokeHost(payload: unknown): Promise<unknown> {
  const id = nextInvokeId++;
  return new Promise((resolve) => {
    pendingInvokes.set(id, resolve);
    post({ type: "invoke", id, payload });
  });
}

export function settleInvoke(id: number, result: unknown): void {
  pendingInvokes.get(id)?.(result);
  pendingInvokes.delete(id);
}
