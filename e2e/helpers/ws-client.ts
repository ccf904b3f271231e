/** A `ws` client that records everything it receives, for tests that talk to `vite dev` over WebSockets. */
import WebSocket from "ws";

export interface OpenSocket {
  ws: WebSocket;
  /** Messages received so far (text as string, binary as Buffer). */
  messages: (string | Buffer)[];
  /** Resolves with the n-th message (0-based), or rejects after 10 s. */
  message(index: number): Promise<string | Buffer>;
  closed: Promise<{ code: number; reason: string }>;
  upgradeHeaders: Record<string, string | string[] | undefined>;
}

export function openSocket(url: string, protocols?: string | string[]): Promise<OpenSocket> {
  const ws = new WebSocket(url, protocols);
  const messages: (string | Buffer)[] = [];
  const waiters: (() => void)[] = [];
  ws.on("message", (data: Buffer, isBinary: boolean) => {
    messages.push(isBinary ? data : data.toString());
    for (const wake of waiters.splice(0)) wake();
  });
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    ws.once("close", (code, reason) => resolve({ code, reason: reason.toString() })),
  );
  let upgradeHeaders: OpenSocket["upgradeHeaders"] = {};
  ws.once("upgrade", (response) => (upgradeHeaders = response.headers));
  const message = (index: number) =>
    new Promise<string | Buffer>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`no message #${index} after 10 s; got ${JSON.stringify(messages)}`)),
        10_000,
      );
      const check = () => {
        if (messages.length > index) return (clearTimeout(timer), resolve(messages[index]!));
        waiters.push(check);
      };
      check();
    });
  return new Promise((resolve, reject) => {
    ws.once("open", () => resolve({ ws, messages, message, closed, upgradeHeaders }));
    ws.once("error", reject);
    ws.once("unexpected-response", (_req, res) => reject(Object.assign(new Error(`unexpected ${res.statusCode}`), { res })));
  });
}
