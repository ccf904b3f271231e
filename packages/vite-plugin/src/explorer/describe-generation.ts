/** A generation as the explorer lists it: when and why it was built, how long that took, and how it ended. */
import type { Generation } from "../generation/generation.js";
import { stripVTControlCharacters } from "node:util";

export function describeGeneration(generation: Generation, current: boolean) {
  const ended = generation.ended;
  return {
    id: generation.id,
    current,
    state: generation.state,
    causes: generation.causes,
    startedAt: generation.startedAt ?? null,
    buildMs:
      generation.startedAt !== undefined && generation.readyAt !== undefined ? generation.readyAt - generation.startedAt : null,
    inflight: generation.inflight,
    prefetched: generation.prefetched,
    error: generation.error ? stripVTControlCharacters(generation.error.message) : null,
    ended: ended ? { at: ended.at, aborted: ended.aborted, reason: stripVTControlCharacters(ended.reason) } : null,
  };
}
