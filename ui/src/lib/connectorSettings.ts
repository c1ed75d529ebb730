// A connector's settings as the form edits them: one KEY=VALUE per line.

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
