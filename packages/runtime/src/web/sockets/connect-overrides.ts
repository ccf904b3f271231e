/**
 * Addresses whose `connect()` opens something else (workerd's `setConnectOverride`): a Hyperdrive
 * binding claims `<id>.hyperdrive.local:5432` (and its synthetic IP) for its local database. One
 * table per thread, which serves one generation.
 */
import type { Socket } from "./socket.js";

const overrides = new Map<string, () => Socket>();

export function setConnectOverride(hostname: string, port: number, open: () => Socket): void {
  overrides.set(`${hostname.toLowerCase()}:${port}`, open);
}

export function hasConnectOverride(hostname: string, port: number): boolean {
  return overrides.has(`${hostname.toLowerCase()}:${port}`);
}

/** The socket an override opens for `hostname:port`, if one claims it. */
export function connectThroughOverride(hostname: string, port: number): Socket | undefined {
  return overrides.get(`${hostname.toLowerCase()}:${port}`)?.();
}
