/** ECMAScript features whose presence depends on the V8 version (workerd's vs the host Node's). */
export const area = "Global scope";

const features = {
  Iterator: () => typeof globalThis.Iterator,
  "Iterator.prototype.map": () => typeof globalThis.Iterator?.prototype?.map,
  Float16Array: () => typeof globalThis.Float16Array,
  DisposableStack: () => typeof globalThis.DisposableStack,
  AsyncDisposableStack: () => typeof globalThis.AsyncDisposableStack,
  SuppressedError: () => typeof globalThis.SuppressedError,
  "Symbol.dispose": () => typeof Symbol.dispose,
  "Promise.try": () => typeof Promise.try,
  "Promise.withResolvers": () => typeof Promise.withResolvers,
  "RegExp.escape": () => typeof RegExp.escape,
  "Error.isError": () => typeof Error.isError,
  "Error.captureStackTrace": () => typeof Error.captureStackTrace,
  "Math.sumPrecise": () => typeof Math.sumPrecise,
  "Math.f16round": () => typeof Math.f16round,
  "Array.fromAsync": () => typeof Array.fromAsync,
  "Array.prototype.toSorted": () => typeof Array.prototype.toSorted,
  "Object.groupBy": () => typeof Object.groupBy,
  "Set.prototype.union": () => typeof Set.prototype.union,
  "Uint8Array.fromBase64": () => typeof Uint8Array.fromBase64,
  "Uint8Array.prototype.toHex": () => typeof Uint8Array.prototype.toHex,
  "ArrayBuffer.prototype.transfer": () => typeof ArrayBuffer.prototype.transfer,
  "Atomics.pause": () => typeof Atomics.pause,
  "JSON.rawJSON": () => typeof JSON.rawJSON,
  "Intl.DurationFormat": () => typeof Intl.DurationFormat,
  "Intl.DateTimeFormat().resolvedOptions().timeZone": () => new Intl.DateTimeFormat().resolvedOptions().timeZone,
  "new Date(0).getTimezoneOffset()": () => new Date(0).getTimezoneOffset(),
  "new Date(0).toString()": () => new Date(0).toString(),
  "(1234.5).toLocaleString()": () => (1234.5).toLocaleString(),
  "Intl.DateTimeFormat locale": () => new Intl.DateTimeFormat().resolvedOptions().locale,
  "JSON.parse error message": () => JSON.parse("{bad"),
  "Error.stackTraceLimit": () => Error.stackTraceLimit,
};

export function probes() {
  const table = {};
  for (const [name, probe] of Object.entries(features)) table[name] = probe;
  return table;
}
