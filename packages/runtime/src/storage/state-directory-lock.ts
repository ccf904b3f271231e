/**
 * One Kindling dev server process per state directory: two would run the same Durable Object in
 * both and overwrite each other's writes. The lock is SQLite's own file lock (POSIX fcntl, held by
 * an EXCLUSIVE transaction kept open on `<dir>/dev-server.lock`): the kernel drops it when the
 * process dies, kill -9 included, so a stale lock never blocks the next start, a reused pid cannot
 * pass for the owner, and of two processes racing for it exactly one wins. Who holds it is written
 * beside it (`dev-server.json`), for the message the others get.
 *
 * Within one process the lock is shared: Vite builds a restarted server before it closes the old
 * one, and both are the same dev server.
 */
import fs from "node:fs";
import path from "node:path";
import { openLockDatabase, type Database } from "./database.js";
import process from "node:process";

const lockFile = "dev-server.lock";
const ownerFile = "dev-server.json";

/** What the holder says about itself. */
export interface StateDirectoryOwner {
  pid: number;
  /** How the process was started (`vite.js dev --port 5173`). */
  command: string;
  /** Where it serves, once it listens. */
  url?: string;
}

export interface StateDirectoryLock {
  /** Records where this server listens (named to a second server that is refused). */
  setUrl(url: string): void;
  release(): void;
}

interface Held {
  db: Database;
  users: number;
  owner: StateDirectoryOwner;
}

const held = new Map<string, Held>();

/** Takes `dir` for this process; throws a `[kindling]` error naming the owner when another process has it. */
export function lockStateDirectory(dir: string): StateDirectoryLock {
  const key = path.resolve(dir);
  let entry = held.get(key);
  if (!entry) {
    entry = acquire(key);
    held.set(key, entry);
  }
  entry.users++;
  const current = entry;
  let released = false;
  return {
    setUrl(url) {
      current.owner.url = url;
      writeOwner(key, current.owner);
    },
    release() {
      if (released) return;
      released = true;
      if (--current.users > 0) return;
      held.delete(key);
      // While the lock is still held: no other process can have written its own file yet.
      fs.rmSync(path.join(key, ownerFile), { force: true });
      current.db.close();
    },
  };
}

function acquire(dir: string): Held {
  fs.mkdirSync(dir, { recursive: true });
  let db: Database | undefined;
  try {
    db = openLockDatabase(path.join(dir, lockFile));
    db.exec("BEGIN EXCLUSIVE");
  } catch (error) {
    db?.close();
    if ((error as { code?: string }).code !== "SQLITE_BUSY") throw error;
    throw inUseError(dir, readOwner(dir));
  }
  const owner: StateDirectoryOwner = { pid: process.pid, command: commandLine() };
  writeOwner(dir, owner);
  return { db, users: 0, owner };
}

function inUseError(dir: string, owner: StateDirectoryOwner | undefined): Error {
  const who = owner
    ? `another Kindling dev server (pid ${owner.pid}, started as "${owner.command}"${owner.url ? `, serving ${owner.url}` : ""})`
    : "another Kindling dev server (it has not recorded which process it is yet)";
  return new Error(
    `[kindling] The state directory ${dir} is in use by ${who}. Two dev servers on one state directory would run the same ` +
      `Durable Objects twice and overwrite each other's writes. Stop the other server, or give this one its own state ` +
      `directory with the "persist" option of kindling() (for example kindling({ persist: ".kindling/state-2" })).`,
  );
}

/** The holder writes its file right after taking the lock: a racing loser may find none yet, or a dead holder's. */
function readOwner(dir: string): StateDirectoryOwner | undefined {
  for (let attempt = 0; attempt < 20; attempt++) {
    const owner = parseOwner(dir);
    if (owner && isAlive(owner.pid)) return owner;
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 50);
  }
  return undefined;
}

function parseOwner(dir: string): StateDirectoryOwner | undefined {
  try {
    const value = JSON.parse(fs.readFileSync(path.join(dir, ownerFile), "utf8")) as StateDirectoryOwner;
    return typeof value.pid === "number" && typeof value.command === "string" ? value : undefined;
  } catch {
    return undefined;
  }
}

function writeOwner(dir: string, owner: StateDirectoryOwner): void {
  const file = path.join(dir, ownerFile);
  const temp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(temp, JSON.stringify(owner));
  fs.renameSync(temp, file);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

function commandLine(): string {
  const [script, ...args] = process.argv.slice(1);
  return [script ? path.basename(script) : path.basename(process.execPath), ...args].join(" ");
}
