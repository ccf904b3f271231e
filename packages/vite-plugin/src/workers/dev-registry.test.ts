import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, expect, test } from "vitest";
import { DevRegistry, defaultRegistryDir, type RegistryEntry } from "./dev-registry.js";

let dir: string;
const registries: DevRegistry[] = [];
const conflicts: string[] = [];
beforeEach(() => {
  dir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "kindling-registry-")), "registry");
});
afterEach(() => {
  for (const registry of registries.splice(0)) registry.close();
  conflicts.length = 0;
  fs.rmSync(path.dirname(dir), { recursive: true, force: true });
});

function open(): DevRegistry {
  const registry = new DevRegistry(dir, (name, owner) => conflicts.push(`${name} is ${owner.url}'s`));
  registries.push(registry);
  return registry;
}

const classes = [{ className: "Counter", storageName: "Counter", sqlite: true }];

test("a registered worker is found by name, with its endpoint and classes, in files only its user can read", () => {
  open().register({ url: "http://127.0.0.1:1000", token: "secret" }, [{ name: "api", classes }]);
  expect(open().lookup("api")).toMatchObject({ url: "http://127.0.0.1:1000", token: "secret", pid: process.pid, classes });
  expect(open().lookup("other")).toBeUndefined();
  expect(fs.statSync(dir).mode & 0o777).toBe(0o700);
  expect(fs.statSync(path.join(dir, "api.json")).mode & 0o777).toBe(0o600);
});

test("an entry of a process that is gone, or not refreshed for 30 s, is not live", () => {
  const write = (name: string, entry: RegistryEntry) => {
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, `${name}.json`), JSON.stringify(entry));
  };
  const exited = spawnSync(process.execPath, ["-e", "0"]).pid!;
  write("dead", { url: "http://127.0.0.1:1", token: "t", pid: exited, instance: "x", classes: [] });
  write("stale", { url: "http://127.0.0.1:2", token: "t", pid: process.pid, instance: "y", classes: [] });
  const old = new Date(Date.now() - 31_000);
  fs.utimesSync(path.join(dir, "stale.json"), old, old);
  expect(open().lookup("dead")).toBeUndefined();
  expect(open().lookup("stale")).toBeUndefined();
  // ... and a new server takes the name over.
  open().register({ url: "http://127.0.0.1:3", token: "t" }, [{ name: "dead", classes: [] }]);
  expect(open().lookup("dead")?.url).toBe("http://127.0.0.1:3");
  expect(conflicts).toEqual([]);
});

test("a name another live dev server registered stays its own; this server takes it once that one is gone", () => {
  const first = open();
  first.register({ url: "http://127.0.0.1:1", token: "a" }, [{ name: "api", classes: [] }]);
  const second = open();
  second.register({ url: "http://127.0.0.1:2", token: "b" }, [{ name: "api", classes: [] }]);
  second.register({ url: "http://127.0.0.1:2", token: "b" }, [{ name: "api", classes: [] }]);
  expect(conflicts).toEqual(["api is http://127.0.0.1:1's"]);
  expect(open().lookup("api")?.url).toBe("http://127.0.0.1:1");
  first.close();
  expect(open().lookup("api")).toBeUndefined();
  second.register({ url: "http://127.0.0.1:2", token: "b" }, [{ name: "api", classes: [] }]);
  expect(open().lookup("api")?.url).toBe("http://127.0.0.1:2");
});

test("close withdraws this server's entries only; a worker renamed away is withdrawn at once", () => {
  const mine = open();
  mine.register({ url: "http://127.0.0.1:1", token: "a" }, [
    { name: "one", classes: [] },
    { name: "two", classes: [] },
  ]);
  open().register({ url: "http://127.0.0.1:2", token: "b" }, [{ name: "theirs", classes: [] }]);
  mine.register({ url: "http://127.0.0.1:1", token: "a" }, [{ name: "one", classes: [] }]);
  expect(open().lookup("two")).toBeUndefined();
  mine.close();
  expect(fs.readdirSync(dir).toSorted()).toEqual(["theirs.json"]);
});

test("a worker name that is not a plain file name never leaves the registry folder", () => {
  open().register({ url: "http://127.0.0.1:1", token: "a" }, [{ name: "../../escape", classes: [] }]);
  expect(fs.readdirSync(path.dirname(dir))).toEqual(["registry"]);
  expect(open().lookup("../../escape")?.url).toBe("http://127.0.0.1:1");
});

test("the registry lives under the user's config directory unless KINDLING_REGISTRY_PATH says otherwise", () => {
  expect(defaultRegistryDir({ HOME: "/home/u" })).toBe(path.join(os.homedir(), ".config/kindling/registry"));
  expect(defaultRegistryDir({ XDG_CONFIG_HOME: "/cfg" })).toBe("/cfg/kindling/registry");
  expect(defaultRegistryDir({ KINDLING_REGISTRY_PATH: "/tmp/reg" })).toBe("/tmp/reg");
});

test("registering the same workers again writes nothing (every reload does it); a change is written at once", () => {
  const registry = open();
  const endpoint = { url: "http://127.0.0.1:1", token: "a" };
  registry.register(endpoint, [{ name: "api", classes: [] }]);
  const file = path.join(dir, "api.json");
  // Whole seconds: a file system's times need not hold milliseconds exactly.
  const old = new Date(Math.floor(Date.now() / 1_000) * 1_000 - 5_000);
  fs.utimesSync(file, old, old);
  registry.register(endpoint, [{ name: "api", classes: [] }]);
  expect(Math.round(fs.statSync(file).mtimeMs)).toBe(old.getTime());
  registry.register(endpoint, [{ name: "api", classes }]);
  expect(fs.statSync(file).mtimeMs).toBeGreaterThan(old.getTime());
  expect(open().lookup("api")?.classes).toEqual(classes);
});
