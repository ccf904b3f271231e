/**
 * wrangler's module rules: which imported files are non-JavaScript modules (`CompiledWasm` → a
 * `WebAssembly.Module`, `Data` → an `ArrayBuffer`, `Text` → a string). The config's `rules` come
 * first, then wrangler's defaults; a rule without `fallthrough: true` hides every later rule of its
 * type (https://developers.cloudflare.com/workers/wrangler/configuration/#bundling).
 */
import { z } from "zod";

export const moduleRuleTypes = [
  "ESModule",
  "CommonJS",
  "CompiledWasm",
  "Text",
  "Data",
  "PythonModule",
  "PythonRequirement",
  "NodeJsCompatModule",
] as const;

export const moduleRuleSchema = z.object({
  type: z.enum(moduleRuleTypes),
  globs: z.array(z.string()),
  fallthrough: z.boolean().optional(),
});

export type ModuleRuleConfig = z.infer<typeof moduleRuleSchema>;

/** The types Kindling turns into modules itself (JavaScript rules are Vite's business). */
export type AdditionalModuleType = "CompiledWasm" | "Data" | "Text";

export interface ModuleRule {
  type: AdditionalModuleType;
  globs: string[];
  fallthrough: boolean;
  /** Whether the rule came from the config (those must reach the deployed config too). */
  fromConfig: boolean;
}

/** wrangler's DEFAULT_MODULE_RULES for these types. */
const defaultRules: ModuleRuleConfig[] = [
  { type: "Text", globs: ["**/*.txt", "**/*.html", "**/*.sql"] },
  { type: "Data", globs: ["**/*.bin"] },
  { type: "CompiledWasm", globs: ["**/*.wasm", "**/*.wasm?module"] },
];

/** The rules in effect, in order, as wrangler's parseRules keeps them. */
export function resolveModuleRules(configRules: readonly ModuleRuleConfig[] = []): ModuleRule[] {
  const closed = new Set<string>();
  const kept: ModuleRule[] = [];
  for (const [index, rule] of [...configRules, ...defaultRules].entries()) {
    if (closed.has(rule.type)) continue;
    if (rule.fallthrough !== true) closed.add(rule.type);
    if (rule.type === "CompiledWasm" || rule.type === "Data" || rule.type === "Text") {
      kept.push({
        type: rule.type,
        globs: rule.globs,
        fallthrough: rule.fallthrough === true,
        fromConfig: index < configRules.length,
      });
    }
  }
  return kept;
}

/** The rule that makes `file` (a path relative to the worker's base directory, query included) a module. */
export function matchModuleRule(rules: readonly ModuleRule[], file: string): ModuleRule | undefined {
  return rules.find((rule) => rule.globs.some((glob) => globToRegExp(glob).test(file)));
}

const compiled = new Map<string, RegExp>();

/** wrangler's glob-to-regexp with `globstar`: `**` spans folders, `*` stays in one; the rest is literal. */
export function globToRegExp(glob: string): RegExp {
  let regExp = compiled.get(glob);
  if (regExp) return regExp;
  let source = "";
  for (let i = 0; i < glob.length; i++) {
    const char = glob[i]!;
    if (char !== "*") {
      source += char.replace(/[\\^$.*+?()[\]{}|/]/g, "\\$&");
      continue;
    }
    const previous = glob[i - 1];
    let stars = 1;
    while (glob[i + 1] === "*") {
      stars++;
      i++;
    }
    const next = glob[i + 1];
    const wholeSegment = stars > 1 && (previous === "/" || previous === undefined) && (next === "/" || next === undefined);
    if (!wholeSegment) source += "[^/]*";
    else if (next === "/") {
      source += "(?:[^/]*(?:/|$))*";
      i++;
    } else source += ".*";
  }
  regExp = new RegExp(`^${source}$`);
  compiled.set(glob, regExp);
  return regExp;
}
