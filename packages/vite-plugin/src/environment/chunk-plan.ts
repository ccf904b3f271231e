/**
 * Which modules a generation compiles together (protocol/module-batch.ts, `ModuleChunk`), planned
 * so that a chunk's text stays byte-identical from one generation to the next and V8's code cache
 * of the last generation serves it: a module whose code changed leaves its old code in place in
 * its chunk (compiled, never run) and goes into a new small chunk. A chunk grown too stale is
 * planned again.
 */
import type { ModuleChunk } from "@kindling/runtime/protocol";

interface Chunk {
  id: string;
  /** The module ids and the code each was compiled with: the chunk's text. */
  slots: Array<{ id: string; code: string }>;
  cache?: Uint8Array;
}

const modulesPerChunk = 500;
/** A chunk with more stale modules than this share is planned again (its text, then its cache, change). */
const maxStaleShare = 0.25;
/** Chunks this small (the changed modules of one save) are merged once there are more than `maxSmallChunks`. */
const smallChunk = 64;
const maxSmallChunks = 4;
const sourceUrlMarker = "\n//# sourceURL=";
let nextId = 0;

export class ChunkPlan {
  #chunks: Chunk[] = [];

  /** The chunks for modules `current` (id -> code); those without Vite's sourceURL are left out (compiled alone). */
  plan(current: ReadonlyMap<string, string>): ModuleChunk[] {
    const kept: Chunk[] = [];
    const covered = new Set<string>();
    let small = 0;
    for (const chunk of this.#chunks) {
      const live = chunk.slots.filter((slot) => current.get(slot.id) === slot.code && !covered.has(slot.id));
      if (live.length === 0 || chunk.slots.length - live.length > chunk.slots.length * maxStaleShare) continue;
      if (chunk.slots.length < smallChunk && ++small > maxSmallChunks) continue;
      kept.push(chunk);
      for (const slot of live) covered.add(slot.id);
    }
    const fresh = [...current].filter(([id, code]) => !covered.has(id) && code.includes(sourceUrlMarker));
    for (let i = 0; i < fresh.length; i += modulesPerChunk) {
      const slots = fresh.slice(i, i + modulesPerChunk).map(([id, code]) => ({ id, code }));
      kept.push({ id: String(++nextId), slots });
    }
    this.#chunks = kept;
    return kept.map((chunk) => toModuleChunk(chunk, current));
  }

  /** V8's code cache of a chunk sent by a generation (ignored for a chunk no longer planned). */
  storeCache(id: string, data: Uint8Array): void {
    const chunk = this.#chunks.find((c) => c.id === id);
    if (chunk) chunk.cache = data;
  }

  clear(): void {
    this.#chunks = [];
  }
}

function toModuleChunk(chunk: Chunk, current: ReadonlyMap<string, string>): ModuleChunk {
  const stale: Array<[number, string]> = [];
  chunk.slots.forEach((slot, index) => {
    if (current.get(slot.id) !== slot.code) stale.push([index, slot.code]);
  });
  return {
    id: chunk.id,
    modules: chunk.slots.map((slot) => slot.id),
    ...(stale.length > 0 ? { stale } : {}),
    ...(chunk.cache ? { cache: chunk.cache } : {}),
  };
}
