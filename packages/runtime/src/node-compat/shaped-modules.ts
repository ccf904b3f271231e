/**
 * `node:crypto`, `node:util` and `node:events` as workerd exports them: Node's implementations
 * where workerd has the same function, workerd's answers where it differs (its "not implemented"
 * stubs, the deprecated helpers Node 22+ removed), and exactly workerd's names — neither the ones
 * only a newer Node has nor the ones workerd dropped.
 */
import nodeCrypto from "node:crypto";
import nodeEvents from "node:events";
import nodeUtil from "node:util";
import { Buffer } from "node:buffer";
import { strictCipherFactories } from "./crypto-module.js";
import { methodNotImplemented } from "./errors.js";
import { namespace } from "./fs-module.js";
import { cryptoExports, eventsExports, utilExports } from "./workerd-exports.js";

/** `names` from `values` first, then from the host module; the module object is `default`. */
function shaped(host: object, values: Record<string, unknown>, names: readonly string[]): Record<string, unknown> {
  const all: Record<string, unknown> = {};
  for (const name of names) all[name] = name in values ? values[name] : (host as Record<string, unknown>)[name];
  return namespace(all, names);
}

export function cryptoModule(): Record<string, unknown> {
  const { publicKey, privateKey } = nodeCrypto.generateKeyPairSync("ed25519");
  return shaped(
    nodeCrypto,
    {
      // The classes of the keys Node makes (Node does not export them; workerd does).
      SecretKeyObject: nodeCrypto.createSecretKey(Buffer.alloc(1)).constructor,
      PublicKeyObject: publicKey.constructor,
      PrivateKeyObject: privateKey.constructor,
      CryptoKey: globalThis.CryptoKey,
      // Password-derived ciphers are not implemented in workerd (Node 22+ removed them too).
      Cipher: methodNotImplemented("Cipher"),
      Decipher: methodNotImplemented("Decipher"),
      createCipher: methodNotImplemented("createCipher"),
      createDecipher: methodNotImplemented("createDecipher"),
      // workerd runs BoringSSL in FIPS mode.
      fips: true,
      pseudoRandomBytes: nodeCrypto.randomBytes,
      ...strictCipherFactories(),
    },
    cryptoExports,
  );
}

/** The named exports without Node's `init`; the default export stays the EventEmitter class, as in workerd. */
export function eventsModule(): Record<string, unknown> {
  return { ...shaped(nodeEvents, {}, eventsExports), default: nodeEvents };
}

/** workerd's deprecated type checks (Node 22+ removed them). */
const typeChecks = {
  isArray: (value: unknown) => Array.isArray(value),
  isBoolean: (value: unknown) => typeof value === "boolean",
  isBuffer: (value: unknown) => Buffer.isBuffer(value),
  isDate: (value: unknown) => value instanceof Date,
  isError: (value: unknown) => value instanceof Error || Object.prototype.toString.call(value) === "[object Error]",
  isFunction: (value: unknown) => typeof value === "function",
  isNull: (value: unknown) => value === null,
  isNullOrUndefined: (value: unknown) => value === null || value === undefined,
  isNumber: (value: unknown) => typeof value === "number",
  isObject: (value: unknown) => value !== null && typeof value === "object",
  isPrimitive: (value: unknown) => value === null || (typeof value !== "object" && typeof value !== "function"),
  isRegExp: (value: unknown) => value instanceof RegExp,
  isString: (value: unknown) => typeof value === "string",
  isSymbol: (value: unknown) => typeof value === "symbol",
  isUndefined: (value: unknown) => value === undefined,
};

export function utilModule(): Record<string, unknown> {
  return shaped(
    nodeUtil,
    {
      ...typeChecks,
      log(...args: unknown[]) {
        console.log("%s - %s", timestamp(), nodeUtil.format(...args));
      },
      getCallSites,
      getCallSite: getCallSites,
      getSystemErrorMessage: function getSystemErrorMessage(): never {
        throw new Error("node:util getSystemErrorMessage is not implemented");
      },
    },
    utilExports,
  );
}

export interface CallSite {
  functionName: string;
  scriptName: string;
  lineNumber: number;
  columnNumber: number;
  column: number;
}

/**
 * The caller's frames, as the stack trace shows them (so positions are the source-mapped ones an
 * error would show): `getCallSites(frameCount = 10, options?)`.
 */
function getCallSites(frameCount: unknown = 10): CallSite[] {
  const count = typeof frameCount === "number" ? frameCount : 10;
  if (!Number.isInteger(count) || count < 1 || count > 200) {
    throw new RangeError(`The value of "frameCount" is out of range. It must be >= 1 && <= 200. Received ${String(count)}`);
  }
  const holder: { stack?: string } = {};
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = count;
  try {
    Error.captureStackTrace(holder, getCallSites);
  } finally {
    Error.stackTraceLimit = limit;
  }
  return parseFrames(holder.stack ?? "");
}

const framePattern = /^\s*at (?:async )?(?:(.*?) \((.*):(\d+):(\d+)\)|(.*):(\d+):(\d+))$/;

export function parseFrames(stack: string): CallSite[] {
  const sites: CallSite[] = [];
  for (const line of stack.split("\n").slice(1)) {
    const match = framePattern.exec(line);
    if (!match) continue;
    const [, name, file, lineText, columnText, bareFile, bareLine, bareColumn] = match;
    const column = Number(columnText ?? bareColumn);
    sites.push({
      functionName: name ?? "",
      scriptName: file ?? bareFile ?? "",
      lineNumber: Number(lineText ?? bareLine),
      columnNumber: column,
      column,
    });
  }
  return sites;
}

const months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** `26 Feb 16:19:34`, as Node's and workerd's `util.log` stamp a line. */
function timestamp(): string {
  const now = new Date();
  const pad = (n: number) => String(n).padStart(2, "0");
  const time = `${pad(now.getHours())}:${pad(now.getMinutes())}:${pad(now.getSeconds())}`;
  return `${now.getDate()} ${months[now.getMonth()]} ${time}`;
}
