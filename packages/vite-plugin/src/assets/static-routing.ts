/**
 * `assets.run_worker_first`: true (the worker answers everything), or patterns of paths the
 * worker answers before assets, with `!/...` exceptions that always go to assets.
 * https://developers.cloudflare.com/workers/static-assets/binding/#run_worker_first
 */
import { compileGlob } from "./rule-pattern.js";

export interface StaticRouting {
  /** Patterns (`!` removed) whose requests go to assets, never the worker. */
  assetWorker: string[];
  userWorker: string[];
}

const maxRules = 100;
const maxRuleLength = 100;

/** Reads the pattern form; throws with Cloudflare's wording when the list is not valid. */
export function parseStaticRouting(rules: readonly string[]): StaticRouting {
  if (rules.length === 0) throw new Error("No `run_worker_first` rules were provided; must provide at least 1 rule.");
  if (rules.length > maxRules) {
    throw new Error(
      `Too many \`run_worker_first\` rules were provided; ${rules.length} rules provided exceeds max of ${maxRules}.`,
    );
  }
  const assetWorker: string[] = [];
  const negated: string[] = [];
  const userWorker: string[] = [];
  const invalid: string[] = [];
  for (const rule of rules) {
    if (rule.startsWith("!/")) {
      assetWorker.push(rule.slice(1));
      negated.push(rule);
    } else if (rule.startsWith("/")) userWorker.push(rule);
    else if (rule.startsWith("!")) invalid.push(`'${rule}': negative rules must start with '!/'`);
    else invalid.push(`'${rule}': rules must start with '/' or '!/'`);
  }
  if (assetWorker.length > 0 && userWorker.length === 0) {
    throw new Error("Only negative `run_worker_first` rules were provided; must provide at least 1 non-negative rule");
  }
  invalid.push(...invalidRules(userWorker), ...invalidRules(negated));
  if (invalid.length > 0) throw new Error(`Invalid routes in \`run_worker_first\`:\n${invalid.join("\n")}`);
  return { assetWorker, userWorker };
}

function invalidRules(rules: readonly string[]): string[] {
  const invalid: string[] = [];
  const seen = new Set<string>();
  for (const rule of rules) {
    if (rule.length > maxRuleLength) invalid.push(`'${rule}': all rules must be less than ${maxRuleLength} characters in length`);
    if (seen.has(rule)) invalid.push(`'${rule}': rule is a duplicate; rules must be unique`);
    if (rule.endsWith("*")) {
      for (const other of rules) {
        if (other !== rule && other.startsWith(rule.slice(0, -1))) invalid.push(`'${other}': rule '${rule}' makes it redundant`);
      }
    }
    seen.add(rule);
  }
  return invalid;
}

export type Route = "worker" | "assets" | "either";

/** Where a request goes before anything else: `run_worker_first` decides, or "either" (assets if they have it). */
export function createRouter(runWorkerFirst: boolean | StaticRouting): (pathname: string) => Route {
  if (runWorkerFirst === true) return () => "worker";
  if (runWorkerFirst === false) return () => "either";
  const toAssets = runWorkerFirst.assetWorker.map(compileGlob);
  const toWorker = runWorkerFirst.userWorker.map(compileGlob);
  return (pathname) =>
    toAssets.some((rule) => rule.test(pathname)) ? "assets" : toWorker.some((rule) => rule.test(pathname)) ? "worker" : "either";
}
