import { describe, expect, it } from "vitest";
import { enterCode } from "./lineEntry";

const lookup = { repairCodes: new Set(["102", "A7"]), barcodes: new Set(["8712345000014"]) };

describe("enterCode", () => {
  it("adds a repair code line", () => {
    expect(enterCode([], " 102 ", lookup)).toEqual({ ok: true, lines: [{ code: "102" }] });
    expect(enterCode([], "a7", lookup)).toEqual({ ok: true, lines: [{ code: "A7" }] });
  });

  it("adds an article by barcode and counts repeated scans", () => {
    const once = enterCode([{ code: "102" }], "8712345000014", lookup);
    expect(once).toEqual({ ok: true, lines: [{ code: "102" }, { barcode: "8712345000014" }] });
    const twice = once.ok ? enterCode(once.lines, "8712345000014", lookup) : once;
    expect(twice).toEqual({ ok: true, lines: [{ code: "102" }, { barcode: "8712345000014", quantity: 2 }] });
  });

  it("refuses unknown and empty input", () => {
    expect(enterCode([], "999", lookup)).toEqual({ ok: false, reason: "unknown" });
    expect(enterCode([], "  ", lookup)).toEqual({ ok: false, reason: "empty" });
  });
});
