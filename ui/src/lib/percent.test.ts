import { describe, expect, it } from "vitest";
import { formatBasisPoints, parsePercentToBp } from "./percent";

describe("formatBasisPoints", () => {
  it("drops trailing zero decimals and uses the language's decimal mark", () => {
    expect(formatBasisPoints(1000, "nl")).toBe("10");
    expect(formatBasisPoints(1250, "nl")).toBe("12,5");
    expect(formatBasisPoints(1250, "en")).toBe("12.5");
    expect(formatBasisPoints(525, "en")).toBe("5.25");
    expect(formatBasisPoints(5, "nl")).toBe("0,05");
    expect(formatBasisPoints(0, "en")).toBe("0");
    expect(formatBasisPoints(10000, "nl")).toBe("100");
  });
});

describe("parsePercentToBp", () => {
  it("reads whole and decimal percentages", () => {
    expect(parsePercentToBp("10")).toEqual({ ok: true, bp: 1000 });
    expect(parsePercentToBp("12,5")).toEqual({ ok: true, bp: 1250 });
    expect(parsePercentToBp("12.5 %")).toEqual({ ok: true, bp: 1250 });
    expect(parsePercentToBp("5,25")).toEqual({ ok: true, bp: 525 });
    expect(parsePercentToBp("")).toEqual({ ok: true, bp: 0 });
  });

  it("round-trips what it formats", () => {
    for (const bp of [0, 5, 50, 525, 1000, 1250, 10000]) {
      expect(parsePercentToBp(formatBasisPoints(bp, "nl"))).toEqual({ ok: true, bp });
    }
  });

  it("refuses what is not a percentage", () => {
    for (const bad of ["abc", "-5", "1,234", "12,", "1.2.3", "5 5"]) {
      expect(parsePercentToBp(bad).ok, bad).toBe(false);
    }
  });
});
