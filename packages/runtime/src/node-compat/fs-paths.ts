/** Paths as workerd's `node:fs` takes them (string, Buffer or file: URL; relative to `process.cwd()`). */
import { Buffer } from "node:buffer";
import { posix } from "node:path";
import { fileURLToPath } from "node:url";

export type PathLike = string | Uint8Array | URL;

/** An absolute, normalized path in the virtual file system. */
export function toVirtualPath(path: PathLike, cwd: () => string): string {
  let text: string;
  if (typeof path === "string") text = path;
  else if (path instanceof URL) text = fileURLToPath(path);
  else if (path instanceof Uint8Array) text = Buffer.from(path).toString("utf8");
  else throw invalidPath(path);
  if (text.includes("\0")) {
    throw Object.assign(new TypeError(`The argument 'path' must not contain null bytes. Received ${JSON.stringify(text)}`), {
      code: "ERR_INVALID_ARG_VALUE",
    });
  }
  return posix.resolve(cwd(), text);
}

function invalidPath(value: unknown): TypeError {
  const received = value === null ? "null" : value === undefined ? "undefined" : `type ${typeof value} (${String(value)})`;
  return Object.assign(
    new TypeError(`The "path" argument must be of type string or an instance of Buffer or URL. Received ${received}`),
    { code: "ERR_INVALID_ARG_TYPE" },
  );
}
