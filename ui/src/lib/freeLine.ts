// The form's free-line row (description, quantity, unit price, VAT, work minutes) turned into
// a LineInput, or the name of the field that is wrong. Pure, so it is unit-tested; amounts go
// through parseEuroToCents and never through floats.

import type { LineInput } from "./api/types/LineInput";
import { parseEuroToCents } from "./money";

export type FreeLineFields = { description: string; quantity: string; price: string; vat: string; minutes: string };
export type FreeLineField = "description" | "quantity" | "price" | "minutes";
export type FreeLineResult = { ok: true; line: LineInput } | { ok: false; field: FreeLineField };

/**
 * A priced line when a price is typed (it then takes the chosen VAT code), otherwise a text
 * line. Quantity defaults to 1 and may be negative (a return); minutes are whole minutes.
 */
export function buildFreeLine(fields: FreeLineFields): FreeLineResult {
  const description = fields.description.trim();
  if (!description) return { ok: false, field: "description" };

  const quantityText = fields.quantity.trim();
  if (quantityText && !/^-?\d{1,9}$/.test(quantityText)) return { ok: false, field: "quantity" };
  const line: LineInput = { description, quantity: quantityText ? Number(quantityText) : 1 };

  if (fields.price.trim()) {
    const price = parseEuroToCents(fields.price);
    if (!price.ok) return { ok: false, field: "price" };
    line.unit_price_cents = price.cents;
    line.vat = fields.vat;
  }

  const minutesText = fields.minutes.trim();
  if (minutesText) {
    if (!/^\d{1,6}$/.test(minutesText)) return { ok: false, field: "minutes" };
    line.work_minutes = Number(minutesText);
  }
  return { ok: true, line };
}
