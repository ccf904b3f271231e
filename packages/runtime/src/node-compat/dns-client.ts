import { Buffer } from "node:buffer";
import { received } from "./errors.js";

/**
 * workerd's DNS client for `node:dns` (src/node/internal/internal_dns_client.ts): every query is a
 * DNS-over-HTTPS request to cloudflare-dns.com through the worker's own `fetch`, never the host's
 * resolver. Its error class, codes and wording are workerd's.
 */

/** The error codes `node:dns` exports (workerd's internal_dns_constants.ts). */
export const dnsErrorCodes = {
  NODATA: "ENODATA",
  FORMERR: "EFORMERR",
  SERVFAIL: "ESERVFAIL",
  NOTFOUND: "ENOTFOUND",
  NOTIMP: "ENOTIMP",
  REFUSED: "EREFUSED",
  BADQUERY: "EBADQUERY",
  BADNAME: "EBADNAME",
  BADFAMILY: "EBADFAMILY",
  BADRESP: "EBADRESP",
  CONNREFUSED: "ECONNREFUSED",
  TIMEOUT: "ETIMEOUT",
  EOF: "EOF",
  FILE: "EFILE",
  NOMEM: "ENOMEM",
  DESTRUCTION: "EDESTRUCTION",
  BADSTR: "EBADSTR",
  BADFLAGS: "EBADFLAGS",
  NONAME: "ENONAME",
  BADHINTS: "EBADHINTS",
  NOTINITIALIZED: "ENOTINITIALIZED",
  LOADIPHLPAPI: "ELOADIPHLPAPI",
  ADDRGETNETWORKPARAMS: "EADDRGETNETWORKPARAMS",
  CANCELLED: "ECANCELLED",
} as const;

export const dnsFlags = { ADDRCONFIG: 1024, ALL: 256, V4MAPPED: 2048 } as const;

class NodeError extends Error {
  code: string;
  constructor(code: string, message: string) {
    super(message);
    this.code = code;
  }
}

export class DnsError extends NodeError {
  errno = undefined;
  hostname: string;
  syscall: string;
  constructor(hostname: string, code: string, syscall: string) {
    super(code, `${syscall} ${code} ${hostname}`);
    this.hostname = hostname;
    this.syscall = syscall;
  }
}

export function invalidArgType(name: string, expected: string, value: unknown): TypeError {
  const message = `The "${name}" argument must be ${expected}. ${received(value)}`;
  return Object.assign(new TypeError(message), { code: "ERR_INVALID_ARG_TYPE" });
}

export function validateString(value: unknown, name: string): asserts value is string {
  if (typeof value !== "string") throw invalidArgType(name, "of type string", value);
}

export function validateOneOf<T>(value: unknown, name: string, allowed: readonly T[]): asserts value is T {
  if (allowed.includes(value as T)) return;
  const list = allowed.map((v) => (typeof v === "string" ? `'${v}'` : String(v))).join(", ");
  const message = `The argument '${name}' must be one of: ${list}. Received ${typeof value === "string" ? `'${value}'` : String(value)}`;
  throw Object.assign(new TypeError(message), { code: "ERR_INVALID_ARG_VALUE" });
}

export interface DnsAnswer {
  name: string;
  type: number;
  TTL: number;
  data: string;
}

export interface DnsJson {
  Question?: unknown[];
  Answer?: DnsAnswer[];
}

/** One DNS-over-HTTPS query; a failed request is EBADQUERY, a bad answer EBADRESP, as in workerd. */
export async function sendDnsRequest(name: string, type: string): Promise<DnsJson> {
  const server = new URL("https://cloudflare-dns.com/dns-query");
  server.searchParams.set("name", name);
  server.searchParams.set("type", type);
  const syscall = `query${type.at(0)?.toUpperCase()}${type.slice(1)}`;
  let json: DnsJson & { error?: unknown };
  try {
    // The worker's fetch (read at call time): its outbound path and headers apply, as in workerd.
    const response = await globalThis.fetch(server, { headers: { Accept: "application/dns-json" }, method: "GET" });
    if (!response.ok) throw new DnsError(name, dnsErrorCodes.BADRESP, syscall);
    json = (await response.json()) as DnsJson & { error?: unknown };
  } catch (error) {
    throw error instanceof DnsError ? error : new DnsError(name, dnsErrorCodes.BADQUERY, syscall);
  }
  if ("error" in json || !json.Question?.at(0)) throw new DnsError(name, dnsErrorCodes.BADRESP, syscall);
  if (json.Answer?.at(0)?.name === "") throw new DnsError(name, dnsErrorCodes.NOTFOUND, syscall);
  return json;
}

export function validateAnswer(answer: DnsAnswer[] | undefined, name: string, query: string): asserts answer {
  if (answer == null) throw new DnsError(name, dnsErrorCodes.NOTFOUND, query);
}

const withoutDot = (data: string) => (data.endsWith(".") ? data.slice(0, -1) : data);

/** Cloudflare DNS's record texts turned into what Node.js's resolver returns. */
export const normalize = {
  name: ({ data }: DnsAnswer) => withoutDot(data),
  mx(name: string, { data }: DnsAnswer) {
    const [priority, exchange] = data.split(" ");
    if (priority == null || exchange == null) throw new DnsError(name, dnsErrorCodes.BADRESP, "queryMx");
    return { exchange: withoutDot(exchange), priority: parseInt(priority, 10) };
  },
  soa({ data }: DnsAnswer) {
    const [nsname, hostmaster, ...numbers] = data.split(" ");
    const [serial, refresh, retry, expire, minttl] = numbers.map((n) => parseInt(n, 10));
    return { nsname, hostmaster, serial, refresh, retry, expire, minttl };
  },
  srv({ data }: DnsAnswer) {
    const [priority, weight, port, name] = data.split(" ");
    return { priority: parseInt(priority!, 10), weight: parseInt(weight!, 10), port: parseInt(port!, 10), name };
  },
  txt({ data }: DnsAnswer): string[] {
    if (!(data.startsWith('"') && data.endsWith('"'))) return [data];
    return (data.match(/"([^"]|"(?!"))*"/g) ?? []).map((part) => part.slice(1, -1));
  },
  /** `\# <length> <hex bytes>` (RFC 3597): flags, tag length, tag, value. */
  caa({ data }: DnsAnswer) {
    const bytes = Buffer.from(data.split(" ").slice(2).join(""), "hex");
    const tagLength = bytes[1] ?? 0;
    const field = bytes.subarray(2, 2 + tagLength).toString();
    return { critical: bytes[0] ?? 0, [field]: bytes.subarray(2 + tagLength).toString() };
  },
  naptr({ data }: DnsAnswer) {
    const match = /^(\d+) (\d+) "([^"]*)" "([^"]*)" "([^"]*)" (\S+)$/.exec(data);
    if (!match) return { flags: "", service: "", regexp: "", replacement: "", order: 0, preference: 0 };
    const [, order, preference, flags, service, regexp, replacement] = match;
    return {
      flags,
      service,
      regexp,
      replacement: withoutDot(replacement!),
      order: Number(order),
      preference: Number(preference),
    };
  },
};
