/** A KV namespace: keys by prefix, page by page; a value with its metadata and expiration, editable. */
import { useEffect, useState } from "preact/hooks";
import { apiUrl, postJson, useApi } from "../api.js";
import { Empty, ErrorBox, Field, Loading, Preview, Section } from "../components.js";
import { href, navigate } from "../router.js";
import type { ValuePreview } from "../types.js";
import type { PanelProps } from "./index.js";

interface KeyList {
  keys: { name: string; expiration?: number; metadata?: unknown }[];
  list_complete: boolean;
  cursor?: string;
}

interface KeyValue {
  key: string;
  found: boolean;
  expiration?: number | null;
  metadata?: unknown;
  value?: ValuePreview;
}

export function KvPanel(props: PanelProps) {
  const key = props.path[0];
  return key === undefined ? <KeyListView binding={props.binding} /> : <KeyView binding={props.binding} name={key} />;
}

function KeyListView(props: { binding: string }) {
  const [prefix, setPrefix] = useState("");
  const [cursors, setCursors] = useState<string[]>([]);
  const cursor = cursors.at(-1);
  const list = useApi<KeyList>(`bindings/${encodeURIComponent(props.binding)}/keys`, { prefix, cursor, limit: 50 });
  const [adding, setAdding] = useState(false);
  return (
    <Section
      title={`KV · ${props.binding}`}
      actions={
        <>
          <input
            type="search"
            aria-label="Key prefix"
            placeholder="Key prefix"
            value={prefix}
            onInput={(event) => {
              setPrefix(event.currentTarget.value);
              setCursors([]);
            }}
          />
          <button onClick={() => setAdding(!adding)}>{adding ? "Cancel" : "Add key"}</button>
          <button onClick={list.reload}>Refresh</button>
        </>
      }
    >
      {adding && <KeyEditor binding={props.binding} onSaved={(name) => navigate("bindings", props.binding, name)} />}
      <ErrorBox error={list.error} />
      <Loading loading={list.loading && !list.data} />
      {list.data && list.data.keys.length === 0 && <Empty>No keys{prefix ? ` starting with "${prefix}"` : ""}.</Empty>}
      {list.data && list.data.keys.length > 0 && (
        <ul class="key-list" aria-label="Keys">
          {list.data.keys.map((entry) => (
            <li>
              <a class="mono" href={href("bindings", props.binding, entry.name)}>
                {entry.name}
              </a>
              {entry.expiration !== undefined && (
                <span class="muted"> expires {new Date(entry.expiration * 1000).toLocaleString()}</span>
              )}
            </li>
          ))}
        </ul>
      )}
      <div class="pager">
        <button disabled={cursors.length === 0} onClick={() => setCursors(cursors.slice(0, -1))}>
          Previous
        </button>
        <button disabled={!list.data || list.data.list_complete} onClick={() => setCursors([...cursors, list.data!.cursor!])}>
          Next
        </button>
      </div>
    </Section>
  );
}

function KeyView(props: { binding: string; name: string }) {
  const value = useApi<KeyValue>(`bindings/${encodeURIComponent(props.binding)}/value`, { key: props.name });
  const [editing, setEditing] = useState(false);
  const [error, setError] = useState<string>();
  const remove = async () => {
    if (!confirm(`Delete "${props.name}" from ${props.binding}?`)) return;
    try {
      await postJson(`bindings/${encodeURIComponent(props.binding)}/delete`, { key: props.name });
      navigate("bindings", props.binding);
    } catch (e) {
      setError((e as Error).message);
    }
  };
  const data = value.data;
  return (
    <Section
      title={
        <>
          <a href={href("bindings", props.binding)}>KV · {props.binding}</a> / <span class="mono">{props.name}</span>
        </>
      }
      actions={
        data?.found && (
          <>
            <a
              class="button"
              href={apiUrl(`bindings/${encodeURIComponent(props.binding)}/download`, { key: props.name })}
              download
            >
              Download
            </a>
            <button onClick={() => setEditing(!editing)}>{editing ? "Cancel" : "Edit"}</button>
            <button class="danger" onClick={remove}>
              Delete
            </button>
          </>
        )
      }
    >
      <ErrorBox error={value.error ?? error} />
      {data && !data.found && <Empty>This key does not exist (or has expired).</Empty>}
      {data?.found && editing && (
        <KeyEditor
          binding={props.binding}
          name={props.name}
          initial={data}
          onSaved={() => {
            setEditing(false);
            value.reload();
          }}
        />
      )}
      {data?.found && !editing && (
        <>
          <dl class="facts">
            <dt>Expiration</dt>
            <dd>{data.expiration ? `${new Date(data.expiration * 1000).toLocaleString()} (${data.expiration})` : "never"}</dd>
            <dt>Metadata</dt>
            <dd class="mono">{data.metadata === null || data.metadata === undefined ? "none" : JSON.stringify(data.metadata)}</dd>
          </dl>
          {data.value && <Preview value={data.value} />}
        </>
      )}
    </Section>
  );
}

function KeyEditor(props: { binding: string; name?: string; initial?: KeyValue; onSaved(name: string): void }) {
  const editable = !props.initial?.value || props.initial.value.type === "text" || props.initial.value.type === "json";
  const [name, setName] = useState(props.name ?? "");
  const [text, setText] = useState(props.initial?.value?.text ?? "");
  const [metadata, setMetadata] = useState(props.initial?.metadata ? JSON.stringify(props.initial.metadata) : "");
  const [expiration, setExpiration] = useState(props.initial?.expiration ? String(props.initial.expiration) : "");
  const [error, setError] = useState<string>();
  useEffect(() => setError(undefined), [name, text, metadata, expiration]);
  const save = async (event: Event) => {
    event.preventDefault();
    try {
      await postJson(`bindings/${encodeURIComponent(props.binding)}/put`, {
        key: name,
        value: text,
        metadata: metadata.trim() === "" ? null : JSON.parse(metadata),
        expiration: expiration.trim() === "" ? null : Number(expiration),
      });
      props.onSaved(name);
    } catch (e) {
      setError((e as Error).message);
    }
  };
  if (!editable) return <p class="muted">Binary values cannot be edited here; upload them from the worker.</p>;
  return (
    <form class="editor" onSubmit={save} aria-label="Edit value">
      <Field label="Key">
        <input
          class="mono"
          value={name}
          readOnly={props.name !== undefined}
          required
          onInput={(e) => setName(e.currentTarget.value)}
        />
      </Field>
      <Field label="Value">
        <textarea class="mono" rows={10} value={text} onInput={(e) => setText(e.currentTarget.value)} />
      </Field>
      <Field label="Metadata (JSON, optional)">
        <input class="mono" value={metadata} onInput={(e) => setMetadata(e.currentTarget.value)} />
      </Field>
      <Field label="Expiration (seconds since the epoch, optional)">
        <input class="mono" inputMode="numeric" value={expiration} onInput={(e) => setExpiration(e.currentTarget.value)} />
      </Field>
      <ErrorBox error={error} />
      <button type="submit">Save</button>
    </form>
  );
}
