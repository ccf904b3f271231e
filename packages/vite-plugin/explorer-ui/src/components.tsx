/** Small pieces every page uses. */
import type { ComponentChildren } from "preact";
import type { ValuePreview } from "./types.js";

export function Section(props: { title: ComponentChildren; actions?: ComponentChildren; children: ComponentChildren }) {
  return (
    <section class="section">
      <header class="section-head">
        <h2>{props.title}</h2>
        {props.actions && <div class="actions">{props.actions}</div>}
      </header>
      {props.children}
    </section>
  );
}

export function ErrorBox(props: { error: string | undefined }) {
  if (!props.error) return null;
  return (
    <pre class="error-box" role="alert">
      {props.error}
    </pre>
  );
}

export function Loading(props: { loading: boolean }) {
  return props.loading ? <p class="muted">Loading…</p> : null;
}

export function Empty(props: { children: ComponentChildren }) {
  return <p class="muted empty">{props.children}</p>;
}

/** A table of plain values; `onOpen` makes rows links (Enter or click). */
export function DataTable(props: {
  columns: string[];
  rows: unknown[][];
  label: string;
  onOpen?: (index: number) => void;
  selected?: number;
}) {
  return (
    <div class="table-wrap">
      <table aria-label={props.label}>
        <thead>
          <tr>
            {props.columns.map((column) => (
              <th scope="col">{column}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {props.rows.map((row, index) => (
            <tr
              class={props.onOpen ? (index === props.selected ? "link selected" : "link") : undefined}
              tabIndex={props.onOpen ? 0 : undefined}
              onClick={props.onOpen && (() => props.onOpen!(index))}
              onKeyDown={props.onOpen && ((event) => event.key === "Enter" && props.onOpen!(index))}
            >
              {row.map((cell) => (
                // Cells are cut to one line: the whole value shows on hover.
                <td title={formatCell(cell)}>{formatCell(cell)}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function formatCell(value: unknown): string {
  if (value === null) return "NULL";
  if (value === undefined) return "";
  if (typeof value === "object") return JSON.stringify(value);
  return String(value);
}

export function Preview(props: { value: ValuePreview }) {
  const { value } = props;
  return (
    <div class="preview">
      <p class="muted">
        {value.type} · {formatBytes(value.size)}
        {value.truncated ? " · shortened" : ""}
      </p>
      {value.type === "image" && <img alt="stored image" src={`data:${value.mime};base64,${value.base64}`} />}
      {(value.type === "json" || value.type === "text") && <pre class="code">{value.text}</pre>}
      {value.type === "binary" && <pre class="code">{value.hex}</pre>}
    </div>
  );
}

export function formatBytes(size: number): string {
  if (size < 1024) return `${size} B`;
  if (size < 1024 ** 2) return `${(size / 1024).toFixed(1)} KiB`;
  return `${(size / 1024 ** 2).toFixed(1)} MiB`;
}

export function formatTime(ms: number): string {
  const date = new Date(ms);
  return `${date.toLocaleTimeString(undefined, { hour12: false })}.${String(date.getMilliseconds()).padStart(3, "0")}`;
}

export function formatDuration(ms: number | undefined): string {
  if (ms === undefined) return "…";
  return ms < 1 ? `${ms.toFixed(2)} ms` : ms < 1000 ? `${ms.toFixed(1)} ms` : `${(ms / 1000).toFixed(2)} s`;
}

export function Field(props: { label: string; children: ComponentChildren }) {
  return (
    <label class="field">
      <span>{props.label}</span>
      {props.children}
    </label>
  );
}
