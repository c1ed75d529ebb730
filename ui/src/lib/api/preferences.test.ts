import { describe, expect, it } from "vitest";
import { createApi } from "./index";

describe("preferences", () => {
  it("go through the shell's two commands and never name a file", async () => {
    const calls: Array<[string, unknown]> = [];
    const api = createApi(async (cmd, args) => {
      calls.push([cmd, args]);
      return cmd === "get_preferences" ? { language: "nl" } : null;
    });
    expect(await api.getPreferences()).toEqual({ language: "nl" });
    await api.setPreferences({ language: "en" });
    expect(calls).toEqual([
      ["get_preferences", undefined],
      ["set_preferences", { preferences: { language: "en" } }],
    ]);
  });
});
