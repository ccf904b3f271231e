import { inspect } from "node:util";
import type { z } from "zod";

/** An error in user input (config file, option): the message says what and how to fix it. */
export class KindlingConfigError extends Error {
  override name = "KindlingConfigError";

  /**
   * Vite prints a failed start as `inspect(error)`: the stack (all Kindling's and Vite's frames)
   * and the cause. The message is the whole story for the user, so that is all it prints.
   */
  [inspect.custom](): string {
    return this.message;
  }
}

/** `"env.staging.vars"`: a key path as the user wrote it. */
export function formatPath(path: readonly PropertyKey[]): string {
  return path
    .map((key) => (typeof key === "number" ? `[${key}]` : String(key)))
    .join(".")
    .replace(/\.\[/g, "[");
}

/** One line per zod issue, naming the key path, what was expected and what was found. */
export function formatIssues(source: string, issues: readonly z.core.$ZodIssue[], input: unknown): string {
  const lines = issues.map((issue) => `[kindling] ${source}: ${describeIssue(issue, input)}`);
  return lines.join("\n");
}

function describeIssue(issue: z.core.$ZodIssue, input: unknown): string {
  const where = `"${formatPath(issue.path)}"`;
  const found = valueAt(input, issue.path);
  switch (issue.code) {
    case "invalid_type":
      if (found === undefined) return `${where} is required (expected ${article(issue.expected)}).`;
      return `${where} must be ${article(issue.expected)}, got ${describeValue(found)}.`;
    case "invalid_union": {
      const expected = issue.errors.flat().flatMap((sub) => {
        if (sub.code === "invalid_type") return [article(sub.expected)];
        if (sub.code === "invalid_value") return sub.values.map((v) => JSON.stringify(v));
        return [];
      });
      if (expected.length === 0) break;
      return `${where} must be ${[...new Set(expected)].join(" or ")}, got ${describeValue(found)}.`;
    }
    case "unrecognized_keys":
      return `unknown key${issue.keys.length > 1 ? "s" : ""} ${issue.keys.map((k) => `"${k}"`).join(", ")}${issue.path.length ? ` in ${where}` : ""}.`;
  }
  return `${where} ${issue.message.replace(/^Invalid input: /, "")}, got ${describeValue(found)}.`;
}

function article(expected: string): string {
  if (expected === "array") return "an array";
  if (expected === "object" || expected === "record") return "an object";
  if (expected === "int") return "an integer";
  return `a ${expected}`;
}

export function describeValue(value: unknown): string {
  if (value === undefined) return "nothing";
  if (typeof value === "string") return JSON.stringify(value);
  if (Array.isArray(value)) return "an array";
  if (value === null) return "null";
  if (typeof value === "object") return "an object";
  return String(value);
}

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let current = input;
  for (const key of path) {
    if (current === null || typeof current !== "object") return undefined;
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return current;
}
