/**
 * Memory: total RSS of the server's process group after start and after N reloads, and its threads.
 * Node names none of its threads, so Kindling's worker threads are counted as the server's "node"
 * threads minus those of the plain Vite server (same Node, same Vite, no worker) measured here too.
 */
import { probeGroup } from "../dev-server.mjs";
import { sleep } from "../http.mjs";
import { attempt, keepAliveAgent, withServer } from "../serve.mjs";
import { settings } from "../settings.mjs";
import { Metric } from "../stats.mjs";
import { sample } from "./reload.mjs";

export async function memory(order, reference) {
  const rssStart = new Metric("mem.rss.start", "RSS after start (process group)", "MiB");
  const rssAfter = new Metric("mem.rss.after", `RSS after ${settings.memoryReloads} reloads`, "MiB");
  const growth = new Metric("mem.rss.growth", "  growth", "MiB");
  const osThreads = new Metric("threads.os.after", `OS threads after ${settings.memoryReloads} reloads (group)`, "");
  const workerThreads = new Metric("threads.worker.after", `worker threads after ${settings.memoryReloads} reloads`, "");
  const reloads = new Metric("mem.reload", `  reload time during the ${settings.memoryReloads} reloads`, "ms");
  const details = {};
  let baseNodeThreads;

  for (const variant of [reference, ...order]) {
    const result = await attempt(`memory session of ${variant.name}`, () =>
      withServer(variant, async (server) => {
        await sleep(1_000); // the standby thread boots after the first generation
        const start = await settled(server.pid);
        rssStart.add(variant.name, start.rssMiB);
        let after = start;
        if (variant !== reference) {
          const agent = keepAliveAgent();
          const counter = { stalls: 0 };
          try {
            for (let i = 0; i < settings.memoryReloads; i++) {
              await sample(server, "deep", reloads, agent, counter);
              await sleep(20);
            }
          } finally {
            agent.destroy();
          }
          after = await settled(server.pid);
        }
        return { start, after };
      }),
    );
    if (!result.ok) {
      for (const metric of [rssStart, rssAfter, growth, osThreads, workerThreads, reloads])
        metric.fail(variant.name, result.reason);
      continue;
    }
    const { start, after } = result.value;
    details[variant.name] = { start, after };
    const leaderNodeThreads = nodeThreads(after);
    if (variant === reference) {
      baseNodeThreads = nodeThreads(start);
      osThreads.add(variant.name, start.threads);
      continue;
    }
    rssAfter.add(variant.name, after.rssMiB);
    growth.add(variant.name, after.rssMiB - start.rssMiB);
    osThreads.add(variant.name, after.threads);
    if (variant.name === "kindling" && baseNodeThreads !== undefined) {
      workerThreads.add(variant.name, leaderNodeThreads - baseNodeThreads);
    } else if (variant.name !== "kindling") {
      workerThreads.fail(variant.name, "runs in a workerd process");
    }
  }
  return { metrics: [rssStart, rssAfter, growth, osThreads, workerThreads, reloads], details };
}

/** Threads named "node" in the group's leader (Vite's process): main, V8 platform, libuv pool, Workers. */
function nodeThreads(probe) {
  return probe.leader?.threadNames.node ?? 0;
}

/** Probes until the thread count holds still for 1 s (drains finished), at most 15 s. */
async function settled(pgid) {
  const deadline = Date.now() + 15_000;
  let last = probeGroup(pgid);
  let stableSince = Date.now();
  while (Date.now() < deadline && Date.now() - stableSince < 1_000) {
    await sleep(200);
    const next = probeGroup(pgid);
    if (next.threads !== last.threads) stableSince = Date.now();
    last = next;
  }
  return last;
}
