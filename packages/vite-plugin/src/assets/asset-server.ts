/**
 * The asset worker of production, on the host: a request -> `_redirects`, `html_handling`,
 * `not_found_handling`, the file with its ETag and Content-Type (304 on If-None-Match), then
 * `_headers`. One instance serves the dev server (before or after the worker), `env.ASSETS.fetch()`
 * and `vite preview`. Rule files are re-read when they change, so an edit is served at once.
 */
import type { AssetSource } from "./asset-source.js";
import { IntentResolver, type HtmlHandling, type NotFoundHandling } from "./html-handling.js";
import { matchRedirect, parseRedirects, redirectLocation, type Redirects } from "./redirects-file.js";
import { applyHeaderRules, parseHeaders, type HeaderRules } from "./headers-file.js";
import { formatInvalidRules } from "./rule-url.js";

export interface AssetServerOptions {
  htmlHandling: HtmlHandling;
  notFoundHandling: NotFoundHandling;
  /**
   * Browser navigations (`Sec-Fetch-Mode: navigate`) that match no file get `not_found_handling`
   * before the worker (`assets_navigation_prefers_asset_serving`, default from 2025-04-01).
   */
  navigationPrefersAssets: boolean;
  /** `run_worker_first` is a list of patterns: requests outside them get `not_found_handling` before the worker. */
  staticRouting: boolean;
  /** Warnings about skipped lines of `_redirects` / `_headers`. */
  warn(message: string): void;
  /**
   * What the source's answers depend on (`FileFacts.version`): while it holds, the router's
   * question for a URL is answered from memory. Undefined: asked anew every time.
   */
  facts?: { readonly version?: number };
}

/** Router answers remembered per URL; past this many, they are forgotten at once (a crawler, a scan). */
const maxRemembered = 1000;

const redirectTexts: Record<number, string> = {
  301: "Moved Permanently",
  302: "Found",
  303: "See Other",
  307: "Temporary Redirect",
  308: "Permanent Redirect",
};

/** What routing reads of a request: a `Request`, or the dev server's light view of Node's. */
export interface RoutedRequest {
  readonly url: string;
  readonly method: string;
  readonly headers: { get(name: string): string | null };
}

/** No asset for this request: the router gives it to the worker when there is one. */
const noIntent = Symbol("no intent");
type Outcome = Response | typeof noIntent | { pathname: string; etag: string; status: 200 | 404 };

export class AssetServer {
  #source: AssetSource;
  #options: AssetServerOptions;
  #redirects: { text: string; parsed: Redirects } | undefined;
  #headers: { text: string; parsed: HeaderRules } | undefined;
  #routed = new Map<string, boolean>();
  #routedVersion: number | undefined;

  constructor(source: AssetSource, options: AssetServerOptions) {
    this.#source = source;
    this.#options = options;
  }

  /** What `env.ASSETS.fetch()` answers, and the dev server for requests routed to assets. */
  async fetch(request: Request): Promise<Response> {
    const url = new URL(request.url);
    const outcome = await this.#resolve(request, this.#options.notFoundHandling);
    const response =
      outcome === noIntent
        ? new Response(null, { status: 404, statusText: "Not Found" })
        : outcome instanceof Response
          ? outcome
          : await this.#serve(request, outcome);
    applyHeaderRules(this.#headerRules().rules, url, response.headers);
    return response;
  }

  /** Whether assets answer this request rather than the worker (the router's question). */
  async canFetch(request: RoutedRequest): Promise<boolean> {
    const navigation = this.#options.navigationPrefersAssets && request.headers.get("Sec-Fetch-Mode") === "navigate";
    const notFound = this.#options.staticRouting || navigation ? this.#options.notFoundHandling : "none";
    const version = this.#options.facts?.version;
    if (version === undefined) return (await this.#resolve(request, notFound)) !== noIntent;
    if (version !== this.#routedVersion || this.#routed.size >= maxRemembered) {
      this.#routed.clear();
      this.#routedVersion = version;
    }
    // The answer depends on the URL, the not-found mode and the files, never on the method or other headers.
    const key = `${notFound} ${request.url}`;
    const known = this.#routed.get(key);
    if (known !== undefined) return known;
    const answer = (await this.#resolve(request, notFound)) !== noIntent;
    if (this.#options.facts?.version === version) this.#routed.set(key, answer);
    return answer;
  }

  async #resolve(request: RoutedRequest, notFoundHandling: NotFoundHandling): Promise<Outcome> {
    const url = new URL(request.url);
    let pathname = url.pathname;
    let proxied = false;
    const redirect = matchRedirect(this.#redirectRules(), url);
    if (redirect && redirect.status !== 200) {
      return new Response(null, {
        status: redirect.status,
        statusText: redirectTexts[redirect.status],
        headers: { Location: redirectLocation(redirect.to, url) },
      });
    }
    if (redirect) {
      pathname = new URL(redirect.to, url).pathname;
      proxied = true;
    }
    const decoded = decodePath(pathname);
    const etags = new Map<string, string>();
    const exists = async (path: string) => {
      const etag = await this.#source.exists(path);
      if (etag && !etags.has(etag)) etags.set(etag, path);
      return etag;
    };
    const intent = await new IntentResolver(this.#options.htmlHandling, notFoundHandling, exists).resolve(decoded);
    // A rewrite (200 rule) to a path without an asset is a 404 of the assets, not the worker's.
    if (!intent) return proxied ? new Response(null, { status: 404, statusText: "Not Found" }) : noIntent;
    if (request.method !== "GET" && request.method !== "HEAD") {
      return new Response(null, { status: 405, statusText: "Method Not Allowed" });
    }
    const destination = encodePath(intent.redirect ?? decoded);
    if (intent.redirect !== null || destination !== pathname) {
      return new Response(null, {
        status: 307,
        statusText: "Temporary Redirect",
        headers: { Location: destination + url.search },
      });
    }
    return { pathname: etags.get(intent.asset.etag)!, etag: intent.asset.etag, status: intent.asset.status };
  }

  async #serve(request: Request, found: { pathname: string; etag: string; status: 200 | 404 }): Promise<Response> {
    const asset = await this.#source.read(found.pathname);
    if (!asset) return new Response(null, { status: 404, statusText: "Not Found" });
    const headers = new Headers({ ETag: `"${found.etag}"` });
    if (asset.contentType !== undefined) headers.set("Content-Type", asset.contentType);
    if (!request.headers.has("Authorization") && !request.headers.has("Range")) {
      headers.set("Cache-Control", "public, max-age=0, must-revalidate");
    }
    const ifNoneMatch = request.headers.get("If-None-Match");
    if (ifNoneMatch === `"${found.etag}"` || ifNoneMatch === `W/"${found.etag}"`) {
      return new Response(null, { status: 304, statusText: "Not Modified", headers });
    }
    const body = request.method === "HEAD" ? null : asset.body;
    return new Response(body, { status: found.status, statusText: found.status === 404 ? "Not Found" : "OK", headers });
  }

  #redirectRules(): Redirects {
    const text = this.#source.ruleFile("_redirects") ?? "";
    if (this.#redirects?.text !== text) {
      const parsed = parseRedirects(text, this.#options.htmlHandling);
      if (parsed.invalid.length > 0) this.#options.warn(formatInvalidRules("redirect", "_redirects", parsed.invalid));
      this.#redirects = { text, parsed };
    }
    return this.#redirects.parsed;
  }

  #headerRules(): HeaderRules {
    const text = this.#source.ruleFile("_headers") ?? "";
    if (this.#headers?.text !== text) {
      const parsed = parseHeaders(text);
      if (parsed.invalid.length > 0) this.#options.warn(formatInvalidRules("header", "_headers", parsed.invalid));
      this.#headers = { text, parsed };
    }
    return this.#headers.parsed;
  }
}

/** Percent-decodes each segment (one that does not decode stays as it is) and collapses repeated slashes. */
function decodePath(pathname: string): string {
  return pathname
    .split("/")
    .map((segment) => {
      try {
        return decodeURIComponent(segment);
      } catch {
        return segment;
      }
    })
    .join("/")
    .replace(/\/+/g, "/");
}

function encodePath(pathname: string): string {
  return pathname
    .split("/")
    .map((segment) => encodeURIComponent(segment))
    .join("/");
}
