/** `process` under nodejs_compat: env (the worker's vars, per compatibility date), cwd, identity. */
import process from "node:process";

export const area = "nodejs_compat";

/** Names of process.env the fixture defines (vars and .dev.vars), and whether anything else is there. */
function envShape(env) {
  const keys = Object.keys(env);
  return {
    fixture: keys.filter((key) => key.startsWith("CONF_")).toSorted(),
    others: keys.some((key) => !key.startsWith("CONF_")),
  };
}

export function probes({ env }) {
  return {
    "process.env names": () => envShape(process.env),
    "globalThis.process.env names": () => envShape(globalThis.process.env),
    "process.env.CONF_STRING": () => process.env.CONF_STRING,
    "process.env.CONF_NUMBER": () => process.env.CONF_NUMBER,
    "process.env.CONF_JSON": () => process.env.CONF_JSON,
    "process.env.CONF_SECRET (.dev.vars)": () => process.env.CONF_SECRET,
    "process.env.HOME": () => (process.env.HOME === undefined ? "<undefined>" : "<set>"),
    "process.env.NODE_ENV": () => process.env.NODE_ENV,
    "writing process.env": () => {
      process.env.CONF_WRITTEN = 5;
      return [typeof process.env.CONF_WRITTEN, process.env.CONF_WRITTEN];
    },
    "env.CONF_NUMBER (binding)": () => env.CONF_NUMBER,
    "env.CONF_JSON (binding)": () => env.CONF_JSON,
    "process === globalThis.process": () => process === globalThis.process,
    "process.cwd()": () => process.cwd(),
    "process.platform": () => process.platform,
    "process.arch": () => process.arch,
    "process.version format": () => /^v\d+\.\d+\.\d+$/.test(process.version),
    "process.versions keys": () => Object.keys(process.versions).toSorted(),
    "process.release.name": () => process.release?.name,
    // Paths are the host's: only the file names say which program runs.
    "process.argv": () => process.argv.map((arg) => arg.split("/").at(-1)),
    "process.execArgv": () => process.execArgv,
    "typeof process.pid": () => typeof process.pid,
    "process.pid is 1": () => process.pid === 1,
    "process.title": () => process.title.split("/").at(-1),
    "process.uptime() type": () => typeof process.uptime(),
    "process.hrtime.bigint() type": () => typeof process.hrtime.bigint(),
    "process.memoryUsage()": () => Object.keys(process.memoryUsage()).toSorted(),
    "process.exitCode": () => process.exitCode,
    "process.umask()": () => process.umask(),
    "process.getuid()": () => (typeof process.getuid === "function" ? process.getuid() : "<none>"),
    "process.chdir('/tmp')": () => {
      process.chdir("/tmp");
      return process.cwd();
    },
    "process.nextTick before promise": () =>
      new Promise((resolve) => {
        const order = [];
        Promise.resolve().then(() => order.push("promise"));
        process.nextTick(() => order.push("tick"));
        setTimeout(() => resolve(order), 5);
      }),
    "process.emitWarning": () => process.emitWarning("conformance probe warning"),
    "process.stdout.isTTY": () => process.stdout?.isTTY,
    "process.stdout.write type": () => typeof process.stdout?.write,
    "process.features keys": () => Object.keys(process.features ?? {}).toSorted(),
    "process.config": () => typeof process.config,
    "process.binding('fs')": () => typeof process.binding("fs"),
    "process.dlopen": () => process.dlopen({}, "/nonexistent.node"),
    "process.kill(process.pid, 0)": () => process.kill(process.pid, 0),
  };
}
