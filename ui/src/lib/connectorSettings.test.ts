import { describe, expect, it } from "vitest";
import { formatSettings, parseSettings } from "./connectorSettings";

describe("connector settings", () => {
  it("reads KEY=VALUE lines and skips blank ones", () => {
    expect(parseSettings("shop_id = 12\n\n url=https://x/?a=b \r\n")).toEqual({
      ok: true,
      pairs: [["shop_id", "12"], ["url", "https://x/?a=b"]],
    });
    expect(parseSettings("")).toEqual({ ok: true, pairs: [] });
  });

  it("refuses a line without a key", () => {
    expect(parseSettings("a=1\nnonsense")).toEqual({ ok: false, line: 2 });
    expect(parseSettings("=1")).toEqual({ ok: false, line: 1 });
  });

  it("writes the lines back", () => {
    expect(formatSettings([["a", "1"], ["b", "x=y"]])).toBe("a=1\nb=x=y");
    expect(parseSettings(formatSettings([["b", "x=y"]]))).toEqual({ ok: true, pairs: [["b", "x=y"]] });
  });
});
