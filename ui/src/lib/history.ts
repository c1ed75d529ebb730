// An order's history entry in the UI language, made from its action and the changes the core
// recorded (AuditView.changes). English shows the core's own summary; Dutch is worded here.
// An action this module does not know yet reads "Gewijzigd (action)" rather than English.
import type { AuditView } from "./api/types/AuditView";
import { fieldLabel } from "./errors";
import type { Lang } from "./i18n";

/** How the screen shows a status, an amount and a stored time (the caller's own rules). */
export type Show = { label: (status: string) => string; money: (cents: number) => string; when: (at: string) => string };

type Changes = Record<string, unknown>;

const str = (c: Changes, key: string): string => {
  const v = c[key];
  return v === null || v === undefined ? "" : String(v);
};
const num = (c: Changes, key: string): number => (typeof c[key] === "number" ? (c[key] as number) : 0);

const DUTCH: Record<string, (c: Changes, show: Show) => string> = {
  created: (c) => `Werkorder ${str(c, "number")} aangemaakt`,
  status_changed: (c, show) => {
    const reason = str(c, "reason");
    return `Status ${show.label(str(c, "from"))} → ${show.label(str(c, "to"))}${reason ? `: ${reason}` : ""}`;
  },
  lines_changed: (c, show) =>
    `Regels gewijzigd (${num(c, "lines")} regels): totaal ${show.money(num(c, "total_before"))} → ${show.money(num(c, "total_after"))}`,
  work_status_sent: (c) => `Werkstatus via ${str(c, "connector")} naar de klant gestuurd: ${str(c, "answer")}`,
  scheduled: (c, show) => {
    const start = str(c, "start");
    if (!start) return str(c, "mechanic") ? `Toegewezen aan ${str(c, "mechanic")}, zonder tijd` : "Planning gewist";
    const who = str(c, "mechanic") ? ` bij ${str(c, "mechanic")}` : "";
    const confirmed = Array.isArray(c.confirmed) && c.confirmed.length > 0 ? " (waarschuwing bevestigd)" : "";
    return `Ingepland${who}: ${show.when(start)}${confirmed}`;
  },
  work_started: () => "Werk gestart",
  work_paused: () => "Werk gepauzeerd",
  line_status: (c) => `Regel ${str(c, "line_no")} ${str(c, "status") === "done" ? "klaar" : "weer open"}`,
  finished: (c) => `Afgerond (${num(c, "actual_minutes")} min gewerkt)`,
  deleted: () => "Verwijderd",
  sync_marked: (c) => (c.marked === false ? `Niet meer gemarkeerd voor ${str(c, "connector")}` : `Gemarkeerd voor ${str(c, "connector")}`),
  header_changed: (c) => {
    const side = (v: unknown) => (typeof v === "string" && v !== "" ? `'${v}'` : "—");
    const parts = Object.entries(c).map(([key, change]) => {
      const ch = (change ?? {}) as Changes;
      return `${fieldLabel(key, "nl").toLowerCase()} ${side(ch.from)} → ${side(ch.to)}`;
    });
    return `Gewijzigd: ${parts.join("; ")}`;
  },
};

/** The entry's text in `lang`. */
export function historyText(entry: AuditView, lang: Lang, show: Show): string {
  if (lang === "en") return entry.summary;
  const changes = (entry.changes ?? {}) as Changes;
  const word = DUTCH[entry.action];
  return word ? word(changes, show) : `Gewijzigd (${entry.action.replace(/_/g, " ")})`;
}

/** The actions worded above, for the test that lists the core's order actions. */
export const knownActions = Object.keys(DUTCH);
