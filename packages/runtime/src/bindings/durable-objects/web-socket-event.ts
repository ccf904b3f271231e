/** Delivers a hibernatable socket's event to the object's webSocketMessage/Close/Error handler. */
import { assertNever } from "../../shared/assert-never.js";
import { clearTimeout, setTimeout } from "node:timers";
import type { HibernatableSocketEvent } from "../../protocol/messages.js";
import { webSocketInternals as ws } from "../../web/web-socket.js";
import type { ObjectWebSockets } from "./object-web-sockets.js";

type Handler = (...args: unknown[]) => unknown;

export async function runWebSocketEvent(
  object: Record<string, unknown>,
  sockets: ObjectWebSockets,
  id: string,
  event: HibernatableSocketEvent,
): Promise<void> {
  const socket = sockets.socket(id);
  if (!socket) return;
  try {
    const run = dispatch(object, socket, event);
    const timeout = sockets.eventTimeout;
    await (timeout === null ? run : withTimeout(run, timeout, handlerName(event)));
  } finally {
    if (event.type !== "message") sockets.remove(id);
  }
}

async function dispatch(object: Record<string, unknown>, socket: object, event: HibernatableSocketEvent): Promise<void> {
  const handler = object[handlerName(event)];
  if (event.type !== "message") ws.closedByPeer(socket as never);
  if (typeof handler !== "function") return;
  switch (event.type) {
    case "message":
      return void (await (handler as Handler).call(object, socket, event.data));
    case "close":
      return void (await (handler as Handler).call(object, socket, event.code, event.reason, event.wasClean));
    case "error":
      return void (await (handler as Handler).call(object, socket, new Error(event.message)));
    default:
      return assertNever(event, "WebSocket event");
  }
}

function handlerName(event: HibernatableSocketEvent): string {
  return event.type === "message" ? "webSocketMessage" : event.type === "close" ? "webSocketClose" : "webSocketError";
}

function withTimeout(run: Promise<void>, timeout: number, name: string): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () =>
        reject(
          new Error(
            `${name}() did not finish within ${timeout} ms, the limit set with ctx.setHibernatableWebSocketEventTimeout(); the event was canceled.`,
          ),
        ),
      timeout,
    );
  });
  return Promise.race([run, expired]).finally(() => clearTimeout(timer));
}
