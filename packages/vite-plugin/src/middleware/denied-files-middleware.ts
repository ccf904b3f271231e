/**
 * 403 for any request that names a secret, credential, wrangler config or state file that exists,
 * whichever way Vite would map the URL to it (root, public/, `/@fs/`, any query, percent-encoded),
 * before any of Vite's file-serving middlewares and whatever `server.fs` says. A path that names
 * no such file goes on (to the worker, which production would ask too).
 */
import fs from "node:fs";
import path from "node:path";
import type { Connect, ResolvedConfig } from "vite";
import type { DeniedFiles } from "../security/denied-files.js";
import { sendText } from "./send-text.js";

export function deniedFilesMiddleware(config: ResolvedConfig, denied: DeniedFiles): Connect.NextHandleFunction {
  return function kindlingDeniedFilesMiddleware(req, res, next) {
    const pathname = (req.url ?? "/").split(/[?#]/, 1)[0]!;
    const decoded = tryDecode(decodeURIComponent, pathname) ?? pathname;
    if (!denied.couldName(decoded) && !denied.couldName(pathname)) return next();
    for (const file of candidateFiles(config, pathname)) {
      const what = denied.match(file);
      if (what && fs.existsSync(file)) {
        return sendText(
          res,
          403,
          `[kindling] ${pathname} is not served: it holds ${what}. The dev server never serves secrets, credentials, wrangler configs or binding state; rename the file if the browser is meant to load it.`,
        );
      }
    }
    next();
  };
}

/** The files Vite could serve for `pathname`, under each decoding Vite's middlewares use. */
function candidateFiles(config: ResolvedConfig, pathname: string): Set<string> {
  const files = new Set<string>();
  for (const decoded of new Set([pathname, tryDecode(decodeURI, pathname), tryDecode(decodeURIComponent, pathname)])) {
    if (decoded === undefined) continue;
    const paths = [decoded];
    if (config.base !== "/" && decoded.startsWith(config.base)) paths.push(`/${decoded.slice(config.base.length)}`);
    for (const p of paths) {
      if (p.startsWith("/@fs/")) files.add(path.resolve(p.slice("/@fs".length)));
      files.add(path.join(config.root, p));
      if (config.publicDir) files.add(path.join(config.publicDir, p));
    }
  }
  return files;
}

function tryDecode(decode: (text: string) => string, text: string): string | undefined {
  try {
    return decode(text);
  } catch {
    return undefined;
  }
}
