/**
 * One fetch event: a request from the dev server's middleware, or from a service binding to one
 * of this worker's entrypoints. The event stays in flight until its response has been posted and
 * its body read to the end.
 */
import type { WireRequest, WireResponse } from "../protocol/messages.js";
import { fromWireRequest } from "../web/wire-request.js";
import { toWireResponse } from "../web/wire-response.js";
import { incomingCf, incomingCfFor } from "../web/request-cf.js";
import { setRequestFetcher } from "../web/request-fetcher.js";
import { subrequestFetcher } from "./subrequest-fetcher.js";
import { ExecutionContext } from "./execution-context.js";
import { findHandler } from "./handlers.js";
import type { InflightEvent } from "./events.js";
import { setImmediate } from "node:timers";

export type FetchEventAnswer = { type: "response"; response: WireResponse; transfer: Transferable[] } | { type: "pass-through" };

export interface FetchEventContext {
  namespace: Record<string, unknown>;
  env: Record<string, unknown>;
  track(promise: Promise<unknown>): void;
  /** The export that handles it ("default" for requests from the dev server). */
  entrypoint: string;
  props: Record<string, unknown>;
  /** Whether `ctx.passThroughOnException()` may hand the request on (only the dev server's middleware can). */
  passThrough: boolean;
  /** `enable_request_signal`: the request's `signal` aborts when the client goes away. */
  requestSignal: boolean;
}

export async function runFetchEvent(
  wire: WireRequest,
  event: InflightEvent,
  context: FetchEventContext,
): Promise<FetchEventAnswer> {
  const { settle } = event;
  const ctx = new ExecutionContext(context.track, event.abort, context.props);
  try {
    // Inside the try: a request that cannot be built is answered with its error and settles,
    // instead of hanging its client and keeping a retiring generation alive until the drain timeout.
    const request = fromWireRequest(wire, {
      // Without `enable_request_signal`, production's request.signal never aborts: no signal to follow.
      ...(context.requestSignal ? { signal: event.signal() } : {}),
      cf: incomingCfFor(wire.clientAcceptEncoding ?? incomingCf.clientAcceptEncoding),
    });
    setRequestFetcher(request, subrequestFetcher());
    const handler = findHandler(context.namespace, "fetch", context.env, ctx, context.entrypoint);
    if (!handler) throw new Error("Handler does not export a fetch() function.");
    const answer = await Promise.race([handler(request), event.aborted]);
    // Settled once the response is posted (next turn) and its body fully read: never before.
    let posted = false;
    let bodyDone = false;
    const { response, transfer } = await toWireResponse(answer, () => {
      bodyDone = true;
      if (posted) settle();
    });
    setImmediate(() => {
      posted = true;
      if (bodyDone) settle();
    });
    return { type: "response", response, transfer };
  } catch (error) {
    setImmediate(settle);
    if (context.passThrough && ExecutionContext.passesThrough(ctx)) return { type: "pass-through" };
    throw error;
  }
}
