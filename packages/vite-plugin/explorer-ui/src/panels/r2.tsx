/** An R2 bucket: objects by prefix ("folders" by delimiter), metadata, download, upload, delete. */
import { useState } from "preact/hooks";
import { apiUrl, postJson, useApi } from "../api.js";
import { DataTable, Empty, ErrorBox, formatBytes, Loading, Preview, Section } from "../components.js";
import { href, navigate } from "../router.js";
import type { ValuePreview } from "../types.js";
import type { PanelProps } from "./index.js";

interface ObjectInfo {
  key: string;
  size: number;
  etag: string;
  uploaded: string;
  httpMetadata: Record<string, unknown>;
  customMetadata: Record<string, string>;
  storageClass: string;
}

interface Listing {
  objects: ObjectInfo[];
  delimitedPrefixes: string[];
  truncated: boolean;
  cursor?: string;
}

export function R2Panel(props: PanelProps) {
  // Keys and prefixes are one route segment each ("/" inside them is encoded).
  const [kind, value = ""] = props.path;
  if (kind === "object") return <ObjectView binding={props.binding} objectKey={value} />;
  return <ListingView binding={props.binding} prefix={kind === "prefix" ? value : ""} />;
}

function ListingView(props: { binding: string; prefix: string }) {
  const [cursors, setCursors] = useState<string[]>([]);
  const [error, setError] = useState<string>();
  const base = `bindings/${encodeURIComponent(props.binding)}`;
  const list = useApi<Listing>(`${base}/objects`, { prefix: props.prefix, cursor: cursors.at(-1), delimiter: "/" });
  const upload = async (files: FileList | null) => {
    setError(undefined);
    try {
      for (const file of files ?? []) {
        await postJson(`${base}/upload`, file, { key: props.prefix + file.name, contentType: file.type || undefined });
      }
      list.reload();
    } catch (e) {
      setError((e as Error).message);
    }
  };
  const parts = props.prefix.split("/").filter(Boolean);
  return (
    <Section
      title={
        <>
          <a href={href("bindings", props.binding)}>R2 · {props.binding}</a>
          {parts.map((part, i) => (
            <>
              {" / "}
              <a href={href("bindings", props.binding, "prefix", `${parts.slice(0, i + 1).join("/")}/`)}>{part}</a>
            </>
          ))}
        </>
      }
      actions={
        <>
          <label class="button">
            Upload files
            <input type="file" multiple class="visually-hidden" onChange={(e) => void upload(e.currentTarget.files)} />
          </label>
          <button onClick={list.reload}>Refresh</button>
        </>
      }
    >
      <ErrorBox error={list.error ?? error} />
      <Loading loading={list.loading && !list.data} />
      {list.data && list.data.objects.length + list.data.delimitedPrefixes.length === 0 && <Empty>No objects here.</Empty>}
      {list.data && (
        <>
          <ul class="key-list" aria-label="Folders">
            {list.data.delimitedPrefixes.map((prefix) => (
              <li>
                <a class="mono" href={href("bindings", props.binding, "prefix", prefix)}>
                  {prefix.slice(props.prefix.length)}
                </a>
              </li>
            ))}
          </ul>
          {list.data.objects.length > 0 && (
            <DataTable
              label="Objects"
              columns={["Key", "Size", "Type", "Uploaded"]}
              rows={list.data.objects.map((o) => [
                o.key.slice(props.prefix.length),
                formatBytes(o.size),
                o.httpMetadata.contentType ?? "",
                new Date(o.uploaded).toLocaleString(),
              ])}
              onOpen={(index) => navigate("bindings", props.binding, "object", list.data!.objects[index]!.key)}
            />
          )}
        </>
      )}
      <div class="pager">
        <button disabled={cursors.length === 0} onClick={() => setCursors(cursors.slice(0, -1))}>
          Previous
        </button>
        <button disabled={!list.data?.truncated} onClick={() => setCursors([...cursors, list.data!.cursor!])}>
          Next
        </button>
      </div>
    </Section>
  );
}

function ObjectView(props: { binding: string; objectKey: string }) {
  const base = `bindings/${encodeURIComponent(props.binding)}`;
  const object = useApi<{ found: boolean; object?: ObjectInfo; preview?: ValuePreview }>(`${base}/object`, {
    key: props.objectKey,
  });
  const [error, setError] = useState<string>();
  const remove = async () => {
    if (!confirm(`Delete "${props.objectKey}" from ${props.binding}?`)) return;
    try {
      await postJson(`${base}/delete`, { keys: [props.objectKey] });
      navigate("bindings", props.binding);
    } catch (e) {
      setError((e as Error).message);
    }
  };
  const info = object.data?.object;
  return (
    <Section
      title={
        <>
          <a href={href("bindings", props.binding)}>R2 · {props.binding}</a> / <span class="mono">{props.objectKey}</span>
        </>
      }
      actions={
        info && (
          <>
            <a class="button" href={apiUrl(`${base}/download`, { key: props.objectKey })} download>
              Download
            </a>
            <button class="danger" onClick={remove}>
              Delete
            </button>
          </>
        )
      }
    >
      <ErrorBox error={object.error ?? error} />
      {object.data && !object.data.found && <Empty>This object does not exist.</Empty>}
      {info && (
        <dl class="facts">
          <dt>Size</dt>
          <dd>{formatBytes(info.size)}</dd>
          <dt>ETag</dt>
          <dd class="mono">{info.etag}</dd>
          <dt>Uploaded</dt>
          <dd>{new Date(info.uploaded).toLocaleString()}</dd>
          <dt>HTTP metadata</dt>
          <dd class="mono">{JSON.stringify(info.httpMetadata)}</dd>
          <dt>Custom metadata</dt>
          <dd class="mono">{JSON.stringify(info.customMetadata)}</dd>
        </dl>
      )}
      {object.data?.preview && <Preview value={object.data.preview} />}
    </Section>
  );
}
