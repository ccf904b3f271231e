/** The explorer's frame: the worker's name and generation, navigation, and the page the route names. */
import { useState } from "preact/hooks";
import { useApi, useLiveEvents } from "./api.js";
import { ErrorBox, Loading } from "./components.js";
import { href, useRoute } from "./router.js";
import { panels } from "./panels/index.js";
import { RequestsPage, requestStore } from "./pages/requests.js";
import { RequestDetailPage } from "./pages/request-detail.js";
import { GenerationsPage } from "./pages/generations.js";
import { TriggersPage } from "./pages/triggers.js";
import { EmailsPage } from "./pages/emails.js";
import type { Overview, TraceSummary } from "./types.js";

export function App() {
  const overview = useApi<Overview>("overview");
  const [generation, setGeneration] = useState<number | null>(null);
  const [generationEvents, setGenerationEvents] = useState(0);
  const live = useLiveEvents({
    hello: (data) => setGeneration((data as { current: number | null }).current),
    generation: (data) => {
      setGeneration((data as { current: number | null }).current);
      setGenerationEvents((n) => n + 1);
    },
    requests: (data) => requestStore.merge(data as TraceSummary[]),
  });
  const route = useRoute();
  const data = overview.data;
  return (
    <div class="layout">
      <header class="top">
        <a class="brand" href={href("requests")}>
          <span class="flame" aria-hidden="true" />
          Kindling Explorer
        </a>
        {data && <span class="worker mono">{data.worker}</span>}
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
                    {b.name} <span class="mono">{b.type}</span>
                  </li>
                ))}
            </ul>
          </div>
        )}
      </nav>
      <main class="main">
        <ErrorBox error={overview.error} />
        <Loading loading={overview.loading && !data} />
        {data && <Page route={route} overview={data} generationEvents={generationEvents} />}
      </main>
    </div>
  );
}

function Page(props: { route: string[]; overview: Overview; generationEvents: number }) {
  const [section, name, ...rest] = props.route;
  if (section === "requests" && name !== undefined) return <RequestDetailPage id={name} />;
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
