/** The explorer's API, from the page. */
import { useCallback, useEffect, useState } from "preact/hooks";

export const apiBase = "/cdn-cgi/local/explorer/api";

export class ApiError extends Error {}

async function answer<T>(response: Response): Promise<T> {
  const text = await response.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // plain text (a refusal)
  }
  if (!response.ok) {
    const message = typeof body === "object" && body && "error" in body ? String(body.error) : String(body).trim();
    throw new ApiError(message || `${response.status} ${response.statusText}`);
  }
  return body as T;
}

let worker: string | undefined;

/** The worker the page shows (an auxiliary one; undefined: the main worker): every API call names it. */
export function setWorker(name: string | undefined): void {
  worker = name;
}

export function apiUrl(path: string, query: Record<string, string | number | undefined> = {}): string {
  const params = new URLSearchParams();
  if (worker !== undefined && !("worker" in query)) params.set("worker", worker);
  for (const [name, value] of Object.entries(query)) if (value !== undefined) params.set(name, String(value));
  const search = params.toString();
  return `${apiBase}/${path}${search ? `?${search}` : ""}`;
}

export async function getJson<T>(path: string, query?: Record<string, string | number | undefined>): Promise<T> {
  return answer<T>(await fetch(apiUrl(path, query)));
}

export async function postJson<T>(path: string, body: unknown, query?: Record<string, string | number | undefined>): Promise<T> {
  const init: RequestInit =
    body instanceof Blob || body instanceof ArrayBuffer
      ? { method: "POST", body }
      : { method: "POST", body: JSON.stringify(body), headers: { "content-type": "application/json" } };
  return answer<T>(await fetch(apiUrl(path, query), init));
}

export interface Loaded<T> {
  data: T | undefined;
  error: string | undefined;
  loading: boolean;
  reload(): void;
}

/** Loads `path` (again when `deps` change or on `reload()`). */
export function useApi<T>(path: string | undefined, query?: Record<string, string | number | undefined>): Loaded<T> {
  const [state, setState] = useState<{ data?: T; error?: string; loading: boolean }>({ loading: path !== undefined });
  const [tick, setTick] = useState(0);
  const key = path === undefined ? "" : apiUrl(path, query);
  useEffect(() => {
    if (path === undefined) return;
    let live = true;
    setState((previous) => ({ ...previous, loading: true }));
    getJson<T>(path, query).then(
      (data) => live && setState({ data, loading: false }),
      (error: Error) => live && setState({ error: error.message, loading: false }),
    );
    return () => {
      live = false;
    };
  }, [key, tick]);
  const reload = useCallback(() => setTick((n) => n + 1), []);
  return { data: state.data, error: state.error, loading: state.loading, reload };
}

/** The server's live events (`hello`, `requests`, `generation`, from every worker); reconnects by itself. */
export function useLiveEvents(handlers: Record<string, (data: unknown) => void>): boolean {
  const [connected, setConnected] = useState(false);
  useEffect(() => {
    const source = new EventSource(`${apiBase}/events`);
    source.addEventListener("open", () => setConnected(true));
    source.addEventListener("error", () => setConnected(false));
    for (const [event, handler] of Object.entries(handlers)) {
      source.addEventListener(event, (message) => handler(JSON.parse((message as MessageEvent<string>).data)));
    }
    return () => source.close();
  }, []);
  return connected;
}
