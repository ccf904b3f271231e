/**
 * The errors workerd's Node.js layer throws (src/node/internal/internal_errors.ts), with its class
 * names, codes and wording: user code branches on `code` and prints `message`.
 */

class NodeError extends Error {
  code: string;
  constructor(code: string, message: string) {
    super(message);
    this.code = code;
  }
  override toString(): string {
    return `${this.name} [${this.code}]: ${this.message}`;
  }
}

export class ERR_METHOD_NOT_IMPLEMENTED extends NodeError {
  constructor(name: string) {
    super("ERR_METHOD_NOT_IMPLEMENTED", `The ${name} method is not implemented`);
  }
}

export class ERR_UNSUPPORTED_OPERATION extends NodeError {
  constructor() {
    super("ERR_UNSUPPORTED_OPERATION", "The requested operation is unsupported");
  }
}

export class ERR_OPTION_NOT_IMPLEMENTED extends NodeError {
  constructor(name: string) {
    super("ERR_OPTION_NOT_IMPLEMENTED", `The ${name} option is not implemented`);
  }
}

/** The "Received ..." tail of Node.js's ERR_INVALID_ARG_TYPE messages. */
export function received(value: unknown): string {
  if (value == null) return `Received ${value}`;
  if (typeof value === "function") return `Received function ${value.name}`;
  if (typeof value === "object") return `Received an instance of ${value.constructor?.name ?? "Object"}`;
  return `Received type ${typeof value} (${typeof value === "string" ? `'${value}'` : String(value)})`;
}

/** A `TypeError` with a Node.js error code, as workerd's layer throws for bad arguments. */
export function nodeTypeError(code: string, message: string): TypeError {
  return Object.assign(new TypeError(message), { code });
}

/** The function (or class: a plain function, so that `new` throws too) workerd puts where Node.js has one it does not implement. */
export function methodNotImplemented(name: string): () => never {
  return function notImplemented(): never {
    throw new ERR_METHOD_NOT_IMPLEMENTED(name);
  };
}

/** unenv's stub, which the official plugin serves for modules workerd lacks on the compatibility date. */
export function unenvNotImplemented(name: string): () => never {
  return function notImplemented(): never {
    throw new Error(`[unenv] ${name} is not implemented yet!`);
  };
}

const errnos: Record<string, number> = {
  ENOENT: -2,
  EBADF: -9,
  EEXIST: -17,
  ENOTDIR: -20,
  EISDIR: -21,
  EINVAL: -22,
  ENOTEMPTY: -39,
};

const descriptions: Record<string, string> = {
  ENOENT: "no such file or directory",
  EEXIST: "file already exists",
  ENOTDIR: "not a directory",
  EISDIR: "illegal operation on a directory",
  ENOTEMPTY: "directory not empty",
  EINVAL: "invalid argument",
  EBADF: "bad file descriptor",
};

/**
 * A file system error as workerd's virtual file system reports it: "no such file or directory,
 * readAll '/x'" (Node.js's wording without its "ENOENT: " prefix); a write where the file system is
 * read-only is "operation not permitted" without a path.
 */
export function fsError(code: string, syscall: string, path?: string): Error {
  if (code === "EPERM") return Object.assign(new Error("operation not permitted"), { code });
  const description = descriptions[code] ?? code;
  const message = path === undefined ? description : `${description}, ${syscall} '${path}'`;
  const error = Object.assign(new Error(message), { code, syscall, errno: errnos[code] });
  if (path !== undefined) Object.assign(error, { path });
  return error;
}
