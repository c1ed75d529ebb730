import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { coreMessages } from "./coreMessages";
import { codeTexts, findingTexts, messageTexts } from "./errorCatalogue";
import { dutchMessage, errorMessage, errorSentence, fieldLabel, type Refusal } from "./errors";

// The Rust sources whose refusals reach the window. The CLI's own files only print to a
// terminal and are left out.
const SOURCES = ["../crates/app/src", "../crates/domain/src", "../crates/sync/src", "../src-tauri/src"];
const CLI_ONLY = /src-tauri\/src\/(cli|cli_sync|output)\.rs$/;

/** Codes made outside the `AppError::new("…")` calls: the domain's and the store's. */
function otherCodes(): string[] {
  const domain = readFileSync("../crates/domain/src/error.rs", "utf8");
  const app = readFileSync("../crates/app/src/error.rs", "utf8");
  const fromDomain = [...domain.matchAll(/=> "([a-z_]+)"/g)].map((m) => m[1]);
  const fromStore = [...app.matchAll(/Self::new\(\s*ErrorCode::([A-Za-z]+)/g)].map((m) => m[1].replace(/(?<!^)([A-Z])/g, "_$1").toLowerCase());
  return [...fromDomain, ...fromStore];
}

describe("every refusal the core can make has Dutch", () => {
  const found = coreMessages(SOURCES);

  it("reads the core's refusals (the scan itself works)", () => {
    expect(found.length).toBeGreaterThan(100);
    expect(found.map((m) => m.template)).toContain("is required");
    expect(otherCodes()).toEqual(expect.arrayContaining(["invalid_input", "overflow", "invalid_transition", "not_found", "storage"]));
  });

  it("has a Dutch sentence for every error code", () => {
    const codes = new Set([...found.map((m) => m.code), ...otherCodes()]);
    const missing = [...codes].filter((c) => !(codeTexts as Record<string, unknown>)[c] && !findingTexts[c]);
    expect(missing, "codes without Dutch in errorCatalogue.ts codeTexts").toEqual([]);
  });

  it("has Dutch for every message the window can show", () => {
    const missing = found
      .filter((m) => m.template !== null && !CLI_ONLY.test(m.file))
      .filter((m) => !(m.template! in messageTexts))
      .map((m) => `${m.file}: ${JSON.stringify(m.template)}`);
    expect([...new Set(missing)], "messages without Dutch in errorCatalogue.ts messageTexts").toEqual([]);
  });

  it("keeps every value of the English in the Dutch", () => {
    for (const [english, dutch] of Object.entries(messageTexts)) {
      const holes = english.match(/\{[^{}]*\}/g)?.length ?? 0;
      for (let i = 1; i <= holes; i++) expect(dutch, english).toContain(`{${i}}`);
    }
  });
});

describe("errors in the UI language", () => {
  it("names fields as people do", () => {
    expect(fieldLabel("customer.name", "nl")).toBe("Naam klant");
    expect(fieldLabel("lines[2].quantity", "nl")).toBe("Regel 3, aantal");
    expect(fieldLabel("lines[0].vat", "en")).toBe("Line 1, VAT");
    expect(fieldLabel("promised_date", "nl")).toBe("Beloofde datum");
  });

  it("says a refusal in Dutch with its field, and in English as the core wrote it", () => {
    const err: Refusal = { code: "invalid_input", message: "is required", field: "customer.name" };
    expect(errorSentence(err, "nl")).toBe("Naam klant: is verplicht");
    expect(errorSentence(err, "en")).toBe("Customer name: is required");
    const quantity: Refusal = { code: "invalid_input", message: "must not be zero", field: "lines[2].quantity" };
    expect(errorSentence(quantity, "nl")).toBe("Regel 3, aantal: mag niet nul zijn");
  });

  it("fills the values into the Dutch, dates as a Dutch reader reads them", () => {
    expect(dutchMessage("no order WO-2026-00042")).toBe("geen werkorder WO-2026-00042");
    expect(dutchMessage("must be at most 120 characters")).toBe("mag hoogstens 120 tekens lang zijn");
    expect(dutchMessage("no low VAT rate in force on 2026-01-12")).toBe("geen low btw-tarief geldig op 12-01-2026");
  });

  it("words each finding of a plan that needs confirmation", () => {
    const err: Refusal = {
      code: "needs_confirmation",
      message: "overlaps WO-2026-00003 of Joris Bakker; Joris Bakker would have 540 of 480 minutes booked on 2026-11-30",
      field: "start",
      details: [
        { code: "overlaps", message: "overlaps WO-2026-00003 of Joris Bakker", params: { number: "WO-2026-00003", mechanic: "Joris Bakker" } },
        {
          code: "over_capacity",
          message: "Joris Bakker would have 540 of 480 minutes booked on 2026-11-30",
          params: { mechanic: "Joris Bakker", minutes: "540", capacity: "480", day: "2026-11-30" },
        },
        {
          code: "not_working_then",
          message: "the shop or Joris Bakker is not working then; the work starts at 2026-11-30 09:30",
          params: { mechanic: "Joris Bakker", start: "2026-11-30T09:30" },
        },
      ],
    };
    expect(errorMessage(err, "nl")).toBe(
      "overlapt WO-2026-00003 van Joris Bakker; Joris Bakker zou op 30-11-2026 540 van 480 minuten ingepland hebben; " +
        "de winkel of Joris Bakker werkt dan niet; het werk begint ma 30 nov 09:30",
    );
    expect(errorMessage(err, "en")).toContain("overlaps WO-2026-00003 of Joris Bakker; Joris Bakker would have");
  });

  it("falls back to a Dutch sentence for the code, and to English only for an unknown code", () => {
    const odd: Refusal = { code: "invalid_input", message: "missing field `name`", field: "customer" };
    expect(errorSentence(odd, "nl")).toBe("Klant: is niet geldig");
    // A code this build does not know (never sent by its own core) still says something.
    const unknown = { code: "brand_new_code", message: "something new" } as unknown as Refusal;
    expect(errorSentence(unknown, "nl")).toBe("Something new");
  });
});
