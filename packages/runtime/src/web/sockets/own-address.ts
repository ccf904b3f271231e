/**
 * The worker's own address: production refuses `connect()` to Cloudflare's own addresses (the
 * worker's hostname included) with its proxy error. In dev that is the dev server, known from the
 * URLs of the requests it sends (a socket opened before the first request is not checked).
 */
const ownPorts = new Map<number, Set<string>>();
const loopback = new Set(["localhost", "127.0.0.1", "::1", "0.0.0.0", "::"]);

function normalize(hostname: string): string {
  const bare = hostname.replace(/^\[(.*)\]$/, "$1").toLowerCase();
  return loopback.has(bare) || bare.endsWith(".localhost") ? "loopback" : bare;
}

/** A request the dev server sent: its URL names the address clients reach this worker at. */
export function noteOwnAddress(url: string): void {
  const parsed = URL.parse(url);
  if (!parsed) return;
  const port = Number(parsed.port || (parsed.protocol === "https:" ? 443 : 80));
  const hosts = ownPorts.get(port) ?? new Set<string>();
  hosts.add(normalize(parsed.hostname));
  ownPorts.set(port, hosts);
}

export function isOwnAddress(hostname: string, port: number): boolean {
  return ownPorts.get(port)?.has(normalize(hostname)) ?? false;
}
