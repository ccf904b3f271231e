/**
 * HTTP/1.1 over one raw TCP connection, for requests `fetch` cannot send (TRACE, absolute-form
 * targets, odd Host headers) and for asserting that several answers come over the same connection.
 */
import net from "node:net";

export interface RawResponse {
  status: number;
  /** Header names lower-cased; repeated headers joined with ", ". */
  headers: Record<string, string>;
  body: string;
}

export interface RawConnection {
  /** Writes raw bytes, waiting for the socket to drain (for large bodies). */
  write(data: string | Buffer): Promise<void>;
  /** Resolves with the n-th response (0-based) received on this connection, or rejects after `timeout` ms. */
  response(index: number, timeout?: number): Promise<RawResponse>;
  /** Whether the server closed the connection. */
  readonly closed: boolean;
  close(): void;
}

export function rawConnect(url: string): Promise<RawConnection> {
  const { hostname, port } = new URL(url);
  const socket = net.connect(Number(port), hostname);
  socket.on("error", () => {});
  let buffer = Buffer.alloc(0);
  let closed = false;
  const responses: RawResponse[] = [];
  const waiters = new Set<() => void>();
  const wake = () => {
    for (const waiter of waiters) waiter();
  };
  socket.on("data", (chunk: Buffer) => {
    buffer = Buffer.concat([buffer, chunk]);
    for (let next = parse(buffer, false); next; next = parse(buffer, false)) {
      responses.push(next.response);
      buffer = buffer.subarray(next.length);
    }
    wake();
  });
  socket.on("close", () => {
    closed = true;
    const last = parse(buffer, true);
    if (last) responses.push(last.response);
    wake();
  });
  const connection: RawConnection = {
    write: (data) =>
      new Promise<void>((resolve, reject) => {
        if (socket.write(data)) return resolve();
        socket.once("drain", resolve);
        socket.once("close", () => reject(new Error("the server closed the connection while the request was being sent")));
      }),
    response: (index, timeout = 15_000) =>
      new Promise<RawResponse>((resolve, reject) => {
        const check = () => {
          if (responses[index]) return finish(() => resolve(responses[index]!));
          if (closed) finish(() => reject(new Error(`the connection closed after ${responses.length} responses`)));
        };
        const timer = setTimeout(
          () => finish(() => reject(new Error(`no response #${index} after ${timeout} ms (got ${responses.length})`))),
          timeout,
        );
        const finish = (settle: () => void) => {
          clearTimeout(timer);
          waiters.delete(check);
          settle();
        };
        waiters.add(check);
        check();
      }),
    get closed() {
      return closed;
    },
    close: () => socket.destroy(),
  };
  return new Promise((resolve, reject) => {
    socket.once("connect", () => resolve(connection));
    socket.once("error", reject);
  });
}

/** One complete response at the start of `data`, with its length in bytes; `ended`: the server closed. */
function parse(data: Buffer, ended: boolean): { response: RawResponse; length: number } | undefined {
  const headEnd = data.indexOf("\r\n\r\n");
  if (headEnd < 0) return undefined;
  const [statusLine, ...lines] = data.subarray(0, headEnd).toString("latin1").split("\r\n");
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const colon = line.indexOf(":");
    const name = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    headers[name] = headers[name] === undefined ? value : `${headers[name]}, ${value}`;
  }
  const status = Number(statusLine!.split(" ")[1]);
  const start = headEnd + 4;
  let end: number;
  if (headers["content-length"] !== undefined) end = start + Number(headers["content-length"]);
  else if (status === 204 || status === 304) end = start;
  else if (ended) end = data.length;
  else return undefined;
  if (data.length < end) return undefined;
  return { response: { status, headers, body: data.subarray(start, end).toString("utf8") }, length: end };
}
