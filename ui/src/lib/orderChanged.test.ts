import { describe, expect, it } from "vitest";
import { ApiError } from "./api";
import { errorMessage, type Refusal } from "./errors";
import { isOrderChanged, keepTyped, unsavedLines } from "./orderChanged";

// The core's refusal when another seat changed the order (crates/app/src/versions.rs).
const refusal = {
  code: "order_changed" as const,
  message: "Order WO-2026-00012 was changed by Joris Bakker at 10:42 since you opened it; reload it to see the change",
  details: [
    {
      code: "order_changed",
      message: "Order WO-2026-00012 was changed by Joris Bakker at 10:42 since you opened it; reload it to see the change",
      params: { number: "WO-2026-00012", by: "Joris Bakker", when: "10:42", at: "2026-11-24T09:42:00.000Z" },
    },
  ],
} satisfies Refusal;

describe("a save refused because another seat changed the order", () => {
  it("is told apart from other refusals", () => {
    expect(isOrderChanged(new ApiError(refusal.code, refusal.message, undefined, refusal.details))).toBe(true);
    expect(isOrderChanged(new ApiError("invalid_input", "is required"))).toBe(false);
  });

  it("names who changed it and when, in Dutch and in English", () => {
    expect(errorMessage(refusal, "nl")).toBe(
      "Werkorder WO-2026-00012 is door Joris Bakker gewijzigd om 10:42, nadat u hem opende; laad hem opnieuw om de wijziging te zien",
    );
    expect(errorMessage(refusal, "en")).toBe(refusal.message);
  });

  it("keeps the fields the person changed and takes the rest from the reloaded order", () => {
    const loaded = { description: "Flat tyre", promised_date: "", own_reference: "" };
    const typed = { description: "Flat tyre", promised_date: "2026-12-03", own_reference: "" };
    const reloaded = { description: "Flat tyre and a loose saddle", promised_date: "", own_reference: "R-1" };
    expect(keepTyped(typed, loaded, reloaded)).toEqual({
      description: "Flat tyre and a loose saddle",
      promised_date: "2026-12-03",
      own_reference: "R-1",
    });
  });

  it("names the typed lines the reloaded order does not have", () => {
    const reloaded = [
      { description: "Replace chain", quantity: 1, unit_price_cents: 2995 },
      { description: "Pieter's line", quantity: 1, unit_price_cents: 1500 },
    ];
    const typed = [
      { description: "Replace chain", quantity: 1, unit_price_cents: 2995 },
      { description: "Sanne's line", quantity: 2, unit_price_cents: 1500 },
    ];
    expect(unsavedLines(typed, reloaded)).toEqual(["Sanne's line"]);
    expect(unsavedLines(reloaded, reloaded)).toEqual([]);
  });
});
