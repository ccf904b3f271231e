/** Options of the standalone bench scripts (bench/scale, bench/deps), read from the environment. */
import { stopAllStarted } from "./dev-server.mjs";

/** A comma-separated list, or `fallback` (also comma-separated) when unset or empty. */
export function envList(name, fallback) {
  return (process.env[name] || fallback)
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
}

/** A whole number, or `fallback` when unset or empty. */
export function envWholeNumber(name, fallback) {
  const value = Number(process.env[name] || fallback);
  if (!Number.isInteger(value) || value < 0) throw new Error(`[bench] ${name}=${process.env[name]} is not a whole number.`);
  return value;
}

/** Stops every dev server a script started when it ends or is interrupted. */
export function stopServersOnExit() {
  for (const signal of ["SIGINT", "SIGTERM"]) process.once(signal, () => (stopAllStarted(), process.exit(130)));
  process.once("exit", stopAllStarted);
}
