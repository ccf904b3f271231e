/** One request: its waterfall of binding calls, its console lines, its error. */
import { useEffect } from "preact/hooks";
import { useApi } from "../api.js";
import { ErrorBox, formatDuration, formatTime, Loading, Section } from "../components.js";
import { href } from "../router.js";
import type { RequestTrace, Span } from "../types.js";
import { requestStore, Status } from "./requests.js";

export function RequestDetailPage(props: { worker: string; id: string }) {
  const trace = useApi<RequestTrace>(`requests/${encodeURIComponent(props.id)}`, { worker: props.worker });
  const key = requestStore.key(props.worker, props.id);
  // Spans and lines arrive after the response: load again when the live stream says this one changed.
  useEffect(() => {
    let seen = requestStore.byId.get(key);
    const listener = () => {
      const now = requestStore.byId.get(key);
      if (now && now !== seen) {
        seen = now;
        trace.reload();
      }
    };
    requestStore.listeners.add(listener);
    return () => requestStore.listeners.delete(listener);
  }, [key]);
  const data = trace.data;
  return (
    <Section title={<a href={href("requests")}>Requests</a>}>
      <ErrorBox error={trace.error} />
      <Loading loading={trace.loading && !data} />
      {data && (
        <>
          <div class="request-head">
            <span class={`tag tag-${data.type}`}>{data.type}</span>
            <h3 class="mono">{data.label}</h3>
            <Status request={data} />
            <span class="muted">
              worker <span class="mono">{data.worker}</span> · {formatTime(data.start)} ·{" "}
              {formatDuration(data.end === undefined ? undefined : data.end - data.start)} · generation #{data.generation}
            </span>
          </div>
          {data.error && (
            <div class="error-box" role="alert">
              <strong>{data.error.message}</strong>
              <pre>{data.error.stack}</pre>
            </div>
          )}
          <h3>Calls</h3>
          <Waterfall trace={data} />
          <h3>Console</h3>
          {data.logs.length === 0 ? (
            <p class="muted">Nothing logged.</p>
          ) : (
            <ol class="console" aria-label="Console output">
              {data.logs.map((line) => (
                <li class={`log-${line.level}`}>
                  <span class="muted mono">+{formatDuration(line.time - data.start)}</span> <span class="mono">{line.text}</span>
                </li>
              ))}
            </ol>
          )}
          {data.dropped > 0 && <p class="muted">{data.dropped} more calls and lines were not kept.</p>}
        </>
      )}
    </Section>
  );
}

function Waterfall(props: { trace: RequestTrace }) {
  const { trace } = props;
  if (trace.spans.length === 0) return <p class="muted">No binding calls, outbound fetches or RPC.</p>;
  const spans = trace.spans.toSorted((a, b) => a.start - b.start);
  const start = Math.min(trace.start, spans[0]!.start);
  const end = Math.max(trace.end ?? 0, ...spans.map((s) => s.end));
  const total = Math.max(end - start, 0.001);
  const depth = depthOf(spans);
  return (
    <ol class="waterfall" aria-label="Calls">
      {spans.map((span) => (
        <li class={span.error ? "span failed" : "span"} data-span={`${span.kind} ${span.name}`}>
          <div class="span-label" style={{ paddingLeft: `${depth.get(span.id)! * 14}px` }}>
            <span class="tag">{span.binding ?? kindLabels[span.kind] ?? span.kind}</span> <strong>{span.name}</strong>{" "}
            <span class="mono detail" title={span.detail}>
              {span.detail}
            </span>
            {span.result && <span class="muted"> → {span.result}</span>}
            {span.error && <span class="bad-text"> ✕ {span.error}</span>}
          </div>
          <div class="span-track" aria-hidden="true">
            <div
              class="span-bar"
              style={{
                left: `${((span.start - start) / total) * 100}%`,
                width: `${Math.max(((span.end - span.start) / total) * 100, 0.5)}%`,
              }}
            />
          </div>
          <div class="span-time mono">{formatDuration(span.end - span.start)}</div>
        </li>
      ))}
    </ol>
  );
}

const kindLabels: Record<string, string> = { durable_object_namespace: "Durable Object", fetch: "fetch", rpc: "RPC" };

function depthOf(spans: Span[]): Map<number, number> {
  const depth = new Map<number, number>();
  for (const span of spans) depth.set(span.id, span.parent === undefined ? 0 : (depth.get(span.parent) ?? 0) + 1);
  return depth;
}
