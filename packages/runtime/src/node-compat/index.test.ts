import { Buffer } from "node:buffer";
import nodeProcess from "node:process";
import { describe, expect, test } from "vitest";
import { resolveCompatibility } from "../shared/compatibility.js";
import { NodeCompat } from "./index.js";
import {
  bufferExports,
  cryptoExports,
  eventsExports,
  processExports,
  unenvProcessExports,
  utilExports,
} from "./workerd-exports.js";

function nodeCompat(compatibilityDate: string, compatibilityFlags: string[] = []) {
  const flags = resolveCompatibility(compatibilityDate, compatibilityFlags);
  return new NodeCompat({ compatibilityDate, compatibilityFlags, flags }, { CONF: "worker" });
}

type WorkerProcess = Record<string, unknown> & { cwd(): string; chdir(path: string): void; env: Record<string, string> };

function thrownMessage(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    return `${(error as Error).constructor.name}: ${(error as Error).message}`;
  }
  throw new Error("expected a throw");
}

describe("the worker's process", () => {
  test("is workerd's from 2025-09-15: /bundle, no host identity, no host environment", () => {
    const process = nodeCompat("2026-10-01").process as WorkerProcess;
    expect(process.cwd()).toBe("/bundle");
    expect([process.argv, process.title, process.pid]).toEqual([["workerd"], "workerd", 1]);
    expect(process.env).toEqual({ CONF: "worker" });
    expect(process.env.PATH).toBeUndefined();
    expect(thrownMessage(() => (process.binding as (name: string) => unknown)("fs"))).toMatchInlineSnapshot(
      `"ERR_METHOD_NOT_IMPLEMENTED: The process.binding method is not implemented"`,
    );
    expect(thrownMessage(() => (process.kill as (pid: number) => unknown)(1))).toMatchInlineSnapshot(
      `"ERR_METHOD_NOT_IMPLEMENTED: The process.kill method is not implemented"`,
    );
    process.chdir("/tmp");
    expect(process.cwd()).toBe("/tmp");
    expect(thrownMessage(() => process.chdir("/etc"))).toMatchInlineSnapshot(`"Error: no such file or directory, chdir '/etc'"`);
    // The thread's own process is untouched.
    expect(nodeProcess.cwd()).not.toBe("/tmp");
  });

  test("is unenv's before 2025-09-15", () => {
    const process = nodeCompat("2025-01-15", ["nodejs_compat"]).process as WorkerProcess;
    expect([process.cwd(), process.arch, process.title, process.argv]).toEqual(["/", "", "", []]);
    expect(thrownMessage(() => (process.umask as () => number)())).toMatchInlineSnapshot(
      `"Error: [unenv] process.umask is not implemented yet!"`,
    );
  });

  test("is a small object with nodejs_compat_v2 alone, and absent without either", () => {
    const process = nodeCompat("2026-10-01", ["no_nodejs_compat"]).process as WorkerProcess;
    expect(Object.keys(process).toSorted()).toEqual(["env", "exit", "features", "getBuiltinModule", "nextTick", "platform"]);
    expect(nodeCompat("2025-06-01").process).toBeUndefined();
  });

  test("getBuiltinModule gives the worker's modules", () => {
    const process = nodeCompat("2026-10-01").process as WorkerProcess;
    const fs = (process.getBuiltinModule as (name: string) => { existsSync(path: string): boolean })("node:fs");
    expect(fs.existsSync("/bundle")).toBe(true);
    expect(fs.existsSync("/etc/passwd")).toBe(false);
  });
});

describe("node:* modules", () => {
  test("with nodejs_compat_v2 alone, only those workerd serves natively", () => {
    const node = nodeCompat("2026-10-01", ["no_nodejs_compat"]);
    expect(node.resolve("node:child_process")).toEqual({ missing: true });
    expect(node.resolve("node:fs")).toEqual({ missing: true });
    expect(node.resolve("node:sqlite")).toEqual({ missing: true });
    expect(Object.keys((node.resolve("node:events") as { namespace: object }).namespace)).toContain("EventEmitter");
    expect(node.resolve("node:stream")).toEqual({ host: true });
    expect(Object.keys((node.resolve("node:fs/promises") as { namespace: object }).namespace)).toContain("readFile");
  });

  test("the ones that would reach the host throw workerd's errors", () => {
    const node = nodeCompat("2026-10-01");
    const { namespace: childProcess } = node.resolve("node:child_process") as { namespace: Record<string, () => unknown> };
    expect(thrownMessage(() => childProcess.execSync!())).toMatchInlineSnapshot(
      `"ERR_METHOD_NOT_IMPLEMENTED: The child_process.execSync method is not implemented"`,
    );
    const { namespace: vm } = node.resolve("vm") as { namespace: Record<string, (code: string) => unknown> };
    expect(thrownMessage(() => vm.runInNewContext!("1 + 1"))).toMatchInlineSnapshot(
      `"ERR_METHOD_NOT_IMPLEMENTED: The runInThisContext method is not implemented"`,
    );
    const { namespace: threads } = node.resolve("node:worker_threads") as { namespace: Record<string, unknown> };
    expect(threads.isMainThread).toBe(true);
    const { namespace: os } = node.resolve("node:os") as { namespace: Record<string, () => unknown> };
    expect([os.hostname!(), os.homedir!(), os.cpus!(), os.userInfo!()]).toEqual(["localhost", "/tmp/", [], {}]);
    const { namespace: path } = node.resolve("node:path") as { namespace: Record<string, (...paths: string[]) => string> };
    expect(path.resolve!("a")).toBe("/a");
  });
});

test("constructing a class workerd does not implement throws its error", () => {
  const { namespace: threads } = nodeCompat("2026-10-01").resolve("node:worker_threads") as {
    namespace: { Worker: new (file: string) => unknown };
  };
  expect(thrownMessage(() => new threads.Worker("./w.js"))).toMatchInlineSnapshot(
    `"ERR_METHOD_NOT_IMPLEMENTED: The Worker method is not implemented"`,
  );
});

test("createRequire gives the worker's node:* modules, not the host's", () => {
  const node = nodeCompat("2026-10-01");
  const { namespace: module } = node.resolve("node:module") as {
    namespace: { createRequire(from: string): (id: string) => { existsSync(path: string): boolean } };
  };
  const require = module.createRequire(import.meta.url);
  expect(require("fs").existsSync("/etc/passwd")).toBe(false);
  expect(require("node:fs").existsSync("/bundle")).toBe(true);
});

describe("node:buffer, node:crypto, node:util, node:events and node:process as workerd exports them", () => {
  const names = (node: NodeCompat, name: string) =>
    Object.keys((node.resolve(name) as { namespace: object }).namespace).toSorted();

  test("exactly workerd's names, whatever Node runs the dev server", () => {
    const node = nodeCompat("2026-10-01");
    expect(names(node, "node:buffer")).toEqual([...bufferExports, "default"].toSorted());
    expect(names(node, "node:crypto")).toEqual([...cryptoExports, "default"].toSorted());
    expect(names(node, "node:util")).toEqual([...utilExports, "default"].toSorted());
    expect(names(node, "node:events")).toEqual([...eventsExports, "default"].toSorted());
    expect(names(node, "node:process")).toEqual([...processExports, "default"].toSorted());
    expect(names(nodeCompat("2025-01-15", ["nodejs_compat"]), "node:process")).toEqual(
      [...unenvProcessExports, "default"].toSorted(),
    );
  });

  test("SlowBuffer, which Node 26 removed, is an unpooled Buffer of the size asked", () => {
    const { SlowBuffer } = (
      nodeCompat("2026-10-01").resolve("node:buffer") as { namespace: { SlowBuffer: (size: number) => Buffer } }
    ).namespace;
    const buffer = SlowBuffer(7);
    expect(Buffer.isBuffer(buffer)).toBe(true);
    expect(buffer.length).toBe(7);
    expect(buffer.buffer.byteLength).toBe(7);
  });

  test("workerd's answers where it differs from Node", () => {
    const node = nodeCompat("2026-10-01");
    const crypto = (node.resolve("node:crypto") as { namespace: Record<string, (...args: unknown[]) => unknown> }).namespace;
    expect(thrownMessage(() => crypto.createCipher!("aes-128-cbc", "k"))).toMatchInlineSnapshot(
      `"ERR_METHOD_NOT_IMPLEMENTED: The createCipher method is not implemented"`,
    );
    const secret = (crypto.createSecretKey as (key: Uint8Array) => object)(new Uint8Array(16));
    expect(secret).toBeInstanceOf(crypto.SecretKeyObject as unknown as new () => object);
    expect(crypto.pseudoRandomBytes).toBe(crypto.randomBytes);
    const util = (node.resolve("node:util") as { namespace: Record<string, (...args: unknown[]) => unknown> }).namespace;
    expect([util.isBoolean!(false), util.isObject!(null), util.isPrimitive!(Symbol()), util.isError!(new TypeError())]).toEqual([
      true,
      false,
      true,
      true,
    ]);
    expect(thrownMessage(() => util.getSystemErrorMessage!(-2))).toMatchInlineSnapshot(
      `"Error: node:util getSystemErrorMessage is not implemented"`,
    );
    const [site] = util.getCallSites!() as { functionName: string; scriptName: string; lineNumber: number }[];
    expect(site!.scriptName).toContain("index.test.ts");
    expect(site!.lineNumber).toBeGreaterThan(0);
    const events = (node.resolve("node:events") as { namespace: Record<string, unknown> }).namespace;
    expect(events.default).toBe(events.EventEmitter);
    const process = (node.resolve("node:process") as { namespace: Record<string, unknown> }).namespace;
    expect([process.connected, process.channel, (process.send as () => unknown)()]).toEqual([false, null, false]);
    expect(thrownMessage(() => (process.threadCpuUsage as () => unknown)())).toMatchInlineSnapshot(
      `"ERR_METHOD_NOT_IMPLEMENTED: The process.threadCpuUsage method is not implemented"`,
    );
  });
});

test("node:crypto's ciphers need the input encoding of a string, as workerd's", () => {
  const { namespace: crypto } = nodeCompat("2026-10-01").resolve("node:crypto") as { namespace: typeof import("node:crypto") };
  const key = Buffer.alloc(16);
  const cipher = crypto.createCipheriv("aes-128-cbc", key, key);
  expect(thrownMessage(() => cipher.update("x" as never))).toMatchInlineSnapshot(
    `"TypeError: The argument 'inputEncoding' If inputEncoding is not provided then the data must be a Buffer. Received undefined"`,
  );
  const encrypted = Buffer.concat([cipher.update("x", "utf8"), cipher.final()]);
  const decipher = crypto.createDecipheriv("aes-128-cbc", key, key);
  expect(Buffer.concat([decipher.update(encrypted), decipher.final()]).toString()).toBe("x");
  expect(crypto.webcrypto).toBe(globalThis.crypto);
});

describe("node:http's client", () => {
  const withFetch = (compatibilityDate: string, compatibilityFlags: string[] = []) => {
    const flags = resolveCompatibility(compatibilityDate, compatibilityFlags);
    const fetch = () => Promise.reject(new Error("not sent"));
    return new NodeCompat({ compatibilityDate, compatibilityFlags, flags, fetch }, {});
  };
  const client = (node: NodeCompat, name: string) => {
    const answer = node.resolve(name);
    return "namespace" in answer ? (answer.namespace.default as Record<string, (url: string) => unknown>) : {};
  };

  test("is workerd's from 2025-08-15 (or enable_nodejs_http_modules), unenv's stub before", () => {
    expect(client(withFetch("2026-10-01"), "node:http").request("http://x/")?.constructor.name).toBe("ClientRequest");
    expect(
      client(withFetch("2025-06-01", ["nodejs_compat", "enable_nodejs_http_modules"]), "node:http").ClientRequest?.name,
    ).toBe("ClientRequest");
    const before = withFetch("2025-06-01", ["nodejs_compat"]);
    expect([
      thrownMessage(() => client(before, "node:http").request("http://x/")),
      thrownMessage(() => client(before, "node:https").get("https://x/")),
      thrownMessage(
        () => new (client(before, "node:http").ClientRequest as unknown as new (url: string) => unknown)("http://x/"),
      ),
    ]).toMatchInlineSnapshot(`
      [
        "Error: [unenv] http.request is not implemented yet!",
        "Error: [unenv] https.get is not implemented yet!",
        "Error: [unenv] http.ClientRequest is not implemented yet!",
      ]
    `);
  });
});
