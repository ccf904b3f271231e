import { describe, expect, test } from "vitest";
import { createFsModules } from "./fs-module.js";
import { createFsStubModules } from "./fs-stub.js";
import { VirtualFileSystem } from "./virtual-fs.js";

type Fs = Record<string, (...args: unknown[]) => unknown> & {
  promises: Record<string, (...args: unknown[]) => Promise<unknown>>;
};

function virtualFs(cwd = "/bundle"): Fs {
  const vfs = new VirtualFileSystem({ "index.js": "export default {}", "lib/util.js": "export const x = 1" });
  return createFsModules(vfs, () => cwd).fs.default as Fs;
}

function thrown(run: () => unknown): { message: string; code?: string } {
  try {
    run();
  } catch (error) {
    const { message, code } = error as { message: string; code?: string };
    return { message, code };
  }
  throw new Error("expected a throw");
}

describe("workerd's virtual file system", () => {
  test("the host's files are not there", () => {
    const fs = virtualFs();
    expect(fs.existsSync("/etc/hostname")).toBe(false);
    expect(fs.existsSync("/etc/passwd")).toBe(false);
    expect(thrown(() => fs.readFileSync("/etc/hostname"))).toMatchInlineSnapshot(`
      {
        "code": "ENOENT",
        "message": "no such file or directory, readAll '/etc/hostname'",
      }
    `);
    expect(fs.readdirSync("/")).toEqual(["bundle", "tmp", "dev"]);
    // The test's own directory, on the host.
    expect(fs.existsSync(import.meta.dirname)).toBe(false);
  });

  test("/bundle holds the worker's files, read-only", () => {
    const fs = virtualFs();
    expect(fs.readFileSync("/bundle/index.js", "utf8")).toBe("export default {}");
    expect(fs.readdirSync("/bundle", { recursive: true })).toEqual(["index.js", "lib", "lib/util.js"]);
    expect(thrown(() => fs.writeFileSync("/bundle/x", "x"))).toMatchInlineSnapshot(`
      {
        "code": "EPERM",
        "message": "operation not permitted",
      }
    `);
    expect(thrown(() => fs.mkdirSync("/bundle/dir")).code).toBe("EPERM");
    expect(thrown(() => fs.unlinkSync("/bundle/index.js")).code).toBe("EPERM");
  });

  test("/tmp is writable and in memory", () => {
    const fs = virtualFs();
    fs.mkdirSync("/tmp/a/b", { recursive: true });
    fs.writeFileSync("/tmp/a/b/f.txt", "one");
    fs.appendFileSync("/tmp/a/b/f.txt", "+two");
    expect(fs.readFileSync("/tmp/a/b/f.txt", "utf8")).toBe("one+two");
    expect((fs.statSync("/tmp/a/b/f.txt") as { size: number }).size).toBe(7);
    fs.renameSync("/tmp/a/b/f.txt", "/tmp/g.txt");
    expect(fs.readdirSync("/tmp")).toEqual(["a", "g.txt"]);
    expect(thrown(() => fs.rmdirSync("/tmp/a")).code).toBe("ENOTEMPTY");
    fs.rmSync("/tmp/a", { recursive: true });
    fs.unlinkSync("/tmp/g.txt");
    expect(fs.readdirSync("/tmp")).toEqual([]);
  });

  test("a second file system does not see the first one's /tmp", () => {
    virtualFs().writeFileSync("/tmp/x", "x");
    expect(virtualFs().existsSync("/tmp/x")).toBe(false);
  });

  test("relative paths resolve against the working directory", () => {
    const fs = virtualFs("/bundle/lib");
    expect(fs.readFileSync("util.js", "utf8")).toBe("export const x = 1");
    expect(fs.readFileSync("../index.js", "utf8")).toBe("export default {}");
  });

  test("file descriptors read and write at their position", () => {
    const fs = virtualFs();
    const fd = fs.openSync("/tmp/f", "w") as number;
    fs.writeSync(fd, "hello ");
    fs.writeSync(fd, "world");
    fs.closeSync(fd);
    const reader = fs.openSync("/tmp/f") as number;
    const buffer = new Uint8Array(5);
    expect(fs.readSync(reader, buffer, 0, 5, 6)).toBe(5);
    expect(new TextDecoder().decode(buffer)).toBe("world");
    fs.closeSync(reader);
    expect(thrown(() => fs.closeSync(reader)).code).toBe("EBADF");
  });

  test("/dev/null reads empty and swallows writes", () => {
    const fs = virtualFs();
    fs.writeFileSync("/dev/null", "gone");
    expect((fs.readFileSync("/dev/null") as Uint8Array).length).toBe(0);
    expect(fs.readdirSync("/dev")).toEqual(["null", "zero", "full", "random"]);
  });

  test("callbacks, promises and streams report the same errors", async () => {
    const fs = virtualFs();
    const code = await new Promise((resolve) => fs.readFile("/nope", (error: { code: string }) => resolve(error.code)));
    expect(code).toBe("ENOENT");
    await expect(fs.promises.readFile("/nope")).rejects.toThrowErrorMatchingInlineSnapshot(
      `[Error: no such file or directory, readAll '/nope']`,
    );
    const streamError = await new Promise<Error>((resolve) =>
      (fs.createReadStream("/nope") as NodeJS.EventEmitter).on("error", resolve),
    );
    expect(streamError.message).toMatchInlineSnapshot(`"no such file or directory, open '/nope'"`);
    expect(thrown(() => fs.watch("/tmp"))).toMatchInlineSnapshot(`
      {
        "code": "ERR_UNSUPPORTED_OPERATION",
        "message": "The requested operation is unsupported",
      }
    `);
  });

  test("a read stream gives the file's bytes", async () => {
    const fs = virtualFs();
    fs.writeFileSync("/tmp/s", "streamed");
    const chunks: string[] = [];
    for await (const chunk of fs.createReadStream("/tmp/s", { encoding: "utf8" }) as AsyncIterable<string>) chunks.push(chunk);
    expect(chunks.join("")).toBe("streamed");
  });
});

describe("unenv's fs stub (before compatibility date 2025-09-15)", () => {
  test("every function throws unenv's error and existsSync answers false", async () => {
    const fs = createFsStubModules().fs.default as Fs;
    expect(fs.existsSync("/etc/passwd")).toBe(false);
    expect(thrown(() => fs.readFileSync("/etc/passwd"))).toMatchInlineSnapshot(`
      {
        "code": undefined,
        "message": "[unenv] fs.readFileSync is not implemented yet!",
      }
    `);
    expect(() => fs.promises.readFile("/etc/passwd")).toThrow("[unenv] fs.readFile is not implemented yet!");
  });
});
