/**
 * How dependencies in node_modules resolve (the modules fixture's vendored packages): export
 * conditions, CommonJS interop, package.json fields, and what a dependency sees at import time.
 */
export const area = "Module resolution";

export function probes() {
  return {
    "export condition picked (workerd, worker, browser, node, import, default)": async () => (await import("cond-pkg")).picked,
    "export condition picked (worker, default)": async () => (await import("worker-only-pkg")).picked,
    "CommonJS named export": async () => (await import("cjs-pkg")).named,
    "CommonJS default export": async () => Object.keys((await import("cjs-pkg")).default ?? {}).toSorted(),
    "CommonJS sees module and require": async () => (await import("cjs-pkg")).kind,
    "CommonJS sees __dirname": async () => (await import("cjs-pkg")).dirnameType,
    "browser field": async () => (await import("browser-field-pkg")).picked,
    "module field": async () => (await import("module-field-pkg")).picked,
    "process.env.NODE_ENV seen by a dependency": async () => (await import("env-reader-pkg")).nodeEnv,
    "globalThis.process seen by a dependency": async () => (await import("env-reader-pkg")).hasGlobalProcess,
    "missing package": async () => import(/* @vite-ignore */ ["does-not", "exist"].join("-")),
    "same instance across two imports": async () => (await import("cond-pkg")) === (await import("cond-pkg")),
  };
}
