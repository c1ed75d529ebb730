import { describe, expect, it } from "vitest";
import type { Catalogue } from "./api/types/Catalogue";
import { catalogueDescription, findInCatalogue, fold } from "./catalogueSearch";

const catalogue = {
  repair_codes: [
    { code: "102", description: "Remblokken vervangen", standard_minutes: 20, price_cents: 2500, vat: "high" },
    { code: "A7", description: "Ketting vervangen", standard_minutes: 15, price_cents: null, vat: "high" },
    { code: "1020", description: "Wiel uitlijnen", standard_minutes: 30, price_cents: 3000, vat: "high" },
  ],
  articles: [
    { barcode: "8712345000014", description: "Binnenband 28 inch", price_cents: 795, vat: "high" },
    { barcode: "8712345000021", description: "Remkabel Shimano", price_cents: 650, vat: "high" },
    { barcode: "8712345000038", description: "Kettingolie — café édition", price_cents: 995, vat: "high" },
  ],
  vat_rates: [],
  mechanics: [],
  statuses: [],
  status_labels: [],
  stores: [],
} as Catalogue;

const keys = (typed: string) => findInCatalogue(catalogue, typed).map((i) => i.key);

describe("findInCatalogue", () => {
  it("puts an exact code first, then codes that start with the text", () => {
    expect(keys("102")).toEqual(["102", "1020"]);
  });

  it("finds a scanned barcode exactly", () => {
    expect(keys("8712345000021")).toEqual(["8712345000021"]);
  });

  it("finds repair codes and articles by a word of their description, any case", () => {
    expect(keys("REM")).toEqual(["102", "8712345000021"]);
    expect(keys("ketting")).toEqual(["A7", "8712345000038"]);
  });

  it("needs every typed word to start a word of the description", () => {
    expect(keys("rem shim")).toEqual(["8712345000021"]);
    expect(keys("rem wiel")).toEqual([]);
  });

  it("ignores accents both ways", () => {
    expect(keys("cafe")).toEqual(["8712345000038"]);
    expect(keys("édition")).toEqual(["8712345000038"]);
    expect(fold("Nguyễn")).toBe("nguyen");
  });

  it("gives nothing for blank text or no catalogue, and at most the limit", () => {
    expect(keys("   ")).toEqual([]);
    expect(findInCatalogue(null, "rem")).toEqual([]);
    expect(findInCatalogue(catalogue, "8", 2)).toHaveLength(2);
  });

  it("carries price and VAT so a picked item can be shown at once", () => {
    expect(findInCatalogue(catalogue, "A7")[0]).toEqual({
      kind: "repair_code",
      key: "A7",
      description: "Ketting vervangen",
      price_cents: null,
      vat: "high",
    });
  });
});

describe("catalogueDescription", () => {
  it("names a line by its code or barcode before the core has priced it", () => {
    expect(catalogueDescription(catalogue, { barcode: "8712345000014" })).toBe("Binnenband 28 inch");
    expect(catalogueDescription(catalogue, { code: "A7" })).toBe("Ketting vervangen");
    expect(catalogueDescription(catalogue, { code: "nope" })).toBeUndefined();
  });
});
