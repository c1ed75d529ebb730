// Money in the UI: integer cents in, text out, and typed euros back to cents. No floats touch
// an amount (digits are handled as strings and BigInt); the VAT math itself lives in the Rust
// core.

import type { Lang } from "./i18n";

/** Thousands groups of a string of digits: ("1234567", ".") -> "1.234.567". */
function group(digits: string, separator: string): string {
  return digits.replace(/\B(?=(\d{3})+(?!\d))/g, separator);
}

/** Splits integer cents into sign, whole euros and the two cent digits, without float math. */
function split(cents: number): { negative: boolean; whole: string; frac: string } {
  const value = BigInt(Math.trunc(cents));
  const negative = value < 0n;
  const abs = negative ? -value : value;
  return { negative, whole: (abs / 100n).toString(), frac: (abs % 100n).toString().padStart(2, "0") };
}

/** Formats cents as EUR: `€ 1.234,56` / `-€ 1.234,56` (nl) or `€1,234.56` / `-€1,234.56` (en). */
export function formatCents(cents: number, lang: Lang): string {
  const { negative, whole, frac } = split(cents);
  const sign = negative ? "-" : "";
  return lang === "nl" ? `${sign}€ ${group(whole, ".")},${frac}` : `${sign}€${group(whole, ",")}.${frac}`;
}

/** Cents as text to put back in an input for editing: `1234,56`, `-0,50` (no grouping). */
export function centsToInput(cents: number): string {
  const { negative, whole, frac } = split(cents);
  return `${negative ? "-" : ""}${whole},${frac}`;
}

export type ParseError = "empty" | "not_an_amount" | "ambiguous" | "too_large";
export type Parsed = { ok: true; cents: number } | { ok: false; error: ParseError };

const fail = (error: ParseError): Parsed => ({ ok: false, error });

/**
 * Reads a typed euro amount into cents: `12,50`, `12.50`, `12`, `,50`, `€ 9,95`, `-3,5`,
 * `1.234,56`, `1,234.56`, `1.234.567`. A final `,` or `.` followed by one or two digits is the
 * decimal mark; any other separators must group thousands by three, all with the same mark,
 * and differ from the decimal mark. A single group without decimals (`12,345`, `1.234`) is
 * refused as ambiguous: it could be a typo'd decimal or a thousands separator.
 */
export function parseEuroToCents(text: string): Parsed {
  const raw = text.replace(/\s/g, "").replace(/^(-?)€/, "$1");
  if (raw === "") return fail("empty");
  const negative = raw.startsWith("-");
  const body = negative ? raw.slice(1) : raw;
  if (!/^[\d.,]+$/.test(body)) return fail("not_an_amount");

  const decimal = /^(.*?)([.,])(\d{1,2})$/.exec(body);
  const intPart = decimal ? decimal[1] : body;
  const decimalMark = decimal?.[2];
  const fraction = decimal ? decimal[3].padEnd(2, "0") : "00";

  let digits: string;
  if (/^\d*$/.test(intPart)) {
    if (intPart === "" && !decimal) return fail("not_an_amount");
    digits = intPart === "" ? "0" : intPart;
  } else {
    const grouped = /^\d{1,3}([.,])\d{3}(?:\1\d{3})*$/.exec(intPart);
    if (!grouped) return fail("not_an_amount");
    const thousands = grouped[1];
    if (thousands === decimalMark) return fail("not_an_amount");
    if (!decimal && intPart.split(thousands).length === 2) return fail("ambiguous");
    digits = intPart.split(thousands).join("");
  }

  const cents = BigInt(digits) * 100n + BigInt(fraction);
  if (cents > BigInt(Number.MAX_SAFE_INTEGER)) return fail("too_large");
  const value = Number(cents);
  return { ok: true, cents: negative && value !== 0 ? -value : value };
}
