import type { TimeWindow } from '../../api-contract/pricing.ts';

/** A time-of-day window made ready to test instants against (minutes of the day, in its time zone). */
export interface CompiledWindow {
  fromMinute: number;
  toMinute: number;
  days: ReadonlySet<number> | null;
  timezone: string;
}

const weekdays: Record<string, number> = { Sun: 0, Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6 };
const formatters = new Map<string, Intl.DateTimeFormat>();

/** Throws a clear error for an unknown time zone (at rule-set load, never per request). */
export function compileWindow(window: TimeWindow, defaultTimezone: string): CompiledWindow {
  const timezone = window.timezone ?? defaultTimezone;
  formatterFor(timezone);
  return {
    fromMinute: minutes(window.from),
    toMinute: minutes(window.to),
    days: window.days ? new Set(window.days) : null,
    timezone,
  };
}

/** Whether the instant falls in the window: `from` inclusive, `to` exclusive; `from > to` wraps midnight. */
export function inWindow(window: CompiledWindow, at: number): boolean {
  const { minute, weekday } = localTime(window.timezone, at);
  const wraps = window.fromMinute > window.toMinute;
  const inside = wraps
    ? minute >= window.fromMinute || minute < window.toMinute
    : minute >= window.fromMinute && minute < window.toMinute;
  if (!inside) return false;
  if (!window.days) return true;
  // After midnight, a wrapping window belongs to the day it started on.
  const day = wraps && minute < window.toMinute ? (weekday + 6) % 7 : weekday;
  return window.days.has(day);
}

/** The last answer per time zone: requests of the same minute reuse it (formatting costs microseconds). */
const lastMinute = new Map<string, { bucket: number; value: { minute: number; weekday: number } }>();

/** Minute of the day and day of the week (0 = Sunday) of an instant in a time zone. */
export function localTime(timezone: string, at: number): { minute: number; weekday: number } {
  const bucket = Math.floor(at / 60_000);
  const cached = lastMinute.get(timezone);
  if (cached && cached.bucket === bucket) return cached.value;
  const value = computeLocalTime(timezone, at);
  lastMinute.set(timezone, { bucket, value });
  return value;
}

function computeLocalTime(timezone: string, at: number): { minute: number; weekday: number } {
  let hour = 0;
  let minute = 0;
  let weekday = 0;
  for (const part of formatterFor(timezone).formatToParts(at)) {
    if (part.type === 'hour') hour = Number(part.value) % 24;
    else if (part.type === 'minute') minute = Number(part.value);
    else if (part.type === 'weekday') weekday = weekdays[part.value] ?? 0;
  }
  return { minute: hour * 60 + minute, weekday };
}

function formatterFor(timezone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timezone);
  if (!formatter) {
    try {
      formatter = new Intl.DateTimeFormat('en-US', {
        timeZone: timezone,
        hourCycle: 'h23',
        hour: '2-digit',
        minute: '2-digit',
        weekday: 'short',
      });
    } catch {
      throw new Error(`Unknown time zone '${timezone}' in a pricing rule; use an IANA name such as Asia/Shanghai.`);
    }
    formatters.set(timezone, formatter);
  }
  return formatter;
}

function minutes(text: string): number {
  const [hours, mins] = text.split(':').map(Number);
  return hours! * 60 + mins!;
}
