/** Cron expressions as Cloudflare reads them: 5 fields, UTC, Quartz-style weekdays (1 = Sunday), L W #. */
import { Cron } from "croner";
import { z } from "zod";

const cronOptions = { mode: "5-part", alternativeWeekdays: true, timezone: "UTC" } as const;

/** A paused Cron for `expression`; throws croner's error for an invalid one. */
export function parseCron(expression: string, run?: () => void): Cron {
  return run ? new Cron(expression, cronOptions, run) : new Cron(expression, { ...cronOptions, paused: true });
}

export const cronExpressionSchema = z.string().superRefine((expression, ctx) => {
  const fields = expression.trim().split(/\s+/).length;
  let problem: string | undefined;
  if (fields !== 5) problem = `has ${fields} field${fields === 1 ? "" : "s"}`;
  else {
    try {
      parseCron(expression).stop();
    } catch (error) {
      problem = (error as Error).message.replace(/^CronPattern: /, "").replace(/\.$/, "");
    }
  }
  if (problem === undefined) return;
  ctx.addIssue({
    code: "custom",
    message: `is not a valid cron expression (${problem}; Cloudflare's have 5 fields: minute hour day-of-month month day-of-week, in UTC)`,
  });
});

export const triggersSchema = z.looseObject({ crons: z.array(cronExpressionSchema).optional() });
