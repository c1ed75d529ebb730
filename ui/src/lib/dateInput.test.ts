import { describe, expect, it } from "vitest";
import { datesInvalid, markDateField, readDate, readTime, showDate } from "./dateInput";

const TODAY = "2026-06-15";
const date = (text: string) => readDate(text, TODAY);

describe("date fields, day first in both languages", () => {
  it("shows an ISO date day first", () => {
    expect(showDate("2026-11-30")).toBe("30-11-2026");
    expect(showDate("2026-01-12")).toBe("12-01-2026");
    expect(showDate("")).toBe("");
  });

  it("reads the ways people type a date back to ISO", () => {
    for (const typed of ["30-11-2026", "30/11/2026", "30.11.2026", "30-11-26", "30 11 2026", "30112026", "2026-11-30", " 30-11-2026 "]) {
      expect(date(typed), typed).toEqual({ ok: true, value: "2026-11-30" });
    }
    expect(date("3-2-2027")).toEqual({ ok: true, value: "2027-02-03" });
    expect(date("1-12-2026")).toEqual({ ok: true, value: "2026-12-01" });
    expect(date("2026-1-5")).toEqual({ ok: true, value: "2026-01-05" });
  });

  it("reads a day without a year in the shop's year", () => {
    expect(date("30-11")).toEqual({ ok: true, value: "2026-11-30" });
    expect(readDate("1/2", "2027-12-31")).toEqual({ ok: true, value: "2027-02-01" });
  });

  it("never reads day and month the other way round", () => {
    // 12-01 is 12 January, the Dutch way, whatever the language.
    expect(date("12-01-2026")).toEqual({ ok: true, value: "2026-01-12" });
    expect(showDate("2026-01-12")).toBe("12-01-2026");
  });

  it("refuses days the calendar does not have", () => {
    for (const typed of ["31-02-2026", "13-13-2026", "29-02-2026", "0-5-2026", "31-04-2026", "32-01-2026"]) {
      expect(date(typed), typed).toEqual({ ok: false, problem: "noSuchDay" });
    }
    expect(date("29-02-2028")).toEqual({ ok: true, value: "2028-02-29" });
  });

  it("refuses text that is no date", () => {
    for (const typed of ["tomorrow", "30-11-2026x", "11/30/2026 9:00", "2026/11", "30-11-202"]) {
      expect(date(typed).ok, typed).toBe(false);
    }
    expect(date("morgen")).toEqual({ ok: false, problem: "notADate" });
  });

  it("takes an empty field as no date", () => {
    expect(date("  ")).toEqual({ ok: true, value: "" });
  });
});

describe("time fields, 24 hours in both languages", () => {
  it("reads the ways people type a time", () => {
    for (const typed of ["9:30", "09:30", "0930", "930", "9.30"]) {
      expect(readTime(typed), typed).toEqual({ ok: true, value: "09:30" });
    }
    expect(readTime("17:05")).toEqual({ ok: true, value: "17:05" });
    expect(readTime("0:00")).toEqual({ ok: true, value: "00:00" });
    expect(readTime("9")).toEqual({ ok: true, value: "09:00" });
    expect(readTime("")).toEqual({ ok: true, value: "" });
  });

  it("refuses what is no time of day", () => {
    for (const typed of ["25:00", "24:00", "9:60", "9:5", "9:30 AM", "half tien", "12345"]) {
      expect(readTime(typed), typed).toEqual({ ok: false, problem: "notATime" });
    }
  });
});

describe("fields holding text that is no date", () => {
  it("stop a save and show their errors until they are fine again", () => {
    const shown: string[] = [];
    markDateField("promised-date", () => shown.push("promised-date"));
    expect(datesInvalid("scheduled-start")).toBe(false);
    expect(datesInvalid("scheduled-start", "promised-date")).toBe(true);
    expect(shown).toEqual(["promised-date"]);
    markDateField("promised-date", null);
    expect(datesInvalid("promised-date")).toBe(false);
    // A date-and-time field's time part counts for the field.
    markDateField("plan-start-time", () => shown.push("plan-start-time"));
    expect(datesInvalid("plan-start")).toBe(true);
    expect(shown).toEqual(["promised-date", "plan-start-time"]);
    markDateField("plan-start-time", null);
  });
});
