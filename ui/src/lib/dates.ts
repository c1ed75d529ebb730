// The language part of showing dates and times: a day as `30-11-2026` (Dutch) or
// `30/11/2026` (English), a moment as `ma 30 nov 09:30` / `Mon 30 Nov 09:30`. Input is a
// wall-clock time already in the shop's zone (`2026-11-30` or `2026-11-30T09:30`); turning a
// stored UTC instant into that wall-clock time is the caller's (ui.svelte.ts). Names come from
// these tables, not from the webview's ICU, so they are the same on every machine.
import type { Lang } from "./i18n";

const WEEKDAYS: Record<Lang, string[]> = {
  nl: ["zo", "ma", "di", "wo", "do", "vr", "za"],
  en: ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"],
};
const MONTHS: Record<Lang, string[]> = {
  nl: ["jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec"],
  en: ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"],
};

const LOCAL = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2}))?/;

type Parts = { y: number; m: number; d: number; time: string | null; weekday: number };

function parts(text: string): Parts | null {
  const m = LOCAL.exec(text.trim());
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  // The weekday of a calendar date does not depend on any time zone.
  const weekday = new Date(Date.UTC(y, mo - 1, d)).getUTCDay();
  return { y, m: mo, d, time: m[4] ? `${m[4]}:${m[5]}` : null, weekday };
}

const two = (n: number) => String(n).padStart(2, "0");

/** `30-11-2026` (nl) or `30/11/2026` (en); the text itself when it is no date. */
export function formatDay(text: string, lang: Lang): string {
  const p = parts(text);
  if (!p) return text;
  const sep = lang === "nl" ? "-" : "/";
  return [two(p.d), two(p.m), String(p.y)].join(sep);
}

/** `ma 30 nov 09:30` / `Mon 30 Nov 09:30`; without a time `ma 30 nov 2026`. */
export function formatMoment(text: string, lang: Lang): string {
  const p = parts(text);
  if (!p) return text;
  const day = `${WEEKDAYS[lang][p.weekday]} ${p.d} ${MONTHS[lang][p.m - 1]}`;
  return p.time ? `${day} ${p.time}` : `${day} ${p.y}`;
}

/** Short day label for slots and weeks: `ma 30 nov` / `Mon 30 Nov` (never `12-01`). */
export function formatShortDay(text: string, lang: Lang): string {
  const p = parts(text);
  if (!p) return text;
  return `${WEEKDAYS[lang][p.weekday]} ${p.d} ${MONTHS[lang][p.m - 1]}`;
}
