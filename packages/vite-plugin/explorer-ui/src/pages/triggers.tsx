/** The worker's cron triggers: run one now, with the scheduled time of your choice. */
import { useState } from "preact/hooks";
import { ErrorBox, Field, Section } from "../components.js";
import type { Overview } from "../types.js";

export function TriggersPage(props: { overview: Overview }) {
  const [cron, setCron] = useState(props.overview.crons[0] ?? "");
  const [time, setTime] = useState(() => toLocalInput(Date.now()));
  const [result, setResult] = useState<string>();
  const [error, setError] = useState<string>();
  const run = async () => {
    setError(undefined);
    setResult(undefined);
    const params = new URLSearchParams({ cron, time: String(new Date(time).getTime()), format: "json" });
    const response = await fetch(`/cdn-cgi/handler/scheduled?${params}`, { method: "POST" });
    const text = await response.text();
    if (response.ok) setResult(text);
    else setError(text);
  };
  return (
    <Section title="Cron triggers">
      {props.overview.crons.length === 0 ? (
        <p class="muted">This worker has no triggers.crons in its config; you can still run its scheduled() handler below.</p>
      ) : (
        <ul class="plain">
          {props.overview.crons.map((c) => (
            <li class="mono">{c}</li>
          ))}
        </ul>
      )}
      <form
        class="form-row"
        onSubmit={(event) => {
          event.preventDefault();
          void run();
        }}
      >
        <Field label="Cron">
          <input value={cron} onInput={(e) => setCron(e.currentTarget.value)} list="crons" />
        </Field>
        <datalist id="crons">
          {props.overview.crons.map((c) => (
            <option value={c} />
          ))}
        </datalist>
        <Field label="Scheduled time">
          <input type="datetime-local" step="1" value={time} onInput={(e) => setTime(e.currentTarget.value)} />
        </Field>
        <button type="submit">Run scheduled() now</button>
      </form>
      <ErrorBox error={error} />
      {result && <pre class="code">{result}</pre>}
    </Section>
  );
}

function toLocalInput(ms: number): string {
  const date = new Date(ms - new Date(ms).getTimezoneOffset() * 60_000);
  return date.toISOString().slice(0, 19);
}
