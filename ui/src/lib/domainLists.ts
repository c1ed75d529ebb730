// The values of the core's enums the window offers in a list (a select, checkboxes, the
// workflow order). The types are generated from the Rust enums (ts-rs); `everyValueOf` makes
// each list here fail to compile when it misses a value of its type or has one too many, so
// a value the core gains cannot be left out of the window by accident.
import type { ObjectKind, OrderStatus, Role } from "./api";

/** `list` when it holds every member of the union `T` and nothing else. */
function everyValueOf<T extends string>() {
  return <const L extends readonly T[]>(list: L & ([T] extends [L[number]] ? unknown : { missing: Exclude<T, L[number]> })): L =>
    list;
}

/** What is being repaired, in the order the forms offer them. */
export const OBJECT_KINDS = everyValueOf<ObjectKind>()(["bicycle", "e_bike", "car", "scooter", "machine", "other"]);

/** The statuses in workflow order (the core's `OrderStatus::ALL`). */
export const ORDER_STATUSES = everyValueOf<OrderStatus>()([
  "intake",
  "scheduled",
  "in_progress",
  "waiting_for_parts",
  "waiting_for_customer",
  "done",
  "collected",
  "cancelled",
]);

/** What an employee may be. */
export const ROLES = everyValueOf<Role>()(["counter", "mechanic", "manager"]);
