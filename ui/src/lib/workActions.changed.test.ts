import { describe, expect, it, vi } from "vitest";
import type { OrderView } from "./api/types/OrderView";

// The core as two seats see it: the order moved on to version 8 at another seat, so a tick or
// a finish sent with version 7 is refused with order_changed.
const refusal = {
  code: "order_changed",
  message: "Order WO-1 was changed by Sanne de Boer at 10:42 since you opened it; reload it to see the change",
};
const now = { number: "WO-1", version: 8, lines: [{ status: "open" }, { status: "open" }] } as unknown as OrderView;
const sent: unknown[][] = [];
vi.mock("./backend", () => ({
  api: {
    setLineDone: async (...args: unknown[]) => {
      sent.push(["setLineDone", ...args]);
      throw refusal;
    },
    finishWork: async (...args: unknown[]) => {
      sent.push(["finishWork", ...args]);
      throw refusal;
    },
    getOrder: async () => now,
  },
}));

const { WorkActions } = await import("./workActions.svelte");

describe("a tick or a finish on an order another seat changed", () => {
  it("sends the version shown, says who changed it, shows the order as it is now and keeps the typed notes", async () => {
    let shown = { number: "WO-1", version: 7, lines: [{ status: "open" }] } as unknown as OrderView;
    const work = new WorkActions(
      () => shown,
      (order) => (shown = order),
    );
    expect(await work.tickLine(1, true)).toBe(false);
    expect(sent.at(-1)).toEqual(["setLineDone", "WO-1", 1, true, 7]);
    expect(work.error).toContain("Sanne de Boer");
    expect(shown.version).toBe(8);
    expect(shown.lines).toHaveLength(2);

    work.finishing = true;
    work.closing = { resolution: "Chain replaced", root_cause: "", notes: "Checked the gears" };
    await work.finish(new Event("submit") as SubmitEvent);
    expect(sent.at(-1)).toEqual(["finishWork", "WO-1", { resolution: "Chain replaced", root_cause: undefined, notes: "Checked the gears" }, 8]);
    expect(work.finishing).toBe(true);
    expect(work.closing.notes).toBe("Checked the gears");
  });
});
