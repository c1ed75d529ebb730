// Two people, one order (issue 14): a save on an order another seat changed since this screen
// loaded it is refused by the core with code `order_changed` (who changed it and when in its
// details). These helpers decide what of the refused edit can be kept after a reload.
import { ApiError } from "./api";

/** Whether a rejected save was refused because the order moved on since it was loaded. */
export function isOrderChanged(reason: unknown): boolean {
  return ApiError.from(reason).code === "order_changed";
}

/**
 * The form after a reload: each field the person changed from what they had loaded keeps what
 * they typed; every other field takes the reloaded order's value, so saving again does not undo
 * the other seat's change.
 */
export function keepTyped<T extends Record<string, string>>(typed: T, loaded: T, reloaded: T): T {
  const out = { ...reloaded };
  for (const key of Object.keys(typed) as (keyof T)[]) {
    if (typed[key] !== loaded[key]) out[key] = typed[key];
  }
  return out;
}

/** A line as far as "is it already there" goes. */
type LineLike = { description?: string | null; quantity?: number | bigint | null; unit_price_cents?: number | bigint | null };

function same(a: LineLike, b: LineLike): boolean {
  return (
    (a.description ?? "").trim() === (b.description ?? "").trim() &&
    Number(a.quantity ?? 1) === Number(b.quantity ?? 1) &&
    (a.unit_price_cents == null || b.unit_price_cents == null || Number(a.unit_price_cents) === Number(b.unit_price_cents))
  );
}

/** The descriptions of the typed lines the reloaded order does not have: what was not saved. */
export function unsavedLines(typed: LineLike[], reloaded: LineLike[]): string[] {
  return typed.filter((line) => !reloaded.some((r) => same(line, r))).map((line) => (line.description ?? "").trim() || "?");
}
