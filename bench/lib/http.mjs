/** Minimal HTTP GETs over loopback, and a bounded polling loop. */
import http from "node:http";

/** GET `url`; resolves { status, body } or rejects (connection refused, timeout). */
export function get(url, { agent = false, timeout = 15_000 } = {}) {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { agent, timeout }, (res) => {
      const chunks = [];
      res.on("data", (chunk) => chunks.push(chunk));
      res.on("end", () => resolve({ status: res.statusCode, body: Buffer.concat(chunks).toString("utf8") }));
      res.on("error", reject);
    });
    req.on("timeout", () => req.destroy(new Error(`GET ${url} timed out after ${timeout} ms`)));
    req.on("error", reject);
  });
}

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Calls `attempt` until it returns a truthy value; gives up after `timeout` ms with the last
 * error or value in the message. `attempt` errors (e.g. ECONNREFUSED) count as "not yet".
 */
export async function until(what, attempt, { timeout, interval = 5 }) {
  const deadline = performance.now() + timeout;
  let last;
  while (performance.now() < deadline) {
    try {
      const value = await attempt();
      if (value) return value;
      last = value;
    } catch (error) {
      last = error;
    }
    if (interval > 0) await sleep(interval);
  }
  const detail = last instanceof Error ? last.message : JSON.stringify(last)?.slice(0, 300);
  throw new Error(`[bench] ${what}: gave up after ${timeout} ms (last: ${detail})`);
}

/** First line of a response body, for n/a reasons. */
export function firstLine(body) {
  const line = body.split("\n").find((l) => l.trim() !== "") ?? "";
  return line.trim().slice(0, 160);
}
