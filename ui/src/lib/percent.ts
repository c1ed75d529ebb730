// Percentages the core keeps as basis points (1000 = 10 %): discounts typed at the counter and
// shown on lines. Integer arithmetic only, like money.

import type { Lang } from "./i18n";

/** 1000 -> "10", 1250 -> "12,5" (nl) / "12.5" (en), 525 -> "5,25", 0 -> "0". */
export function formatBasisPoints(bp: number, lang: Lang): string {
  const value = Math.trunc(bp);
  const sign = value < 0 ? "-" : "";
  const abs = Math.abs(value);
  const whole = Math.floor(abs / 100);
  const frac = String(abs % 100).padStart(2, "0").replace(/0+$/, "");
  return frac ? `${sign}${whole}${lang === "nl" ? "," : "."}${frac}` : `${sign}${whole}`;
}

export type ParsedBp = { ok: true; bp: number } | { ok: false };

/** "10" -> 1000, "12,5" / "12.5" -> 1250, "5,25" -> 525, "" -> 0; anything else is refused. */
export function parsePercentToBp(text: string): ParsedBp {
  const raw = text.trim().replace(/\s*%$/, "");
  if (raw === "") return { ok: true, bp: 0 };
  const match = /^(\d{1,5})(?:[.,](\d{1,2}))?$/.exec(raw);
  if (!match) return { ok: false };
  return { ok: true, bp: Number(match[1]) * 100 + Number((match[2] ?? "").padEnd(2, "0")) };
}
