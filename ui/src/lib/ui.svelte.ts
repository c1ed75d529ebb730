// Shared UI state: the language and the current screen. Runes in a module, so every
// component reads the same values and re-renders when they change.

import { type Key, type Lang, statusLabel, translate, translateName } from "./i18n";
import { formatCents } from "./money";
import { formatMoment } from "./dates";
import { shopWallTime } from "./shopTime";
import type { Permission } from "./api/types/Permission";
import type { Role } from "./api/types/Role";
import type { SessionView } from "./api/types/SessionView";

export type Screen =
  | { name: "list" }
  | { name: "new" }
  | { name: "report" }
  | { name: "settings" }
  | { name: "board" }
  | { name: "calendar" }
  | { name: "sync" }
  | { name: "customer"; id: string }
  | { name: "bike"; id: string }
  /** `print`: print this document as the order opens (intake's "Save and print"). */
  | { name: "detail"; number: string; print?: "job-card" | "summary" };

/** The shop's own status labels (from its settings), by status code. */
export type OwnLabels = Record<string, { nl: string; en: string }>;

/** Who is signed in at this window (the core keeps the real session). */
export type Signed = SessionView;

export const ui = $state<{ lang: Lang; screen: Screen; statusLabels: OwnLabels; session: Signed | null }>({
  lang: "en",
  screen: { name: "list" },
  statusLabels: {},
  session: null,
});

/** Whether the signed-in employee has `role`: which screens suit them (the bench board for a
 *  mechanic). What they may do is `may`. */
export const can = (role: Role): boolean => ui.session?.roles.includes(role) ?? false;

/** Whether the core lets the signed-in employee take `action` (the session says so); the UI
 *  offers only those, and the core refuses the rest whatever the UI shows. */
export const may = (action: Permission): boolean => ui.session?.may.includes(action) ?? false;

export const t = (key: Key): string => translate(ui.lang, key);
/** Like `t`, for a name the core sends rather than one the UI lists. */
export const tName = (name: string): string => translateName(ui.lang, name);
export const money = (cents: number): string => formatCents(cents, ui.lang);
export const label = (status: string): string => ui.statusLabels[status]?.[ui.lang] ?? statusLabel(ui.lang, status);

/** Takes the shop's status labels from the catalogue or the settings. */
export function useStatusLabels(labels: { status: string; nl: string; en: string }[]): void {
  ui.statusLabels = Object.fromEntries(labels.map((l) => [l.status, { nl: l.nl, en: l.en }]));
}

/** A screen with unsaved work (the New order form) guards leaving it: `dirty` says whether to
 *  ask first, `keep` saves the work (as a draft) before the screen goes or the user signs out. */
export type LeaveGuard = { dirty: () => boolean; keep: () => Promise<void> };
let leaveGuard: LeaveGuard | null = null;

/** The screen a click asked for while a dirty form asks "Leave / Stay" (App.svelte asks). */
export const leaving = $state<{ to: Screen | null }>({ to: null });

export function guardLeaving(guard: LeaveGuard | null): void {
  leaveGuard = guard;
}

export function go(screen: Screen): void {
  if (leaveGuard?.dirty() && screen.name !== ui.screen.name) {
    leaving.to = screen;
    return;
  }
  ui.screen = screen;
}

/** "Leave": the work is kept as a draft, then the asked-for screen opens. */
export async function leaveAnyway(): Promise<void> {
  const to = leaving.to;
  leaving.to = null;
  await keepWork();
  if (to) ui.screen = to;
}

/** Saves the guarded screen's work, e.g. before a sign-out; never throws. */
export async function keepWork(): Promise<void> {
  await leaveGuard?.keep().catch(() => undefined);
}

/** The store's IANA time zone, from the catalogue once someone is signed in (the core's own
 *  zone); until then the computer's. Every time the window shows is in this zone. */
export const shop = $state<{ timeZone: string | undefined }>({ timeZone: undefined });

/** Takes the store's time zone (the catalogue's first store is the default one). */
export function useShopZone(timeZone: string | null | undefined): void {
  if (timeZone) shop.timeZone = timeZone;
}

/** A stored instant as the shop's wall time (`2026-11-23T09:30`), for a datetime field. */
export const shopTime = (instant: string): string => shopWallTime(instant, shop.timeZone);

/** A stored UTC time or a date, in the shop's time zone and the UI language:
 *  `ma 30 nov 09:30` / `Mon 30 Nov 09:30`, a date as `ma 30 nov 2026`. */
export function when(value: string | null | undefined): string {
  if (!value) return "";
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return formatMoment(value, ui.lang);
  const wall = shopTime(value);
  return wall ? formatMoment(wall, ui.lang) : value;
}

/** The time of day of a stored instant in the shop: `09:30`. */
export const clockTime = (value: string | null | undefined): string => (value ? shopTime(value).slice(11, 16) : "");

/** Bench mode, as switched at this window: on or off for the signed-in employee by name. */
const benchChoice = $state<{ name: string | null; on: boolean }>({ name: null, on: false });

/** Whether jobs open in the mechanic's bench view: always for someone with only the mechanic
 *  role, otherwise when they switched it on (a manager at the bench). */
export function benchMode(): boolean {
  const session = ui.session;
  if (!session) return false;
  if (benchChoice.name === session.name) return benchChoice.on;
  return session.roles.length === 1 && session.roles[0] === "mechanic";
}

/** Switches bench mode for the signed-in employee (until someone else signs in). */
export function setBenchMode(on: boolean): void {
  benchChoice.name = ui.session?.name ?? null;
  benchChoice.on = on;
}
