import { describe, expect, it } from "vitest";
import { scheduledStart } from "./schedule";

describe("schedule", () => {
  it("sends the shop's wall time as typed, without this computer's offset", () => {
    expect(scheduledStart("2026-11-23T09:30", false)).toBe("2026-11-23T09:30");
    expect(scheduledStart("2026-11-23T09:30:00", false)).toBe("2026-11-23T09:30");
  });

  it("sends a date alone for an all-day booking and nothing when empty", () => {
    expect(scheduledStart("2026-11-25T00:00", true)).toBe("2026-11-25");
    expect(scheduledStart("2026-11-25", true)).toBe("2026-11-25");
    expect(scheduledStart("  ", false)).toBeUndefined();
  });
});
