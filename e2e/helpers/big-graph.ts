/**
 * A generated worker of about `routes * (chain + 1) + 3` TypeScript modules: an entry importing
 * every route, each route the head of a chain of helpers, and a shared leaf every route imports.
 * Every module counts its own evaluation (`globalThis.evaluated`), and every route keeps a
 * module-level counter of its calls, so a response tells whether each module ran fresh.
 *
 *   GET /shared      the shared leaf's token (touches no counter)
 *   GET /            {"evaluated": <modules evaluated in this generation>, "calls": [<per route>], "shared": ..., "tokens": [...]}
 *   GET /throw/<r>   the source-mapped stack of an error thrown in route r's last helper
 */
const count = "(globalThis as { evaluated?: number }).evaluated = ((globalThis as { evaluated?: number }).evaluated ?? 0) + 1;\n";

export interface BigGraph {
  files: Record<string, string>;
  modules: number;
  /** The line (1-based) of the `throw` in every last helper. */
  throwLine: number;
}

export const sharedLeafFile = "src/shared/leaf.ts";
export const lastHelperFile = (route: number, chain: number) => `src/routes/r${route}/h${chain}.ts`;

export function sharedLeafSource(token: string): string {
  return `${count}export const shared: string = "${token}";\n`;
}

export function lastHelperSource(route: number, chain: number, token: string): string {
  // Type-only lines above the throw: the transform strips them, so only a source map finds the line.
  return (
    `${count}export interface Step {\n  route: number;\n  token: string;\n}\n\n` +
    `export const token: string = "${token}";\n\n` +
    `export function step${chain}(): Step {\n  return { route: ${route}, token };\n}\n\n` +
    `export function fail${chain}(): never {\n  throw new Error("route ${route} failed");\n}\n`
  );
}

export function bigGraph(routes: number, chain: number): BigGraph {
  const files: Record<string, string> = {};
  files["src/shared/leaf.ts"] = sharedLeafSource("shared-0");
  files["src/shared/format.ts"] =
    `${count}export function format(route: number, text: string): string {\n  return \`r\${route}:\${text}\`;\n}\n`;
  for (let r = 0; r < routes; r++) {
    files[`src/routes/r${r}.ts`] =
      `${count}import { shared } from "../shared/leaf";\nimport { format } from "../shared/format";\n` +
      `import { step1, fail1 } from "./r${r}/h1";\n\nlet calls = 0;\n\n` +
      `export function route${r}(): { calls: number; shared: string; token: string } {\n` +
      `  return { calls: ++calls, shared, token: format(${r}, step1().token) };\n}\n\n` +
      `export function throw${r}(): never {\n  return fail1();\n}\n`;
    for (let h = 1; h < chain; h++) {
      files[`src/routes/r${r}/h${h}.ts`] =
        `${count}import { step${h + 1}, fail${h + 1}, type Step } from "./h${h + 1}";\n\n` +
        `export function step${h}(): Step {\n  return step${h + 1}();\n}\n\n` +
        `export function fail${h}(): never {\n  return fail${h + 1}();\n}\n`;
    }
    files[lastHelperFile(r, chain)] = lastHelperSource(r, chain, `private-0`);
  }
  const names = Array.from({ length: routes }, (_, r) => r);
  files["src/index.ts"] =
    `${count}import { shared } from "./shared/leaf";\n` +
    names.map((r) => `import { route${r}, throw${r} } from "./routes/r${r}";\n`).join("") +
    `\nconst routes = [${names.map((r) => `route${r}`).join(", ")}];\n` +
    `const throws = [${names.map((r) => `throw${r}`).join(", ")}];\n\n` +
    `export default {\n  fetch(request: Request): Response {\n` +
    `    const url = new URL(request.url);\n` +
    `    if (url.pathname === "/shared") return new Response(shared);\n` +
    `    if (url.pathname.startsWith("/throw/")) {\n` +
    `      try {\n        throws[Number(url.pathname.slice(7))]();\n      } catch (error) {\n        return new Response((error as Error).stack);\n      }\n    }\n` +
    `    const answers = routes.map((route) => route());\n` +
    `    return Response.json({\n      evaluated: (globalThis as { evaluated?: number }).evaluated,\n` +
    `      calls: answers.map((a) => a.calls),\n      shared: [...new Set(answers.map((a) => a.shared))],\n` +
    `      tokens: answers.map((a) => a.token),\n    });\n  },\n};\n`;
  const lines = lastHelperSource(0, chain, "").split("\n");
  return { files, modules: Object.keys(files).length, throwLine: lines.findIndex((line) => line.includes("throw ")) + 1 };
}
