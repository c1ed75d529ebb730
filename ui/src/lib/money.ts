// Money in the UI: integer cents in, text out, and typed euros back to cents. No floats touch
// an amount; the VAT math itself lives in the Rust core.

import type { Lang } from "./i18n";

/** Formats cents as EUR: `€ 1.234,56` (nl) or `€1,234.56` (en). */
export function formatCents(cents: number, lang: Lang): string {
  const negative = cents < 0;
  const abs = BigInt(Math.abs(Math.trunc(cents)));
  const whole = (abs / 100n).toString();
  const frac = (abs % 100n).toString().padStart(2, "0");
  const group = lang === "nl" ? "." : ",";
  const decimal = lang === "nl" ? "," : ".";
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, group);
  const sign = negative ? "-" : "";
  return lang === "nl" ? `${sign}€ ${grouped}${decimal}${frac}` : `${sign}€${grouped}${decimal}${frac}`;
}

export type Parsed = { ok: true; cents: number } | { ok: false; error: string };

/**
 * Reads a typed euro amount into cents: `12,50`, `12.50`, `12`, `1.234,56`, `1,234.56`,
 * `-3,5`. The last `,` or `.` followed by one or two digits is the decimal mark; others
 * must be thousands separators in groups of three.
 */
export function parseEuroToCents(text: string): Parsed {
  const raw = text.trim().replace(/^€\s*/, "").replace(/\s/g, "");
  if (raw === "") return { ok: false, error: "empty" };
  const negative = raw.startsWith("-");
  const body = negative ? raw.slice(1) : raw;
  const match = /^(\d{1,3}(?:([.,])\d{3})*|\d+)(?:([.,])(\d{1,2}))?$/.exec(body);
  if (!match) return { ok: false, error: "not an amount" };
  const [, intPart, thousands, decimalMark, fraction] = match;
  if (thousands && decimalMark && thousands === decimalMark) return { ok: false, error: "not an amount" };
  const digits = thousands ? intPart.split(thousands).join("") : intPart;
  const cents = BigInt(digits) * 100n + BigInt((fraction ?? "").padEnd(2, "0") || "0");
  if (cents > BigInt(Number.MAX_SAFE_INTEGER)) return { ok: false, error: "too large" };
  const value = Number(cents);
  return { ok: true, cents: negative ? -value : value };
}
