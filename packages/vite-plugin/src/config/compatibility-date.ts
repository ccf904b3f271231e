/** `compatibility_date`: a real calendar date, not after today (UTC), as workerd and Cloudflare require. */
import { z } from "zod";

export const compatibilityDateSchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date like "2025-01-31" (YYYY-MM-DD)')
  .superRefine((date, ctx) => {
    const problem = calendarProblem(date);
    if (problem) ctx.addIssue({ code: "custom", message: `must be a real date (${problem})`, abort: true });
  });

/** Why `YYYY-MM-DD` is not a day of the calendar, if it is not. */
function calendarProblem(date: string): string | undefined {
  const [year, month, day] = date.split("-").map(Number) as [number, number, number];
  if (month < 1 || month > 12) return "months go from 01 to 12";
  const lastDay = new Date(0);
  lastDay.setUTCFullYear(year, month, 0);
  const days = lastDay.getUTCDate();
  if (day < 1 || day > days) return `${date.slice(0, 7)} has ${days} days`;
  return undefined;
}

/** Today's date in UTC, as Miniflare computes it for its own check. */
export function todayUtc(now: Date): string {
  return now.toISOString().slice(0, 10);
}

/**
 * Miniflare refuses a date after today ("Compatibility date "…" is in the future and unsupported"),
 * and so does Cloudflare on deploy; there is no later runtime to fall back to.
 */
export function futureDateError(date: string, now: Date, prefix: string, key: string): string | undefined {
  const today = todayUtc(now);
  if (date <= today) return undefined;
  return (
    `${prefix}"${key}" is "${date}", which is in the future (today is ${today} in UTC): ` +
    `Compatibility date "${date}" is in the future and unsupported. Set it to ${today} or earlier.`
  );
}
