import { describe, expect, it } from "vitest";
import { formatDay, formatMoment, formatShortDay } from "./dates";

describe("dates in the UI language", () => {
  it("writes a day the Dutch way, never month first", () => {
    expect(formatDay("2026-11-30", "nl")).toBe("30-11-2026");
    expect(formatDay("2026-01-12", "nl")).toBe("12-01-2026");
    expect(formatDay("2026-01-12", "en")).toBe("12/01/2026");
  });

  it("writes a moment with the weekday and month name", () => {
    expect(formatMoment("2026-11-30T09:30", "nl")).toBe("ma 30 nov 09:30");
    expect(formatMoment("2026-11-30T09:30", "en")).toBe("Mon 30 Nov 09:30");
    expect(formatMoment("2026-03-29", "nl")).toBe("zo 29 mrt 2026");
    expect(formatShortDay("2026-12-01", "nl")).toBe("di 1 dec");
  });

  it("leaves text that is no date alone", () => {
    expect(formatDay("soon", "nl")).toBe("soon");
  });
});
