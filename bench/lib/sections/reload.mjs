/** Reload: file write -> first response showing the new content, for a module two levels down and for the entry. */
import { edits, nextToken } from "../apps.mjs";
import { sleep } from "../http.mjs";
import { attempt, keepAliveAgent, reloadOnce, ReloadStalled, withServer } from "../serve.mjs";
import { settings } from "../settings.mjs";
import { Metric } from "../stats.mjs";

export async function reload(order) {
  const metrics = {
    deep: new Metric("reload.deep", "reload: edit 2 levels down -> new content", "ms"),
    entry: new Metric("reload.entry", "reload: edit of the entry -> new content", "ms"),
  };
  const rounds = Math.max(1, settings.reloadRounds);
  const perRound = Math.ceil(settings.reloadSamples / rounds);
  for (let round = 0; round < rounds; round++) {
    for (const variant of order) {
      const result = await attempt(`reload session of ${variant.name}`, () =>
        withServer(variant, async (server) => {
          const agent = keepAliveAgent();
          const counter = { stalls: 0 };
          try {
            for (const kind of ["deep", "entry"]) {
              for (let i = 0; i < perRound; i++) {
                await sample(server, kind, metrics[kind], agent, counter);
                await sleep(settings.reloadSettleMs);
              }
            }
          } finally {
            agent.destroy();
          }
        }),
      );
      if (!result.ok) for (const metric of Object.values(metrics)) metric.fail(variant.name, result.reason);
    }
    console.log(`[bench] reload round ${round + 1}/${rounds}`);
  }
  return Object.values(metrics);
}

/** One reload; a stalled one is counted (and logged) rather than ending the session, up to maxStalls. */
export async function sample(server, kind, metric, agent, counter) {
  try {
    metric.add(server.variant.name, await reloadOnce(server, edits[kind], nextToken(kind), agent));
  } catch (error) {
    if (!(error instanceof ReloadStalled)) throw error;
    console.error(`[bench] ${error.message}`);
    metric.stall(server.variant.name);
    if (++counter.stalls >= settings.maxStalls) throw new Error(`${counter.stalls} reloads stalled`, { cause: error });
  }
}
