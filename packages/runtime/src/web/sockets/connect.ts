/** `connect(address, options)` of `cloudflare:sockets`. */
import { connectThroughOverride } from "./connect-overrides.js";
import { openSocket, type Socket } from "./socket.js";
import { toSecureTransport, toSocketTarget } from "./socket-address.js";

export interface SocketOptions {
  secureTransport?: string;
  allowHalfOpen?: boolean;
  highWaterMark?: number | bigint;
}

export function connect(address: unknown, options?: SocketOptions): Socket {
  const target = toSocketTarget(address);
  const secureTransport = toSecureTransport(options?.secureTransport);
  const overridden = connectThroughOverride(target.hostname, target.port);
  if (overridden) return overridden;
  return openSocket({ target, secureTransport, allowHalfOpen: options?.allowHalfOpen === true });
}
