import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { historyText, knownActions, type Show } from "./history";

const show: Show = { label: (s) => (s === "intake" ? "Intake" : s === "scheduled" ? "Ingepland" : s), money: (c) => `€ ${(c / 100).toFixed(2).replace(".", ",")}`, when: (at) => `[${at}]` };
const entry = (action: string, changes: Record<string, unknown>) => ({ at: "2026-11-30T08:00:00Z", actor: "Marco", action, summary: "English", changes });

describe("history in Dutch", () => {
  it("words each change from what was recorded", () => {
    expect(historyText(entry("status_changed", { from: "intake", to: "scheduled", reason: null }), "nl", show)).toBe("Status Intake → Ingepland");
    expect(historyText(entry("lines_changed", { lines: 3, total_before: 1000, total_after: 2550 }), "nl", show)).toBe(
      "Regels gewijzigd (3 regels): totaal € 10,00 → € 25,50",
    );
    expect(historyText(entry("scheduled", { mechanic: "Joris", start: "2026-11-30T08:30:00Z", confirmed: [] }), "nl", show)).toBe(
      "Ingepland bij Joris: [2026-11-30T08:30:00Z]",
    );
    expect(historyText(entry("header_changed", { promised_date: { from: "2026-12-01", to: "2026-12-03" } }), "nl", show)).toBe(
      "Gewijzigd: beloofde datum '2026-12-01' → '2026-12-03'",
    );
    expect(historyText(entry("created", { number: "WO-2026-00001" }), "en", show)).toBe("English");
  });

  it("knows every action the core records on an order", () => {
    // Every `"action"` string literal written with entity "order" in the core's source.
    const dir = "../crates/app/src";
    const files = readdirSync(dir, { recursive: true }).map(String).filter((f) => f.endsWith(".rs"));
    const actions = new Set<string>();
    for (const f of files) {
      const text = readFileSync(`${dir}/${f}`, "utf8");
      for (const m of text.matchAll(/entity: "order",[\s\S]{0,80}?action: "([a-z_]+)"/g)) actions.add(m[1]);
      for (const m of text.matchAll(/(?<!fn )record_order_change\([^;]*?"([a-z_]+)",/g)) actions.add(m[1]);
    }
    expect(actions.size).toBeGreaterThan(5);
    expect([...actions].filter((a) => !knownActions.includes(a))).toEqual([]);
  });
});
