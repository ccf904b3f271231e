/** Stack traces as the user should read them: their own frames, not Kindling's, Vite's or Node's. */
import path from "node:path";
import { fileURLToPath } from "node:url";

export interface StackLocation {
  file: string;
  line: number;
  column: number;
}

/** Kindling's own code: the runtime (in the generation) and this plugin (on the host). */
const kindlingDirs = [
  path.resolve(fileURLToPath(import.meta.resolve("@kindling/runtime/protocol")), "../.."),
  path.resolve(fileURLToPath(import.meta.url), "../.."),
];

const frameLine = /^\s*at\s/;
// "at fn (file:line:col)" or "at file:line:col"
const frameLocation = /(?:\(|at\s+(?:async\s+)?)((?:file:\/\/)?[^()\s][^()]*?):(\d+):(\d+)\)?\s*$/;

/** The stack's frame lines ("    at ..."), without the internal ones. */
export function cleanStack(stack: string): string {
  return stack
    .split("\n")
    .filter((line) => frameLine.test(line) && !isInternalFrame(line))
    .join("\n");
}

/** The location of the first frame that is the user's code, if any. */
export function firstUserLocation(stack: string): StackLocation | undefined {
  for (const line of stack.split("\n")) {
    if (!frameLine.test(line) || isInternalFrame(line)) continue;
    const location = parseFrameLocation(line);
    if (location && path.isAbsolute(location.file)) return location;
  }
  return undefined;
}

export function parseFrameLocation(line: string): StackLocation | undefined {
  const match = frameLocation.exec(line);
  if (!match) return undefined;
  const raw = match[1]!;
  const file = raw.startsWith("file://") ? safeFileURLToPath(raw) : raw;
  if (!file) return undefined;
  return { file, line: Number(match[2]), column: Number(match[3]) };
}

function isInternalFrame(line: string): boolean {
  const location = parseFrameLocation(line);
  if (!location) return /\(node:|\bnode:internal|\[nodejs\.internal/.test(line);
  const { file } = location;
  if (file.startsWith("node:")) return true;
  if (/[\\/]node_modules[\\/](?:\.pnpm[\\/])?(?:vite@|vite[\\/]|@kindling)/.test(file)) return true;
  return kindlingDirs.some((dir) => file.startsWith(dir + path.sep));
}

function safeFileURLToPath(url: string): string | undefined {
  try {
    return fileURLToPath(url);
  } catch {
    return undefined;
  }
}
