/** The worker's generations: the current one, why and how fast each was built, and how each ended. */
import { useEffect } from "preact/hooks";
import { useApi } from "../api.js";
import { Empty, ErrorBox, formatDuration, formatTime, Section } from "../components.js";
import type { GenerationInfo } from "../types.js";

export function GenerationsPage(props: { version: number }) {
  const generations = useApi<GenerationInfo[]>("generations");
  useEffect(() => generations.reload(), [props.version]);
  return (
    <Section title="Generations" actions={<button onClick={generations.reload}>Refresh</button>}>
      <ErrorBox error={generations.error} />
      {generations.data?.length === 0 && <Empty>No generation yet: one is built on the first request.</Empty>}
      <ol class="generations" aria-label="Generations">
        {generations.data?.map((generation) => (
          <li class={`generation ${generation.ended?.aborted ? "aborted" : ""}`} data-generation={generation.id}>
            <div class="generation-head">
              <strong>#{generation.id}</strong>
              <span class={`tag state-${label(generation)}`}>{label(generation)}</span>
              {generation.startedAt !== null && <span class="muted">built {formatTime(generation.startedAt)}</span>}
              {generation.buildMs !== null && <span class="muted">in {formatDuration(generation.buildMs)}</span>}
              {generation.state === "retiring" && <span class="muted">{generation.inflight} requests draining</span>}
            </div>
            <p>
              <span class="muted">Why: </span>
              {generation.causes.length > 0 ? generation.causes.join(", ") : "—"}
            </p>
            {generation.error && <pre class="error-box">{generation.error}</pre>}
            {generation.ended && (
              <p class={generation.ended.aborted ? "bad-text" : "muted"}>
                {generation.ended.aborted ? "Aborted" : "Ended"} {formatTime(generation.ended.at)}: {generation.ended.reason}
              </p>
            )}
          </li>
        ))}
      </ol>
    </Section>
  );
}

function label(generation: GenerationInfo): string {
  if (generation.current && generation.state !== "dead") return generation.state === "failed" ? "failed" : "current";
  if (generation.ended?.aborted) return "aborted";
  if (generation.state === "dead") return generation.error ? "failed" : "ended";
  return generation.state;
}
