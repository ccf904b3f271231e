/** Runs one event (RPC call, property read, fetch, alarm) on a Durable Object instance. */
import type { RpcOperation, RpcOutcome, WireRequest, WireResponse } from "../../protocol/messages.js";
import { DurableObject } from "../../rpc/targets.js";
import { assertNever } from "../../shared/assert-never.js";
import { toWireResponse } from "../../web/wire-response.js";
import { fromWireRequest } from "../../web/wire-request.js";
import { currentIoOwner } from "../../shared/io-owner.js";
import { DurableObjectStorage } from "./storage.js";
import type { ObjectWebSockets } from "./object-web-sockets.js";
import { runWebSocketEvent } from "./web-socket-event.js";

type Execute = (receiver: unknown, operation: RpcOperation) => Promise<RpcOutcome>;

export async function runObjectEvent(
  object: Record<string, unknown>,
  operation: RpcOperation,
  storage: DurableObjectStorage,
  execute: Execute,
  sockets: ObjectWebSockets,
): Promise<RpcOutcome> {
  switch (operation.op) {
    case "call":
    case "get":
      if (!(object instanceof DurableObject)) {
        throw new TypeError(
          "The receiving Durable Object does not support RPC, because its class was not declared with `extends DurableObject`. " +
            "In order to enable RPC, make sure your class extends the special class `DurableObject`, which can be imported " +
            'from the module "cloudflare:workers".',
        );
      }
      return execute(object, operation);
    case "fetch":
      return { ok: true, response: await runFetch(object, operation.request) };
    case "alarm":
      return { ok: true, value: await runAlarm(object, storage, operation.scheduledTime, operation.retryCount) };
    case "websocket":
      await runWebSocketEvent(object, sockets, operation.socket, operation.event);
      return { ok: true, value: undefined };
    case "release":
    case "dup":
      return { ok: true, value: undefined };
    default:
      return assertNever(operation, "RPC operation");
  }
}

async function runFetch(object: Record<string, unknown>, wire: WireRequest): Promise<WireResponse> {
  if (typeof object.fetch !== "function") throw new TypeError("Handler does not export a fetch() function.");
  const request = fromWireRequest(wire);
  const answer: unknown = await (object.fetch as (request: Request) => unknown).call(object, request);
  // A body the object still streams keeps it alive until its end.
  const bodyDone = currentIoOwner()?.hold("inbound") ?? (() => {});
  try {
    return (await toWireResponse(answer, bodyDone)).response;
  } catch (error) {
    bodyDone();
    throw error;
  }
}

/**
 * The host fires an alarm at its time; the object's own record decides whether it still stands
 * (a deleteAlarm or a newer setAlarm wins). The record is cleared before alarm() runs, so the
 * handler sees getAlarm() null and may set the next one. Retries run whatever the record says.
 */
async function runAlarm(
  object: Record<string, unknown>,
  storage: DurableObjectStorage,
  scheduledTime: number,
  retryCount: number,
): Promise<{ ran: boolean }> {
  const alarms = DurableObjectStorage.alarmStore(storage);
  const stored = alarms.get();
  if (retryCount === 0 && stored !== scheduledTime) return { ran: false };
  if (stored === scheduledTime) alarms.set(null);
  if (typeof object.alarm !== "function") return { ran: false };
  await (object.alarm as (info: object) => unknown).call(object, { isRetry: retryCount > 0, retryCount, scheduledTime });
  return { ran: true };
}
