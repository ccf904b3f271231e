/**
 * `node:fs` before workerd had one (compatibility dates before 2025-09-15 without
 * `enable_nodejs_fs_module`): wrangler and the official plugin bundle unenv's stub, whose functions
 * throw "[unenv] fs.x is not implemented yet!" and whose `existsSync` answers false.
 */
import { constants } from "node:fs";
import { unenvNotImplemented } from "./errors.js";
import { workerdFsExports, namespace } from "./fs-module.js";

const names = [...workerdFsExports, "_toUnixTimestamp"].toSorted();
// Classes too: constructing one throws.
const classes = new Set(["Dir", "Dirent", "FileReadStream", "FileWriteStream", "ReadStream", "Stats", "WriteStream"]);

export function createFsStubModules() {
  const fs: Record<string, unknown> = {};
  const promises: Record<string, unknown> = {};
  for (const name of names) {
    fs[name] = unenvNotImplemented(`fs.${name}`);
    if (!name.endsWith("Sync") && !classes.has(name)) promises[name] = unenvNotImplemented(`fs.${name}`);
  }
  Object.assign(fs, {
    constants,
    F_OK: constants.F_OK,
    R_OK: constants.R_OK,
    W_OK: constants.W_OK,
    X_OK: constants.X_OK,
    existsSync: () => false,
    promises,
  });
  promises.constants = constants;
  return { fs: namespace(fs, names), promises: { ...promises, default: promises } };
}
