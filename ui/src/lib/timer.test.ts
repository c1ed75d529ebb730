import { describe, expect, it } from "vitest";
import { clock, runningFor } from "./timer";

describe("a running job's timer", () => {
  it("shows minutes and seconds in the first hour, then hours and minutes", () => {
    expect(clock(0)).toBe("00:00");
    expect(clock(65_000)).toBe("01:05");
    expect(clock(59 * 60_000 + 59_999)).toBe("59:59");
    expect(clock(3_600_000)).toBe("1:00");
    expect(clock(3_600_000 + 7 * 60_000 + 30_000)).toBe("1:07");
    expect(clock(11 * 3_600_000)).toBe("11:00");
  });

  it("never counts backwards", () => {
    expect(clock(-5_000)).toBe("00:00");
  });

  it("counts on the core's clock, whatever the computer's clock says", () => {
    // Started at 09:00 by the core; read at 09:10 core time, 2 s ago on a computer that is
    // an hour off: 10 min 2 s.
    const readAt = Date.parse("2026-11-24T10:10:00Z");
    const ms = runningFor("2026-11-24T08:00:00.000Z", "2026-11-24T08:10:00.000Z", readAt, readAt + 2_000);
    expect(clock(ms)).toBe("10:02");
  });
});
