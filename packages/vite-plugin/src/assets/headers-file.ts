/**
 * `_headers`: a path line, then indented `Name: value` lines (or `! Name` to remove a header),
 * applied to every asset response whose request path matches.
 * https://developers.cloudflare.com/workers/static-assets/headers/
 */
import { compileRule, fillPlaceholders, matchRule, type RulePattern } from "./rule-pattern.js";
import { readRuleUrl, ruleLines, type InvalidRule } from "./rule-url.js";

const maxRules = 100;
const looksLikePath = /^([^\s]+:\/\/|^\/)/;

export interface HeaderRule {
  path: string;
  set: Record<string, string>;
  unset: string[];
  pattern: RulePattern | undefined;
}

export interface HeaderRules {
  rules: HeaderRule[];
  invalid: InvalidRule[];
}

export function parseHeaders(text: string): HeaderRules {
  const result: HeaderRules = { rules: [], invalid: [] };
  let rule: (HeaderRule & { line: string }) | undefined;
  let skipping = false;
  const close = (lineNumber?: number) => {
    if (!rule) return;
    if (Object.keys(rule.set).length > 0 || rule.unset.length > 0) {
      const { line: _line, ...done } = rule;
      result.rules.push(done);
    } else {
      result.invalid.push({ line: rule.line, lineNumber, message: "No headers specified" });
    }
  };
  const lineCount = text.split("\n").length;
  for (const { line, lineNumber } of ruleLines(text, result.invalid)) {
    const skip = (message: string) => result.invalid.push({ line, lineNumber, message });
    if (looksLikePath.test(line)) {
      skipping = false;
      if (result.rules.length >= maxRules) {
        result.invalid.push({
          message: `Maximum number of rules supported is ${maxRules}. Skipping remaining ${lineCount - lineNumber + 1} lines of file.`,
        });
        rule = undefined;
        break;
      }
      close(lineNumber);
      rule = undefined;
      const path = readRuleUrl(line, { disallowPorts: true });
      const problem = path.ok ? wildcardProblem(path.url) : path.message;
      if (problem || !path.ok) {
        skip(problem!);
        skipping = true;
        continue;
      }
      rule = { path: path.url, line, set: {}, unset: [], pattern: compileRule(path.url) };
      continue;
    }
    if (skipping) continue;
    if (!line.includes(":")) {
      if (!rule) skip("Expected a path beginning with at least one forward-slash");
      else if (line.startsWith("! ")) rule.unset.push(line.slice(2).trim());
      else skip("Expected a colon-separated header pair (e.g. name: value)");
      continue;
    }
    const [rawName, ...rawValue] = line.split(":");
    const name = rawName!.trim().toLowerCase();
    const value = rawValue.join(":").trim();
    if (name.includes(" ")) skip("Header name cannot include spaces");
    else if (name === "") skip("No header name specified");
    else if (value === "") skip("No header value specified");
    else if (!rule) skip(`Path should come before header (${name}: ${value})`);
    else rule.set[name] = rule.set[name] ? `${rule.set[name]}, ${value}` : value;
  }
  close();
  return result;
}

function wildcardProblem(path: string): string | undefined {
  const wildcards = path.split("*").length - 1;
  if (wildcards > 1) {
    return `Only one wildcard is allowed per rule. Use a named placeholder (e.g. :project) instead. Skipping ${path}.`;
  }
  if (wildcards > 0 && /:splat(?!\w)/.test(path)) {
    return `Cannot combine a wildcard * with a :splat placeholder because wildcards are converted to :splat at runtime. Skipping ${path}.`;
  }
  return undefined;
}

/** Applies every matching rule in file order: `! Name` removes, the first rule to set a name replaces it, later ones append. */
export function applyHeaderRules(rules: readonly HeaderRule[], url: URL, headers: Headers): void {
  const set = new Set<string>();
  for (const rule of rules) {
    const groups = rule.pattern && matchRule(rule.pattern, url);
    if (!groups) continue;
    for (const name of rule.unset) headers.delete(name);
    for (const [name, value] of Object.entries(rule.set)) {
      const filled = fillPlaceholders(value, groups);
      if (set.has(name)) headers.append(name, filled);
      else {
        headers.set(name, filled);
        set.add(name);
      }
    }
  }
}
