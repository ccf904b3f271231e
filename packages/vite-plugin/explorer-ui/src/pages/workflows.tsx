/** The dev server's workflows: instances with their status, an instance's steps, and the Workflows API's controls. */
import { useState } from "preact/hooks";
import { postJson, useApi } from "../api.js";
import { DataTable, Empty, ErrorBox, Field, formatTime, Loading, Section } from "../components.js";
import { href, navigate } from "../router.js";
import { usePolling } from "../poll.js";
import type { WorkflowInstance, WorkflowInstanceSummary, WorkflowStep, WorkflowSummary } from "../types.js";

const all = { worker: undefined };

export function WorkflowsPage(props: { workflow: string | undefined; instance: string | undefined }) {
  if (props.workflow === undefined) return <WorkflowList />;
  if (props.instance === undefined) return <InstanceList workflow={props.workflow} />;
  return <InstanceView workflow={props.workflow} id={props.instance} />;
}

function WorkflowList() {
  const list = useApi<WorkflowSummary[]>("workflows", all);
  const workflows = list.data ?? [];
  return (
    <Section title="Workflows" actions={<button onClick={list.reload}>Refresh</button>}>
      <ErrorBox error={list.error} />
      <Loading loading={list.loading && !list.data} />
      {list.data && workflows.length === 0 && <Empty>No worker of this dev server defines a workflow.</Empty>}
      {workflows.length > 0 && (
        <DataTable
          label="Workflows"
          columns={["Workflow", "Class", "Worker", "Binding"]}
          rows={workflows.map((w) => [w.workflow, w.className, w.worker, w.binding])}
          onOpen={(index) => navigate("workflows", workflows[index]!.workflow)}
        />
      )}
    </Section>
  );
}

function InstanceList(props: { workflow: string }) {
  const path = `workflows/${encodeURIComponent(props.workflow)}`;
  const list = useApi<WorkflowInstanceSummary[]>(path, all);
  usePolling(list.reload);
  const [id, setId] = useState("");
  const [params, setParams] = useState("{}");
  const [error, setError] = useState<string>();
  const create = async (event: Event) => {
    event.preventDefault();
    setError(undefined);
    try {
      const parsed: unknown = params.trim() === "" ? undefined : JSON.parse(params);
      const created = await postJson<{ id: string }>(`${path}/create`, { id, params: parsed }, all);
      navigate("workflows", props.workflow, created.id);
    } catch (e) {
      setError((e as Error).message);
    }
  };
  const instances = list.data ?? [];
  return (
    <Section
      title={
        <>
          <a href={href("workflows")}>Workflows</a> / <span class="mono">{props.workflow}</span>
        </>
      }
      actions={<button onClick={list.reload}>Refresh</button>}
    >
      <form class="editor" onSubmit={create} aria-label="Create an instance">
        <div class="form-row">
          <Field label="Instance id (optional)">
            <input class="mono" value={id} onInput={(e) => setId(e.currentTarget.value)} />
          </Field>
          <Field label="Params (JSON)">
            <input class="mono" value={params} onInput={(e) => setParams(e.currentTarget.value)} />
          </Field>
          <button type="submit">Create instance</button>
        </div>
        <ErrorBox error={error} />
      </form>
      <ErrorBox error={list.error} />
      <Loading loading={list.loading && !list.data} />
      {list.data && instances.length === 0 && <Empty>No instances yet.</Empty>}
      {instances.length > 0 && (
        <DataTable
          label="Instances"
          columns={["Instance", "Status", "Created", "Updated", "Wakes"]}
          rows={instances.map((i) => [i.id, i.status, formatTime(i.createdAt), time(i.updatedAt), time(i.wakeAt)])}
          onOpen={(index) => navigate("workflows", props.workflow, instances[index]!.id)}
        />
      )}
    </Section>
  );
}

function InstanceView(props: { workflow: string; id: string }) {
  const path = `workflows/${encodeURIComponent(props.workflow)}`;
  const instance = useApi<WorkflowInstance>(`${path}/instance`, { ...all, id: props.id });
  usePolling(instance.reload);
  const [error, setError] = useState<string>();
  const control = async (action: string, body: Record<string, unknown> = {}) => {
    setError(undefined);
    try {
      await postJson(`${path}/${action}`, { id: props.id, ...body }, all);
      instance.reload();
      return true;
    } catch (e) {
      setError((e as Error).message);
      return false;
    }
  };
  const data = instance.data;
  return (
    <Section
      title={
        <>
          <a href={href("workflows")}>Workflows</a> / <a href={href("workflows", props.workflow)}>{props.workflow}</a> /{" "}
          <span class="mono">{props.id}</span>
        </>
      }
      actions={
        <>
          {["pause", "resume", "terminate", "restart"].map((action) => (
            <button class={action === "terminate" ? "danger" : undefined} onClick={() => void control(action)}>
              {action[0]!.toUpperCase() + action.slice(1)}
            </button>
          ))}
        </>
      }
    >
      <ErrorBox error={instance.error ?? error} />
      <Loading loading={instance.loading && !data} />
      {data && (
        <>
          <dl class="facts" aria-label="Instance">
            <dt>Status</dt>
            <dd>
              <span class={`tag state-${data.status}`} data-status={data.status}>
                {data.status}
              </span>
            </dd>
            <dt>Created</dt>
            <dd>{new Date(data.createdAt).toLocaleString()}</dd>
            <dt>Updated</dt>
            <dd>{data.updatedAt === null ? "—" : new Date(data.updatedAt).toLocaleString()}</dd>
            <dt>Wakes</dt>
            <dd>{time(data.wakeAt)}</dd>
          </dl>
          <h3>Params</h3>
          <pre class="code">{data.params}</pre>
          {data.output !== undefined && (
            <>
              <h3>Output</h3>
              <pre class="code">{data.output}</pre>
            </>
          )}
          {data.error && <pre class="error-box">{`${data.error.name}: ${data.error.message}`}</pre>}
          <h3>Steps</h3>
          {data.steps.length === 0 ? (
            <Empty>No step reached yet.</Empty>
          ) : (
            <DataTable
              label="Steps"
              columns={["Step", "Kind", "State", "Attempts", "Waits", "Output or error"]}
              rows={data.steps.map((s) => [s.name, s.kind, s.state, s.attempt || "", waits(s), result(s)])}
            />
          )}
          <EventForm onSend={(type, payload) => control("sendEvent", { type, payload })} />
          {data.pendingEvents.length > 0 && (
            <>
              <h3>Events not taken yet</h3>
              <DataTable
                label="Pending events"
                columns={["Type", "Sent", "Payload"]}
                rows={data.pendingEvents.map((e) => [e.type, formatTime(e.timestamp), e.payload])}
              />
            </>
          )}
        </>
      )}
    </Section>
  );
}

function EventForm(props: { onSend(type: string, payload: unknown): Promise<boolean> }) {
  const [type, setType] = useState("");
  const [payload, setPayload] = useState("");
  const [error, setError] = useState<string>();
  const send = async (event: Event) => {
    event.preventDefault();
    setError(undefined);
    let parsed: unknown;
    try {
      parsed = payload.trim() === "" ? undefined : JSON.parse(payload);
    } catch (e) {
      return setError(`The payload is not JSON: ${(e as Error).message}`);
    }
    if (await props.onSend(type, parsed)) setPayload("");
  };
  return (
    <form class="editor" onSubmit={send} aria-label="Send an event">
      <div class="form-row">
        <Field label="Event type">
          <input class="mono" required value={type} onInput={(e) => setType(e.currentTarget.value)} />
        </Field>
        <Field label="Payload (JSON, optional)">
          <input class="mono" value={payload} onInput={(e) => setPayload(e.currentTarget.value)} />
        </Field>
        <button type="submit">Send event</button>
      </div>
      <ErrorBox error={error} />
    </form>
  );
}

function time(ms: number | null): string {
  return ms === null ? "—" : formatTime(ms);
}

function waits(step: WorkflowStep): string {
  if (step.state === "waiting") return `event "${step.eventType}"${step.wakeAt ? `, times out ${formatTime(step.wakeAt)}` : ""}`;
  if (step.state === "sleeping") return `until ${time(step.wakeAt)}`;
  if (step.state === "retrying") return `next attempt ${time(step.wakeAt)}`;
  return "";
}

function result(step: WorkflowStep): string {
  if (step.error) return `${step.error.name}: ${step.error.message}`;
  return step.output ?? "";
}
