/**
 * Generates the scale benchmark's app: an entry that imports R routes, each route the head of a
 * chain of helpers (TypeScript, with types that the transform strips), and a few shared leaves that
 * every route imports. `/` answers with the shared leaf's token and the first route's private leaf,
 * so an edit of either shows in the next response.
 *
 *   src/index.ts -> src/routes/rN.ts -> src/routes/rN/h1.ts -> ... -> src/routes/rN/hK.ts
 *                                 \-> src/shared/{leaf,format,config}.ts
 *
 * `privateLeaf` (the last helper of route 0) is imported by one chain only; `sharedLeaf` by every route.
 */
import fs from "node:fs";
import path from "node:path";

const sharedNames = ["leaf", "format", "config"];

/** The shape for about `modules` modules: route count, chain length per route. */
export function shapeOf(modules) {
  if (!Number.isInteger(modules) || modules < 20) {
    throw new Error(`[bench] scale: ${JSON.stringify(modules)} modules is too few. Use a whole number of at least 20.`);
  }
  const fixed = 1 + sharedNames.length;
  const routes = Math.max(2, Math.min(80, Math.round(modules / 25)));
  const perRoute = Math.floor((modules - fixed) / routes);
  const extra = modules - fixed - perRoute * routes;
  // Route i has `helpers[i]` helpers after its own module.
  const helpers = Array.from({ length: routes }, (_, i) => perRoute - 1 + (i < extra ? 1 : 0));
  return { routes, helpers, total: fixed + routes + helpers.reduce((a, b) => a + b, 0) };
}

export const sharedLeaf = "src/shared/leaf.ts";
export const privateLeaf = (shape) => `src/routes/r0/h${shape.helpers[0]}.ts`;

/** Writes the app's sources into `root/src` (replacing them) and returns the shape. */
export function generateApp(root, modules) {
  const shape = shapeOf(modules);
  const src = path.join(root, "src");
  fs.rmSync(src, { recursive: true, force: true });
  fs.mkdirSync(path.join(src, "shared"), { recursive: true });
  const write = (file, text) => {
    fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    fs.writeFileSync(path.join(root, file), text);
  };
  write(sharedLeaf, leafSource("shared-000000"));
  write("src/shared/format.ts", formatSource());
  write("src/shared/config.ts", configSource());
  for (let r = 0; r < shape.routes; r++) {
    const count = shape.helpers[r];
    write(`src/routes/r${r}.ts`, routeSource(r, count));
    for (let h = 1; h <= count; h++) {
      const last = h === count;
      write(`src/routes/r${r}/h${h}.ts`, last ? leafHelperSource(r, h, "private-000000") : helperSource(r, h));
    }
  }
  write("src/index.ts", entrySource(shape));
  return shape;
}

/** Source of a leaf holding `token` (the shared leaf, or with `route`/`depth`, a private leaf). */
export function leafSource(token) {
  return `export interface Leaf {\n  token: string;\n  evaluated: number;\n}\n\nlet evaluations = 0;\nevaluations++;\n\nexport const leaf: Leaf = { token: "${token}", evaluated: evaluations };\n`;
}

export function leafHelperSource(route, depth, token) {
  return `import { format } from "../../shared/format";\n\nexport interface Step {\n  route: number;\n  depth: number;\n  token: string;\n}\n\nexport const token = "${token}";\n\nexport function step${depth}(input: number): Step {\n  return { route: ${route}, depth: ${depth}, token: format(token, input) };\n}\n`;
}

function helperSource(route, depth) {
  const next = depth + 1;
  return `import { step${next}, type Step } from "./h${next}";\n\nexport function step${depth}(input: number): Step {\n  const value: number = input * ${depth} + ${route};\n  return step${next}(value % 1000);\n}\n`;
}

function routeSource(route, helpers) {
  const chain = helpers > 0 ? `import { step1 } from "./r${route}/h1";\n` : "";
  const call = helpers > 0 ? "step1(n).token" : `"r${route}"`;
  return `${chain}import { leaf } from "../shared/leaf";\nimport { format } from "../shared/format";\nimport { config } from "../shared/config";\n\nexport function route${route}(n: number): string {\n  return format(\`\${config.prefix}\${leaf.token}\`, n) + " " + ${call};\n}\n`;
}

function formatSource() {
  return `export function format(text: string, n: number): string {\n  return n >= 0 ? text : text.toUpperCase();\n}\n`;
}

function configSource() {
  return `export const config: { readonly prefix: string } = { prefix: "" };\n`;
}

function entrySource(shape) {
  const imports = [];
  const cases = [];
  for (let r = 0; r < shape.routes; r++) {
    imports.push(`import { route${r} } from "./routes/r${r}";`);
    cases.push(`  "/r${r}": () => route${r}(${r}),`);
  }
  return `${imports.join("\n")}\n\nconst routes: Record<string, () => string> = {\n${cases.join("\n")}\n};\n\nexport default {\n  async fetch(request: Request): Promise<Response> {\n    const { pathname } = new URL(request.url);\n    if (pathname === "/") return new Response(route0(0));\n    const route = routes[pathname];\n    return route ? new Response(route()) : new Response("not found", { status: 404 });\n  },\n};\n`;
}
