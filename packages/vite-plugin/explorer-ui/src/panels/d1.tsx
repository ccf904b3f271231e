/** A D1 database: its tables and rows, the migrations applied, and an SQL console. */
import { useState } from "preact/hooks";
import { postJson, useApi } from "../api.js";
import { DataTable, Empty, ErrorBox, Field, formatDuration, Loading, Section } from "../components.js";
import { href } from "../router.js";
import type { PanelProps } from "./index.js";

interface Tables {
  tables: { name: string; rows: number }[];
  migrations: { table: string; dir: string; applied: { name: string; applied_at: string }[]; pending: string[] };
}

interface QueryAnswer {
  ok: boolean;
  error?: string;
  results?: { columns: string[]; rows: unknown[][]; meta: { duration: number; changes: number; rows_read: number } }[];
}

export function D1Panel(props: PanelProps) {
  const base = `bindings/${encodeURIComponent(props.binding)}`;
  const tables = useApi<Tables>(`${base}/tables`);
  const table = props.path[0];
  return (
    <>
      <Section title={`D1 · ${props.binding}`} actions={<button onClick={tables.reload}>Refresh</button>}>
        <ErrorBox error={tables.error} />
        <Loading loading={tables.loading && !tables.data} />
        {tables.data && tables.data.tables.length === 0 && <Empty>No tables yet.</Empty>}
        {tables.data && tables.data.tables.length > 0 && (
          <ul class="chips" aria-label="Tables">
            {tables.data.tables.map((t) => (
              <li>
                <a class={t.name === table ? "chip selected" : "chip"} href={href("bindings", props.binding, t.name)}>
                  {t.name} <span class="muted">{t.rows}</span>
                </a>
              </li>
            ))}
          </ul>
        )}
      </Section>
      {table !== undefined && <Rows base={base} table={table} />}
      <Console base={base} onChange={tables.reload} />
      {tables.data && <Migrations migrations={tables.data.migrations} />}
    </>
  );
}

function Rows(props: { base: string; table: string }) {
  const [offset, setOffset] = useState(0);
  const limit = 50;
  const rows = useApi<{ columns: string[]; rows: unknown[][] }>(`${props.base}/rows`, { table: props.table, offset, limit });
  return (
    <Section title={<span class="mono">{props.table}</span>} actions={<button onClick={rows.reload}>Refresh</button>}>
      <ErrorBox error={rows.error} />
      {rows.data && rows.data.rows.length === 0 && <Empty>No rows{offset > 0 ? " on this page" : ""}.</Empty>}
      {rows.data && rows.data.rows.length > 0 && (
        <DataTable label={`Rows of ${props.table}`} columns={rows.data.columns} rows={rows.data.rows} />
      )}
      <div class="pager">
        <button disabled={offset === 0} onClick={() => setOffset(Math.max(0, offset - limit))}>
          Previous
        </button>
        <button disabled={!rows.data || rows.data.rows.length < limit} onClick={() => setOffset(offset + limit)}>
          Next
        </button>
      </div>
    </Section>
  );
}

function Console(props: { base: string; onChange(): void }) {
  const [sql, setSql] = useState("");
  const [answer, setAnswer] = useState<QueryAnswer>();
  const [running, setRunning] = useState(false);
  const run = async (event: Event) => {
    event.preventDefault();
    setRunning(true);
    try {
      setAnswer(await postJson<QueryAnswer>(`${props.base}/query`, { sql }));
      props.onChange();
    } catch (e) {
      setAnswer({ ok: false, error: (e as Error).message });
    } finally {
      setRunning(false);
    }
  };
  return (
    <Section title="SQL console">
      <form class="editor" onSubmit={run} aria-label="SQL console">
        <Field label="SQL (statements run in one batch: all apply, or none)">
          <textarea
            class="mono"
            rows={4}
            value={sql}
            placeholder="SELECT * FROM sqlite_master"
            onInput={(e) => setSql(e.currentTarget.value)}
            onKeyDown={(e) => (e.ctrlKey || e.metaKey) && e.key === "Enter" && void run(e)}
          />
        </Field>
        <button type="submit" disabled={running}>
          Run (Ctrl+Enter)
        </button>
      </form>
      {answer && !answer.ok && <ErrorBox error={answer.error} />}
      {answer?.results?.map((result, index) => (
        <div class="result" data-result={index}>
          <p class="muted">
            Statement {index + 1}: {result.rows.length} rows · {result.meta.changes} changed ·{" "}
            {formatDuration(result.meta.duration)}
          </p>
          {result.rows.length > 0 && <DataTable label={`Result ${index + 1}`} columns={result.columns} rows={result.rows} />}
        </div>
      ))}
    </Section>
  );
}

function Migrations(props: { migrations: Tables["migrations"] }) {
  const { migrations } = props;
  return (
    <Section title="Migrations">
      <p class="muted">
        Folder <span class="mono">{migrations.dir}</span>, recorded in table <span class="mono">{migrations.table}</span>.
      </p>
      {migrations.applied.length === 0 && migrations.pending.length === 0 && <Empty>No migrations.</Empty>}
      <ul class="plain" aria-label="Migrations">
        {migrations.applied.map((m) => (
          <li>
            ✓ <span class="mono">{m.name}</span> <span class="muted">applied {m.applied_at}</span>
          </li>
        ))}
        {migrations.pending.map((name) => (
          <li>
            ○ <span class="mono">{name}</span> <span class="muted">not applied</span>
          </li>
        ))}
      </ul>
    </Section>
  );
}
