import { describe, expect, it } from "vitest";
import { formatSettings, mappingDirection, mappingRows, mergeMappings, otherSettings, parseSettings } from "./connectorSettings";

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

describe("connector mappings", () => {
  const settings: Array<[string, string]> = [
    ["scope", "all"],
    ["status.done", "Completed"],
    ["status.intake", "Pending"],
    ["employee.Ann", "0b6c6f1e-8a43-4f51-9a2a-9f3c1f7d2e11"],
    ["employee.Former", "42"],
    ["vat.high", "2"],
  ];

  it("groups statuses in workflow order and gives every mechanic a row", () => {
    const rows = mappingRows(settings, ["ann", "Bob"]);
    expect(rows.status.map((r) => r.local)).toEqual(["intake", "done"]);
    expect(rows.vat).toEqual([{ key: "vat.high", local: "high", value: "2" }]);
    expect(rows.employee).toEqual([
      { key: "employee.Ann", local: "ann", value: "0b6c6f1e-8a43-4f51-9a2a-9f3c1f7d2e11" },
      { key: "employee.Bob", local: "Bob", value: "" },
      { key: "employee.Former", local: "Former", value: "42" },
    ]);
    expect(otherSettings(settings)).toEqual([["scope", "all"]]);
  });

  it("saves the free lines and the filled-in mappings, leaving blank ones out", () => {
    const rows = mappingRows(settings, ["Bob"]);
    rows.employee[0].value = " 7 ";
    rows.status[0].value = "New";
    const pairs = mergeMappings([["scope", "marked"], ["status.bogus", "x"]], rows);
    expect(pairs).toContainEqual(["scope", "marked"]);
    expect(pairs).toContainEqual(["employee.Bob", "7"]);
    expect(pairs).toContainEqual(["status.intake", "New"]);
    expect(pairs).toContainEqual(["status.bogus", "x"]);
    expect(pairs.find(([k]) => k === "employee.Ann")).toBeDefined();
  });
});

describe("mapping direction", () => {
  it("reads remote-to-Jobcard for the kinds whose keys are the remote's values", () => {
    expect(mappingDirection(["status"], "status")).toBe("in");
    expect(mappingDirection(["priority"], "priority")).toBe("in");
    expect(mappingDirection(["priority"], "status")).toBe("out");
    expect(mappingDirection([], "priority")).toBe("out");
  });
});
