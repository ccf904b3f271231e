/** The generation's side of the one channel to the host (protocol/channel.ts). */
import { parentPort } from "node:worker_threads";
import assert from "node:assert";
import process from "node:process";
import { createChannel, type Api } from "../protocol/channel.js";
import type { HostApi, ThreadApi } from "../protocol/messages.js";

assert(parentPort, "the Kindling runtime must run inside a worker thread");

/** What the host may call in this thread; the thread entry fills it in before announcing itself. */
export const threadApi: Partial<ThreadApi> = {};

/** Calls and events to the host. */
export const host = createChannel<HostApi>(parentPort, threadApi as Api);

// `process.exit()` in the worker ends the thread within this turn: what it queued goes first.
process.on("exit", () => host.flush());
