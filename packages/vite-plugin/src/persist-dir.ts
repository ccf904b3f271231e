/** Where binding state lives: the one rule shared by the plugin and the `kindling` CLI. */
import path from "node:path";

/** Default of the `persist` option and of the CLI's `--persist-to`, relative to the project root. */
export const defaultPersistDir = ".kindling/state";

/** The absolute state directory for `persist` (a directory relative to `root`), or false for in-memory state. */
export function resolvePersistDir(root: string, persist: string | false): string | false {
  return persist === false ? false : path.resolve(root, persist);
}
