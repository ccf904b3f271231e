/**
 * `node:module` whose `createRequire` gives the worker's `node:*` modules (workerd's), so that
 * `createRequire(import.meta.url)("fs")` cannot reach the host's file system either. Other
 * specifiers resolve as Node resolves them.
 */
import nodeModule from "node:module";
import { namespace } from "./fs-module.js";

export function moduleModule(builtin: (name: string) => unknown): Record<string, unknown> {
  const createRequire = (from: string | URL): NodeJS.Require => {
    const hostRequire = nodeModule.createRequire(from);
    const require = ((id: string) => {
      if (!nodeModule.isBuiltin(id)) return hostRequire(id);
      const served = builtin(id);
      if (served === undefined) throw Object.assign(new Error(`No such module "${id}".`), { code: "MODULE_NOT_FOUND" });
      return served;
    }) as NodeJS.Require;
    return Object.assign(require, {
      resolve: hostRequire.resolve,
      cache: hostRequire.cache,
      main: undefined,
      extensions: hostRequire.extensions,
    });
  };
  const values: Record<string, unknown> = { ...nodeModule, createRequire };
  return namespace(values, Object.keys(nodeModule).toSorted());
}
