/** The `assets` section -> how the dev server, `env.ASSETS` and `vite preview` serve static files. */
import path from "node:path";
import type { z } from "zod";
import { KindlingConfigError } from "./errors.js";
import type { assetsSchema } from "./bindings/assets.js";
import { parseStaticRouting, type StaticRouting } from "../assets/static-routing.js";
import type { HtmlHandling, NotFoundHandling } from "../assets/html-handling.js";

export interface ResolvedAssetsConfig {
  /** Whether the config has an `assets` section (the build output keeps what it has). */
  configured: boolean;
  /** Absolute `assets.directory`, when set. */
  directory: string | undefined;
  binding: string | undefined;
  htmlHandling: HtmlHandling;
  notFoundHandling: NotFoundHandling;
  /** true: the worker answers every request; patterns: those it answers before assets. */
  runWorkerFirst: boolean | StaticRouting;
  /** `assets_navigation_prefers_asset_serving` (default from 2025-04-01): see AssetServer. */
  navigationPrefersAssets: boolean;
}

export interface AssetsInput {
  assets: z.infer<typeof assetsSchema> | undefined;
  /** The config file's directory: `directory` is relative to it. */
  dir: string;
  fileName: string;
  /** Where `assets` was written (`env.staging.assets` when it comes from that section). */
  keyPath: string;
  hasWorker: boolean;
  compatibilityDate: string;
  compatibilityFlags: readonly string[];
}

export function resolveAssetsConfig(input: AssetsInput): { config: ResolvedAssetsConfig; warnings: string[] } {
  const { assets, fileName, keyPath } = input;
  const prefix = `[kindling] ${fileName}: "${keyPath}.run_worker_first"`;
  const warnings: string[] = [];
  let runWorkerFirst: boolean | StaticRouting = false;
  const rule = assets?.run_worker_first;
  if (Array.isArray(rule)) {
    try {
      runWorkerFirst = parseStaticRouting(rule);
    } catch (error) {
      throw new KindlingConfigError(`${prefix}: ${(error as Error).message}`, { cause: error });
    }
  } else if (rule === true) {
    runWorkerFirst = true;
    if (!assets?.binding) {
      warnings.push(
        `${prefix} is true without "${keyPath}.binding": the worker answers every request and cannot fetch the assets. ` +
          `Set "${keyPath}.binding" (e.g. "ASSETS") and call env.ASSETS.fetch(request).`,
      );
    }
  }
  if (!input.hasWorker && runWorkerFirst !== false) {
    throw new KindlingConfigError(
      `${prefix} is set, but there is no worker ("main" is missing). Remove "${keyPath}.run_worker_first", or set "main" to your worker's entry file.`,
    );
  }
  if (!input.hasWorker && assets?.binding) {
    throw new KindlingConfigError(
      `[kindling] ${fileName}: "${keyPath}.binding" is set, but there is no worker ("main" is missing) to use it. ` +
        `Remove "${keyPath}.binding", or set "main" to your worker's entry file.`,
    );
  }
  const flags = input.compatibilityFlags;
  const navigationPrefersAssets =
    flags.includes("assets_navigation_prefers_asset_serving") ||
    (!flags.includes("assets_navigation_has_no_effect") && input.compatibilityDate >= "2025-04-01");
  return {
    config: {
      configured: assets !== undefined,
      directory: assets?.directory === undefined ? undefined : path.resolve(input.dir, assets.directory),
      binding: assets?.binding,
      htmlHandling: assets?.html_handling ?? "auto-trailing-slash",
      notFoundHandling: assets?.not_found_handling ?? "none",
      runWorkerFirst,
      navigationPrefersAssets,
    },
    warnings,
  };
}
