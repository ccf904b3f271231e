/**
 * Which Kindling generation runs this code. Every edit re-evaluates the whole module graph in a
 * fresh generation, so both values change together. The number is a Kindling-only global, read
 * here for the demo; a deployed worker has no generations and sees `undefined`.
 */
export const generation = (globalThis as Record<symbol, unknown>)[Symbol.for("kindling.generation")] as number | undefined;

export const evaluatedAt = new Date();
