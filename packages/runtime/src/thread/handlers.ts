/** Finds and calls the user's handlers on the entry module's default export. */
import type { ExecutionContext } from "./execution-context.js";

type Handler = (...args: unknown[]) => unknown;

/** workerd's "ExportedHandler" keys that a default export may implement. */
export type HandlerName = "fetch" | "scheduled" | "email" | "queue";

/** The handler `name` of an export of the entry ("default", or a named `WorkerEntrypoint`). */
export function findHandler(
  namespace: Record<string, unknown>,
  name: HandlerName,
  env: Record<string, unknown>,
  ctx: ExecutionContext,
  exportName = "default",
): ((arg: unknown) => unknown) | undefined {
  const target = namespace[exportName];
  if (typeof target === "function") {
    // A class extending WorkerEntrypoint: a fresh instance per event, as workerd does.
    const method = (target.prototype as Record<string, unknown> | undefined)?.[name];
    if (typeof method !== "function") return undefined;
    const instance = new (target as new (ctx: unknown, env: unknown) => Record<string, Handler>)(ctx, env);
    return (arg) => instance[name]!(arg);
  }
  if (target && typeof target === "object") {
    const method = (target as Record<string, unknown>)[name];
    if (typeof method !== "function") return undefined;
    return (arg) => (method as Handler).call(target, arg, env, ctx);
  }
  return undefined;
}
