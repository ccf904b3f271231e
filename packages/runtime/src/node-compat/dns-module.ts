/**
 * `node:dns` and `node:dns/promises` as workerd serves them (src/node/internal/internal_dns.ts):
 * lookups and queries over DNS-over-HTTPS through the worker's `fetch`, Cloudflare's resolvers as
 * the servers, "Not implemented" where workerd has nothing.
 */
import { isIP } from "node:net";
import nodeProcess from "node:process";
import { callbackify } from "node:util";
import {
  DnsError,
  dnsErrorCodes,
  dnsFlags,
  invalidArgType,
  normalize,
  sendDnsRequest,
  validateAnswer,
  validateOneOf,
  validateString,
  type DnsAnswer,
} from "./dns-client.js";
import { namespace } from "./fs-module.js";

type Order = "verbatim" | "ipv4first" | "ipv6first";
type Address = { address: string; family: number };
type LookupCallback = (error: Error | null, address?: string | Address[] | null, family?: number) => void;

const notImplemented = () => {
  throw new Error("Not implemented");
};

function resolver(type: string, map: (answer: DnsAnswer, name: string) => unknown) {
  return (name: string): Promise<unknown[]> => {
    validateString(name, "name");
    const syscall = `query${type[0]}${type.slice(1).toLowerCase()}`;
    return sendDnsRequest(name, type).then((json) => {
      validateAnswer(json.Answer, name, syscall);
      return json.Answer.map((answer) => map(answer, name));
    });
  };
}

function addresses(type: "A" | "AAAA") {
  return (name: string, options?: { ttl?: boolean }) => {
    validateString(name, "name");
    const ttl = !!options?.ttl;
    return sendDnsRequest(name, type).then((json) => {
      validateAnswer(json.Answer, name, type === "A" ? "queryA" : "queryAaaa");
      return json.Answer.map((a) => (ttl ? { ttl: a.TTL, address: a.data } : a.data));
    });
  };
}

function createDns() {
  let defaultOrder: Order = "verbatim";
  const queries = {
    resolve4: addresses("A"),
    resolve6: addresses("AAAA"),
    resolveCname: resolver("CNAME", normalize.name),
    resolveCaa: resolver("CAA", normalize.caa),
    resolveMx: resolver("MX", (answer, name) => normalize.mx(name, answer)),
    resolveNaptr: resolver("NAPTR", normalize.naptr),
    resolveNs: resolver("NS", normalize.name),
    resolvePtr: resolver("PTR", normalize.name),
    resolveSoa: (name: string) => resolver("SOA", normalize.soa)(name).then((all) => all[0]),
    resolveSrv: resolver("SRV", normalize.srv),
    resolveTxt: resolver("TXT", normalize.txt),
    reverse: resolver("PTR", normalize.name),
  };
  const byType: Record<string, (name: string) => Promise<unknown>> = {
    A: queries.resolve4,
    AAAA: queries.resolve6,
    CAA: queries.resolveCaa,
    CNAME: queries.resolveCname,
    MX: queries.resolveMx,
    NAPTR: queries.resolveNaptr,
    NS: queries.resolveNs,
    PTR: queries.resolvePtr,
    SOA: queries.resolveSoa,
    SRV: queries.resolveSrv,
    TXT: queries.resolveTxt, // prettier-ignore
  };
  const shared = {
    getServers: () => ["1.1.1.1", "2606:4700:4700::1111", "1.0.0.1", "2606:4700:4700::1001"],
    setServers: notImplemented,
    getDefaultResultOrder: () => defaultOrder,
    setDefaultResultOrder(value: unknown) {
      validateOneOf(value, "dnsOrder", ["verbatim", "ipv4first", "ipv6first"] as const);
      defaultOrder = value;
    },
    lookupService: async () => notImplemented(),
    resolveAny: async () => notImplemented(),
    resolve(name: string, rrtype?: string) {
      validateString(name, "name");
      if (rrtype === "ANY") return shared.resolveAny();
      const query = byType[rrtype!];
      if (!query)
        throw Object.assign(new TypeError(`The argument 'rrtype' is invalid. Received ${String(rrtype)}`), {
          code: "ERR_INVALID_ARG_VALUE",
        });
      return query(name);
    },
  };
  const lookup = (hostname: string, options: unknown, callback?: LookupCallback) =>
    lookupWith(defaultOrder, hostname, options, callback);
  return { queries, shared, lookup };
}

function parseLookupOptions(options: unknown, order: Order) {
  let family = 0;
  let all = false;
  if (typeof options === "number") {
    validateOneOf(options, "family", [0, 4, 6]);
    family = options;
  } else if (options !== undefined && options !== null && typeof options === "object") {
    const o = options as { family?: unknown; all?: unknown; verbatim?: unknown; order?: unknown; hints?: unknown };
    if (o.family != null) {
      family =
        o.family === "IPv4" ? 4 : o.family === "IPv6" ? 6 : (validateOneOf(o.family, "options.family", [0, 4, 6]), o.family);
    }
    if (o.hints != null)
      throw Object.assign(new Error("The options.hints option is not implemented"), { code: "ERR_OPTION_NOT_IMPLEMENTED" });
    if (o.all != null) all = o.all === true;
    if (o.verbatim != null) order = o.verbatim ? "verbatim" : "ipv4first";
    if (o.order != null) {
      validateOneOf(o.order, "options.order", ["verbatim", "ipv4first", "ipv6first"] as const);
      order = o.order;
    }
  } else if (options !== undefined) throw invalidArgType("options", "one of type integer or object", options);
  return { family, all, order };
}

function lookupWith(defaultOrder: Order, hostname: string, options: unknown, callback?: LookupCallback): void {
  if (hostname) validateString(hostname, "hostname");
  if (typeof options === "function") [callback, options] = [options as LookupCallback, undefined];
  if (typeof callback !== "function") throw invalidArgType("callback", "of type function", callback);
  const done = callback;
  const { family, all, order } = parseLookupOptions(options, defaultOrder);
  const answer = (list: Address[]) => {
    if (all) return done(null, list);
    return done(null, list[0]?.address ?? null, list[0]?.family ?? (family === 6 ? 6 : 4));
  };
  if (!hostname) return void nodeProcess.nextTick(answer, []);
  const matched = isIP(hostname);
  if (matched) return void nodeProcess.nextTick(answer, [{ address: hostname, family: matched }]);
  const query = (type: "A" | "AAAA", of: number) =>
    sendDnsRequest(hostname, type).then((json) => (json.Answer ?? []).map((a) => ({ address: a.data, family: of })));
  if (family !== 0) {
    const type = family === 4 ? "A" : "AAAA";
    sendDnsRequest(hostname, type)
      .then((json) => {
        validateAnswer(json.Answer, hostname, `query${type === "A" ? "A" : "Aaaa"}`);
        answer(json.Answer.map((a) => ({ address: a.data, family })));
      })
      .catch((error: Error) => nodeProcess.nextTick(done, error));
    return;
  }
  Promise.all([query("A", 4).catch(() => []), query("AAAA", 6).catch(() => [])])
    .then(([v4, v6]) => {
      if (v4.length === 0 && v6.length === 0) return done(new DnsError(hostname, dnsErrorCodes.NOTFOUND, "queryA"));
      answer(order === "ipv6first" ? [...v6, ...v4] : [...v4, ...v6]);
    })
    .catch((error: Error) => nodeProcess.nextTick(done, error));
}

/** `node:dns` and `node:dns/promises` for one worker (one default result order between them). */
export function createDnsModules(): { dns: Record<string, unknown>; promises: Record<string, unknown> } {
  const { queries, shared, lookup } = createDns();
  const promiseLookup = (hostname: string, options?: unknown) =>
    new Promise((resolve, reject) =>
      lookup(hostname, options, (error, address, family) => {
        if (error) reject(error);
        else resolve(Array.isArray(address) ? address : { address, family });
      }),
    );
  const promiseApi = { ...queries, ...shared, lookup: promiseLookup };
  const callbackApi: Record<string, unknown> = { ...shared, lookup };
  for (const [name, fn] of Object.entries({
    ...queries,
    resolve: shared.resolve,
    resolveAny: shared.resolveAny,
    lookupService: shared.lookupService,
  }))
    callbackApi[name] = callbackify(fn as (...args: unknown[]) => Promise<unknown>);
  const promises = { ...promiseApi, Resolver: resolverClass(promiseApi), ...dnsErrorCodes };
  const promisesNamespace = namespace(promises, Object.keys(promises));
  const dns = {
    ...callbackApi,
    Resolver: resolverClass(callbackApi),
    promises: promisesNamespace.default,
    ...dnsErrorCodes,
    ...dnsFlags,
  };
  return { dns: namespace(dns, Object.keys(dns)), promises: promisesNamespace };
}

/** workerd's `Resolver`: the module's functions as methods; it cannot pick servers or cancel. */
function resolverClass(api: Record<string, unknown>) {
  const names = ["getServers", "resolve", "resolve4", "resolve6", "resolveAny", "resolveCaa", "resolveCname", "resolveMx", "resolveNaptr", "resolveNs", "resolvePtr", "resolveSoa", "resolveSrv", "resolveTxt", "reverse", "setServers"]; // prettier-ignore
  class Resolver {
    cancel = notImplemented;
    setLocalAddress = notImplemented;
  }
  for (const name of names)
    Object.defineProperty(Resolver.prototype, name, {
      value: (...args: unknown[]) => (api[name] as (...a: unknown[]) => unknown)(...args),
      writable: true,
      configurable: true,
    });
  return Resolver;
}
