import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, expect, test } from "vitest";
import { SourceVersions } from "./source-versions.js";

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

function file(name: string, content: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "kindling-sources-"));
  dirs.push(dir);
  const full = path.join(dir, name);
  fs.mkdirSync(path.dirname(full), { recursive: true });
  fs.writeFileSync(full, content);
  return full;
}

test("a rewrite with the same bytes is no change; an edit is, once", () => {
  const sources = new SourceVersions();
  const route = file("app/routes/home.tsx", "export const a = 1;");
  sources.loaded(`${route}?tsr-split=component`);
  fs.writeFileSync(route, "export const a = 1;");
  expect(sources.changed(route)).toBe(false);
  fs.writeFileSync(route, "export const a = 2;");
  expect(sources.changed(route)).toBe(true);
  // The edit is remembered: the next event for the same content is no change.
  expect(sources.changed(route)).toBe(false);
});

test("a file never loaded, or gone, counts as changed", () => {
  const sources = new SourceVersions();
  const unknown = file("src/unknown.ts", "x");
  expect(sources.changed(unknown)).toBe(true);
  const gone = file("src/gone.ts", "y");
  sources.loaded(gone);
  fs.rmSync(gone);
  expect(sources.changed(gone)).toBe(true);
});

test("virtual modules and dependencies are not tracked", () => {
  const sources = new SourceVersions();
  const dependency = file("node_modules/pkg/index.js", "z");
  sources.loaded(dependency);
  sources.loaded("virtual:react-router/server-build");
  sources.loaded("\0virtual:x");
  expect(sources.changed(dependency)).toBe(true);
});
