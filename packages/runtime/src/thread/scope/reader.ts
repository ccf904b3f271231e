/**
 * Who reads a global the worker does not see: Node's own modules, Vite's module runner, a
 * dependency in node_modules (imported natively, not bundled as with @cloudflare/vite-plugin), or
 * the worker's code. One frame of stack, ~1 µs per read; used only for names hidden from the worker.
 */
import { chunkModuleFile } from "../chunk-stack.js";

export type Reader = "node" | "runner" | "dependency" | "worker";

const returnSites = (_error: Error, sites: NodeJS.CallSite[]) => sites;
let runnerFile: string | undefined;

/** Vite's module runner (read `process` for its cwd and import.meta.resolve) counts as Node's. */
export function setRunnerUrl(url: string): void {
  runnerFile = url;
}

/** Who called `accessor` (a getter or a Proxy trap). */
export function readerOf(accessor: Function): Reader {
  const { stackTraceLimit, prepareStackTrace } = Error;
  Error.stackTraceLimit = 1;
  Error.prepareStackTrace = returnSites;
  let file: string | undefined;
  try {
    const holder: { stack?: NodeJS.CallSite[] } = {};
    Error.captureStackTrace(holder, accessor);
    const site = holder.stack?.[0];
    file = site?.getFileName() ?? undefined;
    // A module compiled with others (module-chunks.ts) is read as the file it came from.
    if (file !== undefined && site) file = chunkModuleFile(file, site.getLineNumber()) ?? file;
  } finally {
    Error.stackTraceLimit = stackTraceLimit;
    Error.prepareStackTrace = prepareStackTrace;
  }
  if (file === undefined) return "worker";
  if (file.startsWith("node:")) return "node";
  if (runnerFile !== undefined && (file === runnerFile || `file://${file}` === runnerFile)) return "runner";
  return file.includes("/node_modules/") ? "dependency" : "worker";
}
