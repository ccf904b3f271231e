/** Where a D1 database lives on disk: the one place the plugin, the thread and the CLI take it from. */
import { statePaths } from "../../storage/state-path.js";

export interface D1DatabaseIdentity {
  databaseId?: string;
  databaseName?: string;
}

/**
 * `<persist>/d1/<database_id or database_name>.sqlite`.
 * An id that is not a plain file name is hashed, so it can never point outside the state directory.
 */
export function d1DatabaseFile(persist: string, identity: D1DatabaseIdentity): string {
  const id = identity.databaseId ?? identity.databaseName;
  if (!id) throw new Error("[kindling] internal: a D1 database without database_id or database_name.");
  return statePaths(persist, "d1", id).database;
}
