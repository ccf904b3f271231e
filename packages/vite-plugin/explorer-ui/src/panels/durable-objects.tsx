/** A Durable Object class: its stored objects; one object's KV entries, SQL tables, alarm and WebSockets. */
import { useState } from "preact/hooks";
import { useApi } from "../api.js";
import { DataTable, Empty, ErrorBox, formatBytes, Loading, Section } from "../components.js";
import { href, navigate } from "../router.js";
import type { PanelProps } from "./index.js";

interface Objects {
  className: string;
  sqlite: boolean;
  objects: { id: string; name: string | null; size: number; modified: number }[];
}

interface ObjectDetail {
  id: string;
  name: string | null;
  alarm: number | null;
  entries: { key: string; value: string }[];
  tables: { name: string; rows: number }[];
  webSockets: { id: string; tags: string[] }[];
}

export function DurableObjectsPanel(props: PanelProps) {
  const id = props.path[0];
  return id === undefined ? (
    <ObjectList binding={props.binding} />
  ) : (
    <ObjectView binding={props.binding} id={id} table={props.path[1]} />
  );
}

function ObjectList(props: { binding: string }) {
  const objects = useApi<Objects>(`bindings/${encodeURIComponent(props.binding)}/objects`);
  const [filter, setFilter] = useState("");
  const shown = objects.data?.objects.filter((o) => o.id.includes(filter) || (o.name ?? "").includes(filter)) ?? [];
  return (
    <Section
      title={`Durable Objects · ${props.binding}${objects.data ? ` (${objects.data.className})` : ""}`}
      actions={
        <>
          <input
            type="search"
            aria-label="Find object by id or name"
            placeholder="Id or name"
            value={filter}
            onInput={(e) => setFilter(e.currentTarget.value)}
          />
          <button onClick={objects.reload}>Refresh</button>
        </>
      }
    >
      <ErrorBox error={objects.error} />
      <Loading loading={objects.loading && !objects.data} />
      {objects.data && shown.length === 0 && <Empty>No stored objects{filter ? " match" : " yet"}.</Empty>}
      {shown.length > 0 && (
        <DataTable
          label="Objects"
          columns={["Id", "Name", "Size", "Last written"]}
          rows={shown.map((o) => [o.id, o.name ?? "", formatBytes(o.size), new Date(o.modified).toLocaleString()])}
          onOpen={(index) => navigate("bindings", props.binding, shown[index]!.id)}
        />
      )}
    </Section>
  );
}

function ObjectView(props: { binding: string; id: string; table: string | undefined }) {
  const base = `bindings/${encodeURIComponent(props.binding)}`;
  const object = useApi<ObjectDetail>(`${base}/object`, { id: props.id });
  const data = object.data;
  return (
    <>
      <Section
        title={
          <>
            <a href={href("bindings", props.binding)}>Durable Objects · {props.binding}</a> /{" "}
            <span class="mono">{data?.name ?? `${props.id.slice(0, 16)}…`}</span>
          </>
        }
        actions={<button onClick={object.reload}>Refresh</button>}
      >
        <ErrorBox error={object.error} />
        {data && (
          <dl class="facts">
            <dt>Id</dt>
            <dd class="mono">{data.id}</dd>
            <dt>Name</dt>
            <dd class="mono">{data.name ?? "unknown (not seen since vite dev started, or made with newUniqueId)"}</dd>
            <dt>Alarm</dt>
            <dd>{data.alarm === null ? "none scheduled" : new Date(data.alarm).toLocaleString()}</dd>
            <dt>WebSockets</dt>
            <dd>
              {data.webSockets.length === 0
                ? "none open"
                : data.webSockets.map((s) => (
                    <span class="chip">
                      {s.id.slice(0, 8)} {s.tags.length > 0 ? `tags: ${s.tags.join(", ")}` : "no tags"}
                    </span>
                  ))}
            </dd>
          </dl>
        )}
      </Section>
      {data && (
        <Section title="Storage (KV API)">
          {data.entries.length === 0 ? (
            <Empty>No keys.</Empty>
          ) : (
            <DataTable label="Stored keys" columns={["Key", "Value"]} rows={data.entries.map((e) => [e.key, e.value])} />
          )}
        </Section>
      )}
      {data && data.tables.length > 0 && (
        <Section title="SQL tables">
          <ul class="chips" aria-label="SQL tables">
            {data.tables.map((t) => (
              <li>
                <a
                  class={t.name === props.table ? "chip selected" : "chip"}
                  href={href("bindings", props.binding, props.id, t.name)}
                >
                  {t.name} <span class="muted">{t.rows}</span>
                </a>
              </li>
            ))}
          </ul>
          {props.table !== undefined && <ObjectRows base={base} id={props.id} table={props.table} />}
        </Section>
      )}
    </>
  );
}

function ObjectRows(props: { base: string; id: string; table: string }) {
  const rows = useApi<{ columns: string[]; rows: unknown[][] }>(`${props.base}/rows`, { id: props.id, table: props.table });
  return (
    <>
      <ErrorBox error={rows.error} />
      {rows.data && <DataTable label={`Rows of ${props.table}`} columns={rows.data.columns} rows={rows.data.rows} />}
    </>
  );
}
