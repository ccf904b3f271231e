import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, expect, test } from "vitest";
import { openLockDatabase, type Database } from "./database.js";
import { lockStateDirectory } from "./state-directory-lock.js";

let dir: string;
const foreign: Database[] = [];
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "kindling-lock-"));
});
afterEach(() => {
  for (const db of foreign.splice(0)) db.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** Another holder of the file lock, as a second process would be (SQLite locks connections within a process too). */
function takeAsForeign(): boolean {
  try {
    const db = openLockDatabase(path.join(dir, "dev-server.lock"));
    foreign.push(db);
    db.exec("BEGIN EXCLUSIVE");
    return true;
  } catch (error) {
    if ((error as { code?: string }).code === "SQLITE_BUSY") return false;
    throw error;
  }
}

const message = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    return (error as Error).message.replaceAll(dir, "<state>").replaceAll(`pid ${process.pid}`, "pid <pid>");
  }
  throw new Error("did not throw");
};

test("two servers of one process (a Vite restart) share the lock; the last release lets it go", () => {
  const first = lockStateDirectory(dir);
  const second = lockStateDirectory(dir);
  expect(JSON.parse(fs.readFileSync(path.join(dir, "dev-server.json"), "utf8"))).toMatchObject({ pid: process.pid });
  first.release();
  first.release();
  expect(takeAsForeign()).toBe(false);
  second.release();
  expect(fs.existsSync(path.join(dir, "dev-server.json"))).toBe(false);
  expect(takeAsForeign()).toBe(true);
});

test("a directory held elsewhere is refused, naming the holder and the persist option", () => {
  expect(takeAsForeign()).toBe(true);
  const owner = { pid: process.pid, command: "vite.js dev --port 5173", url: "http://localhost:5173/" };
  fs.writeFileSync(path.join(dir, "dev-server.json"), JSON.stringify(owner));
  expect(message(() => lockStateDirectory(dir))).toMatchInlineSnapshot(
    `"[kindling] The state directory <state> is in use by another Kindling dev server (pid <pid>, started as "vite.js dev --port 5173", serving http://localhost:5173/). Two dev servers on one state directory would run the same Durable Objects twice and overwrite each other's writes. Stop the other server, or give this one its own state directory with the "persist" option of kindling() (for example kindling({ persist: ".kindling/state-2" }))."`,
  );
});

test("a holder file left by a dead process is not taken for the holder", () => {
  expect(takeAsForeign()).toBe(true);
  fs.writeFileSync(path.join(dir, "dev-server.json"), JSON.stringify({ pid: 2 ** 22 + 1, command: "vite.js dev" }));
  expect(message(() => lockStateDirectory(dir))).toContain(
    "is in use by another Kindling dev server (it has not recorded which process it is yet)",
  );
});

test("a lock whose holder is gone is taken at once (the kernel let it go with the holder)", () => {
  expect(takeAsForeign()).toBe(true);
  foreign.pop()!.close();
  fs.writeFileSync(path.join(dir, "dev-server.json"), JSON.stringify({ pid: 2 ** 22 + 1, command: "vite.js dev" }));
  const lock = lockStateDirectory(dir);
  expect(JSON.parse(fs.readFileSync(path.join(dir, "dev-server.json"), "utf8"))).toMatchObject({ pid: process.pid });
  lock.release();
});
