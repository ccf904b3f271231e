/** How `_redirects` and `_headers` read a rule's URL token (relative path, or an `https://` URL). */

const absolute = /^https:\/\/+(?<host>[^/]+)\/?(?<path>.*)/;

function pathnameOf(path: string, withSearchAndHash: boolean): string {
  const url = new URL(`//${path.startsWith("/") ? path : `/${path}`}`, "relative://");
  return url.pathname + (withSearchAndHash ? url.search + url.hash : "");
}

export type RuleUrl = { ok: true; url: string } | { ok: false; message: string };

export interface RuleUrlOptions {
  onlyRelative?: boolean;
  disallowPorts?: boolean;
  withSearchAndHash?: boolean;
}

export function readRuleUrl(token: string, options: RuleUrlOptions = {}): RuleUrl {
  const host = absolute.exec(token)?.groups;
  if (host?.host) {
    if (options.onlyRelative) return { ok: false, message: `Only relative URLs are allowed. Skipping absolute URL ${token}.` };
    if (options.disallowPorts && /.*:\d+$/.test(host.host)) {
      return { ok: false, message: `Specifying ports is not supported. Skipping absolute URL ${token}.` };
    }
    return { ok: true, url: `https://${host.host}${pathnameOf(host.path ?? "", !!options.withSearchAndHash)}` };
  }
  const path = !token.startsWith("/") && options.onlyRelative ? `/${token}` : token;
  if (path.startsWith("/")) {
    try {
      return { ok: true, url: pathnameOf(path, !!options.withSearchAndHash) };
    } catch {
      return { ok: false, message: `Error parsing URL segment ${path}. Skipping.` };
    }
  }
  return {
    ok: false,
    message: options.onlyRelative
      ? "URLs should begin with a forward-slash."
      : 'URLs should either be relative (e.g. begin with a forward-slash), or use HTTPS (e.g. begin with "https://").',
  };
}

export function hasHost(token: string): boolean {
  return Boolean(absolute.exec(token)?.groups?.host);
}

/** One line of a rules file that was skipped, and why (Cloudflare's wording). */
export interface InvalidRule {
  lineNumber?: number;
  line?: string;
  message: string;
}

export const maxLineLength = 2000;

/** The warning wrangler prints for skipped rules, naming the file and line. */
export function formatInvalidRules(kind: "redirect" | "header", file: string, invalid: readonly InvalidRule[]): string {
  const lines = invalid.map(
    ({ message, line, lineNumber }) =>
      `▶︎ ${message}` + (line ? `\n    at ${file}${lineNumber ? `:${lineNumber}` : ""} | ${line}` : ""),
  );
  return `Found ${invalid.length} invalid ${kind} rule${invalid.length === 1 ? "" : "s"}:\n${lines.join("\n\n")}`;
}

/**
 * The lines of a `_headers` or `_redirects` file that may hold rules, trimmed, with their 1-based
 * numbers: blank and comment lines left out, over-long lines reported to `invalid` (wrangler's
 * wording) and left out.
 */
export function* ruleLines(text: string, invalid: InvalidRule[]): Generator<{ line: string; lineNumber: number }> {
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (line === "" || line.startsWith("#")) continue;
    const lineNumber = i + 1;
    if (line.length > maxLineLength) {
      invalid.push({ message: `Ignoring line ${lineNumber} as it exceeds the maximum allowed length of ${maxLineLength}.` });
      continue;
    }
    yield { line, lineNumber };
  }
}
