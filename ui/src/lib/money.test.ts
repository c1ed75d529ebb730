import { describe, expect, it } from "vitest";
import { formatCents, parseEuroToCents } from "./money";

describe("formatCents", () => {
  it("formats Dutch and English", () => {
    expect(formatCents(123456, "nl")).toBe("€ 1.234,56");
    expect(formatCents(123456, "en")).toBe("€1,234.56");
    expect(formatCents(0, "nl")).toBe("€ 0,00");
    expect(formatCents(5, "en")).toBe("€0.05");
    expect(formatCents(-995, "nl")).toBe("-€ 9,95");
    expect(formatCents(100000000, "en")).toBe("€1,000,000.00");
  });
});

describe("parseEuroToCents", () => {
  const cents = (t: string) => {
    const r = parseEuroToCents(t);
    return r.ok ? r.cents : r.error;
  };
  it("reads comma and dot decimals", () => {
    expect(cents("12,50")).toBe(1250);
    expect(cents("12.50")).toBe(1250);
    expect(cents("12,5")).toBe(1250);
    expect(cents("12")).toBe(1200);
    expect(cents("€ 9,95")).toBe(995);
    expect(cents("-3,5")).toBe(-350);
  });
  it("reads thousands separators", () => {
    expect(cents("1.234,56")).toBe(123456);
    expect(cents("1,234.56")).toBe(123456);
    expect(cents("1.234")).toBe(123400);
  });
  it("refuses what is not an amount", () => {
    for (const bad of ["", "abc", "12,345,67", "1.2.3", "12,345.6.7", "12.5.0", "1.234.5"]) {
      expect(parseEuroToCents(bad).ok, bad).toBe(false);
    }
  });
  it("never uses float arithmetic for cents", () => {
    expect(cents("0,29")).toBe(29);
    expect(cents("1,13")).toBe(113);
    expect(cents("4,35")).toBe(435);
  });
});
