// A connector's settings as the form edits them: one KEY=VALUE per line.

import { ORDER_STATUSES } from "./domainLists";

export type SettingsParse = { ok: true; pairs: Array<[string, string]> } | { ok: false; line: number };

/** Reads KEY=VALUE lines; blank lines are ignored, a line without a key or `=` is refused. */
export function parseSettings(text: string): SettingsParse {
  const pairs: Array<[string, string]> = [];
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].trim();
    if (!line) continue;
    const eq = line.indexOf("=");
    const key = eq > 0 ? line.slice(0, eq).trim() : "";
    if (!key) return { ok: false, line: i + 1 };
    pairs.push([key, line.slice(eq + 1).trim()]);
  }
  return { ok: true, pairs };
}

export function formatSettings(pairs: Array<[string, string]>): string {
  return pairs.map(([k, v]) => `${k}=${v}`).join("\n");
}

/** The workflow order of Jobcard's statuses, for the status mapping rows. */
const STATUS_ORDER: readonly string[] = ORDER_STATUSES;

/** Which mapping group a setting key belongs to, if any. */
export type MappingGroup = "status" | "priority" | "vat" | "employee";

export function mappingGroupOf(key: string): MappingGroup | null {
  for (const group of ["status", "priority", "vat", "employee"] as const) {
    if (key.startsWith(`${group}.`)) return group;
  }
  return null;
}

export type MappingRow = { key: string; local: string; value: string };

/**
 * Which way a kind's mapping group reads: `out` keys are Jobcard's values and the values the
 * remote's (`status.done=Completed`); `in` keys are the remote's and the values Jobcard's
 * (Field Nation's `status.work_done=done`, Scan2Evolve's `priority.MEDIUM=normal`). The core
 * names a kind's `inbound` groups (`ConnectorKindView.inbound_mappings`).
 */
export function mappingDirection(inbound: readonly string[], group: MappingGroup): "in" | "out" {
  return inbound.includes(group) ? "in" : "out";
}

/**
 * The mapping rows of a connector: every status / priority / VAT key it has (in workflow
 * order for statuses), and one row per mechanic for `employee.NAME` (empty when unmapped),
 * plus mappings of former staff still in the settings.
 */
export function mappingRows(settings: Array<[string, string]>, mechanics: string[]): Record<MappingGroup, MappingRow[]> {
  const rows: Record<MappingGroup, MappingRow[]> = { status: [], priority: [], vat: [], employee: [] };
  for (const [key, value] of settings) {
    const group = mappingGroupOf(key);
    if (group && group !== "employee") rows[group].push({ key, local: key.slice(group.length + 1), value });
  }
  const rank = (s: string) => {
    const i = STATUS_ORDER.indexOf(s);
    return i < 0 ? STATUS_ORDER.length : i;
  };
  rows.status.sort((a, b) => rank(a.local) - rank(b.local));
  const mapped = new Map(
    settings.filter(([k]) => k.startsWith("employee.")).map(([k, v]) => [k.slice("employee.".length).toLowerCase(), [k, v] as const]),
  );
  for (const name of mechanics) {
    const found = mapped.get(name.toLowerCase());
    rows.employee.push({ key: found?.[0] ?? `employee.${name}`, local: name, value: found?.[1] ?? "" });
    mapped.delete(name.toLowerCase());
  }
  for (const [key, value] of mapped.values()) rows.employee.push({ key, local: key.slice("employee.".length), value });
  return rows;
}

/** The settings that are not mappings, for the free KEY=VALUE lines. */
export function otherSettings(settings: Array<[string, string]>): Array<[string, string]> {
  return settings.filter(([k]) => mappingGroupOf(k) === null);
}

/**
 * The pairs to save: the free lines (all of them: a mapping key typed there is kept and checked
 * by the core like any other), then every mapping row with a value (blank = left out).
 */
export function mergeMappings(other: Array<[string, string]>, rows: Record<MappingGroup, MappingRow[]>): Array<[string, string]> {
  const mapped = Object.values(rows)
    .flat()
    .filter((r) => r.value.trim() !== "")
    .map((r): [string, string] => [r.key, r.value.trim()]);
  return [...other, ...mapped];
}
