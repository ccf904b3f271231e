/**
 * The broker's messages, one SQLite file for every queue of the dev server
 * (`<persist>/queues/messages.sqlite`), so a move to a dead-letter queue is one transaction. A
 * message is deleted when acknowledged; while a consumer holds it, `lease` names that delivery.
 *
 * Only `insert` waits for the disk (synchronous = FULL): a sent message survives anything. Leases,
 * acks and retries commit without an fsync (NORMAL, safe in WAL mode): a kill -9 keeps them (they
 * are in the OS's cache), and what a power loss takes back is at worst delivered again, which
 * at-least-once allows. An fsync per batch capped delivery at ~200 batches/s on this disk.
 */
import { randomBytes } from "node:crypto";
import type { QueueContentType, QueueMetrics } from "../../protocol/queues.js";
import type { Decision } from "./decide.js";
import type { Database, Statement } from "../../storage/database.js";
import { LazyDatabase } from "../../storage/lazy-database.js";

const schema = `
CREATE TABLE IF NOT EXISTS queue_messages (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  id TEXT NOT NULL UNIQUE,
  queue TEXT NOT NULL,
  body BLOB NOT NULL,
  content_type TEXT NOT NULL,
  -- ms since the epoch: when the message was first sent
  timestamp INTEGER NOT NULL,
  -- failed deliveries so far (a delivery sees attempts + 1)
  attempts INTEGER NOT NULL DEFAULT 0,
  -- not delivered before this time (send delays, retry delays)
  visible_at INTEGER NOT NULL,
  -- the delivery (or pull) that holds the message
  lease TEXT,
  -- pulled messages: when the lease expires
  lease_until INTEGER
);
CREATE INDEX IF NOT EXISTS queue_messages_ready ON queue_messages (queue, visible_at, seq) WHERE lease IS NULL;
CREATE INDEX IF NOT EXISTS queue_messages_leased ON queue_messages (lease) WHERE lease IS NOT NULL;
CREATE INDEX IF NOT EXISTS queue_messages_age ON queue_messages (queue, timestamp);
-- Each queue's message count and bytes, kept by triggers: metrics() must not scan the backlog.
CREATE TABLE IF NOT EXISTS queue_backlog (
  queue TEXT PRIMARY KEY,
  count INTEGER NOT NULL,
  bytes INTEGER NOT NULL
) WITHOUT ROWID;
CREATE TRIGGER IF NOT EXISTS queue_backlog_insert AFTER INSERT ON queue_messages BEGIN
  INSERT INTO queue_backlog (queue, count, bytes) VALUES (NEW.queue, 1, length(NEW.body))
    ON CONFLICT (queue) DO UPDATE SET count = count + 1, bytes = bytes + length(NEW.body);
END;
CREATE TRIGGER IF NOT EXISTS queue_backlog_delete AFTER DELETE ON queue_messages BEGIN
  UPDATE queue_backlog SET count = count - 1, bytes = bytes - length(OLD.body) WHERE queue = OLD.queue;
END;
CREATE TRIGGER IF NOT EXISTS queue_backlog_move AFTER UPDATE OF queue ON queue_messages WHEN NEW.queue != OLD.queue BEGIN
  UPDATE queue_backlog SET count = count - 1, bytes = bytes - length(OLD.body) WHERE queue = OLD.queue;
  INSERT INTO queue_backlog (queue, count, bytes) VALUES (NEW.queue, 1, length(NEW.body))
    ON CONFLICT (queue) DO UPDATE SET count = count + 1, bytes = bytes + length(NEW.body);
END;
`;

/** 32 hex digits, like production's message ids (also lease ids). */
export function newId(): string {
  return randomBytes(16).toString("hex");
}

export interface MessageRow {
  id: string;
  queue: string;
  body: Uint8Array;
  content_type: QueueContentType;
  timestamp: number;
  attempts: number;
  visible_at: number;
  lease: string | null;
  lease_until: number | null;
}

export interface NewMessage {
  id: string;
  body: Uint8Array;
  contentType: QueueContentType;
  timestamp: number;
  visibleAt: number;
}

/** What becomes of a message after a delivery. */
export type Settlement =
  | { id: string; action: "ack" }
  | { id: string; action: "retry"; attempts: number; visibleAt: number }
  | { id: string; action: "move"; queue: string; visibleAt: number }
  /** Back to the queue as it was: the delivery never reached a handler. */
  | { id: string; action: "release" };

/** What a decision about a delivered message does to it. */
export function settlementOf(decision: Decision, now: number): Settlement {
  switch (decision.action) {
    case "ack":
    case "drop":
      return { id: decision.id, action: "ack" };
    case "retry":
      return { id: decision.id, action: "retry", attempts: decision.attempts, visibleAt: now + decision.delaySeconds * 1000 };
    case "dead-letter":
      return { id: decision.id, action: "move", queue: decision.queue, visibleAt: now };
  }
}

export class QueueStore {
  readonly #database: LazyDatabase<ReturnType<typeof prepare>>;

  constructor(file: string) {
    this.#database = new LazyDatabase(file, schema, prepare);
  }

  /** Adds messages, on disk when this returns; with `lease`, they are held by that delivery from the start. */
  insert(queue: string, messages: readonly NewMessage[], lease: string | null = null): void {
    this.insertGroups([{ queue, messages }], lease);
  }

  /**
   * Adds several sends in one transaction (one fsync), in order; returns each queue's metrics as
   * they were right before that send's messages.
   */
  insertGroups(
    groups: readonly { queue: string; messages: readonly NewMessage[] }[],
    lease: string | null = null,
  ): QueueMetrics[] {
    const db = this.#database.db;
    db.pragma("synchronous = FULL");
    try {
      return this.#database.write((sql) =>
        groups.map(({ queue, messages }) => {
          const before = this.metrics(queue);
          for (const message of messages) {
            const { buffer, byteOffset, byteLength } = message.body;
            sql.insert.run({ ...message, body: Buffer.from(buffer, byteOffset, byteLength), queue, lease });
          }
          return before;
        }),
      );
    } finally {
      db.pragma("synchronous = NORMAL");
    }
  }

  metrics(queue: string): QueueMetrics {
    const sql = this.#database.statements;
    const backlog = sql.backlog.get({ queue });
    if (!backlog || backlog.count === 0) return { backlogCount: 0, backlogBytes: 0, oldestMessageTimestamp: 0 };
    return {
      backlogCount: backlog.count,
      backlogBytes: backlog.bytes,
      oldestMessageTimestamp: sql.oldest.get({ queue })?.at ?? 0,
    };
  }

  /** Messages ready now (not held, visible), counting at most `limit`. */
  readyCount(queue: string, now: number, limit: number): number {
    return this.#database.statements.readyCount.get({ queue, now, limit })!.count;
  }

  /** When the longest-waiting ready message became visible. */
  oldestReady(queue: string, now: number): number | undefined {
    return this.#database.statements.oldestReady.get({ queue, now })?.at ?? undefined;
  }

  /** When the next message that is not visible yet becomes so. */
  nextVisible(queue: string, now: number): number | undefined {
    return this.#database.statements.nextVisible.get({ queue, now })?.at ?? undefined;
  }

  /** Takes up to `limit` ready messages, those visible longest first (then in sending order), for `lease`. */
  lease(queue: string, limit: number, now: number, lease: string, leaseUntil: number | null = null): MessageRow[] {
    return this.#database.write((sql) => {
      sql.take.run({ queue, now, limit, lease, leaseUntil });
      return sql.leased.all({ lease });
    });
  }

  leased(lease: string): MessageRow[] {
    return this.#database.statements.leased.all({ lease });
  }

  /** Pulled messages whose lease ran out. */
  expired(queue: string, now: number): MessageRow[] {
    return this.#database.statements.expired.all({ queue, now });
  }

  settle(settlements: readonly Settlement[]): void {
    this.#database.write((sql) => {
      for (const s of settlements) {
        if (s.action === "ack") sql.delete.run({ id: s.id });
        else if (s.action === "retry") sql.retry.run({ id: s.id, attempts: s.attempts, visibleAt: s.visibleAt });
        else if (s.action === "move") sql.move.run({ id: s.id, queue: s.queue, visibleAt: s.visibleAt });
        else sql.release.run({ id: s.id });
      }
    });
  }

  /** At start: deliveries of an earlier process are gone, their messages are due again. */
  releaseAll(): void {
    this.#database.write((sql) => sql.releaseAll.run());
  }

  /** Up to `limit` messages of `queue` in sending order: waiting, delayed and held by a delivery alike (the explorer). */
  messages(queue: string, limit: number): MessageRow[] {
    return this.#database.statements.messages.all({ queue, limit });
  }

  /** Queues that hold messages. */
  queues(): string[] {
    return this.#database.statements.queues.all().map((row) => row.queue);
  }

  close(): void {
    this.#database.close();
  }
}

function prepare(db: Database) {
  db.pragma("synchronous = NORMAL");
  type Queue = { queue: string };
  type At = { at: number | null };
  const ready = "queue = :queue AND lease IS NULL AND visible_at <= :now";
  return {
    insert: db.prepare(
      `INSERT INTO queue_messages (id, queue, body, content_type, timestamp, visible_at, lease)
       VALUES (:id, :queue, :body, :contentType, :timestamp, :visibleAt, :lease)`,
    ) as Statement<[NewMessage & Queue & { lease: string | null }]>,
    backlog: db.prepare("SELECT count, bytes FROM queue_backlog WHERE queue = :queue") as Statement<
      [Queue],
      { count: number; bytes: number }
    >,
    oldest: db.prepare("SELECT min(timestamp) AS at FROM queue_messages WHERE queue = :queue") as Statement<[Queue], At>,
    readyCount: db.prepare(
      `SELECT count(*) AS count FROM (SELECT 1 FROM queue_messages WHERE ${ready} LIMIT :limit)`,
    ) as Statement<[Queue & { now: number; limit: number }], { count: number }>,
    oldestReady: db.prepare(`SELECT min(visible_at) AS at FROM queue_messages WHERE ${ready}`) as Statement<
      [Queue & { now: number }],
      At
    >,
    nextVisible: db.prepare(
      "SELECT min(visible_at) AS at FROM queue_messages WHERE queue = :queue AND lease IS NULL AND visible_at > :now",
    ) as Statement<[Queue & { now: number }], At>,
    take: db.prepare(
      `UPDATE queue_messages SET lease = :lease, lease_until = :leaseUntil
       WHERE seq IN (SELECT seq FROM queue_messages WHERE ${ready} ORDER BY visible_at, seq LIMIT :limit)`,
    ) as Statement<[Queue & { now: number; limit: number; lease: string; leaseUntil: number | null }]>,
    leased: db.prepare("SELECT * FROM queue_messages WHERE lease = :lease ORDER BY visible_at, seq") as Statement<
      [{ lease: string }],
      MessageRow
    >,
    expired: db.prepare(
      "SELECT * FROM queue_messages WHERE queue = :queue AND lease IS NOT NULL AND lease_until <= :now ORDER BY seq",
    ) as Statement<[Queue & { now: number }], MessageRow>,
    delete: db.prepare("DELETE FROM queue_messages WHERE id = :id") as Statement<[{ id: string }]>,
    retry: db.prepare(
      "UPDATE queue_messages SET attempts = :attempts, visible_at = :visibleAt, lease = NULL, lease_until = NULL WHERE id = :id",
    ) as Statement<[{ id: string; attempts: number; visibleAt: number }]>,
    move: db.prepare(
      `UPDATE queue_messages SET queue = :queue, attempts = 0, visible_at = :visibleAt, lease = NULL, lease_until = NULL
       WHERE id = :id`,
    ) as Statement<[{ id: string; queue: string; visibleAt: number }]>,
    release: db.prepare("UPDATE queue_messages SET lease = NULL, lease_until = NULL WHERE id = :id") as Statement<
      [{ id: string }]
    >,
    releaseAll: db.prepare("UPDATE queue_messages SET lease = NULL, lease_until = NULL WHERE lease IS NOT NULL") as Statement<[]>,
    messages: db.prepare("SELECT * FROM queue_messages WHERE queue = :queue ORDER BY seq LIMIT :limit") as Statement<
      [Queue & { limit: number }],
      MessageRow
    >,
    queues: db.prepare("SELECT queue FROM queue_backlog WHERE count > 0") as Statement<[], { queue: string }>,
  };
}
