import { describe, expect, it } from "vitest";
import { addDays, mondayOf, shopToday, shopWallTime, wallTime } from "./shopTime";

describe("the shop's clock", () => {
  it("shows an instant in the store's zone, not the computer's", () => {
    // The same instant, in winter and summer time, in the shop and far from it.
    expect(shopWallTime("2026-11-23T08:30:00.000Z", "Europe/Amsterdam")).toBe("2026-11-23T09:30");
    expect(shopWallTime("2026-07-01T07:30:00Z", "Europe/Amsterdam")).toBe("2026-07-01T09:30");
    expect(shopWallTime("2026-11-23T08:30:00.000Z", "America/New_York")).toBe("2026-11-23T03:30");
    expect(shopWallTime("2026-11-23T08:30:00.000Z", "Asia/Tokyo")).toBe("2026-11-23T17:30");
    expect(shopWallTime("2026-11-23T09:30:00+01:00", "Europe/Amsterdam")).toBe("2026-11-23T09:30");
  });

  it("shows midnight as 00:00 and nonsense as nothing", () => {
    expect(shopWallTime("2026-11-22T23:00:00Z", "Europe/Amsterdam")).toBe("2026-11-23T00:00");
    expect(shopWallTime("soon", "Europe/Amsterdam")).toBe("");
  });

  it("knows the shop's today near midnight", () => {
    const late = new Date("2026-11-23T23:30:00Z");
    expect(shopToday("Europe/Amsterdam", late)).toBe("2026-11-24");
    expect(shopToday("America/New_York", late)).toBe("2026-11-23");
  });

  it("counts calendar days without any zone", () => {
    expect(addDays("2026-10-24", 1)).toBe("2026-10-25");
    expect(addDays("2026-10-25", 1)).toBe("2026-10-26");
    expect(addDays("2026-12-31", 1)).toBe("2027-01-01");
    expect(mondayOf("2026-11-29")).toBe("2026-11-23");
    expect(mondayOf("2026-11-23")).toBe("2026-11-23");
    expect(wallTime("2026-11-23", 9 * 60 + 30)).toBe("2026-11-23T09:30");
    expect(wallTime("2026-11-23", 660)).toBe("2026-11-23T11:00");
  });
});
