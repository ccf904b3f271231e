/**
 * The dev registry: how Kindling dev servers on one machine find each other's workers, as
 * wrangler's does (a folder of one file per worker name, refreshed by a heartbeat, under the
 * user's config directory). Kindling keeps a registry of its own: wrangler's entries point at
 * workerd's debug port, which speaks Cap'n Proto RPC that Kindling does not; Kindling's point at a
 * loopback HTTP endpoint of the dev server (registry-server.ts), with a secret token that only the
 * user's own processes can read (files 0600 in a 0700 folder).
 */
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { DurableObjectClass } from "@kindling/runtime/protocol";

/** What a dev server publishes for each worker it runs. */
export interface RegistryEntry {
  /** Its loopback endpoint, e.g. http://127.0.0.1:41234 */
  url: string;
  token: string;
  pid: number;
  /** The dev server (one per process start), to tell its own entries from another's. */
  instance: string;
  /** The Durable Object classes the worker defines, for `script_name` bindings in other dev servers. */
  classes: DurableObjectClass[];
}

export interface RegisteredWorker {
  name: string;
  classes: DurableObjectClass[];
}

const HEARTBEAT_MS = 10_000;
/** An entry not refreshed for this long belongs to a dev server that is gone (or frozen). */
const STALE_MS = 30_000;

/** `KINDLING_REGISTRY_PATH`, else `<XDG config>/kindling/registry` (~/.config/kindling/registry). */
export function defaultRegistryDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.KINDLING_REGISTRY_PATH) return path.resolve(env.KINDLING_REGISTRY_PATH);
  return path.join(env.XDG_CONFIG_HOME || path.join(os.homedir(), ".config"), "kindling", "registry");
}

export class DevRegistry {
  readonly dir: string;
  #endpoint: { url: string; token: string } | undefined;
  #instance = crypto.randomUUID();
  #workers: RegisteredWorker[] = [];
  /** Names this server wrote (and refreshes), by name. */
  #own = new Set<string>();
  #heartbeat: NodeJS.Timeout | undefined;
  #onConflict: (name: string, owner: RegistryEntry) => void;
  #conflicts = new Set<string>();
  /** What the last register() published. */
  #published = "";

  /** `onConflict`: another live dev server runs a worker of the same name (its entry wins until it stops). */
  constructor(dir: string, onConflict: (name: string, owner: RegistryEntry) => void) {
    this.dir = dir;
    this.#onConflict = onConflict;
  }

  /**
   * Publishes `workers` at `endpoint` (called again on every generation swap: a config edit may
   * rename a worker or change its classes). The same workers at the same endpoint, all of them
   * this server's, are left to the heartbeat: no file is written on the way of a reload.
   */
  register(endpoint: { url: string; token: string }, workers: RegisteredWorker[]): void {
    const published = JSON.stringify([endpoint, workers]);
    if (published === this.#published && this.#conflicts.size === 0) return;
    this.#published = published;
    this.#endpoint = endpoint;
    this.#workers = workers;
    for (const name of this.#own) if (!workers.some((w) => w.name === name)) this.#unlink(name);
    this.#refresh();
    this.#heartbeat ??= setInterval(() => this.#refresh(), HEARTBEAT_MS).unref();
  }

  /** The live entry for `name` (another dev server's, or this one's). */
  lookup(name: string): RegistryEntry | undefined {
    const file = this.#file(name);
    if (!file) return undefined;
    const entry = readEntry(file);
    return entry && isLive(file, entry) ? entry : undefined;
  }

  /** Withdraws this server's entries (synchronous: also run at process exit). */
  close(): void {
    clearInterval(this.#heartbeat);
    this.#heartbeat = undefined;
    this.#published = "";
    for (const name of this.#own) this.#unlink(name);
  }

  #refresh(): void {
    if (!this.#endpoint) return;
    fs.mkdirSync(this.dir, { recursive: true, mode: 0o700 });
    for (const worker of this.#workers) {
      const file = this.#file(worker.name);
      if (!file) continue;
      const existing = readEntry(file);
      if (existing && existing.instance !== this.#instance && isLive(file, existing)) {
        this.#own.delete(worker.name);
        if (!this.#conflicts.has(worker.name)) this.#onConflict(worker.name, existing);
        this.#conflicts.add(worker.name);
        continue;
      }
      this.#conflicts.delete(worker.name);
      const entry: RegistryEntry = { ...this.#endpoint, pid: process.pid, instance: this.#instance, classes: worker.classes };
      writeEntry(file, entry);
      this.#own.add(worker.name);
    }
  }

  #unlink(name: string): void {
    this.#own.delete(name);
    const file = this.#file(name);
    if (!file) return;
    if (readEntry(file)?.instance !== this.#instance) return;
    try {
      fs.unlinkSync(file);
    } catch {
      // gone already
    }
  }

  /** A worker's file; a name that is not a plain file name is hashed (it never leaves the folder). */
  #file(name: string): string | undefined {
    if (!name) return undefined;
    const safe = /^[A-Za-z0-9._-]{1,128}$/.test(name) && !/^\.{1,2}$/.test(name);
    return path.join(this.dir, `${safe ? name : crypto.createHash("sha256").update(name).digest("hex")}.json`);
  }
}

function readEntry(file: string): RegistryEntry | undefined {
  try {
    const value = JSON.parse(fs.readFileSync(file, "utf8")) as Partial<RegistryEntry>;
    if (typeof value.url !== "string" || typeof value.token !== "string" || typeof value.pid !== "number") return undefined;
    if (typeof value.instance !== "string") return undefined;
    return { ...value, classes: Array.isArray(value.classes) ? value.classes : [] } as RegistryEntry;
  } catch {
    return undefined;
  }
}

/** Written to a temporary file and renamed: a reader never sees half an entry. */
function writeEntry(file: string, entry: RegistryEntry): void {
  const temp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(temp, JSON.stringify(entry, null, 2), { mode: 0o600 });
  fs.renameSync(temp, file);
}

/** Refreshed recently by a process that still exists (a kill -9 leaves its file behind). */
function isLive(file: string, entry: RegistryEntry): boolean {
  try {
    if (Date.now() - fs.statSync(file).mtimeMs > STALE_MS) return false;
  } catch {
    return false;
  }
  if (entry.pid === process.pid) return true;
  try {
    process.kill(entry.pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}
