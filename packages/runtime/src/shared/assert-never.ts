import assert from "node:assert";

/** Ends a `switch` over a union: the compiler rejects a case left out, and the runtime names one that slipped through. */
export function assertNever(value: never, what: string): never {
  assert.fail(`[kindling] internal: unexpected ${what} ${JSON.stringify(value)}`);
}
