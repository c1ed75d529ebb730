import { describe, expect, it } from "vitest";
import { localToRfc3339, scheduledStart } from "./schedule";

describe("schedule", () => {
  it("keeps the wall-clock time and adds this zone's offset", () => {
    const out = localToRfc3339("2026-11-23T09:00");
    expect(out).toMatch(/^2026-11-23T09:00:00[+-]\d{2}:\d{2}$/);
    const back = new Date(out);
    expect([back.getHours(), back.getMinutes()]).toEqual([9, 0]);
  });

  it("sends a date alone for an all-day booking and nothing when empty", () => {
    expect(scheduledStart("2026-11-25T00:00", true)).toBe("2026-11-25");
    expect(scheduledStart("2026-11-25", true)).toBe("2026-11-25");
    expect(scheduledStart("  ", false)).toBeUndefined();
  });
});
