import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { isFileLoadingAllowed, resolveConfig, type ResolvedConfig } from "vite";
import { resolveDeniedFiles, type DeniedFiles } from "./denied-files.js";

let root: string;
let denied: DeniedFiles;
let config: ResolvedConfig;
/** A state directory whose name is full of glob syntax: the globs must match it literally. */
const stateName = "state (copy) [1]{a,b}!+@*?";

beforeAll(async () => {
  root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), "kindling-denied-")));
  denied = resolveDeniedFiles({ persistDir: path.join(root, stateName), configFiles: [path.join(root, "conf/worker.jsonc")] });
  // Vite's own matcher (picomatch over server.fs.deny), as `vite dev` resolves it; the user's entry kept first.
  config = await resolveConfig(
    { root, configFile: false, logLevel: "silent", server: { fs: { deny: ["*.secret", ...denied.globs] } } },
    "serve",
  );
});
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

const deniedPaths = [
  ".dev.vars",
  ".dev.vars.staging",
  "nested/.DEV.VARS",
  ".env",
  ".env.production",
  ".npmrc",
  ".yarnrc",
  ".yarnrc.yml",
  "certs/site.key",
  "site.pem",
  "site.crt",
  "site.cer",
  "site.der",
  "site.pfx",
  "site.p12",
  "AuthKey.p8",
  "keystore.jks",
  "wrangler.jsonc",
  "wrangler.json",
  "sub/wrangler.toml",
  "conf/worker.jsonc",
  ".git/config",
  ".kindling/state/kv/local-kv.sqlite",
  "packages/app/.wrangler/state/v3/d1/db.sqlite-wal",
  `${stateName}/kv/local-kv.sqlite`,
  `${stateName}/r2/bucket.blobs/0a1b2c`,
  "notes.secret",
];

const allowedPaths = [
  "src/index.ts",
  "environment.ts",
  "src/env.ts",
  "wrangler.ts",
  "conf/other.jsonc",
  "public/keys.json",
  `${stateName}-backup/kv.sqlite`,
  "state (copy) [1]a/kv.sqlite",
  "kindling/state.ts",
];

describe("Vite's server.fs.deny with Kindling's globs", () => {
  test.each(deniedPaths)("denies %s", (file) => {
    expect(isFileLoadingAllowed(config, path.posix.join(root, file))).toBe(false);
  });

  test.each(allowedPaths)("allows %s", (file) => {
    expect(isFileLoadingAllowed(config, path.posix.join(root, file))).toBe(true);
  });
});

describe("match", () => {
  test.each(deniedPaths.filter((file) => file !== "notes.secret"))("names what %s holds", (file) => {
    expect(denied.match(path.join(root, file))).toBeTypeOf("string");
  });

  test.each(allowedPaths)("lets %s through", (file) => {
    expect(denied.match(path.join(root, file))).toBeUndefined();
  });

  test("says what a denied file holds", () => {
    expect(
      [".dev.vars", "conf/worker.jsonc", `${stateName}/kv/x.sqlite`, ".kindling/x", "a.pem"].map((file) =>
        denied.match(path.join(root, file)),
      ),
    ).toMatchInlineSnapshot(`
      [
        "the worker's secrets (.dev.vars)",
        "the worker's wrangler config",
        "binding state (the persist directory)",
        "Kindling's local state",
        "a key or certificate",
      ]
    `);
  });

  test("persist: false leaves only the fixed names", () => {
    const inMemory = resolveDeniedFiles({ persistDir: false, configFiles: [path.join(root, "wrangler.jsonc")] });
    expect(inMemory.globs.some((glob) => glob.includes(stateName))).toBe(false);
    expect(inMemory.match(path.join(root, `${stateName}/kv/x.sqlite`))).toBeUndefined();
  });
});
