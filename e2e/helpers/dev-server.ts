/**
 * Starts a real `vite dev` process on a temporary copy of a fixture. The copy lives under
 * e2e/.output/tmp so that its vite.config.ts resolves `vite` and `@kindling/vite-plugin` from e2e's
 * node_modules; the process runs in its own process group and is killed by its id.
 */
import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { stripVTControlCharacters } from "node:util";

const e2eDir = path.resolve(fileURLToPath(import.meta.url), "../..");
const viteBin = path.join(e2eDir, "node_modules/vite/bin/vite.js");
const tmpRoot = path.join(e2eDir, ".output/tmp");

export interface DevServer {
  url: string;
  root: string;
  pid: number;
  /** Everything the server printed so far (ANSI stripped). */
  output(): string;
  /** Resolves when the output contains `text` (or matches it), or rejects after `timeout` ms. */
  waitForOutput(text: string | RegExp, timeout?: number): Promise<void>;
  /** Writes a file of the fixture copy (path relative to its root). */
  write(file: string, content: string): void;
  /** Replaces `search` with `replace` in a file of the fixture copy. */
  edit(file: string, search: string | RegExp, replace: string): void;
  read(file: string): string;
  fetch(pathname: string, init?: RequestInit): Promise<Response>;
  /**
   * Live threads of the server process (/proc/<pid>/task), not counting Vite's native
   * `rolldown-worker` pool, which grows with transform load, not with generations.
   */
  threadCount(): number;
  /** Stops the server (SIGTERM, then SIGKILL after 3 s). */
  stop(): Promise<void>;
  /** kill -9 of the whole process group, as a crash would. */
  kill9(): Promise<void>;
}

export interface StartOptions {
  env?: Record<string, string>;
  /** Reuse an existing copy instead of copying the fixture again (e.g. after a restart). */
  root?: string;
  /** Extra files to write into the copy before starting. */
  files?: Record<string, string>;
  /** `vite preview` serves the build output instead (run `viteBuild` first). Default: "dev". */
  command?: "dev" | "preview";
  /** The Node.js that runs Vite (e.g. Node 22 for React Router 8, see node22.ts). Default: this one. */
  node?: NodeRuntime;
}

export interface NodeRuntime {
  execPath: string;
  /** Environment variables it needs (e.g. a preload for the SQLite driver built for it). */
  env: Record<string, string>;
}

/**
 * A dev registry of the fixture copy's own (outside the copy, which Vite watches): servers of
 * different tests never see each other's workers. Tests of servers that must meet pass one explicitly.
 */
export function registryOf(root: string): string {
  return path.join(tmpRoot, "registries", path.basename(root));
}

export function copyFixture(fixture: string): string {
  fs.mkdirSync(tmpRoot, { recursive: true });
  const root = fs.mkdtempSync(path.join(tmpRoot, `${fixture}-`));
  const source = path.join(e2eDir, "fixtures", fixture);
  const dependencies = path.join(source, "node_modules");
  fs.cpSync(source, root, { recursive: true, filter: (file) => file !== dependencies });
  if (fs.existsSync(dependencies)) linkDependencies(dependencies, path.join(root, "node_modules"));
  // Vite's cache (its dependency optimizer's output) goes under the nearest package.json: without
  // one of the copy's own, copies running at once would share e2e/node_modules/.vite.
  const manifest = path.join(root, "package.json");
  if (!fs.existsSync(manifest)) fs.writeFileSync(manifest, JSON.stringify({ private: true, type: "module" }));
  return root;
}

/**
 * A framework fixture is a workspace package with its own dependencies (installed by `pnpm
 * install`): the copy links to each of them, and keeps Vite's caches (`node_modules/.vite`) its own,
 * so every test server starts as a fresh checkout does, with nothing optimized yet.
 */
function linkDependencies(from: string, to: string): void {
  fs.mkdirSync(to);
  for (const entry of fs.readdirSync(from)) {
    if (entry.startsWith(".vite")) continue;
    fs.symlinkSync(fs.realpathSync(path.join(from, entry)), path.join(to, entry));
  }
}

export async function startDevServer(fixture: string, options: StartOptions = {}): Promise<DevServer> {
  const root = options.root ?? copyFixture(fixture);
  for (const [file, content] of Object.entries(options.files ?? {})) writeFile(root, file, content);
  const child = spawn(
    options.node?.execPath ?? process.execPath,
    [viteBin, options.command ?? "dev", "--port", "0", "--strictPort", "--host", "127.0.0.1"],
    {
      cwd: root,
      env: {
        ...process.env,
        NO_COLOR: "1",
        FORCE_COLOR: "0",
        KINDLING_REGISTRY_PATH: registryOf(root),
        ...options.node?.env,
        ...options.env,
      },
      detached: true,
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  let output = "";
  const listeners = new Set<() => void>();
  const onData = (chunk: Buffer) => {
    output += stripVTControlCharacters(chunk.toString());
    for (const listener of listeners) listener();
  };
  child.stdout!.on("data", onData);
  child.stderr!.on("data", onData);

  const waitForOutput = (text: string | RegExp, timeout = 20_000) =>
    new Promise<void>((resolve, reject) => {
      const matches = () => (typeof text === "string" ? output.includes(text) : text.test(output));
      if (matches()) return resolve();
      const timer = setTimeout(() => {
        listeners.delete(check);
        reject(new Error(`Timed out after ${timeout} ms waiting for ${String(text)} in vite's output:\n${output}`));
      }, timeout);
      const check = () => {
        if (!matches()) return;
        clearTimeout(timer);
        listeners.delete(check);
        resolve();
      };
      listeners.add(check);
    });

  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  await Promise.race([
    // A framework app loads its config twice (React Router's child compiler): slow on a busy machine.
    waitForOutput(/Local:\s+http:\/\/127\.0\.0\.1:\d+/, 60_000),
    exited.then(() => Promise.reject(new Error(`vite dev exited early:\n${output}`))),
  ]);
  const url = /Local:\s+(http:\/\/127\.0\.0\.1:\d+)/.exec(output)![1]!;
  const killGroup = (signal: NodeJS.Signals) => {
    try {
      process.kill(-child.pid!, signal);
    } catch {
      // already gone
    }
  };

  return {
    url,
    root,
    pid: child.pid!,
    output: () => output,
    waitForOutput,
    write: (file, content) => writeFile(root, file, content),
    edit(file, search, replace) {
      const full = path.join(root, file);
      const before = fs.readFileSync(full, "utf8");
      const after = before.replace(search, replace);
      if (after === before) throw new Error(`edit of ${file} changed nothing: ${String(search)} not found`);
      writeFile(root, file, after);
    },
    read: (file) => fs.readFileSync(path.join(root, file), "utf8"),
    fetch: (pathname, init) => fetch(url + pathname, { ...init, signal: init?.signal ?? AbortSignal.timeout(15_000) }),
    threadCount: () =>
      fs.readdirSync(`/proc/${child.pid}/task`).filter((tid) => readComm(child.pid!, tid) !== "rolldown-worker").length,
    async stop() {
      if (child.exitCode !== null) return;
      killGroup("SIGTERM");
      const timer = setTimeout(() => killGroup("SIGKILL"), 3_000);
      await exited;
      clearTimeout(timer);
    },
    async kill9() {
      killGroup("SIGKILL");
      await exited;
    },
  };
}

function readComm(pid: number, tid: string): string | undefined {
  try {
    return fs.readFileSync(`/proc/${pid}/task/${tid}/comm`, "utf8").trim();
  } catch {
    return undefined; // the thread ended while we listed
  }
}

/**
 * Saves like an editor with atomic saves (temp file + rename): a loaded machine can otherwise
 * pause the test between writeFileSync's truncate and its write, and Vite reads an empty module.
 */
function writeFile(root: string, file: string, content: string): void {
  const full = path.join(root, file);
  fs.mkdirSync(path.dirname(full), { recursive: true });
  const temp = `${full}.${process.pid}.tmp`;
  fs.writeFileSync(temp, content);
  fs.renameSync(temp, full);
}

type Falsy = false | 0 | "" | null | undefined;

/** Polls `check` until it returns a truthy value or `timeout` ms pass. */
/** Polls `check` until it returns a truthy value, and resolves with it. */
export async function until<T>(check: () => Promise<T | Falsy> | T | Falsy, timeout = 10_000, interval = 25): Promise<T> {
  const deadline = Date.now() + timeout;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await check();
      if (value) return value as T;
    } catch (error) {
      last = error;
    }
    await new Promise((resolve) => setTimeout(resolve, interval));
  }
  throw new Error(`until() timed out after ${timeout} ms${last ? `; last error: ${String(last)}` : ""}`);
}

/** Runs `vite build` in a fixture copy; resolves with its output, rejects with it when the build fails. */
export function viteBuild(root: string, env: Record<string, string> = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [viteBin, "build"], {
      cwd: root,
      env: { ...process.env, NO_COLOR: "1", FORCE_COLOR: "0", ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout!.on("data", (chunk: Buffer) => (output += stripVTControlCharacters(chunk.toString())));
    child.stderr!.on("data", (chunk: Buffer) => (output += stripVTControlCharacters(chunk.toString())));
    child.once("exit", (code) =>
      code === 0 ? resolve(output) : reject(new Error(`vite build exited with ${code}:\n${output}`)),
    );
  });
}
