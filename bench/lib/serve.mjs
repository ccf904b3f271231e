/** Shared steps of every section: run a server session, wait for the app, reload it. */
import http from "node:http";
import net from "node:net";
import { rootOf } from "./apps.mjs";
import { startDevServer } from "./dev-server.mjs";
import { get, sleep, until } from "./http.mjs";
import { settings } from "./settings.mjs";

/** Starts a server, waits for the app's first 200 on `/`, runs `body(server, timings)`, always stops it. */
export async function withServer(variant, body) {
  const server = await startDevServer(variant);
  try {
    const timings = await waitForApp(server);
    return await body(server, timings);
  } finally {
    await server.stop();
  }
}

/** Times from spawn to the port accepting connections, and to the first 200 on `/`. */
async function waitForApp(server) {
  const { url, variant } = server;
  const timeout = settings.startTimeoutMs;
  await until(`${variant.name}: port accepting connections`, () => (server.assertAlive(), canConnect(new URL(url).port)), {
    timeout,
    interval: 5,
  });
  const listening = performance.now();
  await until(
    `${variant.name}: first 200 on /`,
    async () => {
      server.assertAlive();
      const res = await get(`${url}/`, { timeout });
      return res.status === 200 && variant.isReady(res.body);
    },
    { timeout, interval: 5 },
  );
  const ready = performance.now();
  return { listenMs: listening - server.spawnedAt, firstOkMs: ready - server.spawnedAt };
}

function canConnect(port) {
  return new Promise((resolve) => {
    const socket = net.connect(Number(port), "127.0.0.1");
    socket.once("connect", () => (socket.destroy(), resolve(true)));
    socket.once("error", () => resolve(false));
  });
}

const lastSave = new Map();

/**
 * Writes `token` into the edited file and polls `/` (one keep-alive connection, as a browser tab)
 * until a 200 shows it; returns milliseconds from the write to that response.
 */
export async function reloadOnce(server, edit, token, agent) {
  // Vite's chokidar drops a second "change" of a path within 50 ms of the last one (no trailing
  // event), so saves of one file are kept at least 60 ms apart.
  const wait = (lastSave.get(edit.file) ?? -Infinity) + 60 - performance.now();
  if (wait > 0) await sleep(wait);
  edit.write(rootOf(server.variant), token);
  lastSave.set(edit.file, performance.now());
  const writtenAt = performance.now();
  let last;
  try {
    await until(
      `${server.variant.name}: reload of ${edit.file} showing "${token}"`,
      async () => {
        server.assertAlive();
        last = await get(`${server.url}/`, { agent, timeout: settings.reloadTimeoutMs });
        return last.status === 200 && last.body.includes(token);
      },
      { timeout: settings.reloadTimeoutMs, interval: 2 },
    );
  } catch (error) {
    server.assertAlive();
    const seen = last ? `HTTP ${last.status} ${JSON.stringify(last.body.slice(0, 200))}` : "no response";
    throw new ReloadStalled(`${error.message}; last response: ${seen}; server output:\n${server.output().slice(-3_000)}`, {
      cause: error,
    });
  }
  return performance.now() - writtenAt;
}

/** A reload whose new content did not show within the reload timeout (the server is still up). */
export class ReloadStalled extends Error {}

export function keepAliveAgent() {
  return new http.Agent({ keepAlive: true, maxSockets: 1 });
}

/** Runs `fn` and turns a failure into a one-line reason (printed with the server's output tail). */
export async function attempt(what, fn) {
  try {
    return { ok: true, value: await fn() };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    console.error(`[bench] ${what} failed: ${message.slice(0, 2_000)}`);
    return { ok: false, reason: message.split("\n", 1)[0].slice(0, 200) };
  }
}
