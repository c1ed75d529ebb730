import { describe, expect, it } from "vitest";
import { EMPTY_FORM, fromDraft, isBlank, toDraft, type IntakeForm } from "./intakeDraft";

const typed: IntakeForm = {
  ...EMPTY_FORM,
  name: "Annemiek Jansen",
  phone: "06-12345678",
  customerChoice: "create_new",
  kind: "e_bike",
  brand: "Cortina",
  frame: "CO-1",
  description: "Rear brake squeals",
  start: "2026-11-25T09:30",
  promised: "2026-11-26",
  mechanic: "Joris Bakker",
  lines: [{ code: "102" }, { description: "Brake pads", quantity: 2, unit_price_cents: 1250, vat: "high" }],
  freeDescription: "Bell",
  freePrice: "4,95",
};

describe("intake drafts", () => {
  it("brings every field back as it was", () => {
    expect(fromDraft(toDraft(typed))).toEqual(typed);
  });

  it("keeps a picked customer with their bikes", () => {
    const picked = {
      customer: { id: "c1", name: "Anna de Vries", phone: null, email: null, address: null, notes: null },
      objects: [],
    };
    const form = { ...EMPTY_FORM, picked, objectId: "o1", description: "Service" };
    expect(fromDraft(toDraft(form))).toEqual(form);
  });

  it("calls a form blank until something is typed or picked", () => {
    expect(isBlank(EMPTY_FORM)).toBe(true);
    expect(isBlank({ ...EMPTY_FORM, name: "  " })).toBe(true);
    expect(isBlank({ ...EMPTY_FORM, name: "A" })).toBe(false);
    expect(isBlank({ ...EMPTY_FORM, kind: "car" })).toBe(false);
    expect(isBlank({ ...EMPTY_FORM, lines: [{ code: "102" }] })).toBe(false);
    expect(isBlank({ ...EMPTY_FORM, allDay: true })).toBe(false);
  });

  it("refuses what is no draft of this form and fills missing fields", () => {
    expect(fromDraft("not json")).toBeNull();
    expect(fromDraft("[1]")).toBeNull();
    expect(fromDraft(JSON.stringify({ version: 99, form: typed }))).toBeNull();
    const partial = fromDraft(JSON.stringify({ version: 1, form: { name: "Piet", lines: "oops", allDay: "yes" } }));
    expect(partial).toEqual({ ...EMPTY_FORM, name: "Piet" });
  });
});
