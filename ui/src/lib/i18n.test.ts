import { describe, expect, it } from "vitest";
import { dictionaries, statusLabel } from "./i18n";

describe("i18n", () => {
  it("has every key in both languages, none empty", () => {
    const en = Object.keys(dictionaries.en).sort();
    const nl = Object.keys(dictionaries.nl).sort();
    expect(nl).toEqual(en);
    for (const lang of ["en", "nl"] as const) {
      for (const [key, text] of Object.entries(dictionaries[lang])) expect(text, `${lang}.${key}`).not.toBe("");
    }
  });

  it("labels every workflow status", () => {
    const statuses = ["intake", "scheduled", "in_progress", "waiting_for_parts", "waiting_for_customer", "done", "collected", "cancelled"];
    for (const s of statuses) {
      expect(statusLabel("nl", s)).not.toBe(s);
      expect(statusLabel("en", s)).not.toBe(s);
    }
    expect(statusLabel("en", "unknown_thing")).toBe("unknown_thing");
  });
});
