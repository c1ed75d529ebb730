import { describe, expect, it } from "vitest";
import type { OrderView } from "./api/types/OrderView";
import { closingInput, untickedLines, WorkActions } from "./workActions.svelte";

// Only what the finish rules read of an order: its number and the lines' statuses.
function orderWith(statuses: string[]): OrderView {
  return { number: "WO-1", lines: statuses.map((status) => ({ status })) } as unknown as OrderView;
}

describe("the work actions the work panel and the bench view share", () => {
  it("asks before finishing while lines are not ticked, and counts them", () => {
    const order = orderWith(["done", "open", "open"]);
    const work = new WorkActions(() => order, () => {});
    expect(work.unticked).toBe(2);
    work.askFinish();
    expect(work.asking).toBe("unticked");
    expect(work.finishing).toBe(false);
    work.dismiss();
    expect(work.asking).toBe(null);
  });

  it("opens the finish form at once when every line is ticked, and Finish again closes it", async () => {
    const order = orderWith(["done"]);
    const work = new WorkActions(() => order, () => {});
    work.askFinish();
    await Promise.resolve();
    expect(work.asking).toBe(null);
    expect(work.finishing).toBe(true);
    work.askFinish();
    expect(work.finishing).toBe(false);
  });

  it("'finish anyway' closes the question and opens the form", async () => {
    const work = new WorkActions(() => orderWith(["open"]), () => {});
    work.askFinish();
    await work.openFinish();
    expect(work.asking).toBe(null);
    expect(work.finishing).toBe(true);
  });

  it("sends only the closing fields that were filled in", () => {
    expect(closingInput({ resolution: "Pads replaced", root_cause: "", notes: "" })).toEqual({
      resolution: "Pads replaced",
      root_cause: undefined,
      notes: undefined,
    });
    expect(untickedLines(null)).toBe(0);
  });
});
