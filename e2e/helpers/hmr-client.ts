/** A client of Vite's HMR WebSocket, as `/@vite/client` connects it: what an open page receives. */
import WebSocket from "ws";
import type { DevServer } from "./dev-server.js";

export interface HmrMessage {
  type: string;
  [key: string]: unknown;
}

export interface HmrClient {
  /** Every message received so far, in order. */
  readonly messages: HmrMessage[];
  /** Resolves with the first message (received or to come) that matches, or rejects after `timeout` ms. */
  next(predicate: (message: HmrMessage) => boolean, timeout?: number): Promise<HmrMessage>;
  close(): void;
}

export async function connectHmr(server: DevServer): Promise<HmrClient> {
  const client = await (await server.fetch("/@vite/client")).text();
  const token = /const wsToken = "([^"]+)"/.exec(client)?.[1];
  if (!token) throw new Error("No wsToken found in /@vite/client.");
  const socket = new WebSocket(`${server.url.replace("http", "ws")}/?token=${token}`, "vite-hmr");
  const messages: HmrMessage[] = [];
  const waiters = new Set<() => void>();
  socket.on("message", (data) => {
    messages.push(JSON.parse(String(data)) as HmrMessage);
    for (const waiter of waiters) waiter();
  });
  await new Promise<void>((resolve, reject) => {
    socket.once("open", () => resolve());
    socket.once("error", reject);
  });
  return {
    messages,
    next(predicate, timeout = 15_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const found = messages.find(predicate);
          if (!found) return false;
          waiters.delete(onMessage);
          clearTimeout(timer);
          resolve(found);
          return true;
        };
        const onMessage = () => void check();
        const timer = setTimeout(() => {
          waiters.delete(onMessage);
          reject(new Error(`No matching HMR message within ${timeout} ms; got ${JSON.stringify(messages)}`));
        }, timeout);
        if (!check()) waiters.add(onMessage);
      });
    },
    close: () => socket.close(),
  };
}
