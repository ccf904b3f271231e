/** `connect()`'s address and options, checked with workerd's wording (api/sockets.c++). */

export type SecureTransport = "off" | "on" | "starttls";

export interface SocketTarget {
  /** As workerd reports it in `opened`'s `remoteAddress`: the string given, or `hostname:port`. */
  address: string;
  hostname: string;
  port: number;
}

/** workerd's `isValidHost`: length and characters only, not a proof the name exists. */
function isValidHost(host: string): boolean {
  return host.length > 0 && host.length <= 255 && /^[A-Za-z0-9\-._[\]:]+$/.test(host);
}

export function toSocketTarget(address: unknown): SocketTarget {
  let hostname: string;
  let port: number;
  let text: string;
  if (typeof address === "object" && address !== null) {
    const record = address as { hostname?: unknown; port?: unknown };
    hostname = String(record.hostname ?? "");
    port = Number(record.port ?? 0);
    text = `${hostname}:${port}`;
  } else {
    text = String(address);
    let url: URL;
    try {
      url = new URL(`fake://${text}`);
    } catch {
      throw new TypeError("Specified address could not be parsed.");
    }
    if (url.hostname === "") throw new TypeError("Specified address is missing hostname.");
    if (url.port === "") throw new TypeError("Specified address is missing port.");
    hostname = url.hostname;
    port = Number(url.port);
  }
  if (!isValidHost(text)) {
    throw new TypeError("Specified address is empty string, contains unsupported characters or is too long.");
  }
  // An IPv6 literal is bracketed in the address, not for Node's connect().
  return { address: text, hostname: hostname.replace(/^\[(.*)\]$/, "$1"), port };
}

export function toSecureTransport(value: unknown): SecureTransport {
  if (value === undefined) return "off";
  const text = String(value);
  if (text === "off" || text === "on" || text === "starttls") return text;
  throw new TypeError(`Unsupported value in secureTransport socket option: ${text}`);
}
