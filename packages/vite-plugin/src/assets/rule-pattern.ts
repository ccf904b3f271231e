/**
 * The path patterns of `_redirects`, `_headers` and `run_worker_first`: `*` is a splat (any
 * characters, `:splat` in the target), `:name` a placeholder (one path segment; in the host of an
 * `https://` rule, one label). https://developers.cloudflare.com/workers/static-assets/redirects/
 */

const regexSpecial = /[-/\\^$*+?.()|[\]{}]/g;
const escape = (text: string) => text.replace(regexSpecial, "\\$&");

export interface RulePattern {
  /** An `https://host/path` rule matches the request's host too. */
  crossHost: boolean;
  regExp: RegExp;
}

/** Compiles a `_redirects` / `_headers` rule; undefined when it makes no valid expression. */
export function compileRule(rule: string): RulePattern | undefined {
  let source = rule.split("*").map(escape).join("(?<splat>.*)");
  // Placeholders in the host: one label each.
  source = source.replace(/(?<=^https:\\\/\\\/[^/]*?):([A-Za-z]\w*)(?=\\)/g, "(?<$1>[^/.]+)");
  source = source.replace(/:([A-Za-z]\w*)/g, "(?<$1>[^/]+)");
  try {
    return { crossHost: rule.startsWith("https://"), regExp: new RegExp(`^${source}$`) };
  } catch {
    return undefined;
  }
}

/** The groups of `pattern` against a request URL, or undefined when it does not match. */
export function matchRule(pattern: RulePattern, url: URL): Record<string, string> | undefined {
  const subject = pattern.crossHost ? `https://${url.hostname}${url.pathname}` : url.pathname;
  const match = pattern.regExp.exec(subject);
  return match ? { ...match.groups } : undefined;
}

/** Replaces `:name` in `target` with the matched groups. */
export function fillPlaceholders(target: string, groups: Record<string, string>): string {
  let result = target;
  for (const [name, value] of Object.entries(groups)) result = result.replaceAll(`:${name}`, value);
  return result;
}

/** A `run_worker_first` pattern: only `*` is special. */
export function compileGlob(rule: string): RegExp {
  return new RegExp(`^${rule.split("*").map(escape).join(".*")}$`);
}
