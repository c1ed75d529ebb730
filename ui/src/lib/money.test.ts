import { describe, expect, it } from "vitest";
import { centsToInput, formatCents, parseEuroToCents } from "./money";

describe("formatCents", () => {
  it("formats Dutch with a space after the sign, dot thousands and comma decimals", () => {
    expect(formatCents(123456, "nl")).toBe("€ 1.234,56");
    expect(formatCents(0, "nl")).toBe("€ 0,00");
    expect(formatCents(1, "nl")).toBe("€ 0,01");
    expect(formatCents(100, "nl")).toBe("€ 1,00");
    expect(formatCents(99999, "nl")).toBe("€ 999,99");
    expect(formatCents(100000, "nl")).toBe("€ 1.000,00");
  });

  it("formats English with comma thousands and dot decimals", () => {
    expect(formatCents(123456, "en")).toBe("€1,234.56");
    expect(formatCents(0, "en")).toBe("€0.00");
    expect(formatCents(5, "en")).toBe("€0.05");
    expect(formatCents(100000000, "en")).toBe("€1,000,000.00");
  });

  it("puts the minus sign before the euro sign", () => {
    expect(formatCents(-995, "nl")).toBe("-€ 9,95");
    expect(formatCents(-5, "en")).toBe("-€0.05");
    expect(formatCents(-123456789, "nl")).toBe("-€ 1.234.567,89");
    expect(formatCents(-0, "en")).toBe("€0.00");
  });

  it("is exact up to the largest safe integer", () => {
    expect(formatCents(Number.MAX_SAFE_INTEGER, "nl")).toBe("€ 90.071.992.547.409,91");
    expect(formatCents(-Number.MAX_SAFE_INTEGER, "en")).toBe("-€90,071,992,547,409.91");
  });
});

describe("centsToInput", () => {
  it("gives text that parses back to the same cents", () => {
    for (const c of [0, 1, 50, -50, 1250, -1250, 123456, 100000000]) {
      const parsed = parseEuroToCents(centsToInput(c));
      expect(parsed, String(c)).toEqual({ ok: true, cents: c });
    }
    expect(centsToInput(-50)).toBe("-0,50");
    expect(centsToInput(123456)).toBe("1234,56");
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
    expect(cents("12.5")).toBe(1250);
    expect(cents("12")).toBe(1200);
    expect(cents("0")).toBe(0);
    expect(cents("0,01")).toBe(1);
    expect(cents(",50")).toBe(50);
    expect(cents(" 7,00 ")).toBe(700);
  });

  it("accepts a euro sign and spaces", () => {
    expect(cents("€ 9,95")).toBe(995);
    expect(cents("€9.95")).toBe(995);
    expect(cents("-€ 9,95")).toBe(-995);
    expect(cents("€ -9,95")).toBe(-995);
  });

  it("reads negative amounts (returns, credits)", () => {
    expect(cents("-3,5")).toBe(-350);
    expect(cents("-0,01")).toBe(-1);
    expect(cents("- 12")).toBe(-1200);
    expect(Object.is(cents("-0"), 0)).toBe(true);
  });

  it("reads thousands separators when the decimal mark makes them clear", () => {
    expect(cents("1.234,56")).toBe(123456);
    expect(cents("1,234.56")).toBe(123456);
    expect(cents("1.234,5")).toBe(123450);
    expect(cents("1.234.567")).toBe(123456700);
    expect(cents("1,234,567.89")).toBe(123456789);
    expect(cents("1 234,56")).toBe(123456);
  });

  it("refuses a single thousands group without decimals as ambiguous", () => {
    expect(cents("12,345")).toBe("ambiguous");
    expect(cents("1.234")).toBe("ambiguous");
  });

  it("reads large values exactly and refuses what does not fit", () => {
    expect(cents("90.071.992.547.409,91")).toBe(Number.MAX_SAFE_INTEGER);
    expect(cents("90071992547409,92")).toBe("too_large");
    expect(cents("99999999999999999999")).toBe("too_large");
  });

  it("refuses what is not an amount", () => {
    expect(cents("")).toBe("empty");
    expect(cents("   ")).toBe("empty");
    for (const bad of [
      "abc", "12a", "1e3", "+5", "--3", "-", "€", ",", "12,", "12.", "12,345,67", "1.2.3", "12,345.6.7",
      "12.5.0", "1.234.5", "1.234.56", "1,234,56", "1.234,567", "12,3456", "1,23,456.00", "12,50 EUR",
    ]) {
      expect(parseEuroToCents(bad).ok, bad).toBe(false);
    }
  });

  it("never goes through floating point", () => {
    // 0.29 * 100 = 28.999999999999996 and 1.13 * 100 = 112.99999999999999 in floats.
    expect(cents("0,29")).toBe(29);
    expect(cents("1,13")).toBe(113);
    expect(cents("4,35")).toBe(435);
    expect(cents("1.005,57")).toBe(100557);
  });
});
