import { expect, test } from "vitest";
import { installUtcTimeZone } from "./utc-time-zone.js";

// A zone away from UTC for this test process (Node applies a change of TZ at once), as the
// conformance suite runs its servers, then the worker's UTC on top of it.
process.env.TZ = "America/New_York";
const hostOffset = new Date(0).getTimezoneOffset();
const scope: { Date?: DateConstructor } = {};
installUtcTimeZone(scope as Record<string, unknown>);
const UtcDate = scope.Date!;

test("the process runs in a zone away from UTC, so these tests can fail", () => {
  expect(hostOffset).toBe(300);
});

test("dates format and read their fields in UTC", () => {
  const epoch = new UtcDate(0);
  expect(epoch.toString()).toBe("Thu Jan 01 1970 00:00:00 GMT+0000 (Coordinated Universal Time)");
  expect(epoch.toDateString()).toBe("Thu Jan 01 1970");
  expect(epoch.toTimeString()).toBe("00:00:00 GMT+0000 (Coordinated Universal Time)");
  expect([epoch.getTimezoneOffset(), epoch.getHours(), epoch.getDate(), epoch.getDay()]).toEqual([0, 0, 1, 4]);
  expect(epoch.toLocaleString("en-US")).toBe("1/1/1970, 12:00:00 AM");
  expect(epoch.toLocaleTimeString("en-US", { timeZone: "America/New_York" })).toBe("7:00:00 PM");
  expect(String(new UtcDate(Number.NaN))).toBe("Invalid Date");
});

test("local dates are built and parsed as UTC, zoned strings keep their zone", () => {
  expect(new UtcDate(2020, 0, 1).toISOString()).toBe("2020-01-01T00:00:00.000Z");
  expect(UtcDate.parse("2020-01-01T00:00")).toBe(Date.UTC(2020, 0, 1));
  expect(new UtcDate("Jan 1 2020 10:00").toISOString()).toBe("2020-01-01T10:00:00.000Z");
  expect(new UtcDate("2020-01-01T00:00-05:00").toISOString()).toBe("2020-01-01T05:00:00.000Z");
  expect(new UtcDate("2020-01-01").toISOString()).toBe("2020-01-01T00:00:00.000Z");
  const date = new UtcDate(0);
  date.setHours(5);
  expect(date.toISOString()).toBe("1970-01-01T05:00:00.000Z");
  expect(new UtcDate(0) instanceof UtcDate && new UtcDate(0).constructor === UtcDate).toBe(true);
  expect((UtcDate as unknown as (time: number) => string)(0)).toMatch(/GMT\+0000 \(Coordinated Universal Time\)$/);
});

test("Intl.DateTimeFormat resolves to UTC unless a zone is given", () => {
  expect(new Intl.DateTimeFormat().resolvedOptions().timeZone).toBe("UTC");
  expect(Intl.DateTimeFormat("en", { timeStyle: "full" }).format(0)).toBe("12:00:00 AM Coordinated Universal Time");
  expect(new Intl.DateTimeFormat("en", { timeZone: "Asia/Tokyo" }).resolvedOptions().timeZone).toBe("Asia/Tokyo");
  expect(new Intl.DateTimeFormat() instanceof Intl.DateTimeFormat).toBe(true);
});
