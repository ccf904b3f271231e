/**
 * Spans for binding calls (the explorer's request traces), made in one place: the registry wraps
 * what a factory returns in a proxy that times the methods its unit declares in a `TraceSpec`.
 * Calls run on the real object (private fields keep working); wrapped objects passed back in as
 * arguments (a prepared statement given to `batch`) are unwrapped first.
 */
import type { BindingDescriptor } from "../protocol/bindings.js";

/** What a span says about one call. */
export interface SpanInfo {
  kind: string;
  binding?: string;
  name: string;
  detail?: string;
}

/** Times `run` as a span of the event running now (a no-op outside one). */
export interface SpanTracer {
  span<T>(info: SpanInfo, run: () => T, describe?: (value: Awaited<T>) => string | undefined): T;
}

export interface MethodTrace {
  /** The key, SQL or URL to show, from the arguments (and the receiver). */
  detail?(args: unknown[], receiver: object): string | undefined;
  /** Short text about the result, e.g. "miss" or "3 rows". */
  result?(value: unknown): string | undefined;
  /** No span: the result (a prepared statement, a session) is wrapped with this spec instead. */
  returns?: () => TraceSpec;
  /** The span's name when not the method's, e.g. "prepare().all". */
  name?: string;
}

/** A unit's traced methods, by name. */
export type TraceSpec = Readonly<Record<string, MethodTrace>>;

const targets = new WeakMap<object, object>();

/** `value` with the methods of `spec` traced, or `value` itself when it is not an object. */
export function traceBinding<T>(
  value: T,
  descriptor: Pick<BindingDescriptor, "type" | "name">,
  spec: TraceSpec,
  tracer: SpanTracer,
): T {
  if (value === null || (typeof value !== "object" && typeof value !== "function")) return value;
  return wrap(value as object, spec, { kind: descriptor.type, binding: descriptor.name, tracer }) as T;
}

interface Scope {
  kind: string;
  binding: string;
  tracer: SpanTracer;
}

function wrap(target: object, spec: TraceSpec, scope: Scope): object {
  const methods = new Map<PropertyKey, unknown>();
  const proxy = new Proxy(target, {
    get(target, key) {
      const value: unknown = Reflect.get(target, key, target);
      if (typeof value !== "function") return value;
      let method = methods.get(key);
      if (method === undefined) {
        const trace = typeof key === "string" && Object.hasOwn(spec, key) ? spec[key] : undefined;
        method = trace ? traced(target, value, String(key), trace, scope) : value.bind(target);
        methods.set(key, method);
      }
      return method;
    },
  });
  targets.set(proxy, target);
  return proxy;
}

function traced(target: object, fn: Function, key: string, trace: MethodTrace, scope: Scope): Function {
  return function tracedMethod(...args: unknown[]) {
    const real = args.map(unwrap);
    if (trace.returns) {
      const result: unknown = fn.apply(target, real);
      return result !== null && typeof result === "object" ? wrap(result, trace.returns(), scope) : result;
    }
    const info: SpanInfo = { kind: scope.kind, binding: scope.binding, name: trace.name ?? key };
    const detail = trace.detail?.(real, target);
    if (detail !== undefined) info.detail = shorten(detail);
    return scope.tracer.span(info, () => fn.apply(target, real), trace.result);
  };
}

function unwrap(arg: unknown): unknown {
  if (arg === null || typeof arg !== "object") return arg;
  const target = targets.get(arg);
  if (target) return target;
  return Array.isArray(arg)
    ? arg.map((item: unknown) => (item !== null && typeof item === "object" && targets.get(item)) || item)
    : arg;
}

/** Details are for reading in a list: long SQL and values are cut. */
export function shorten(text: string, max = 500): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}
