// Dates and times as people type them, in both languages: day first (`30-11-2026`) and a
// 24-hour clock (`09:30`). The window's native date fields cannot do this: WebKitGTK formats
// `<input type="date">` from the process locale and ignores the page's language, so a Dutch
// reader saw `12/01/2026` and read 12 January. The date fields (components/DateInput.svelte
// and DateTimeInput.svelte) are plain text fields that use this module to show an ISO date the
// Dutch way and to read what was typed back to ISO; the screens keep sending ISO to the core.
//
// It also keeps the short list of date fields that hold text which is no date, so a screen
// can refuse to save (and say why under the field) instead of saving without the date.

/** What a typed date or time turned out to be. `""` is an empty field, which is allowed. */
export type Read =
  | { ok: true; value: string }
  | { ok: false; problem: "notADate" | "noSuchDay" | "notATime" };

const two = (n: number) => String(n).padStart(2, "0");

const ISO_DATE = /^(\d{4})-(\d{1,2})-(\d{1,2})$/;
const DAY_FIRST = /^(\d{1,2})[-/. ](\d{1,2})(?:[-/. ](\d{2}|\d{4}))?$/;
const COMPACT = /^(\d{2})(\d{2})(\d{4})$/;

function daysIn(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** The ISO date `2026-11-30` as the field shows it: `30-11-2026` (the text itself otherwise). */
export function showDate(iso: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso.trim());
  return m ? `${m[3]}-${m[2]}-${m[1]}` : iso;
}

/**
 * Reads a typed date back to ISO. Takes `30-11-2026`, `30/11/2026`, `30.11.2026`,
 * `30-11-26`, `30-11` (in `today`'s year), `3-2-2027`, `30112026` and ISO `2026-11-30`;
 * refuses a day that does not exist (`31-02-2026`, `13-13-2026`) and anything else.
 * `today` is the shop's date (`YYYY-MM-DD`), for a date typed without a year.
 */
export function readDate(text: string, today: string): Read {
  const typed = text.trim();
  if (!typed) return { ok: true, value: "" };
  let y: number, mo: number, d: number;
  const iso = ISO_DATE.exec(typed);
  const dayFirst = DAY_FIRST.exec(typed) ?? COMPACT.exec(typed);
  if (iso) {
    [y, mo, d] = [Number(iso[1]), Number(iso[2]), Number(iso[3])];
  } else if (dayFirst) {
    [d, mo] = [Number(dayFirst[1]), Number(dayFirst[2])];
    const year = dayFirst[3];
    if (year === undefined) y = Number(today.slice(0, 4));
    else y = year.length === 2 ? 2000 + Number(year) : Number(year);
  } else {
    return { ok: false, problem: "notADate" };
  }
  if (!Number.isFinite(y) || y < 1000 || mo < 1 || mo > 12 || d < 1 || d > daysIn(y, mo)) {
    return { ok: false, problem: "noSuchDay" };
  }
  return { ok: true, value: `${y}-${two(mo)}-${two(d)}` };
}

const CLOCK = /^(\d{1,2})[:.](\d{2})$/;
const CLOCK_DIGITS = /^(\d{1,2})(\d{2})$/;
const HOUR = /^(\d{1,2})$/;

/** Reads a typed time as `HH:MM` on a 24-hour clock: `9:30`, `09:30`, `0930`, `9.30`, `9`. */
export function readTime(text: string): Read {
  const typed = text.trim();
  if (!typed) return { ok: true, value: "" };
  const m = CLOCK.exec(typed) ?? CLOCK_DIGITS.exec(typed);
  const hour = HOUR.exec(typed);
  const [h, min] = m ? [Number(m[1]), Number(m[2])] : hour ? [Number(hour[1]), 0] : [NaN, NaN];
  if (!(h >= 0 && h <= 23 && min >= 0 && min <= 59)) return { ok: false, problem: "notATime" };
  return { ok: true, value: `${two(h)}:${two(min)}` };
}

// The date fields on screen that hold text which is no date (or a date without its time),
// by element id, each with a way to show its error. Fields register and unregister
// themselves; screens only ask.
const invalid = new Map<string, () => void>();

/** Called by a date field: `reveal` while its text is no date, null once it is fine again. */
export function markDateField(id: string, reveal: (() => void) | null): void {
  if (reveal) invalid.set(id, reveal);
  else invalid.delete(id);
}

/**
 * True when one of the date fields `ids` (with a date-and-time field's time part, `ID-time`)
 * holds text that is no date: their errors are shown and the first gets the focus, so the
 * screen does not save without what was typed there.
 */
export function datesInvalid(...ids: string[]): boolean {
  const bad = ids.flatMap((id) => [id, `${id}-time`]).filter((id) => invalid.has(id));
  for (const id of bad) invalid.get(id)?.();
  if (bad.length && typeof document !== "undefined") document.getElementById(bad[0])?.focus();
  return bad.length > 0;
}
