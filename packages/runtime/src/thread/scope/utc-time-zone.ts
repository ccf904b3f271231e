/**
 * workerd always runs in UTC. The time zone is process-wide in Node (a worker thread cannot have its
 * own `TZ`), so this thread's `Date` and `Intl.DateTimeFormat` are made to read local time as UTC:
 * local getters and setters are the UTC ones, local dates parse and format as UTC, and a
 * DateTimeFormat without a `timeZone` option formats in UTC. Vite's process keeps its own zone.
 */
type DateMethod = (this: Date, ...args: number[]) => number;

const OriginalDate = Date;
const proto = OriginalDate.prototype as unknown as Record<string, DateMethod>;
/** The host-zone methods, captured before they are replaced. */
const host = {
  toUTCString: proto.toUTCString as unknown as (this: Date) => string,
  getTime: proto.getTime as DateMethod,
  getFullYear: proto.getFullYear as DateMethod,
  getMonth: proto.getMonth as DateMethod,
  getDate: proto.getDate as DateMethod,
  getHours: proto.getHours as DateMethod,
  getMinutes: proto.getMinutes as DateMethod,
  getSeconds: proto.getSeconds as DateMethod,
  getMilliseconds: proto.getMilliseconds as DateMethod,
};

/** Options with `timeZone: "UTC"` unless the caller chose one. */
function inUtc(options: unknown): Intl.DateTimeFormatOptions | undefined {
  if (options === undefined) return { timeZone: "UTC" };
  if (options === null || typeof options !== "object") return options as never;
  if ((options as Intl.DateTimeFormatOptions).timeZone !== undefined) return options as never;
  return Object.create(options, { timeZone: { value: "UTC", enumerable: true } }) as Intl.DateTimeFormatOptions;
}

/** `Thu, 01 Jan 1970 00:00:00 GMT` → its parts, for toString's `Thu Jan 01 1970 00:00:00 GMT+0000 (...)`. */
function parts(date: Date): { day: string; time: string } | undefined {
  if (Number.isNaN(host.getTime.call(date))) return undefined;
  const [weekday, dayOfMonth, month, year, time] = host.toUTCString.call(date).replace(",", "").split(" ");
  return { day: `${weekday} ${month} ${dayOfMonth} ${year}`, time: `${time} GMT+0000 (Coordinated Universal Time)` };
}

/** A date-time string without a zone is local time in JavaScript: here, UTC. */
const zoned = /(?:Z|[+-]\d\d:?\d\d|\b(?:GMT|UTC|UT|[ECMP][SD]T)\b.*)\s*(?:\(.*\))?\s*$/i;
const isoDateOnly = /^[+-]?\d{4,6}(?:-\d\d){0,2}$/;

function parseAsUtc(text: string): number {
  const local = OriginalDate.parse(text);
  if (Number.isNaN(local) || isoDateOnly.test(text.trim()) || zoned.test(text)) return local;
  const date = new OriginalDate(local);
  const fields = [host.getFullYear, host.getMonth, host.getDate, host.getHours, host.getMinutes, host.getSeconds];
  const [year, ...rest] = fields.map((get) => get.call(date));
  return OriginalDate.UTC(year!, ...(rest as []), host.getMilliseconds.call(date));
}

function createUtcDate(): DateConstructor {
  const UtcDate = function Date(this: unknown, ...args: unknown[]): unknown {
    if (!new.target) return UtcDate.prototype.toString.call(new OriginalDate());
    const target: Function = new.target === UtcDate ? OriginalDate : new.target;
    if (args.length >= 2) {
      return Reflect.construct(OriginalDate, [OriginalDate.UTC(...(args.map(Number) as [number]))], target);
    }
    if (args.length === 1 && typeof args[0] === "string") {
      return Reflect.construct(OriginalDate, [parseAsUtc(args[0])], target);
    }
    return Reflect.construct(OriginalDate, args, target);
  } as unknown as DateConstructor;
  Object.defineProperty(UtcDate, "length", { value: 7 });
  Object.defineProperty(UtcDate, "prototype", { value: OriginalDate.prototype, writable: false });
  Object.assign(UtcDate, { now: OriginalDate.now, UTC: OriginalDate.UTC });
  Object.defineProperty(UtcDate, "parse", {
    value: function parse(text: unknown) {
      return parseAsUtc(String(text));
    },
    writable: true,
    configurable: true,
  });
  return UtcDate;
}

function utcDatePrototype(): Record<string, Function> {
  const methods: Record<string, Function> = {
    getTimezoneOffset: () => 0,
    getYear(this: Date) {
      return this.getUTCFullYear() - 1900;
    },
    toString(this: Date) {
      const date = parts(this);
      return date ? `${date.day} ${date.time}` : "Invalid Date";
    },
    toDateString(this: Date) {
      return parts(this)?.day ?? "Invalid Date";
    },
    toTimeString(this: Date) {
      return parts(this)?.time ?? "Invalid Date";
    },
  };
  for (const name of ["FullYear", "Month", "Date", "Day", "Hours", "Minutes", "Seconds", "Milliseconds"]) {
    methods[`get${name}`] = proto[`getUTC${name}`]!;
    if (name !== "Day") methods[`set${name}`] = proto[`setUTC${name}`]!;
  }
  for (const name of ["toLocaleString", "toLocaleDateString", "toLocaleTimeString"]) {
    const original = proto[name] as unknown as (this: Date, locales?: unknown, options?: unknown) => string;
    methods[name] = {
      [name](this: Date, locales?: unknown, options?: unknown) {
        return original.call(this, locales, inUtc(options));
      },
    }[name]!;
  }
  return methods;
}

function createUtcDateTimeFormat(): typeof Intl.DateTimeFormat {
  const Original = Intl.DateTimeFormat;
  const DateTimeFormat = function DateTimeFormat(this: unknown, locales?: unknown, options?: unknown) {
    const args = [locales, inUtc(options)];
    if (!new.target) return (Original as unknown as (...args: unknown[]) => unknown)(...args);
    return Reflect.construct(Original, args, new.target === DateTimeFormat ? Original : new.target);
  } as unknown as typeof Intl.DateTimeFormat;
  Object.defineProperty(DateTimeFormat, "prototype", { value: Original.prototype, writable: false });
  Object.defineProperty(DateTimeFormat, "supportedLocalesOf", {
    value: Original.supportedLocalesOf,
    writable: true,
    configurable: true,
  });
  Object.defineProperty(Original.prototype, "constructor", { value: DateTimeFormat, writable: true, configurable: true });
  return DateTimeFormat;
}

/** Makes this thread's Date and Intl.DateTimeFormat UTC, as workerd's. */
export function installUtcTimeZone(g: Record<string, unknown>): void {
  const UtcDate = createUtcDate();
  Object.defineProperty(OriginalDate.prototype, "constructor", { value: UtcDate, writable: true, configurable: true });
  for (const [key, value] of Object.entries(utcDatePrototype())) {
    Object.defineProperty(OriginalDate.prototype, key, { value, writable: true, configurable: true });
  }
  g.Date = UtcDate;
  Object.defineProperty(Intl, "DateTimeFormat", {
    value: createUtcDateTimeFormat(),
    writable: true,
    configurable: true,
  });
}
