import { describe, expect, it } from "vitest";
import { sideBySide } from "./calendarLayout";

type Job = { id: string; from: number; to: number };
const layout = (jobs: Job[]) =>
  Object.fromEntries(sideBySide(jobs, (j) => [j.from, j.to]).map((p) => [p.item.id, [p.column, p.columns]]));

describe("side by side", () => {
  it("puts two overlapping jobs in two columns", () => {
    expect(layout([{ id: "a", from: 510, to: 650 }, { id: "b", from: 510, to: 560 }])).toEqual({ a: [0, 2], b: [1, 2] });
  });

  it("leaves jobs that do not overlap full width", () => {
    expect(layout([{ id: "a", from: 540, to: 600 }, { id: "b", from: 600, to: 660 }])).toEqual({ a: [0, 1], b: [0, 1] });
  });

  it("reuses a column that came free inside a chain of overlaps", () => {
    const jobs = [
      { id: "c", from: 600, to: 660 },
      { id: "a", from: 540, to: 600 },
      { id: "b", from: 570, to: 630 },
    ];
    expect(layout(jobs)).toEqual({ a: [0, 2], b: [1, 2], c: [0, 2] });
  });

  it("gives three jobs at the same time three columns", () => {
    const jobs = ["x", "y", "z"].map((id) => ({ id, from: 600, to: 700 }));
    const out = layout(jobs);
    expect(new Set(Object.values(out).map(([c]) => c))).toEqual(new Set([0, 1, 2]));
    expect(Object.values(out).every(([, n]) => n === 3)).toBe(true);
  });
});
