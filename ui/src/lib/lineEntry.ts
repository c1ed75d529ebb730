// What the code field does when Enter is pressed: a repair code adds a repair-code line, an
// article barcode adds an article line, and scanning the same barcode again (a scanner is a
// keyboard that types the code and Enter) adds one to that line's quantity.

import type { LineInput } from "./api/types/LineInput";

export type Lookup = { repairCodes: Set<string>; barcodes: Set<string> };

export type EntryResult = { ok: true; lines: LineInput[] } | { ok: false; reason: "empty" | "unknown" };

export function enterCode(lines: LineInput[], typed: string, lookup: Lookup): EntryResult {
  const code = typed.trim();
  if (code === "") return { ok: false, reason: "empty" };
  if (lookup.barcodes.has(code)) {
    const index = lines.findIndex((l) => l.barcode === code && l.unit_price_cents === undefined);
    if (index >= 0) {
      return {
        ok: true,
        lines: lines.map((l, i) => (i === index ? { ...l, quantity: (l.quantity ?? 1) + 1 } : l)),
      };
    }
    return { ok: true, lines: [...lines, { barcode: code }] };
  }
  const upper = code.toUpperCase();
  const repairCode = [...lookup.repairCodes].find((c) => c.toUpperCase() === upper);
  if (repairCode !== undefined) return { ok: true, lines: [...lines, { code: repairCode }] };
  return { ok: false, reason: "unknown" };
}
