// The line-entry type-ahead: repair codes and articles found by code, barcode or words of their
// description, as the counter types. The catalogue is already in the window (the intake form
// and the line editor load it once), so this is a pure function over it, unit-tested.
//
// Ranking: an exact code or barcode first (a scanner types the whole barcode), then codes and
// barcodes that start with the text, then descriptions where every typed word starts a word
// (accents and case ignored: "remblok" finds "Remblokken vervangen", "nguyen" finds "Nguyễn").

import type { Catalogue } from "./api/types/Catalogue";

export type CatalogueItem = {
  /** What the line is entered by: a repair code or an article barcode. */
  kind: "repair_code" | "article";
  key: string;
  description: string;
  /** The catalogue price (a repair code may have none: then it is priced by its minutes). */
  price_cents: number | null;
  vat: string;
};

/** Lower case without accents, so typing on any keyboard finds the word. */
export function fold(text: string): string {
  return text.normalize("NFD").replace(/\p{M}/gu, "").toLowerCase();
}

function items(catalogue: Catalogue): CatalogueItem[] {
  return [
    ...catalogue.repair_codes.map((c) => ({
      kind: "repair_code" as const,
      key: c.code,
      description: c.description,
      price_cents: c.price_cents,
      vat: c.vat,
    })),
    ...catalogue.articles.map((a) => ({
      kind: "article" as const,
      key: a.barcode,
      description: a.description,
      price_cents: a.price_cents,
      vat: a.vat,
    })),
  ];
}

/** 0 = exact key, 1 = key starts with the text, 2 = every word starts a description word. */
function rank(item: CatalogueItem, text: string, words: string[]): number | null {
  const key = fold(item.key);
  if (key === text) return 0;
  if (key.startsWith(text)) return 1;
  const described = fold(item.description).split(/[^\p{L}\p{N}]+/u).filter(Boolean);
  if (words.length > 0 && words.every((w) => described.some((d) => d.startsWith(w)))) return 2;
  return null;
}

/** Up to `limit` catalogue items matching what was typed, best first. */
export function findInCatalogue(catalogue: Catalogue | null, typed: string, limit = 8): CatalogueItem[] {
  const text = fold(typed.trim());
  if (!catalogue || text === "") return [];
  const words = text.split(/[^\p{L}\p{N}]+/u).filter(Boolean);
  const found: { item: CatalogueItem; rank: number }[] = [];
  for (const item of items(catalogue)) {
    const r = rank(item, text, words);
    if (r !== null) found.push({ item, rank: r });
  }
  found.sort((a, b) => a.rank - b.rank || a.item.description.localeCompare(b.item.description));
  return found.slice(0, limit).map((f) => f.item);
}

/** The catalogue's description of a line entered by code or barcode, known before pricing. */
export function catalogueDescription(
  catalogue: Catalogue | null,
  line: { code?: string; barcode?: string },
): string | undefined {
  if (!catalogue) return undefined;
  if (line.code) return catalogue.repair_codes.find((c) => c.code === line.code)?.description;
  if (line.barcode) return catalogue.articles.find((a) => a.barcode === line.barcode)?.description;
  return undefined;
}
