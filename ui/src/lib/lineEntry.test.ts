import { describe, expect, it } from "vitest";
import { enterCode } from "./lineEntry";

const lookup = { repairCodes: new Set(["102", "A7"]), barcodes: new Set(["8712345000014", "8712345000021"]) };

describe("enterCode", () => {
  it("adds a repair code line, trimmed and matched without regard to case", () => {
    expect(enterCode([], " 102 ", lookup)).toEqual({ ok: true, lines: [{ code: "102" }] });
    expect(enterCode([], "a7", lookup)).toEqual({ ok: true, lines: [{ code: "A7" }] });
  });

  it("adds the same repair code twice as two lines", () => {
    const once = enterCode([], "102", lookup);
    const twice = once.ok ? enterCode(once.lines, "102", lookup) : once;
    expect(twice).toEqual({ ok: true, lines: [{ code: "102" }, { code: "102" }] });
  });

  it("adds an article by barcode and counts repeated scans", () => {
    const once = enterCode([{ code: "102" }], "8712345000014", lookup);
    expect(once).toEqual({ ok: true, lines: [{ code: "102" }, { barcode: "8712345000014" }] });
    const twice = once.ok ? enterCode(once.lines, "8712345000014", lookup) : once;
    expect(twice).toEqual({ ok: true, lines: [{ code: "102" }, { barcode: "8712345000014", quantity: 2 }] });
    const thrice = twice.ok ? enterCode(twice.lines, "8712345000014", lookup) : twice;
    expect(thrice.ok && thrice.lines[1]).toEqual({ barcode: "8712345000014", quantity: 3 });
  });

  it("keeps different articles on their own lines", () => {
    const lines = [{ barcode: "8712345000014" }];
    expect(enterCode(lines, "8712345000021", lookup)).toEqual({
      ok: true,
      lines: [{ barcode: "8712345000014" }, { barcode: "8712345000021" }],
    });
  });

  it("does not merge a scan into a line whose price was typed by hand", () => {
    const lines = [{ barcode: "8712345000014", unit_price_cents: 100, vat: "high" }];
    const result = enterCode(lines, "8712345000014", lookup);
    expect(result.ok && result.lines).toEqual([...lines, { barcode: "8712345000014" }]);
  });

  it("does not change the lines it was given", () => {
    const lines = [{ barcode: "8712345000014" }];
    enterCode(lines, "8712345000014", lookup);
    expect(lines).toEqual([{ barcode: "8712345000014" }]);
  });

  it("refuses unknown and empty input", () => {
    expect(enterCode([], "999", lookup)).toEqual({ ok: false, reason: "unknown" });
    expect(enterCode([], "  ", lookup)).toEqual({ ok: false, reason: "empty" });
  });
});
