/**
 * Stack frames of modules compiled together (module-chunks.ts) shown as each module's own: the
 * file its code names (Vite's `//# sourceURL`) and the line it would have had compiled alone by
 * Vite's evaluator. Installed around Vite's source-map interceptor, which then maps them to the
 * original source exactly as before.
 */
interface Chunk {
  /** The chunk line of each module's first line of code, ascending. */
  firstLines: number[];
  files: string[];
}

/** Lines Vite's `new AsyncFunction` puts before a module's code. */
const evaluatorOffset = 3;
const chunks = new Map<string, Chunk>();
let installed = false;

export function registerChunk(filename: string, chunk: Chunk): void {
  chunks.set(filename, chunk);
}

/** The module file a line of a chunk belongs to (undefined for a file that is not a chunk). */
export function chunkModuleFile(filename: string, line: number | null): string | undefined {
  const chunk = chunks.get(filename);
  if (!chunk || line === null) return undefined;
  const index = lastAtOrBelow(chunk.firstLines, line);
  return index < 0 ? undefined : chunk.files[index];
}

/** Wraps the current `Error.prepareStackTrace` (Vite's interceptor): call after the runners are made. */
export function installChunkStackTraces(): void {
  if (installed) return;
  installed = true;
  const inner = Error.prepareStackTrace;
  Error.prepareStackTrace = (error, frames) => {
    const translated = frames.map(translate);
    return inner ? inner(error, translated) : `${error}${translated.map((frame) => `\n    at ${frame}`).join("")}`;
  };
}

function translate(frame: NodeJS.CallSite): NodeJS.CallSite {
  const chunk = chunks.get(frame.getFileName() ?? "");
  const line = frame.getLineNumber();
  if (!chunk || line === null) return frame;
  const index = lastAtOrBelow(chunk.firstLines, line);
  if (index < 0) return frame;
  const file = chunk.files[index]!;
  const moduleLine = line - chunk.firstLines[index]! + 1 + evaluatorOffset;
  const methods: Record<string, unknown> = Object.create(null);
  for (const name of Object.getOwnPropertyNames(Object.getPrototypeOf(frame))) {
    const value = (frame as unknown as Record<string, unknown>)[name];
    if (typeof value === "function" && name !== "constructor") methods[name] = value.bind(frame);
  }
  Object.assign(methods, {
    getFileName: () => file,
    getScriptNameOrSourceURL: () => file,
    getLineNumber: () => moduleLine,
    toString: () => format(frame, file, moduleLine),
  });
  return Object.create(methods) as NodeJS.CallSite;
}

function format(frame: NodeJS.CallSite, file: string, line: number): string {
  const location = `${file}:${line}:${frame.getColumnNumber()}`;
  const name = frame.getFunctionName();
  return name ? `${name} (${location})` : location;
}

function lastAtOrBelow(sorted: number[], value: number): number {
  let low = 0;
  let high = sorted.length - 1;
  let found = -1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    if (sorted[middle]! <= value) {
      found = middle;
      low = middle + 1;
    } else {
      high = middle - 1;
    }
  }
  return found;
}
