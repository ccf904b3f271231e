import * as vite from "vite/module-runner";
import { expect, test } from "vitest";
import { createImportMetaFactory } from "./import-meta.js";

const paths = [
  "/app/src/index.ts",
  "/app/src/routes/r0/h12.ts",
  "/app/node_modules/.pnpm/@scope+pkg@1.0.0/node_modules/@scope/pkg/index.js",
  "/app/src/a b/c%d.ts",
  "/app/src/#hash?.ts",
  "/app/src/../other/./x.ts",
  "/app//double.ts",
  "/app/src/dir/",
  "/app/src/ünïcode.ts",
  "/app/src/...three.ts",
  "relative/x.ts",
];

test("import.meta matches Vite's createDefaultImportMeta for every kind of path", () => {
  const create = createImportMetaFactory(vite);
  for (const path of paths) {
    const ours = create(path);
    const vites = vite.createDefaultImportMeta(path);
    expect({ path, url: ours.url, filename: ours.filename, dirname: ours.dirname }).toEqual({
      path,
      url: vites.url,
      filename: vites.filename,
      dirname: vites.dirname,
    });
    expect(Object.keys(ours).toSorted()).toEqual(Object.keys(vites).toSorted());
    expect(() => ours.env.SOME_KEY).toThrow(/Dynamic access of "import.meta.env"/);
  }
});
