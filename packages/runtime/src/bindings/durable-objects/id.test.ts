import { expect, test } from "vitest";
import { DurableObjectIdFactory } from "./id.js";

const ids = new DurableObjectIdFactory("Counter");

test("idFromName is deterministic: the same name gives the same 64-hex id, another name another id", () => {
  const a = ids.fromName("alice");
  expect(a.toString()).toMatch(/^[0-9a-f]{64}$/);
  expect(new DurableObjectIdFactory("Counter").fromName("alice").toString()).toBe(a.toString());
  expect(ids.fromName("bob").equals(a)).toBe(false);
  expect(a.name).toBe("alice");
});

test("the same name in another namespace gives another id", () => {
  expect(new DurableObjectIdFactory("Other").fromName("alice").toString()).not.toBe(ids.fromName("alice").toString());
});

test("idFromString round-trips, and rejects bad or foreign ids with Cloudflare's errors", () => {
  const unique = ids.unique();
  expect(ids.fromString(unique.toString()).equals(unique)).toBe(true);
  expect(ids.fromString(unique.toString().toUpperCase()).equals(unique)).toBe(true);
  expect(ids.fromString(unique.toString()).name).toBeUndefined();
  expect(() => ids.fromString("abc")).toThrowErrorMatchingInlineSnapshot(
    `[TypeError: Invalid Durable Object ID: must be 64 hex digits]`,
  );
  const foreign = new DurableObjectIdFactory("Other").unique().toString();
  expect(() => ids.fromString(foreign)).toThrowErrorMatchingInlineSnapshot(
    `[TypeError: Durable Object ID is not valid for this namespace.]`,
  );
});

test("newUniqueId gives a different id each time", () => {
  expect(ids.unique().equals(ids.unique())).toBe(false);
});
