/**
 * The events in flight in this generation (requests, triggers, service-binding calls) and the
 * waitUntil work they left behind: a draining generation ends once both are empty.
 */

export interface InflightEvent {
  /** Aborts when the host says the client went away (`abort`). */
  readonly controller: AbortController;
  /** The event is over; idempotent. */
  settle(): void;
}

export class Events {
  #inflight = new Map<number, AbortController>();
  #background = new Set<Promise<unknown>>();
  /** Ids for events the host does not name (triggers, service-binding calls). */
  #nextLocalId = -1;
  #onChange: () => void;
  #onBackgroundError: (error: unknown) => void;

  /** `onBackgroundError`: a waitUntil promise rejected (the generation reports it to the host). */
  constructor(onChange: () => void, onBackgroundError: (error: unknown) => void) {
    this.#onChange = onChange;
    this.#onBackgroundError = onBackgroundError;
  }

  get idle(): boolean {
    return this.#inflight.size === 0 && this.#background.size === 0;
  }

  /** An event starts; `id` is the host's name for it (a request), else a local one is made. */
  begin(id: number = this.#nextLocalId--): InflightEvent {
    const controller = new AbortController();
    this.#inflight.set(id, controller);
    return {
      controller,
      settle: () => {
        if (this.#inflight.get(id) === controller && this.#inflight.delete(id)) this.#onChange();
      },
    };
  }

  abort(id: number, reason: string): void {
    this.#inflight.get(id)?.abort(new Error(reason));
  }

  /** waitUntil work: its failure is reported as a background error. */
  track(promise: Promise<unknown>): void {
    const tracked = promise.then(
      () => {},
      (error) => this.#onBackgroundError(error),
    );
    this.#background.add(tracked);
    void tracked.finally(() => (this.#background.delete(tracked), this.#onChange()));
  }
}
