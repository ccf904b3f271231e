// @ts-check
/**
 * Fixtures: one folder per worker configuration under conformance/fixtures/<name>/ with a
 * wrangler.json, its own sources and a fixture.json that lists the routes to request. Staging
 * copies one into a fresh folder with the shared probe harness and probe modules, its vendored
 * packages as node_modules, and a vite.config.mjs for the plugin under test.
 */
import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { conformanceDir, fixturesDir, repoDir } from "./paths.mjs";

/**
 * @typedef {{ name?: string, group: string, method?: string, headers?: Record<string, string>, body?: string }} RouteSpec
 * @typedef {{ description: string, format?: "modules" | "service-worker", oracle?: "vite" | "miniflare", routes: RouteSpec[] }} FixtureSpec
 * @typedef {{ name: string, dir: string, spec: FixtureSpec }} Fixture
 */

/** Every fixture, in name order (or only those named in `only`). */
export function listFixtures(only = /** @type {string[] | undefined} */ (undefined)) {
  const names = fs
    .readdirSync(fixturesDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .toSorted();
  const unknown = (only ?? []).filter((name) => !names.includes(name));
  if (unknown.length > 0) {
    throw new Error(`[conformance] No fixture named ${unknown.map((n) => `"${n}"`).join(", ")}. Fixtures: ${names.join(", ")}.`);
  }
  return names
    .filter((name) => !only || only.length === 0 || only.includes(name))
    .map((name) => {
      const dir = path.join(fixturesDir, name);
      /** @type {FixtureSpec} */
      const spec = JSON.parse(fs.readFileSync(path.join(dir, "fixture.json"), "utf8"));
      return /** @type {Fixture} */ ({ name, dir, spec });
    });
}

/** The name a route's probes are filed under (its group, unless it names itself). */
export function routeName(/** @type {RouteSpec} */ route) {
  return route.name ?? route.group;
}

/**
 * Copies `fixture` into a new folder under `parent`, ready for `vite dev` with `plugin`.
 * @param {Fixture} fixture
 * @param {{ parent: string, plugin: "kindling" | "oracle" }} options
 */
export function stageFixture(fixture, { parent, plugin }) {
  fs.mkdirSync(parent, { recursive: true });
  const root = fs.mkdtempSync(path.join(parent, `${fixture.name}-`));
  fs.cpSync(fixture.dir, root, { recursive: true, filter: (source) => !source.startsWith(path.join(fixture.dir, "vendor")) });
  fs.cpSync(path.join(conformanceDir, "harness"), path.join(root, "src/harness"), { recursive: true });
  fs.cpSync(path.join(conformanceDir, "probes"), path.join(root, "src/probes"), { recursive: true });
  const vendor = path.join(fixture.dir, "vendor");
  if (fs.existsSync(vendor)) fs.cpSync(vendor, path.join(root, "node_modules"), { recursive: true });
  // A service-worker script cannot import the generated module; it answers its one route itself.
  if (fixture.spec.format !== "service-worker") fs.writeFileSync(path.join(root, "src/groups.js"), groupsModule(fixture));
  fs.writeFileSync(
    path.join(root, "package.json"),
    JSON.stringify({ name: `conformance-${fixture.name}`, private: true, type: "module" }),
  );
  fs.writeFileSync(path.join(root, "vite.config.mjs"), viteConfig(plugin));
  return root;
}

/** `groups.js`: one lazy import per probe group, so a group that fails to load fails alone. */
function groupsModule(/** @type {Fixture} */ fixture) {
  const groups = [...new Set(fixture.spec.routes.map((route) => route.group))];
  for (const group of groups) {
    if (!fs.existsSync(path.join(conformanceDir, "probes", `${group}.js`))) {
      throw new Error(
        `[conformance] ${fixture.name}/fixture.json names the probe group "${group}", but conformance/probes/${group}.js does not exist.`,
      );
    }
  }
  const lines = groups.map((group) => `  ${JSON.stringify(group)}: () => import(${JSON.stringify(`./probes/${group}.js`)}),`);
  return `// Written by conformance/lib/fixtures.mjs from fixture.json.\nexport const groups = {\n${lines.join("\n")}\n};\n`;
}

function viteConfig(/** @type {"kindling" | "oracle"} */ plugin) {
  if (plugin === "oracle") {
    return `import { cloudflare } from "@cloudflare/vite-plugin";\nexport default { plugins: [cloudflare({ inspectorPort: false })] };\n`;
  }
  const entry = pathToFileURL(path.join(repoDir, "packages/vite-plugin/dist/index.js")).href;
  return `import { kindling } from ${JSON.stringify(entry)};\nexport default { plugins: [kindling()] };\n`;
}
