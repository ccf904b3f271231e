import { expect, test } from "vitest";
import { resolveAssetsConfig, type AssetsInput } from "./assets.js";

const input = (assets: AssetsInput["assets"], hasWorker = true): AssetsInput => ({
  assets,
  dir: "/project",
  fileName: "wrangler.jsonc",
  keyPath: "assets",
  hasWorker,
  compatibilityDate: "2026-06-01",
  compatibilityFlags: [],
});

const errorOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error("expected an error");
};

test("run_worker_first patterns are checked with Cloudflare's messages", () => {
  expect(errorOf(() => resolveAssetsConfig(input({ run_worker_first: ["api/*", "!/x", "/a/*", "/a/b"] }))))
    .toMatchInlineSnapshot(`
    "[kindling] wrangler.jsonc: "assets.run_worker_first": Invalid routes in \`run_worker_first\`:
    'api/*': rules must start with '/' or '!/'
    '/a/b': rule '/a/*' makes it redundant"
  `);
  expect(errorOf(() => resolveAssetsConfig(input({ run_worker_first: ["!/static/*"] })))).toMatchInlineSnapshot(
    `"[kindling] wrangler.jsonc: "assets.run_worker_first": Only negative \`run_worker_first\` rules were provided; must provide at least 1 non-negative rule"`,
  );
});

test("an assets-only project cannot have run_worker_first or a binding", () => {
  expect(errorOf(() => resolveAssetsConfig(input({ run_worker_first: true }, false)))).toMatchInlineSnapshot(
    `"[kindling] wrangler.jsonc: "assets.run_worker_first" is set, but there is no worker ("main" is missing). Remove "assets.run_worker_first", or set "main" to your worker's entry file."`,
  );
  expect(errorOf(() => resolveAssetsConfig(input({ binding: "ASSETS" }, false)))).toMatchInlineSnapshot(
    `"[kindling] wrangler.jsonc: "assets.binding" is set, but there is no worker ("main" is missing) to use it. Remove "assets.binding", or set "main" to your worker's entry file."`,
  );
});

test("defaults: auto-trailing-slash, no not-found handling, navigations prefer assets from 2025-04-01", () => {
  const { config, warnings } = resolveAssetsConfig(input({ directory: "./public", run_worker_first: true }));
  expect(config).toEqual({
    configured: true,
    directory: "/project/public",
    binding: undefined,
    htmlHandling: "auto-trailing-slash",
    notFoundHandling: "none",
    runWorkerFirst: true,
    navigationPrefersAssets: true,
  });
  expect(warnings).toMatchInlineSnapshot(`
    [
      "[kindling] wrangler.jsonc: "assets.run_worker_first" is true without "assets.binding": the worker answers every request and cannot fetch the assets. Set "assets.binding" (e.g. "ASSETS") and call env.ASSETS.fetch(request).",
    ]
  `);
  const old = resolveAssetsConfig({ ...input(undefined), compatibilityDate: "2025-03-01" });
  expect(old.config.navigationPrefersAssets).toBe(false);
});
