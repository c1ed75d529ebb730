import { describe, expect, it } from "vitest";
import { buildFreeLine, type FreeLineFields } from "./freeLine";

const base: FreeLineFields = { description: "Cycling map", quantity: "1", price: "9,95", vat: "low", minutes: "" };

describe("buildFreeLine", () => {
  it("builds a priced line in cents with the chosen VAT code", () => {
    expect(buildFreeLine(base)).toEqual({
      ok: true,
      line: { description: "Cycling map", quantity: 1, unit_price_cents: 995, vat: "low" },
    });
  });

  it("builds a text line when no price is typed, quantity 1 when left empty", () => {
    expect(buildFreeLine({ ...base, price: " ", quantity: "" })).toEqual({
      ok: true,
      line: { description: "Cycling map", quantity: 1 },
    });
  });

  it("takes negative quantities (returns) and work minutes", () => {
    expect(buildFreeLine({ ...base, quantity: "-2", minutes: "30" })).toEqual({
      ok: true,
      line: { description: "Cycling map", quantity: -2, unit_price_cents: 995, vat: "low", work_minutes: 30 },
    });
  });

  it("names the field that is wrong", () => {
    expect(buildFreeLine({ ...base, description: "  " })).toEqual({ ok: false, field: "description" });
    expect(buildFreeLine({ ...base, quantity: "1,5" })).toEqual({ ok: false, field: "quantity" });
    expect(buildFreeLine({ ...base, quantity: "two" })).toEqual({ ok: false, field: "quantity" });
    expect(buildFreeLine({ ...base, price: "12,345" })).toEqual({ ok: false, field: "price" });
    expect(buildFreeLine({ ...base, price: "abc" })).toEqual({ ok: false, field: "price" });
    expect(buildFreeLine({ ...base, minutes: "1.5" })).toEqual({ ok: false, field: "minutes" });
    expect(buildFreeLine({ ...base, minutes: "-5" })).toEqual({ ok: false, field: "minutes" });
  });
});
