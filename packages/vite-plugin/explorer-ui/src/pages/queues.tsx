/** The dev server's queues: producers and consumer, messages waiting or in delivery, what became of those delivered; send one. */
import { useState } from "preact/hooks";
import { postJson, useApi } from "../api.js";
import { DataTable, Empty, ErrorBox, Field, formatTime, Loading, Preview, Section } from "../components.js";
import { href, navigate } from "../router.js";
import { usePolling } from "../poll.js";
import type { QueueActivity, QueueDetail, QueueMessage, QueueSummary } from "../types.js";

export function QueuesPage(props: { queue: string | undefined }) {
  return props.queue === undefined ? <QueueList /> : <QueueView queue={props.queue} />;
}

function QueueList() {
  const list = useApi<QueueSummary[]>("queues", { worker: undefined });
  usePolling(list.reload);
  const queues = list.data ?? [];
  return (
    <Section title="Queues" actions={<button onClick={list.reload}>Refresh</button>}>
      <ErrorBox error={list.error} />
      <Loading loading={list.loading && !list.data} />
      {list.data && queues.length === 0 && <Empty>No worker of this dev server produces to or consumes a queue.</Empty>}
      {queues.length > 0 && (
        <DataTable
          label="Queues"
          columns={["Queue", "Producers", "Consumer", "Messages", "Oldest message"]}
          rows={queues.map((q) => [
            q.queue,
            q.producers.map((p) => `${p.worker} (${p.binding})`).join(", ") || "—",
            q.consumer ? `${q.consumer.worker}${q.consumer.type === "http_pull" ? " (http_pull)" : ""}` : "none",
            q.metrics.backlogCount,
            q.metrics.oldestMessageTimestamp ? formatTime(q.metrics.oldestMessageTimestamp) : "—",
          ])}
          onOpen={(index) => navigate("queues", queues[index]!.queue)}
        />
      )}
    </Section>
  );
}

function QueueView(props: { queue: string }) {
  const detail = useApi<QueueDetail>(`queues/${encodeURIComponent(props.queue)}`, { worker: undefined });
  usePolling(detail.reload);
  const [selected, setSelected] = useState<string>();
  const data = detail.data;
  const message = data?.messages.find((m) => m.id === selected);
  return (
    <Section
      title={
        <>
          <a href={href("queues")}>Queues</a> / <span class="mono">{props.queue}</span>
        </>
      }
      actions={<button onClick={detail.reload}>Refresh</button>}
    >
      <ErrorBox error={detail.error} />
      <Loading loading={detail.loading && !data} />
      {data && (
        <>
          <QueueFacts data={data} />
          <SendForm queue={props.queue} onSent={detail.reload} />
          <h3>Messages ({data.metrics.backlogCount})</h3>
          {data.messages.length === 0 ? (
            <Empty>No message waits in this queue.</Empty>
          ) : (
            <DataTable
              label="Messages"
              columns={["Id", "State", "Attempts", "Sent", "Content type", "Body"]}
              rows={data.messages.map((m) => [
                m.id.slice(0, 12),
                messageState(m),
                m.attempts,
                formatTime(m.timestamp),
                m.contentType,
                (m.body.text ?? m.body.hex ?? m.body.type).slice(0, 80),
              ])}
              selected={data.messages.findIndex((m) => m.id === selected)}
              onOpen={(index) => setSelected(data.messages[index]!.id)}
            />
          )}
          {message && (
            <div aria-label="Message body">
              <h3 class="mono">{message.id}</h3>
              <Preview value={message.body} />
            </div>
          )}
          <h3>Delivered lately</h3>
          {data.activity.length === 0 ? (
            <Empty>No delivery of this queue settled since vite dev started.</Empty>
          ) : (
            <DataTable
              label="Deliveries"
              columns={["Time", "Message", "Queue", "Consumer", "Outcome"]}
              rows={data.activity.map((a) => [formatTime(a.at), a.id.slice(0, 12), a.queue, a.consumer, outcome(a)])}
            />
          )}
        </>
      )}
    </Section>
  );
}

function QueueFacts(props: { data: QueueDetail }) {
  const { data } = props;
  const config = data.consumer?.config;
  return (
    <dl class="facts" aria-label="Queue">
      <dt>Producers</dt>
      <dd>{data.producers.map((p) => `${p.worker} (env.${p.binding})`).join(", ") || "none"}</dd>
      <dt>Consumer</dt>
      <dd>
        {data.consumer
          ? `${data.consumer.worker}${config!.type === "http_pull" ? " (http_pull)" : ""}${data.paused ? " — paused until its code loads" : ""}`
          : "none"}
      </dd>
      {config && (
        <>
          <dt>Batching</dt>
          <dd>
            up to {config.maxBatchSize} messages or {config.maxBatchTimeout} s · {config.maxConcurrency} at once
          </dd>
          <dt>Retries</dt>
          <dd>
            {config.maxRetries === 1 ? "1 retry" : `${config.maxRetries} retries`}, {config.retryDelay} s apart · then{" "}
            {config.deadLetterQueue ? (
              <a href={href("queues", config.deadLetterQueue)}>dead-letter queue {config.deadLetterQueue}</a>
            ) : (
              "dropped"
            )}
          </dd>
        </>
      )}
      {data.deadLetterOf.length > 0 && (
        <>
          <dt>Dead-letter queue of</dt>
          <dd>{data.deadLetterOf.join(", ")}</dd>
        </>
      )}
      <dt>In delivery</dt>
      <dd>{data.inflightBatches === 1 ? "1 batch" : `${data.inflightBatches} batches`}</dd>
    </dl>
  );
}

function SendForm(props: { queue: string; onSent(): void }) {
  const [body, setBody] = useState('{ "hello": "from the explorer" }');
  const [contentType, setContentType] = useState("json");
  const [delay, setDelay] = useState("");
  const [error, setError] = useState<string>();
  const [sent, setSent] = useState(false);
  const send = async (event: Event) => {
    event.preventDefault();
    setError(undefined);
    setSent(false);
    try {
      await postJson(
        `queues/${encodeURIComponent(props.queue)}/send`,
        { body, contentType, delaySeconds: delay },
        { worker: undefined },
      );
      setSent(true);
      props.onSent();
    } catch (e) {
      setError((e as Error).message);
    }
  };
  return (
    <form class="editor" onSubmit={send} aria-label="Send a message">
      <Field label="Message body">
        <textarea class="mono" rows={3} value={body} onInput={(e) => setBody(e.currentTarget.value)} />
      </Field>
      <div class="form-row">
        <Field label="Content type">
          <select value={contentType} onChange={(e) => setContentType(e.currentTarget.value)}>
            <option value="json">json</option>
            <option value="text">text</option>
            <option value="v8">v8 (from JSON)</option>
          </select>
        </Field>
        <Field label="Delay (seconds, optional)">
          <input inputMode="numeric" value={delay} onInput={(e) => setDelay(e.currentTarget.value)} />
        </Field>
        <button type="submit">Send</button>
        {sent && (
          <span class="muted" role="status">
            Sent.
          </span>
        )}
      </div>
      <ErrorBox error={error} />
    </form>
  );
}

function messageState(message: QueueMessage): string {
  if (message.inDelivery) return "in delivery";
  if (message.visibleAt > Date.now())
    return `${message.attempts > 0 ? "retry" : "delayed"} until ${formatTime(message.visibleAt)}`;
  return "waiting";
}

function outcome(activity: QueueActivity): string {
  switch (activity.action) {
    case "ack":
      return "acknowledged";
    case "retry":
      return `retried (attempt ${activity.attempts} failed; again in ${activity.delaySeconds} s)`;
    case "dead-letter":
      return `moved to dead-letter queue ${activity.deadLetterQueue} after ${activity.attempts} attempts`;
    case "drop":
      return `dropped after ${activity.attempts} attempts (no dead-letter queue)`;
  }
}
