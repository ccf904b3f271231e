/** The explorer's frame: the worker's name and generation, navigation, and the page the route names. */
import { useEffect, useState } from "preact/hooks";
import { setWorker, useApi, useLiveEvents } from "./api.js";
import { ErrorBox, Loading } from "./components.js";
import { href, useRoute } from "./router.js";
import { panels } from "./panels/index.js";
import { RequestsPage, requestStore } from "./pages/requests.js";
import { RequestDetailPage } from "./pages/request-detail.js";
import { GenerationsPage } from "./pages/generations.js";
import { TriggersPage } from "./pages/triggers.js";
import { EmailsPage } from "./pages/emails.js";
import { QueuesPage } from "./pages/queues.js";
import { WorkflowsPage } from "./pages/workflows.js";
import type { Overview, TraceSummary } from "./types.js";

type WorkerState = { worker: string; current: number | null };

/** The worker shown (kept for this tab's reloads); undefined: the main worker. */
function initialWorker(): string | undefined {
  const saved = sessionStorage.getItem("kindling-explorer-worker") ?? undefined;
  setWorker(saved);
  return saved;
}

export function App() {
  const [worker, setWorkerState] = useState(initialWorker);
  const overview = useApi<Overview>("overview");
  const [generations, setGenerations] = useState<Record<string, number | null>>({});
  const [generationEvents, setGenerationEvents] = useState(0);
  const live = useLiveEvents({
    hello: (data) =>
      setGenerations(Object.fromEntries((data as { workers: WorkerState[] }).workers.map((w) => [w.worker, w.current]))),
    generation: (data) => {
      const { worker: name, current } = data as WorkerState;
      setGenerations((all) => ({ ...all, [name]: current }));
      setGenerationEvents((n) => n + 1);
    },
    requests: (data) => requestStore.merge(data as TraceSummary[]),
  });
  const route = useRoute();
  const data = overview.data;
  const choose = (name: string) => {
    const chosen = name === data?.workers[0] ? undefined : name;
    setWorker(chosen);
    if (chosen === undefined) sessionStorage.removeItem("kindling-explorer-worker");
    else sessionStorage.setItem("kindling-explorer-worker", chosen);
    setWorkerState(chosen);
  };
  const generation = data ? generations[data.worker] : undefined;
  // A worker kept from an earlier visit that this dev server no longer runs: show the main one.
  useEffect(() => {
    if (overview.error && worker !== undefined) {
      setWorker(undefined);
      sessionStorage.removeItem("kindling-explorer-worker");
      setWorkerState(undefined);
    }
  }, [overview.error]);
  return (
    <div class="layout">
      <header class="top">
        <a class="brand" href={href("requests")}>
          <span class="flame" aria-hidden="true" />
          Kindling Explorer
        </a>
        {data && data.workers.length > 1 ? (
          <select class="worker mono" aria-label="Worker" value={data.worker} onChange={(e) => choose(e.currentTarget.value)}>
            {data.workers.map((name, i) => (
              <option value={name}>{i === 0 ? name : `${name} (auxiliary)`}</option>
            ))}
          </select>
        ) : (
          data && <span class="worker mono">{data.worker}</span>
        )}
        <span class="muted">generation #{generation ?? data?.current ?? "–"}</span>
        <span class={live ? "live on" : "live"} title={live ? "Live updates on" : "Reconnecting"}>
          {live ? "live" : "offline"}
        </span>
      </header>
      <nav class="side" aria-label="Explorer">
        <NavLink route={route} to={["requests"]} label="Requests" />
        <NavLink route={route} to={["generations"]} label="Generations" />
        <NavLink route={route} to={["triggers"]} label="Cron triggers" />
        <NavLink route={route} to={["emails"]} label="Emails" />
        <NavLink route={route} to={["queues"]} label="Queues" />
        <NavLink route={route} to={["workflows"]} label="Workflows" />
        {data &&
          Object.entries(panels).map(([kind, panel]) => {
            const bindings = data.bindings.filter((b) => b.type === kind);
            if (bindings.length === 0) return null;
            return (
              <div class="nav-group">
                <h2>{panel.title}</h2>
                {bindings.map((b) => (
                  <NavLink route={route} to={["bindings", b.name]} label={b.name} />
                ))}
              </div>
            );
          })}
        {data && data.bindings.some((b) => !b.view) && (
          <div class="nav-group">
            <h2>Other bindings</h2>
            <ul class="plain muted">
              {data.bindings
                .filter((b) => !b.view)
                .map((b) => (
                  <li title={b.type}>
                    {b.page ? <a href={href(...b.page)}>{b.name}</a> : b.name} <span class="mono">{b.type}</span>
                  </li>
                ))}
            </ul>
          </div>
        )}
      </nav>
      <main class="main">
        <ErrorBox error={overview.error} />
        <Loading loading={overview.loading && !data} />
        {data && <Page key={worker ?? ""} route={route} overview={data} generationEvents={generationEvents} />}
      </main>
    </div>
  );
}

function Page(props: { route: string[]; overview: Overview; generationEvents: number }) {
  const [section, name, ...rest] = props.route;
  // #/requests/<worker>/<id>; #/requests/<id> is a request of the main worker.
  if (section === "requests" && name !== undefined) {
    return rest[0] === undefined ? (
      <RequestDetailPage worker={props.overview.workers[0]!} id={name} />
    ) : (
      <RequestDetailPage worker={name} id={rest[0]} />
    );
  }
  if (section === "queues") return <QueuesPage queue={name} />;
  if (section === "workflows") return <WorkflowsPage workflow={name} instance={rest[0]} />;
  if (section === "generations") return <GenerationsPage version={props.generationEvents} />;
  if (section === "triggers") return <TriggersPage overview={props.overview} />;
  if (section === "emails") return <EmailsPage />;
  if (section === "bindings" && name !== undefined) {
    const binding = props.overview.bindings.find((b) => b.name === name);
    const panel = binding && panels[binding.type];
    if (!panel) return <ErrorBox error={`No view for binding "${name}".`} />;
    return <panel.Panel key={name} binding={name} path={rest} />;
  }
  return <RequestsPage />;
}

function NavLink(props: { route: string[]; to: string[]; label: string }) {
  const active = props.to.every((part, i) => props.route[i] === part);
  return (
    <a class={active ? "nav-link active" : "nav-link"} href={href(...props.to)} aria-current={active ? "page" : undefined}>
      {props.label}
    </a>
  );
}
