/**
 * Which asset a path names, or where to redirect it, under `html_handling` and `not_found_handling`.
 * https://developers.cloudflare.com/workers/static-assets/routing/advanced/html-handling/
 */

export type HtmlHandling = "auto-trailing-slash" | "force-trailing-slash" | "drop-trailing-slash" | "none";
export type NotFoundHandling = "single-page-application" | "404-page" | "none";

/** The ETag (content hash) of the asset at a decoded path, or null. */
export type Exists = (pathname: string) => Promise<string | null>;

export type Intent =
  | { asset: { etag: string; status: 200 | 404 }; redirect: null; notFound: boolean }
  | { asset: null; redirect: string; notFound: false };

/** A step of a mode: serve the exact path if it exists, serve `path` if it exists, or redirect `file`'s path to `to`. */
type Step = { exact: true } | { serve: string } | { file: string; to: string };

/** The steps of each mode for a path, tried in order; the first that yields decides. */
const modes: Record<Exclude<HtmlHandling, "none">, (p: string) => Step[]> = {
  "auto-trailing-slash": (p) => [
    ...(p.endsWith("/index")
      ? [
          { exact: true } as Step,
          { file: `${p}.html`, to: p.slice(0, -5) },
          { file: `${p.slice(0, -6)}.html`, to: p.slice(0, -6) },
        ]
      : p.endsWith("/index.html")
        ? [
            { file: p, to: p.slice(0, -10) },
            { file: `${p.slice(0, -11)}.html`, to: p.slice(0, -11) },
          ]
        : p.endsWith("/")
          ? [{ serve: `${p}index.html` }, { file: `${p.slice(0, -1)}.html`, to: p.slice(0, -1) }]
          : p.endsWith(".html")
            ? [
                { file: p, to: p.slice(0, -5) },
                { file: `${p.slice(0, -5)}/index.html`, to: `${p.slice(0, -5)}/` },
              ]
            : []),
    { exact: true },
    { serve: `${p}.html` },
    { file: `${p}/index.html`, to: `${p}/` },
  ],
  "force-trailing-slash": (p) => [
    ...(p.endsWith("/index")
      ? [
          { exact: true } as Step,
          { file: `${p}.html`, to: p.slice(0, -5) },
          { file: `${p.slice(0, -6)}.html`, to: p.slice(0, -5) },
        ]
      : p.endsWith("/index.html")
        ? [
            { file: p, to: p.slice(0, -10) },
            { file: `${p.slice(0, -11)}.html`, to: p.slice(0, -10) },
          ]
        : p.endsWith("/")
          ? [{ serve: `${p}index.html` }, { serve: `${p.slice(0, -1)}.html` }]
          : p.endsWith(".html")
            ? [
                { file: p, to: `${p.slice(0, -5)}/` },
                { exact: true } as Step,
                { file: `${p.slice(0, -5)}/index.html`, to: `${p.slice(0, -5)}/` },
              ]
            : []),
    { exact: true },
    { file: `${p}.html`, to: `${p}/` },
    { file: `${p}/index.html`, to: `${p}/` },
  ],
  "drop-trailing-slash": (p) => [
    ...(p === "/index" || p === "/index.html"
      ? [{ exact: true } as Step, { file: "/index.html", to: "/" }].slice(p === "/index" ? 0 : 1)
      : p.endsWith("/index")
        ? [
            { exact: true } as Step,
            { file: `${p.slice(0, -6)}.html`, to: p.slice(0, -6) },
            { file: `${p}.html`, to: p.slice(0, -6) },
          ]
        : p.endsWith("/index.html")
          ? [{ file: p, to: p.slice(0, -11) }, { exact: true } as Step, { file: `${p.slice(0, -11)}.html`, to: p.slice(0, -11) }]
          : p === "/"
            ? [{ serve: "/index.html" }]
            : p.endsWith("/")
              ? [
                  { file: `${p.slice(0, -1)}.html`, to: p.slice(0, -1) },
                  { file: `${p.slice(0, -1)}/index.html`, to: p.slice(0, -1) },
                ]
              : p.endsWith(".html")
                ? [
                    { file: p, to: p.slice(0, -5) },
                    { file: `${p.slice(0, -5)}/index.html`, to: p.slice(0, -5) },
                  ]
                : []),
    { exact: true },
    { serve: `${p}.html` },
    { serve: `${p}/index.html` },
  ],
};

export class IntentResolver {
  #html: HtmlHandling;
  #notFound: NotFoundHandling;
  #exists: Exists;

  constructor(html: HtmlHandling, notFound: NotFoundHandling, exists: Exists) {
    this.#html = html;
    this.#notFound = notFound;
    this.#exists = exists;
  }

  /** `skipRedirects`: only what would be served (used to check that a redirect's target serves the same file). */
  async resolve(pathname: string, skipRedirects = false): Promise<Intent | null> {
    const steps: Step[] = this.#html === "none" ? [{ exact: true }] : modes[this.#html](pathname);
    for (const step of steps) {
      const intent = await this.#try(step, pathname, skipRedirects);
      if (intent) return intent;
    }
    return this.#notFoundIntent(pathname);
  }

  async #try(step: Step, pathname: string, skipRedirects: boolean): Promise<Intent | null> {
    if ("exact" in step || "serve" in step) {
      const etag = await this.#exists("exact" in step ? pathname : step.serve);
      return etag ? { asset: { etag, status: 200 }, redirect: null, notFound: false } : null;
    }
    if (skipRedirects || (await this.#exists(step.to))) return null;
    // Redirect only when the destination would serve this very file.
    const there = await this.resolve(step.to, true);
    const file = await this.#exists(step.file);
    return there?.asset && file && there.asset.etag === file ? { asset: null, redirect: step.to, notFound: false } : null;
  }

  async #notFoundIntent(pathname: string): Promise<Intent | null> {
    if (this.#notFound === "single-page-application") {
      const etag = await this.#exists("/index.html");
      return etag ? { asset: { etag, status: 200 }, redirect: null, notFound: true } : null;
    }
    if (this.#notFound === "404-page") {
      // The nearest 404.html: /a/b/c looks in /a/b/, /a/, then /.
      for (let dir = pathname; dir;) {
        dir = dir.slice(0, dir.lastIndexOf("/"));
        const etag = await this.#exists(`${dir}/404.html`);
        if (etag) return { asset: { etag, status: 404 }, redirect: null, notFound: true };
      }
    }
    return null;
  }
}
