// The work actions on one order, shared by the counter's work panel (WorkPanel.svelte) and the
// mechanic's bench view (BenchJob.svelte), so both ask the same questions the same way:
// Start asks before starting an order that waits for the customer's approval (the core refuses
// it with `needs_confirmation` until someone confirms), Finish asks first when lines are not
// ticked, the finish form opens with the focus in the notes, and a refusal is shown in the
// screen's words. Each screen keeps its own layout; the rules live here once.
import { tick } from "svelte";
import { ApiError } from "./api";
import type { ClosingInput } from "./api/types/ClosingInput";
import type { OrderView } from "./api/types/OrderView";
import { api } from "./backend";
import { errorText } from "./errors";

/** Which question is open in the app's dialog, if any. */
export type WorkAsk = "unticked" | "approval" | null;

/** The closing fields of the finish form, as typed. */
export type ClosingFields = { resolution: string; root_cause: string; notes: string };

/** An order's closing fields for the core: a field left blank is not sent. */
export function closingInput(closing: ClosingFields): ClosingInput {
  return {
    resolution: closing.resolution || undefined,
    root_cause: closing.root_cause || undefined,
    notes: closing.notes || undefined,
  };
}

/** How many of the order's lines are not ticked off yet. */
export function untickedLines(order: OrderView | null): number {
  return order ? order.lines.filter((l) => l.status !== "done").length : 0;
}

export class WorkActions {
  busy = $state(false);
  error = $state("");
  finishing = $state(false);
  asking = $state<WorkAsk>(null);
  closing = $state<ClosingFields>({ resolution: "", root_cause: "", notes: "" });
  /** The finish form's notes field, bound by the screen, which gets the focus on opening. */
  notesField = $state<HTMLTextAreaElement | null>(null);

  #order: () => OrderView | null;
  #onchange: (order: OrderView) => void;

  /** `order` reads the screen's current order; `onchange` takes the order the core returns. */
  constructor(order: () => OrderView | null, onchange: (order: OrderView) => void) {
    this.#order = order;
    this.#onchange = onchange;
  }

  get unticked(): number {
    return untickedLines(this.#order());
  }

  #number(): string {
    const order = this.#order();
    if (!order) throw new Error("no order loaded");
    return order.number;
  }

  /** Runs one change on the order; true when the core took it. */
  act = async (action: () => Promise<OrderView>): Promise<boolean> => {
    this.busy = true;
    try {
      this.#onchange(await action());
      this.error = "";
      return true;
    } catch (e) {
      this.error = errorText(e);
      if (ApiError.from(e).code === "order_changed") await this.#reload();
      return false;
    } finally {
      this.busy = false;
    }
  };

  /** Shows the order as it is now after another seat changed it (the refusal says who and
   *  when; the finish form keeps what was typed). */
  #reload = async (): Promise<void> => {
    try {
      this.#onchange(await api.getOrder(this.#number()));
    } catch {
      // The refusal is already on the screen; the live reload will try again.
    }
  };

  /** Starts (or resumes) work; an order waiting for approval asks first, `confirm` goes ahead. */
  start = async (confirm = false): Promise<void> => {
    this.asking = null;
    this.busy = true;
    try {
      this.#onchange(await api.startWork(this.#number(), confirm));
      this.error = "";
    } catch (e) {
      if (ApiError.from(e).code === "needs_confirmation") this.asking = "approval";
      else this.error = errorText(e);
    } finally {
      this.busy = false;
    }
  };

  pause = (): Promise<boolean> => this.act(() => api.pauseWork(this.#number()));

  /** The version of the order as the screen shows it: a tick or a finish on an order another
   *  seat changed since is refused (`order_changed`) and the screen reloads it. */
  #version(): number | undefined {
    return this.#order()?.version;
  }

  tickLine = (lineNo: number, done: boolean): Promise<boolean> =>
    this.act(() => api.setLineDone(this.#number(), lineNo, done, this.#version()));

  /** The Finish button: closes an open finish form, asks when lines are unticked, else opens it. */
  askFinish = (): void => {
    if (this.finishing) this.finishing = false;
    else if (this.unticked > 0) this.asking = "unticked";
    else void this.openFinish();
  };

  /** Opens the finish form with the focus in the notes. */
  openFinish = async (): Promise<void> => {
    this.asking = null;
    this.finishing = true;
    await tick();
    this.notesField?.focus();
  };

  /** Submits the finish form; it closes once the core has finished the order. */
  finish = async (event: SubmitEvent): Promise<void> => {
    event.preventDefault();
    const input = closingInput(this.closing);
    if (await this.act(() => api.finishWork(this.#number(), input, this.#version()))) this.finishing = false;
  };

  /** Closes the question without doing anything. */
  dismiss = (): void => {
    this.asking = null;
  };
}
