/**
 * Workflows' durations (`step.sleep`, retry `delay`, `timeout`): milliseconds as a number (or a
 * numeric string), or "<number> <unit>" with unit second, minute, hour, day, week, month (30 days)
 * or year (365.25 days), singular or plural. https://developers.cloudflare.com/workflows/build/sleeping-and-retrying/
 */
const unitMs: Record<string, number> = {
  millisecond: 1,
  ms: 1,
  second: 1_000,
  minute: 60_000,
  hour: 3_600_000,
  day: 86_400_000,
  week: 604_800_000,
  month: 2_592_000_000,
  year: 31_557_600_000,
};

/** Production's message for a duration it cannot read. */
export const invalidDurationMessage =
  "Duration must be a number or a string in format '{{number}} {{unit}}' where unit is second(s), minute(s), etc.";

/** Milliseconds, or undefined when `value` is not a duration. */
export function toMilliseconds(value: unknown): number | undefined {
  if (typeof value === "number") return Number.isFinite(value) ? value : undefined;
  if (typeof value !== "string") return undefined;
  const trimmed = value.trim();
  if (trimmed !== "" && Number.isFinite(Number(trimmed))) return Number(trimmed);
  const match = /^(-?\d+(?:\.\d+)?) +([a-z]+)$/i.exec(trimmed);
  if (!match) return undefined;
  const word = match[2]!.toLowerCase();
  const unit = unitMs[word] ?? (word.endsWith("s") ? unitMs[word.slice(0, -1)] : undefined);
  return unit === undefined ? undefined : Number(match[1]) * unit;
}

/** Milliseconds; throws production's error for anything else. */
export function parseDuration(value: unknown): number {
  const ms = toMilliseconds(value);
  if (ms === undefined) throw new Error(invalidDurationMessage);
  return ms;
}
