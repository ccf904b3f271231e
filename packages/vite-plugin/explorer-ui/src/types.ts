/**
 * What the explorer's API answers (packages/vite-plugin/src/explorer/): kept here as the page sees
 * it, since the page is built for the browser, apart from the plugin's Node code.
 */
export interface Overview {
  worker: string;
  /** Every worker of the dev server, the main one first. */
  workers: string[];
  current: number | null;
  /** `page`: the route of a queue's or workflow's page. */
  bindings: { name: string; type: string; view: boolean; page?: string[] }[];
  crons: string[];
  vars: string[];
  compatibilityDate: string;
}

export interface TraceSummary {
  id: string;
  /** The worker that served it. */
  worker: string;
  generation: number;
  type: "fetch" | "scheduled" | "email" | "queue" | "workflow" | "rpc" | "alarm" | "websocket";
  label: string;
  status?: number;
  outcome: "pending" | "ok" | "exception";
  start: number;
  end?: number;
  spans: number;
  logs: number;
}

export interface Span {
  id: number;
  parent?: number;
  kind: string;
  binding?: string;
  name: string;
  detail?: string;
  result?: string;
  error?: string;
  start: number;
  end: number;
}

export interface LogLine {
  level: "log" | "info" | "warn" | "error" | "debug";
  text: string;
  time: number;
}

export interface RequestTrace extends Omit<TraceSummary, "spans" | "logs"> {
  error?: { message: string; stack: string };
  spans: Span[];
  logs: LogLine[];
  dropped: number;
}

export interface GenerationInfo {
  id: number;
  current: boolean;
  state: "starting" | "ready" | "failed" | "retiring" | "dead";
  causes: string[];
  startedAt: number | null;
  buildMs: number | null;
  inflight: number;
  error: string | null;
  ended: { at: number; aborted: boolean; reason: string } | null;
}

export interface ValuePreview {
  size: number;
  type: "json" | "text" | "image" | "binary";
  text?: string;
  base64?: string;
  mime?: string;
  hex?: string;
  truncated: boolean;
}

export interface QueueSummary {
  queue: string;
  producers: { worker: string; binding: string }[];
  consumer: { worker: string; type: "worker" | "http_pull" } | null;
  metrics: { backlogCount: number; backlogBytes: number; oldestMessageTimestamp: number };
}

export interface QueueMessage {
  id: string;
  contentType: "text" | "bytes" | "json" | "v8";
  timestamp: number;
  /** Failed deliveries so far. */
  attempts: number;
  visibleAt: number;
  inDelivery: boolean;
  leaseUntil: number | null;
  body: ValuePreview;
}

export interface QueueActivity {
  at: number;
  queue: string;
  consumer: string;
  id: string;
  action: "ack" | "retry" | "dead-letter" | "drop";
  attempts?: number;
  delaySeconds?: number;
  deadLetterQueue?: string;
}

export interface QueueDetail {
  queue: string;
  metrics: QueueSummary["metrics"];
  producers: QueueSummary["producers"];
  consumer?: {
    worker: string;
    config: {
      type: "worker" | "http_pull";
      maxBatchSize: number;
      maxBatchTimeout: number;
      maxRetries: number;
      deadLetterQueue?: string;
      maxConcurrency: number;
      retryDelay: number;
    };
  };
  paused: boolean;
  inflightBatches: number;
  deadLetterOf: string[];
  messages: QueueMessage[];
  activity: QueueActivity[];
}

export interface WorkflowSummary {
  workflow: string;
  worker: string;
  className: string;
  binding: string;
}

export interface WorkflowInstanceSummary {
  id: string;
  status: string;
  createdAt: number;
  updatedAt: number | null;
  wakeAt: number | null;
}

export interface WorkflowStep {
  key: string;
  kind: string;
  name: string;
  state: "retrying" | "sleeping" | "waiting" | "done" | "failed";
  attempt: number;
  wakeAt: number | null;
  eventType: string | null;
  output?: string;
  error?: { name: string; message: string };
}

export interface WorkflowInstance extends WorkflowInstanceSummary {
  params: string;
  output?: string;
  error?: { name: string; message: string };
  steps: WorkflowStep[];
  pendingEvents: { type: string; timestamp: number; payload: string }[];
}
