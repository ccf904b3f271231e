/**
 * `_redirects`: `/from /to [status]` lines, static ones matched exactly, then the first dynamic
 * one (splats, placeholders). https://developers.cloudflare.com/workers/static-assets/redirects/
 */
import { compileRule, fillPlaceholders, matchRule, type RulePattern } from "./rule-pattern.js";
import { hasHost, readRuleUrl, ruleLines, type InvalidRule } from "./rule-url.js";

const statuses = new Set([200, 301, 302, 303, 307, 308]);
const maxStaticRules = 2000;
const maxDynamicRules = 100;
const dynamic = /\*|:[A-Za-z]\w*/;

export interface RedirectRule {
  from: string;
  to: string;
  status: number;
  lineNumber: number;
}

export interface Redirects {
  /** Rules without splats or placeholders above the first one with them, by `from`. */
  static: Map<string, RedirectRule>;
  dynamic: { rule: RedirectRule; pattern: RulePattern }[];
  invalid: InvalidRule[];
  /** How many rules are in force. */
  count: number;
}

export function parseRedirects(text: string, htmlHandling: string): Redirects {
  const result: Redirects = { static: new Map(), dynamic: [], invalid: [], count: 0 };
  const seen = new Set<string>();
  let staticCount = 0;
  const lineCount = text.split("\n").length;
  for (const { line, lineNumber } of ruleLines(text, result.invalid)) {
    const skip = (message: string) => result.invalid.push({ line, lineNumber, message });
    const tokens = line.replace(/\s+#.*$/, "").split(/\s+/);
    if (tokens.length < 2 || tokens.length > 3) {
      skip(`Expected exactly 2 or 3 whitespace-separated tokens. Got ${tokens.length}.`);
      continue;
    }
    const [fromToken, toToken, statusToken = "302"] = tokens as [string, string, string?];
    const from = readRuleUrl(fromToken, { onlyRelative: true, disallowPorts: true });
    if (!from.ok) {
      skip(from.message);
      continue;
    }
    const isStatic = result.dynamic.length === 0 && !dynamic.test(from.url);
    if (isStatic && ++staticCount > maxStaticRules) {
      result.invalid.push({ message: `Maximum number of static rules supported is ${maxStaticRules}. Skipping line.` });
      continue;
    }
    if (!isStatic && result.dynamic.length >= maxDynamicRules) {
      result.invalid.push({
        message: `Maximum number of dynamic rules supported is ${maxDynamicRules}. Skipping remaining ${lineCount - lineNumber + 1} lines of file.`,
      });
      break;
    }
    const to = readRuleUrl(toToken, { withSearchAndHash: true });
    if (!to.ok) {
      skip(to.message);
      continue;
    }
    const status = Number(statusToken);
    if (!statuses.has(status)) {
      skip(`Valid status codes are 200, 301, 302 (default), 303, 307, or 308. Got ${statusToken}.`);
      continue;
    }
    const toIndex = /\/index(\.html)?$/.test(to.url);
    if (!hasHost(to.url) && toIndex && (from.url.endsWith("/*") || (from.url.endsWith("/") && htmlHandling !== "none"))) {
      skip(
        "Infinite loop detected in this rule and has been ignored. This will cause a redirect to strip `.html` or `/index` and end up triggering this rule again. Please fix or remove this rule to silence this warning.",
      );
      continue;
    }
    if (seen.has(from.url)) {
      skip(`Ignoring duplicate rule for path ${from.url}.`);
      continue;
    }
    seen.add(from.url);
    if (status === 200 && hasHost(to.url)) {
      skip(`Proxy (200) redirects can only point to relative paths. Got ${to.url}`);
      continue;
    }
    const rule = { from: from.url, to: to.url, status, lineNumber };
    result.count++;
    if (isStatic) {
      result.static.set(rule.from, rule);
      continue;
    }
    const pattern = compileRule(rule.from);
    if (pattern) result.dynamic.push({ rule, pattern });
  }
  return result;
}

export interface RedirectMatch {
  status: number;
  to: string;
}

/** The rule for a request: an exact static rule first (the earlier line if both forms match), else the first dynamic one. */
export function matchRedirect(redirects: Redirects, url: URL): RedirectMatch | undefined {
  const withHost = redirects.static.get(`https://${url.host}${url.pathname}`);
  const withoutHost = redirects.static.get(url.pathname);
  const found =
    withHost && withoutHost ? (withHost.lineNumber < withoutHost.lineNumber ? withHost : withoutHost) : (withHost ?? withoutHost);
  if (found) return { status: found.status, to: found.to };
  for (const { rule, pattern } of redirects.dynamic) {
    const groups = matchRule(pattern, url);
    if (!groups) continue;
    const target = fillPlaceholders(rule.to, groups).trim();
    return { status: rule.status, to: /^\w+:\/\//.test(target) ? target : target.replace(/\/+/g, "/") };
  }
  return undefined;
}

/** The Location of a redirect: same-origin targets stay relative; the request's query is kept unless the target has one. */
export function redirectLocation(to: string, request: URL): string {
  const target = new URL(to, request);
  const search = target.search || request.search;
  if (target.origin === request.origin) return `${target.pathname}${search}${target.hash}`;
  return `${target.href.slice(0, target.href.length - target.search.length - target.hash.length)}${search}${target.hash}`;
}
