/**
 * What the explorer's API answers (packages/vite-plugin/src/explorer/): kept here as the page sees
 * it, since the page is built for the browser, apart from the plugin's Node code.
 */
export interface Overview {
  worker: string;
  current: number | null;
  bindings: { name: string; type: string; view: boolean }[];
  crons: string[];
  vars: string[];
  compatibilityDate: string;
}

export interface TraceSummary {
  id: string;
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
