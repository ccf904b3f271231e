// @ts-check
/**
 * Child processes in their own process group, stopped by that group's id (SIGTERM, then SIGKILL),
 * with their output kept for error messages.
 */
import { spawn } from "node:child_process";
import { stripVTControlCharacters } from "node:util";

/** Groups started by this process and not yet stopped, so an interrupted run can stop them. */
const live = new Set();

/** Stops every group this process started (each by its id). */
export function killStartedGroups() {
  for (const pgid of live) killGroup(pgid, "SIGKILL");
  live.clear();
}

function killGroup(/** @type {number} */ pgid, /** @type {NodeJS.Signals} */ signal) {
  try {
    process.kill(-pgid, signal);
  } catch {
    // already gone
  }
}

/**
 * The environment every server starts with, the same whoever runs the suite (a test runner's
 * NODE_ENV=test, a developer's locale or secrets must not change what probes see). TZ is set to a
 * zone that is not UTC on purpose: workerd always runs in UTC, so a runtime that takes the host's
 * time zone shows up in the probes on every machine.
 */
export function serverEnvironment(/** @type {Record<string, string | undefined>} */ extra = {}) {
  /** @type {Record<string, string>} */
  const env = {};
  for (const name of ["PATH", "HOME", "TMPDIR"]) {
    const value = process.env[name];
    if (value !== undefined) env[name] = value;
  }
  // A Node other than the one better-sqlite3 was built for (CI's Node 24 run) loads a build of its
  // own through the tests' preload (e2e/helpers/sqlite-for-node.mjs).
  if (process.env.KINDLING_E2E_SQLITE_BINDING) {
    env.KINDLING_E2E_SQLITE_BINDING = process.env.KINDLING_E2E_SQLITE_BINDING;
    if (process.env.NODE_OPTIONS) env.NODE_OPTIONS = process.env.NODE_OPTIONS;
  }
  Object.assign(env, { TZ: "America/New_York", NO_COLOR: "1", FORCE_COLOR: "0" });
  for (const [name, value] of Object.entries(extra)) if (value !== undefined) env[name] = value;
  return env;
}

/**
 * Spawns `command args` detached (own process group) with `serverEnvironment(env)` and returns a
 * handle; `ready` resolves with the first match of `readyPattern` in the output, or rejects when
 * the process exits or after `timeoutMs`.
 * @param {{ command: string, args: string[], cwd: string, env?: Record<string, string>, readyPattern: RegExp, timeoutMs: number, label: string }} options
 */
export function spawnGroup({ command, args, cwd, env, readyPattern, timeoutMs, label }) {
  const child = spawn(command, args, {
    cwd,
    env: serverEnvironment(env),
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  const pgid = /** @type {number} */ (child.pid);
  live.add(pgid);
  let output = "";
  /** @type {(() => void)[]} */
  const listeners = [];
  const onData = (/** @type {Buffer} */ chunk) => {
    output = (output + stripVTControlCharacters(chunk.toString())).slice(-50_000);
    for (const listener of listeners) listener();
  };
  child.stdout.on("data", onData);
  child.stderr.on("data", onData);
  const exited = new Promise((resolve) => child.once("exit", (code, signal) => resolve({ code, signal })));

  /** @type {Promise<RegExpExecArray>} */
  const ready = new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`[conformance] ${label} did not start within ${timeoutMs} ms. Output:\n${output}`)),
      timeoutMs,
    );
    listeners.push(() => {
      const match = readyPattern.exec(output);
      if (!match) return;
      clearTimeout(timer);
      resolve(match);
    });
    void exited.then((info) => {
      clearTimeout(timer);
      reject(new Error(`[conformance] ${label} exited before it was ready (${JSON.stringify(info)}). Output:\n${output}`));
    });
  });

  return {
    ready,
    output: () => output,
    /** SIGTERM to the group, SIGKILL after 5 s; resolves when the leader has exited. */
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        killGroup(pgid, "SIGTERM");
        const timer = setTimeout(() => killGroup(pgid, "SIGKILL"), 5_000);
        await exited;
        clearTimeout(timer);
      }
      // Children (workerd) may outlive the leader: make sure the whole group is gone.
      killGroup(pgid, "SIGKILL");
      live.delete(pgid);
    },
  };
}
