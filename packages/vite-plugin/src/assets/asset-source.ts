/** Where assets come from: the assets directory, Vite's client HTML in dev, or both. */

export interface Asset {
  body: Uint8Array<ArrayBuffer>;
  contentType: string | undefined;
}

export interface AssetSource {
  /** The ETag (content hash) of the asset at a decoded path such as "/about.html", or null. */
  exists(pathname: string): Promise<string | null>;
  /** The asset at a path `exists` found. */
  read(pathname: string): Promise<Asset | null>;
  /** The text of the directory's `_redirects` or `_headers`, if it has one. */
  ruleFile(name: "_redirects" | "_headers"): string | undefined;
}

/** The first source that has a path serves it; rule files come from the first source that has them. */
export function combineSources(sources: readonly AssetSource[]): AssetSource {
  if (sources.length === 1) return sources[0]!;
  return {
    async exists(pathname) {
      for (const source of sources) {
        const etag = await source.exists(pathname);
        if (etag) return etag;
      }
      return null;
    },
    async read(pathname) {
      for (const source of sources) {
        if (await source.exists(pathname)) return source.read(pathname);
      }
      return null;
    },
    ruleFile(name) {
      for (const source of sources) {
        const text = source.ruleFile(name);
        if (text !== undefined) return text;
      }
      return undefined;
    },
  };
}
