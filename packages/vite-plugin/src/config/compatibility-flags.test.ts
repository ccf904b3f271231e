import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, expect, test } from "vitest";
import { resolveWorkerConfig } from "./resolve-worker-config.js";
import { compatFlags } from "./compat-flags.generated.js";

let root: string;
beforeEach(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), "kindling-flags-"));
  fs.writeFileSync(path.join(root, "index.ts"), "export default {}");
});
afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

const resolve = (flags: string[], date = "2025-06-01", envName?: string) => {
  const config = { main: "index.ts", compatibility_date: date, compatibility_flags: flags, env: { ci: {} } };
  fs.writeFileSync(path.join(root, "wrangler.jsonc"), JSON.stringify(config));
  return resolveWorkerConfig({ root, envName, now: new Date("2026-12-01T12:00:00Z") });
};

test("the generated list is workerd's: on/off pairs, dates, experimental flags", () => {
  expect(compatFlags).toContainEqual({ enable: "nodejs_compat", disable: "no_nodejs_compat", date: "2026-08-04" });
  expect(compatFlags).toContainEqual({
    enable: "streams_enable_constructors",
    date: "2022-11-30",
    disable: "streams_disable_constructors",
  });
  expect(compatFlags.filter((flag) => flag.experimental).length).toBeGreaterThan(10);
  expect(compatFlags.length).toBeGreaterThan(150);
});

test("known flags pass without a word", () => {
  const config = resolve(["nodejs_compat", "no_global_navigator"]);
  expect(config.compatibilityFlags).toEqual(["nodejs_compat", "no_global_navigator"]);
  expect(config.warnings).toEqual([]);
});

test("an unknown flag is a warning naming it, with workerd's words and a guess", () => {
  expect(resolve(["nodejs_compatt", "totally_made_up"]).warnings).toMatchInlineSnapshot(`
    [
      "[kindling] wrangler.jsonc: "compatibility_flags[0]" is "nodejs_compatt", which workerd 1.20261117.1 does not know (workerd: "No such compatibility flag: nodejs_compatt"); Kindling ignores it. Did you mean "nodejs_compat"?",
      "[kindling] wrangler.jsonc: "compatibility_flags[1]" is "totally_made_up", which workerd 1.20261117.1 does not know (workerd: "No such compatibility flag: totally_made_up"); Kindling ignores it.",
    ]
  `);
});

test("a flag and its opposite are an error in workerd's words, whichever comes first", () => {
  expect(() => resolve(["nodejs_compat", "no_nodejs_compat"])).toThrowErrorMatchingInlineSnapshot(
    `[KindlingConfigError: [kindling] wrangler.jsonc: "compatibility_flags" has both "nodejs_compat" and "no_nodejs_compat" (workerd: "Compatibility flags are mutually contradictory: nodejs_compat vs no_nodejs_compat"). Keep one of them.]`,
  );
  expect(() => resolve(["url_original", "url_standard"])).toThrowErrorMatchingInlineSnapshot(
    `[KindlingConfigError: [kindling] wrangler.jsonc: "compatibility_flags" has both "url_original" and "url_standard" (workerd: "Compatibility flags are mutually contradictory: url_standard vs url_original"). Keep one of them.]`,
  );
});

test("a flag given twice is an error in workerd's words", () => {
  expect(() => resolve(["nodejs_compat", "nodejs_compat"], "2025-06-01", "ci")).toThrowErrorMatchingInlineSnapshot(
    `[KindlingConfigError: [kindling] wrangler.jsonc: "compatibility_flags[1]" is "nodejs_compat" again (workerd: "Compatibility flag specified multiple times: nodejs_compat"). Remove the repeat.]`,
  );
});

test("a flag already on at the compatibility date, and an experimental flag, are warnings", () => {
  expect(resolve(["streams_enable_constructors", "durable_object_get_existing"]).warnings).toMatchInlineSnapshot(`
    [
      "[kindling] wrangler.jsonc: "compatibility_flags[0]": The compatibility flag streams_enable_constructors became the default as of 2022-11-30 so does not need to be specified anymore.",
      "[kindling] wrangler.jsonc: "compatibility_flags[1]" is "durable_object_get_existing", an experimental flag: workerd accepts it only with --experimental, and Cloudflare refuses to deploy a Worker that uses it.",
    ]
  `);
  expect(resolve(["streams_enable_constructors"], "2022-11-29").warnings).toEqual([]);
});

test("nodejs_compat after its default date is not called needless: Kindling's runtime still reads the flag", () => {
  expect(resolve(["nodejs_compat"], "2026-11-01").warnings).toEqual([]);
});
