/**
 * One workflow's state file (`<persist>/workflows/<name>.sqlite`): its instances, the steps they
 * finished or are waiting on, and the events sent to them. Only the host's engine opens it, and
 * every change is one write transaction, so a kill -9 leaves each instance as of its last step.
 */
import { writeTransaction, type Database, type Statement } from "../../storage/database.js";
import { LazyDatabase } from "../../storage/lazy-database.js";
import type { WorkflowError, WorkflowRetryPolicy } from "../../protocol/workflows.js";

const schema = `
CREATE TABLE IF NOT EXISTS workflow_instances (
  id TEXT PRIMARY KEY,
  status TEXT NOT NULL,
  params BLOB NOT NULL,
  created_at INTEGER NOT NULL,
  run INTEGER NOT NULL DEFAULT 0,
  wake_at INTEGER,
  output BLOB,
  error TEXT,
  updated_at INTEGER
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS workflow_instances_wake ON workflow_instances (wake_at) WHERE wake_at IS NOT NULL;
CREATE TABLE IF NOT EXISTS workflow_steps (
  instance_id TEXT NOT NULL REFERENCES workflow_instances (id) ON DELETE CASCADE,
  key TEXT NOT NULL,
  state TEXT NOT NULL,
  attempt INTEGER NOT NULL DEFAULT 0,
  wake_at INTEGER,
  event_type TEXT,
  policy TEXT,
  value BLOB,
  error TEXT,
  -- the order in which the instance first reached its steps
  seq INTEGER,
  PRIMARY KEY (instance_id, key)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS workflow_events (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  instance_id TEXT NOT NULL REFERENCES workflow_instances (id) ON DELETE CASCADE,
  type TEXT NOT NULL,
  payload BLOB NOT NULL,
  timestamp INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS workflow_events_instance ON workflow_events (instance_id, type, seq);
`;

/** What the engine persists of an instance's state (`waitingForPause` is `paused` once it let go). */
export type StoredStatus =
  | "queued"
  | "running"
  | "waiting"
  | "paused"
  | "waitingForPause"
  | "errored"
  | "terminated"
  | "complete";

export interface InstanceRow {
  id: string;
  status: StoredStatus;
  params: Uint8Array;
  created_at: number;
  /** Runs dispatched so far; a step call naming an older run is stale. */
  run: number;
  /** When the engine runs the instance next; null: only an event or a control call wakes it. */
  wake_at: number | null;
  output: Uint8Array | null;
  /** JSON WorkflowError. */
  error: string | null;
  /** When the row last changed (null in files from before this column). */
  updated_at: number | null;
}

/**
 * `retrying`: a `step.do` attempt failed and the next one is due at `wake_at`; `sleeping` until
 * `wake_at`; `waiting` for an event of `event_type` until `wake_at`; `done` with `value`; `failed`
 * with `error` (thrown into `run()` again on every replay).
 */
export type StepState = "retrying" | "sleeping" | "waiting" | "done" | "failed";

export interface StepRow {
  key: string;
  state: StepState;
  /** Attempts made (`step.do`). */
  attempt: number;
  wake_at: number | null;
  event_type: string | null;
  /** JSON: the retry policy (`step.do`) or `{ timeout }` (`waitForEvent`). */
  policy: string | null;
  value: Uint8Array | null;
  error: string | null;
  /** The order the instance first reached the step in (null in files from before this column). */
  seq?: number | null;
}

export interface EventRow {
  seq: number;
  type: string;
  payload: Uint8Array;
  timestamp: number;
}

/** Statuses whose instance still has work ahead of it (the engine runs it when `wake_at` is due). */
export const activeStatuses = ["queued", "running", "waiting"] as const;
export const finalStatuses: readonly StoredStatus[] = ["errored", "terminated", "complete"];

export class WorkflowStore {
  readonly #database: LazyDatabase<ReturnType<typeof prepare>>;

  readonly #now: () => number;

  /** `now` stamps `updated_at`. */
  constructor(file: string, now: () => number = Date.now) {
    this.#database = new LazyDatabase(file, schema, prepare);
    this.#now = now;
  }

  get #sql() {
    return this.#database.statements;
  }

  /** Runs `fn` as one write transaction (nested calls join it). */
  write<T>(fn: () => T): T {
    return this.#database.write(fn);
  }

  instance(id: string): InstanceRow | undefined {
    return this.#sql.instance.get(id);
  }

  insertInstance(row: Pick<InstanceRow, "id" | "status" | "params" | "created_at" | "wake_at">): void {
    this.#sql.insertInstance.run(row);
  }

  updateInstance(id: string, fields: Partial<Omit<InstanceRow, "id" | "updated_at">>): void {
    const current = this.instance(id);
    if (!current) return;
    this.#sql.updateInstance.run({ ...current, ...fields, id, updated_at: this.#now() });
  }

  /** The newest instances first (the explorer). */
  instances(limit: number): InstanceRow[] {
    return this.#sql.instances.all(limit);
  }

  /** An instance's steps in the order it first reached them, those of files from before `seq` first (the explorer). */
  steps(instanceId: string): StepRow[] {
    return this.#sql.steps.all(instanceId);
  }

  /** Events sent to an instance that no `waitForEvent` took yet (the explorer). */
  pendingEvents(instanceId: string): EventRow[] {
    return this.#sql.pendingEvents.all(instanceId);
  }

  deleteInstance(id: string): boolean {
    return this.#sql.deleteInstance.run(id).changes > 0;
  }

  /** Ids of instances with work ahead whose wake time has come. */
  due(now: number): string[] {
    return this.#sql.due.all(now).map((row) => row.id);
  }

  /** Instances with work ahead and a wake time, earliest first. */
  waking(): IterableIterator<{ id: string; wake_at: number }> {
    return this.#sql.waking.iterate();
  }

  /** Instances a crash or a dead generation left mid-run, for the engine to take up again. */
  unfinished(): InstanceRow[] {
    return this.#sql.unfinished.all();
  }

  step(instanceId: string, key: string): StepRow | undefined {
    return this.#sql.step.get(instanceId, key);
  }

  putStep(instanceId: string, step: Omit<StepRow, "event_type" | "policy" | "value" | "error"> & Partial<StepRow>): void {
    this.#sql.putStep.run({
      instance_id: instanceId,
      event_type: null,
      policy: null,
      value: null,
      error: null,
      ...step,
    });
  }

  /** Whether the instance waits for an event of `type` (a `waitForEvent` reached and not timed out). */
  waitsFor(instanceId: string, type: string): boolean {
    return this.#sql.waitsFor.get(instanceId, type) !== undefined;
  }

  clearSteps(instanceId: string): void {
    this.#sql.clearSteps.run(instanceId);
    this.#sql.clearEvents.run(instanceId);
  }

  addEvent(instanceId: string, type: string, payload: Uint8Array, timestamp: number): void {
    this.#sql.addEvent.run({ instance_id: instanceId, type, payload, timestamp });
  }

  /** The oldest event of `type` not yet delivered. */
  firstEvent(instanceId: string, type: string): EventRow | undefined {
    return this.#sql.firstEvent.get(instanceId, type);
  }

  deleteEvent(seq: number): void {
    this.#sql.deleteEvent.run(seq);
  }

  close(): void {
    this.#database.close();
  }
}

export function parseError(text: string | null): WorkflowError | undefined {
  return text === null ? undefined : (JSON.parse(text) as WorkflowError);
}

export function parsePolicy(text: string | null): Partial<WorkflowRetryPolicy> {
  return text === null ? {} : (JSON.parse(text) as Partial<WorkflowRetryPolicy>);
}

function prepare(db: Database) {
  // A commit is in the WAL file (the OS's page cache) before it returns: a kill -9 of the dev
  // server loses nothing acknowledged; only an OS crash can lose the last steps, which then run
  // again, as production retries a step whose machine went away. Syncing each step to disk
  // (synchronous = FULL, the default) made steps 2-10x slower here, bound by fsync.
  db.pragma("synchronous = NORMAL");
  // Files from before these columns get them (null in the rows they hold).
  writeTransaction(db, () => {
    addColumn(db, "workflow_instances", "updated_at INTEGER");
    addColumn(db, "workflow_steps", "seq INTEGER");
  });
  return {
    instance: db.prepare("SELECT * FROM workflow_instances WHERE id = ?") as Statement<[string], InstanceRow>,
    insertInstance: db.prepare(
      `INSERT INTO workflow_instances (id, status, params, created_at, wake_at, updated_at)
       VALUES (:id, :status, :params, :created_at, :wake_at, :created_at)`,
    ) as Statement<[Pick<InstanceRow, "id" | "status" | "params" | "created_at" | "wake_at">]>,
    updateInstance: db.prepare(
      `UPDATE workflow_instances SET status = :status, run = :run, wake_at = :wake_at, output = :output, error = :error,
       updated_at = :updated_at WHERE id = :id`,
    ) as Statement<[InstanceRow]>,
    instances: db.prepare("SELECT * FROM workflow_instances ORDER BY created_at DESC, id LIMIT ?") as Statement<
      [number],
      InstanceRow
    >,
    steps: db.prepare("SELECT * FROM workflow_steps WHERE instance_id = ? ORDER BY seq, key") as Statement<[string], StepRow>,
    pendingEvents: db.prepare(
      "SELECT seq, type, payload, timestamp FROM workflow_events WHERE instance_id = ? ORDER BY seq",
    ) as Statement<[string], EventRow>,
    deleteInstance: db.prepare("DELETE FROM workflow_instances WHERE id = ?") as Statement<[string]>,
    due: db.prepare(
      `SELECT id FROM workflow_instances WHERE wake_at <= ? AND status IN ('queued', 'running', 'waiting') ORDER BY wake_at`,
    ) as Statement<[number], { id: string }>,
    waking: db.prepare(
      `SELECT id, wake_at FROM workflow_instances
       WHERE wake_at IS NOT NULL AND status IN ('queued', 'running', 'waiting') ORDER BY wake_at`,
    ) as Statement<[], { id: string; wake_at: number }>,
    unfinished: db.prepare("SELECT * FROM workflow_instances WHERE status IN ('running', 'waitingForPause')") as Statement<
      [],
      InstanceRow
    >,
    step: db.prepare("SELECT * FROM workflow_steps WHERE instance_id = ? AND key = ?") as Statement<[string, string], StepRow>,
    putStep: db.prepare(
      `INSERT OR REPLACE INTO workflow_steps (instance_id, key, state, attempt, wake_at, event_type, policy, value, error, seq)
       VALUES (:instance_id, :key, :state, :attempt, :wake_at, :event_type, :policy, :value, :error, coalesce(
         (SELECT seq FROM workflow_steps WHERE instance_id = :instance_id AND key = :key),
         (SELECT count(*) + 1 FROM workflow_steps WHERE instance_id = :instance_id)))`,
    ) as Statement<[StepRow & { instance_id: string }]>,
    waitsFor: db.prepare(
      "SELECT 1 FROM workflow_steps WHERE instance_id = ? AND state = 'waiting' AND event_type = ? LIMIT 1",
    ) as Statement<[string, string], unknown>,
    clearSteps: db.prepare("DELETE FROM workflow_steps WHERE instance_id = ?") as Statement<[string]>,
    clearEvents: db.prepare("DELETE FROM workflow_events WHERE instance_id = ?") as Statement<[string]>,
    addEvent: db.prepare(
      "INSERT INTO workflow_events (instance_id, type, payload, timestamp) VALUES (:instance_id, :type, :payload, :timestamp)",
    ) as Statement<[{ instance_id: string; type: string; payload: Uint8Array; timestamp: number }]>,
    firstEvent: db.prepare(
      "SELECT seq, type, payload, timestamp FROM workflow_events WHERE instance_id = ? AND type = ? ORDER BY seq LIMIT 1",
    ) as Statement<[string, string], EventRow>,
    deleteEvent: db.prepare("DELETE FROM workflow_events WHERE seq = ?") as Statement<[number]>,
  };
}

function addColumn(db: Database, table: string, column: string): void {
  const name = column.split(" ")[0];
  if (db.prepare("SELECT 1 FROM pragma_table_info(?) WHERE name = ?").get(table, name) === undefined) {
    db.exec(`ALTER TABLE ${table} ADD COLUMN ${column}`);
  }
}
