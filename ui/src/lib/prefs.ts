// UI preferences (language) in Tauri's store plugin: never business data or secrets. Outside
// Tauri (unit tests, a plain browser) it falls back to memory.

import type { Lang } from "./i18n";

const memory = new Map<string, unknown>();

function inTauri(): boolean {
  return typeof window !== "undefined" && "__TAURI_INTERNALS__" in window;
}

async function store() {
  const { load } = await import("@tauri-apps/plugin-store");
  return load("prefs.json", { autoSave: false, defaults: {} });
}

export async function loadLanguage(): Promise<Lang> {
  try {
    const value = inTauri() ? await (await store()).get<string>("language") : memory.get("language");
    return value === "nl" ? "nl" : "en";
  } catch {
    return "en";
  }
}

export async function saveLanguage(lang: Lang): Promise<void> {
  memory.set("language", lang);
  if (!inTauri()) return;
  try {
    const s = await store();
    await s.set("language", lang);
    await s.save();
  } catch {
    // A preference that cannot be saved is not worth interrupting the counter for.
  }
}
