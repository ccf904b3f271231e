/**
 * Starts `vite dev` for one variant in its own process group, and stops it by that group's id.
 * Also reads the group's memory and threads from /proc.
 */
import { spawn } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import { stripVTControlCharacters } from "node:util";
import { benchDir, rootOf } from "./apps.mjs";

const viteBin = path.join(benchDir, "node_modules/vite/bin/vite.js");
/** Node flags for the servers only, e.g. BENCH_SERVER_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof". */
const nodeArgs = (process.env.BENCH_SERVER_NODE_ARGS ?? "").split(" ").filter(Boolean);
/** Process groups still running, so that an interrupted run stops them (each by its id). */
const live = new Set();

export function stopAllStarted() {
  for (const pgid of live) killGroup(pgid, "SIGKILL");
  live.clear();
}

function killGroup(pgid, signal) {
  try {
    process.kill(-pgid, signal);
  } catch {
    // already gone
  }
}

/** A free loopback port (the OS picks one; Vite then gets it with --strictPort). */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** Spawns the server and returns at once; `spawnedAt` is the cold-start clock's zero. */
export async function startDevServer(variant) {
  const port = await freePort();
  const spawnedAt = performance.now();
  const child = spawn(
    process.execPath,
    [...nodeArgs, viteBin, "dev", "--config", variant.config, "--port", String(port), "--strictPort", "--host", "127.0.0.1"],
    {
      cwd: rootOf(variant),
      env: { ...process.env, NO_COLOR: "1", FORCE_COLOR: "0" },
      detached: true,
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  live.add(child.pid);
  let output = "";
  const onData = (chunk) => {
    output = (output + stripVTControlCharacters(chunk.toString())).slice(-20_000);
  };
  child.stdout.on("data", onData);
  child.stderr.on("data", onData);
  const exited = new Promise((resolve) => child.once("exit", (code, signal) => resolve({ code, signal })));
  let exitInfo;
  void exited.then((info) => (exitInfo = info));

  return {
    variant,
    pid: child.pid,
    url: `http://127.0.0.1:${port}`,
    spawnedAt,
    output: () => output,
    /** Throws with the server's output if it has exited (a crash while a loop polls it). */
    assertAlive() {
      if (exitInfo) throw new Error(`[bench] ${variant.name}: vite dev exited (${JSON.stringify(exitInfo)}):\n${output}`);
    },
    /** SIGTERM to the group, SIGKILL after 5 s; resolves when the group is gone (at most ~10 s). */
    async stop() {
      killGroup(child.pid, "SIGTERM");
      const timer = setTimeout(() => killGroup(child.pid, "SIGKILL"), 5_000);
      await exited;
      clearTimeout(timer);
      // Children (workerd) may outlive the leader for a moment.
      const deadline = Date.now() + 5_000;
      while (groupPids(child.pid).length > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      if (groupPids(child.pid).length > 0) killGroup(child.pid, "SIGKILL");
      live.delete(child.pid);
    },
  };
}

/** Pids of every process in the group `pgid` (the server and all its children). */
export function groupPids(pgid) {
  const pids = [];
  for (const entry of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, "utf8");
      // Fields after the parenthesised command: state ppid pgrp ...
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      if (Number(fields[2]) === pgid) pids.push(Number(entry));
    } catch {
      // exited meanwhile
    }
  }
  return pids;
}

/**
 * Memory and threads of a server's whole process group: total RSS (MiB; shared pages count
 * once per process, as `ps` would add them up), OS threads, and threads by name per process.
 */
export function probeGroup(pgid) {
  let rssKiB = 0;
  const processes = [];
  for (const pid of groupPids(pgid)) {
    try {
      const status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
      const rss = Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? 0);
      const name = /Name:\s+(.*)/.exec(status)?.[1] ?? "?";
      const threadNames = {};
      for (const tid of fs.readdirSync(`/proc/${pid}/task`)) {
        const comm = fs.readFileSync(`/proc/${pid}/task/${tid}/comm`, "utf8").trim();
        threadNames[comm] = (threadNames[comm] ?? 0) + 1;
      }
      rssKiB += rss;
      processes.push({
        pid,
        name,
        rssMiB: rss / 1024,
        threads: Object.values(threadNames).reduce((a, b) => a + b, 0),
        threadNames,
      });
    } catch {
      // exited meanwhile
    }
  }
  return {
    rssMiB: rssKiB / 1024,
    leader: processes.find((p) => p.pid === pgid),
    threads: processes.reduce((sum, p) => sum + p.threads, 0),
    processes,
  };
}

/** CPU time (user + system, ms) used so far by every process of the group `pgid`. */
export function groupCpuMs(pgid) {
  const ticksPerSecond = 100; // USER_HZ on Linux
  let ticks = 0;
  for (const pid of groupPids(pgid)) {
    try {
      const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      ticks += Number(fields[11]) + Number(fields[12]); // utime, stime (all threads)
    } catch {
      // exited meanwhile
    }
  }
  return (ticks * 1000) / ticksPerSecond;
}
