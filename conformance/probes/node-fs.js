/** `node:fs` and friends under nodejs_compat: workerd's virtual file system vs the host's. */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

export const area = "nodejs_compat";

/** Which of a few well-known top-level directories exist (no host-specific listing in the report). */
const candidates = ["bin", "bundle", "dev", "etc", "home", "proc", "tmp", "usr", "var"];

export function probes() {
  return {
    "readdirSync('/') well-known entries": () =>
      fs
        .readdirSync("/")
        .filter((name) => candidates.includes(name))
        .toSorted(),
    "existsSync('/bundle')": () => fs.existsSync("/bundle"),
    "existsSync('/etc/passwd')": () => fs.existsSync("/etc/passwd"),
    "readFileSync('/etc/passwd')": () =>
      fs.readFileSync("/etc/passwd", "utf8").length > 0 ? "<read the host's file>" : "<empty>",
    "readFileSync of a missing file": () => fs.readFileSync("/nonexistent/conformance-file"),
    "statSync('/bundle').isDirectory()": () => fs.statSync("/bundle").isDirectory(),
    "readdirSync('/bundle')": () => fs.readdirSync("/bundle").toSorted(),
    "readdirSync('/dev')": () =>
      fs
        .readdirSync("/dev")
        .filter((name) => ["null", "zero", "random", "urandom", "full"].includes(name))
        .toSorted(),
    "readFileSync('/dev/null')": () => fs.readFileSync("/dev/null").length,
    "write, read and unlink in /tmp": () => {
      const file = `/tmp/kindling-conformance-${Math.random().toString(36).slice(2)}.txt`;
      fs.writeFileSync(file, "x");
      const back = fs.readFileSync(file, "utf8");
      fs.unlinkSync(file);
      return back;
    },
    "writeFileSync('/bundle/x')": () => fs.writeFileSync("/bundle/x", "x"),
    "mkdirSync('/bundle/dir')": () => fs.mkdirSync("/bundle/conformance-probe-dir"),
    "fs.promises.readFile error": () => fs.promises.readFile("/nonexistent/conformance-file"),
    "fs.readFile callback error code": () =>
      new Promise((resolve) => fs.readFile("/nonexistent/conformance-file", (error) => resolve(error?.code))),
    "createReadStream('/nonexistent') error": () =>
      new Promise((resolve) =>
        fs
          .createReadStream("/nonexistent/conformance-file")
          .on("error", (error) => resolve({ code: error.code, message: error.message })),
      ),
    "fs.watch": () => fs.watch("/tmp"),
    "path.resolve('a')": () => path.resolve("a"),
    "path.join('/a', '..', 'b')": () => path.join("/a", "..", "b"),
    "path.sep": () => path.sep,
    "path.win32.join": () => path.win32.join("a", "b"),
    "os.platform()": () => os.platform(),
    "os.tmpdir()": () => os.tmpdir(),
    "os.homedir()": () => os.homedir(),
    "os.EOL": () => os.EOL,
    "os.cpus().length > 0": () => os.cpus().length > 0,
    "os.hostname() type": () => typeof os.hostname(),
    "os.type()": () => os.type(),
    "os.endianness()": () => os.endianness(),
  };
}
