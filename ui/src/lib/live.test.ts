import { describe, expect, it } from "vitest";
import { createLive, oneAtATime, touchesOrder, type DataChanged, type Timers } from "./live";

const order = (id: string): DataChanged => ({ all: false, entities: ["order"], orders: [id] });

/** An event source the test fires by hand, and timers it runs by hand. */
function rig() {
  let fire: ((change: DataChanged) => void) | null = null;
  let listens = 0;
  const source = async (handler: (change: DataChanged) => void) => {
    listens += 1;
    fire = handler;
    return () => (fire = null);
  };
  const polls = new Map<number, () => void>();
  let next = 0;
  const timers: Timers = {
    setInterval: (fn) => {
      next += 1;
      polls.set(next, fn);
      return next;
    },
    clearInterval: (id) => polls.delete(id as number),
  };
  const flush = () => new Promise((resolve) => setTimeout(resolve, 0));
  return {
    onDataChanged: createLive(source, timers),
    fire: (change: DataChanged) => fire?.(change),
    tick: () => [...polls.values()].forEach((fn) => fn()),
    polls,
    listens: () => listens,
    flush,
  };
}

describe("live: screens reload when any seat changed something", () => {
  it("calls every subscribed screen with the change, over one listener", async () => {
    const r = rig();
    const list: DataChanged[] = [];
    const board: DataChanged[] = [];
    r.onDataChanged((c) => list.push(c));
    r.onDataChanged((c) => board.push(c));
    await r.flush();
    r.fire(order("o1"));
    await r.flush();
    expect(list).toEqual([order("o1")]);
    expect(board).toEqual([order("o1")]);
    expect(r.listens()).toBe(1);
  });

  it("stops calling a screen that left, and stops its fallback poll", async () => {
    const r = rig();
    const seen: DataChanged[] = [];
    const stop = r.onDataChanged((c) => seen.push(c));
    await r.flush();
    expect(r.polls.size).toBe(1);
    stop();
    r.fire(order("o1"));
    r.tick();
    await r.flush();
    expect(seen).toEqual([]);
    expect(r.polls.size).toBe(0);
  });

  it("reloads everything on the slow fallback poll, in case events stop", async () => {
    const r = rig();
    const seen: DataChanged[] = [];
    r.onDataChanged((c) => seen.push(c));
    r.tick();
    await r.flush();
    expect(seen).toEqual([{ all: true, entities: [], orders: [] }]);
  });
});

describe("a reload at a time", () => {
  it("folds the changes met during a reload into one more reload afterwards", async () => {
    const calls: DataChanged[] = [];
    let finish: () => void = () => undefined;
    const run = oneAtATime((c) => {
      calls.push(c);
      return new Promise<void>((resolve) => (finish = resolve));
    });
    const first = run(order("a"));
    void run(order("b"));
    void run(order("c"));
    expect(calls).toEqual([order("a")]);
    finish();
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(calls).toEqual([order("a"), { all: false, entities: ["order"], orders: ["b", "c"] }]);
    finish();
    await first;
    expect(calls.length).toBe(2);
  });

  it("goes on after a reload that failed", async () => {
    const calls: string[] = [];
    const run = oneAtATime(async (c) => {
      calls.push(c.orders[0]);
      if (c.orders[0] === "bad") throw new Error("offline");
    });
    await run(order("bad"));
    await run(order("good"));
    expect(calls).toEqual(["bad", "good"]);
  });
});

describe("which order a change concerns", () => {
  it("is the orders it names, anything else it may show, or any when notes were missed", () => {
    expect(touchesOrder(order("o1"), "o1")).toBe(true);
    expect(touchesOrder(order("o1"), "o2")).toBe(false);
    expect(touchesOrder({ all: true, entities: [], orders: [] }, "o2")).toBe(true);
    // Its customer's new phone number shows on it too.
    expect(touchesOrder({ all: false, entities: ["customer", "order"], orders: ["o1"] }, "o2")).toBe(true);
  });
});
