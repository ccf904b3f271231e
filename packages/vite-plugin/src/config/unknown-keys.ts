/**
 * Keys wrangler does not know, anywhere in the config (`"kv_namespaces[0].bindng"`): wrangler
 * warns "Unexpected fields found in ..." and ignores them; so do we, with the key's full path.
 */
import { didYouMean } from "./did-you-mean.js";
import { formatPath } from "./errors.js";
import { configKeys, environmentKeys } from "./wrangler-keys.generated.js";

/** Which keys a value may have: `keys` of an object, `items` of an array, `values` of a record; `open`: any key. */
export interface KeyTree {
  keys?: Readonly<Record<string, KeyTree | 0>>;
  items?: KeyTree;
  values?: KeyTree;
  open?: boolean;
}

/**
 * Keys wrangler reads that its JSON schema leaves out (older or deprecated spellings), and the
 * ones Kindling accepted before it checked keys.
 */
const extraTopLevelKeys = ["legacy_env", "node_compat", "usage_model"];
const extraEntryKeys: Readonly<Record<string, readonly string[]>> = {
  services: ["environment"],
  send_email: ["binding", "experimental_remote"],
};

const topLevel = withExtraKeys(configKeys);
const environment: KeyTree = {
  keys: Object.fromEntries([...environmentKeys, ...extraTopLevelKeys].map((key) => [key, topLevel.keys![key] ?? 0])),
};

/** One warning per unknown key of the top level and of every `env.<name>` section. */
export function unknownKeyWarnings(input: Record<string, unknown>, fileName: string): string[] {
  const warnings: string[] = [];
  const report = (path: PropertyKey[], key: string, allowed: readonly string[]) => {
    const guess = didYouMean(key, allowed);
    warnings.push(
      `[kindling] ${fileName}: "${formatPath([...path, key])}" is not a field wrangler knows, and is ignored.` +
        (guess ? ` Did you mean "${guess}"?` : ""),
    );
  };
  walk(input, topLevel, [], report);
  const sections = input.env;
  if (isRecord(sections)) {
    for (const [name, section] of Object.entries(sections)) walk(section, environment, ["env", name], report);
  }
  return warnings;
}

type Report = (path: PropertyKey[], key: string, allowed: readonly string[]) => void;

function walk(value: unknown, tree: KeyTree, path: PropertyKey[], report: Report): void {
  if (Array.isArray(value)) {
    if (tree.items) for (const [index, item] of value.entries()) walk(item, tree.items, [...path, index], report);
    return;
  }
  if (!isRecord(value)) return;
  if (tree.keys) {
    const allowed = Object.keys(tree.keys);
    for (const [key, child] of Object.entries(value)) {
      const sub = tree.keys[key];
      if (sub === undefined) {
        if (!tree.open) report(path, key, allowed);
      } else if (sub !== 0) {
        walk(child, sub, [...path, key], report);
      }
    }
  } else if (tree.values) {
    for (const [key, child] of Object.entries(value)) walk(child, tree.values, [...path, key], report);
  }
}

function withExtraKeys(tree: KeyTree): KeyTree {
  const keys: Record<string, KeyTree | 0> = { ...tree.keys };
  for (const key of extraTopLevelKeys) keys[key] = 0;
  for (const [kind, extra] of Object.entries(extraEntryKeys)) {
    const entries = (keys[kind] as KeyTree).items!;
    keys[kind] = { items: { ...entries, keys: { ...entries.keys, ...Object.fromEntries(extra.map((key) => [key, 0])) } } };
  }
  return { ...tree, keys };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}
