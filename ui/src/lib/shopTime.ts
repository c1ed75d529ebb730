// The shop's clock in the window. The core owns the store's time zone: it stores instants
// (RFC 3339 UTC) and reads every time the window sends without an offset (`2026-11-23T09:30`)
// as the shop's wall time. So the window only ever turns an instant into the shop's wall
// time, with Intl in the store's IANA zone, whatever zone the computer is in; it never turns
// a wall time back into an instant itself. Calendar dates (`YYYY-MM-DD`) carry no zone and
// are counted in UTC so no local clock change can shift them.

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string | undefined): Intl.DateTimeFormat {
  const key = timeZone ?? "";
  let found = formatters.get(key);
  if (!found) {
    const options: Intl.DateTimeFormatOptions = {
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      hourCycle: "h23",
    };
    try {
      found = new Intl.DateTimeFormat("en-GB", { ...options, timeZone });
    } catch {
      // Not a zone this webview knows: the computer's own, rather than nothing at all.
      found = new Intl.DateTimeFormat("en-GB", options);
    }
    formatters.set(key, found);
  }
  return found;
}

/** `2026-11-23T08:30:00.000Z` in `Europe/Amsterdam` -> `2026-11-23T09:30`; "" when unreadable. */
export function shopWallTime(instant: string, timeZone: string | undefined): string {
  const date = new Date(instant);
  if (Number.isNaN(date.getTime())) return "";
  const parts: Record<string, string> = {};
  for (const part of formatter(timeZone).formatToParts(date)) parts[part.type] = part.value;
  return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}`;
}

/** The shop's date now (`YYYY-MM-DD`). */
export function shopToday(timeZone: string | undefined, now: Date = new Date()): string {
  return shopWallTime(now.toISOString(), timeZone).slice(0, 10);
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function utcDate(date: string): Date | null {
  const m = DATE.exec(date);
  return m ? new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))) : null;
}

/** `date` plus `days` calendar days. */
export function addDays(date: string, days: number): string {
  const d = utcDate(date);
  if (!d) return date;
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** The Monday of `date`'s week. */
export function mondayOf(date: string): string {
  const d = utcDate(date);
  if (!d) return date;
  return addDays(date, -((d.getUTCDay() + 6) % 7));
}

/** The wall time at `minute` past midnight of `date`: `2026-11-23T09:30`. */
export function wallTime(date: string, minute: number): string {
  const m = Math.max(0, Math.min(24 * 60 - 1, Math.round(minute)));
  const two = (n: number) => String(n).padStart(2, "0");
  return `${date}T${two(Math.floor(m / 60))}:${two(m % 60)}`;
}
