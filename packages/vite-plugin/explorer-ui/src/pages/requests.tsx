/** Every request and event the dev server's workers handled, newest first, updated live, each with its worker. */
import { useEffect, useState } from "preact/hooks";
import { getJson } from "../api.js";
import { Empty, ErrorBox, formatDuration, formatTime, Section } from "../components.js";
import { navigate } from "../router.js";
import type { TraceSummary } from "../types.js";

/** Summaries by worker and id, kept across page switches; the live stream merges into it. */
export const requestStore = {
  byId: new Map<string, TraceSummary>(),
  listeners: new Set<() => void>(),
  key: (worker: string, id: string) => `${worker}/${id}`,
  merge(summaries: TraceSummary[]) {
    for (const summary of summaries) this.byId.set(this.key(summary.worker, summary.id), summary);
    for (const listener of this.listeners) listener();
  },
};

export function RequestsPage() {
  const [, setVersion] = useState(0);
  const [error, setError] = useState<string>();
  const [filter, setFilter] = useState("");
  useEffect(() => {
    const listener = () => setVersion((n) => n + 1);
    requestStore.listeners.add(listener);
    getJson<TraceSummary[]>("requests", { worker: undefined }).then(
      (list) => requestStore.merge(list),
      (e: Error) => setError(e.message),
    );
    return () => requestStore.listeners.delete(listener);
  }, []);
  const all = [...requestStore.byId.values()].toSorted((a, b) => b.start - a.start);
  const needle = filter.toLowerCase();
  const shown = filter ? all.filter((r) => `${r.worker} ${r.label}`.toLowerCase().includes(needle)) : all;
  const workers = new Set(all.map((r) => r.worker));
  return (
    <Section
      title="Requests"
      actions={
        <input
          type="search"
          placeholder="Filter by worker, method, path, label"
          aria-label="Filter requests"
          value={filter}
          onInput={(event) => setFilter(event.currentTarget.value)}
        />
      }
    >
      <ErrorBox error={error} />
      {shown.length === 0 ? (
        <Empty>No requests yet. Open the worker's pages; every request shows here as it happens.</Empty>
      ) : (
        <div class="table-wrap">
          <table aria-label="Requests">
            <thead>
              <tr>
                <th scope="col">Time</th>
                <th scope="col">Worker</th>
                <th scope="col">Type</th>
                <th scope="col">Request</th>
                <th scope="col">Status</th>
                <th scope="col">Duration</th>
                <th scope="col">Calls</th>
                <th scope="col">Generation</th>
              </tr>
            </thead>
            <tbody>
              {shown.slice(0, 300).map((request) => (
                <tr
                  class="link"
                  tabIndex={0}
                  data-request={request.label}
                  data-worker={request.worker}
                  onClick={() => navigate("requests", request.worker, request.id)}
                  onKeyDown={(event) => event.key === "Enter" && navigate("requests", request.worker, request.id)}
                >
                  <td class="mono">{formatTime(request.start)}</td>
                  <td class={workers.size > 1 ? "mono" : "mono muted"}>{request.worker}</td>
                  <td>
                    <span class={`tag tag-${request.type}`}>{request.type}</span>
                  </td>
                  <td class="mono label">{request.label}</td>
                  <td>
                    <Status request={request} />
                  </td>
                  <td class="mono">{formatDuration(request.end === undefined ? undefined : request.end - request.start)}</td>
                  <td class="mono">
                    {[request.spans && `${request.spans} calls`, request.logs && `${request.logs} logs`]
                      .filter(Boolean)
                      .join(" · ")}
                  </td>
                  <td class="mono">#{request.generation}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Section>
  );
}

export function Status(props: { request: Pick<TraceSummary, "status" | "outcome"> }) {
  const { status, outcome } = props.request;
  if (outcome === "pending") return <span class="status pending">…</span>;
  const bad = outcome === "exception" || (status !== undefined && status >= 500);
  const warn = status !== undefined && status >= 400 && status < 500;
  return (
    <span class={`status ${bad ? "bad" : warn ? "warn" : "good"}`}>{status ?? (outcome === "ok" ? "ok" : "exception")}</span>
  );
}
