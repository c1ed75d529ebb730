// The New order form as a draft: what the form keeps of itself when the clerk walks away, is
// signed out or the app restarts (the core stores it per employee, see crates/app/src/drafts.rs).
// Pure functions, so the round trip and the "is there anything typed" rule are unit-tested.

import type { CustomerMatch } from "./api/types/CustomerMatch";
import type { LineInput } from "./api/types/LineInput";
import type { MatchChoice } from "./api/types/MatchChoice";
import type { SlotView } from "./api/types/SlotView";

/** Every field of the New order form, as typed or picked. */
export type IntakeForm = {
  picked: CustomerMatch | null;
  name: string;
  phone: string;
  email: string;
  customerChoice: MatchChoice | null;
  objectId: string | null;
  kind: string;
  brand: string;
  model: string;
  frame: string;
  objectChoice: MatchChoice | null;
  description: string;
  start: string;
  allDay: boolean;
  promised: string;
  mechanic: string;
  chosenSlot: SlotView | null;
  loanObject: string;
  store: string;
  lines: LineInput[];
  code: string;
  freeDescription: string;
  freeQuantity: string;
  freePrice: string;
  freeVat: string;
  freeMinutes: string;
};

/** The form as it opens. */
export const EMPTY_FORM: IntakeForm = {
  picked: null,
  name: "",
  phone: "",
  email: "",
  customerChoice: null,
  objectId: null,
  kind: "bicycle",
  brand: "",
  model: "",
  frame: "",
  objectChoice: null,
  description: "",
  start: "",
  allDay: false,
  promised: "",
  mechanic: "",
  chosenSlot: null,
  loanObject: "",
  store: "",
  lines: [],
  code: "",
  freeDescription: "",
  freeQuantity: "1",
  freePrice: "",
  freeVat: "high",
  freeMinutes: "",
};

const VERSION = 1;

/** Whether nothing was typed or picked: such a form is not worth keeping or asking about. */
export function isBlank(form: IntakeForm): boolean {
  return (Object.keys(EMPTY_FORM) as (keyof IntakeForm)[]).every((key) => {
    const value = form[key];
    const empty = EMPTY_FORM[key];
    if (typeof value === "string" && typeof empty === "string") return value.trim() === empty.trim();
    if (Array.isArray(value)) return value.length === 0;
    return value === empty;
  });
}

/** The draft's JSON text (what `save_draft` keeps). */
export function toDraft(form: IntakeForm): string {
  return JSON.stringify({ version: VERSION, form });
}

/** The form a kept draft holds, every field present; null for something that is no draft of
 *  this form (another version, broken JSON). */
export function fromDraft(text: string): IntakeForm | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return null;
  }
  if (!parsed || typeof parsed !== "object") return null;
  const { version, form } = parsed as { version?: unknown; form?: unknown };
  if (version !== VERSION || !form || typeof form !== "object") return null;
  const kept = form as Record<string, unknown>;
  const out: Record<string, unknown> = { ...EMPTY_FORM };
  for (const key of Object.keys(EMPTY_FORM) as (keyof IntakeForm)[]) {
    const value = kept[key];
    const empty = EMPTY_FORM[key];
    const fits =
      value !== undefined &&
      (empty === null ? value === null || typeof value === "object" || typeof value === "string" : Array.isArray(empty) ? Array.isArray(value) : typeof value === typeof empty);
    if (fits) out[key] = value;
  }
  return out as IntakeForm;
}
