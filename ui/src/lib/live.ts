// Live across seats (issue 14): a screen reads again what it shows when any seat changed
// something. The core sends one `data-changed` event per burst of changes (src-tauri/src/live.rs);
// this module is the one place that listens for it, so a screen only says what to reload:
//
//   onMount(() => onDataChanged(load));
//
// Why a module and not a listener per screen: one Tauri listener serves every screen; a
// reload never runs twice at once (a change during a reload asks for one more afterwards);
// and a slow fallback poll keeps a screen current should the events ever stop.

import { listen } from "@tauri-apps/api/event";
import type { DataChanged } from "./api/types/DataChanged";

export type { DataChanged };

/** The event's name, as the shell emits it. */
export const EVENT = "data-changed";

/** How often a screen reloads anyway, in case events stop (milliseconds). */
export const FALLBACK_MS = 30_000;

/** What a screen reloads with; it may look at the change to skip a reload. */
export type Reload = (change: DataChanged) => unknown;

/** Starts listening for the event; resolves to a function that stops. */
export type Listen = (handler: (change: DataChanged) => void) => Promise<() => void>;

/** The timers the fallback poll uses (injected by the tests). */
export interface Timers {
  setInterval: (fn: () => void, ms: number) => unknown;
  clearInterval: (id: unknown) => void;
}

/** The change the fallback poll reports: anything may have changed. */
export const EVERYTHING: DataChanged = { all: true, entities: [], orders: [] };

/**
 * Whether `change` may concern the screen of the order with this id: that order changed, or
 * something it shows (its customer, bike, a label, a mechanic) may have, or notes were missed.
 * Only changes of other orders alone leave it alone.
 */
export function touchesOrder(change: DataChanged, id: string): boolean {
  return change.all || change.orders.includes(id) || change.entities.some((e) => e !== "order");
}

/**
 * Runs `reload` one at a time: a call while one runs is remembered and made once when it is
 * done (with every change met meanwhile folded into one), so a burst never stacks reloads.
 */
export function oneAtATime(reload: Reload): (change: DataChanged) => Promise<void> {
  let running = false;
  let waiting: DataChanged | null = null;
  return async function run(change: DataChanged): Promise<void> {
    if (running) {
      waiting = waiting ? merge(waiting, change) : change;
      return;
    }
    running = true;
    try {
      await reload(change);
    } catch {
      // The screen shows its own errors; a failed reload is tried at the next change.
    } finally {
      running = false;
    }
    if (waiting) {
      const next = waiting;
      waiting = null;
      await run(next);
    }
  };
}

function merge(a: DataChanged, b: DataChanged): DataChanged {
  return {
    all: a.all || b.all,
    entities: [...new Set([...a.entities, ...b.entities])],
    orders: [...new Set([...a.orders, ...b.orders])],
  };
}

/** The hub over one event source: what `onDataChanged` is, with its parts injected. */
export function createLive(source: Listen, timers: Timers) {
  const handlers = new Set<(change: DataChanged) => void>();
  let started: Promise<unknown> | null = null;

  function start() {
    started ??= source((change) => {
      for (const handler of [...handlers]) handler(change);
    }).catch(() => {
      // No event source (a browser without the shell): the fallback poll still runs.
      started = null;
    });
  }

  /** Calls `reload` after every change, and every `fallbackMs` anyway; returns the stop. */
  return function onDataChanged(reload: Reload, fallbackMs = FALLBACK_MS): () => void {
    const run = oneAtATime(reload);
    const handler = (change: DataChanged) => void run(change);
    handlers.add(handler);
    start();
    const poll = timers.setInterval(() => handler(EVERYTHING), fallbackMs);
    return () => {
      handlers.delete(handler);
      timers.clearInterval(poll);
    };
  };
}

/** Subscribes a screen to the shell's `data-changed` event; call it in `onMount`. */
export const onDataChanged = createLive(
  (handler) => listen<DataChanged>(EVENT, (event) => handler(event.payload)),
  {
    setInterval: (fn, ms) => setInterval(fn, ms),
    clearInterval: (id) => clearInterval(id as ReturnType<typeof setInterval>),
  },
);
