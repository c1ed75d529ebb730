// UI preferences (language): never business data or secrets. The shell keeps them in one file
// the webview never names (get_preferences / set_preferences). Outside Tauri (unit tests, a
// plain browser) they live in memory.

import { api } from "./backend";
import type { Lang } from "./i18n";

const memory = new Map<string, unknown>();

function inTauri(): boolean {
  return typeof window !== "undefined" && "__TAURI_INTERNALS__" in window;
}

export async function loadLanguage(): Promise<Lang> {
  try {
    const value = inTauri() ? (await api.getPreferences()).language : memory.get("language");
    return value === "nl" ? "nl" : "en";
  } catch {
    return "en";
  }
}

export async function saveLanguage(lang: Lang): Promise<void> {
  memory.set("language", lang);
  if (!inTauri()) return;
  try {
    await api.setPreferences({ ...(await api.getPreferences()), language: lang });
  } catch {
    // A preference that cannot be saved is not worth interrupting the counter for.
  }
}
