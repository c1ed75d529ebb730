// The standard PDF fonts for pdf.js. The core's PDFs embed their own font (DejaVu Sans, subset
// to the glyphs used), which pdf.js draws from the file itself and never asks this factory for.
// It stays as the safety net for a PDF that names a base-14 font without embedding it (the core
// falls back to Helvetica should its bundled font ever fail to load): pdf.js would fetch those
// fonts by file name from a folder URL, but Vite gives assets hashed names, so this factory maps
// the names pdf.js asks for to the bundled metric-compatible files.
import regular from "pdfjs-dist/standard_fonts/LiberationSans-Regular.ttf?url";
import bold from "pdfjs-dist/standard_fonts/LiberationSans-Bold.ttf?url";
import italic from "pdfjs-dist/standard_fonts/LiberationSans-Italic.ttf?url";
import boldItalic from "pdfjs-dist/standard_fonts/LiberationSans-BoldItalic.ttf?url";

const FILES: Record<string, string> = {
  "LiberationSans-Regular.ttf": regular,
  "LiberationSans-Bold.ttf": bold,
  "LiberationSans-Italic.ttf": italic,
  "LiberationSans-BoldItalic.ttf": boldItalic,
};

/** pdf.js's `BinaryDataFactory` for the bundled standard fonts (nothing else is needed). */
export class BundledFontData {
  constructor(_options: unknown) {}

  async fetch({ kind, filename }: { kind: string; filename: string }): Promise<Uint8Array> {
    const url = kind === "standardFontDataUrl" ? FILES[filename] : undefined;
    if (!url) throw new Error(`pdf.js asked for ${kind} ${filename}, which is not bundled`);
    const response = await fetch(url);
    if (!response.ok) throw new Error(`cannot load ${filename}: ${response.status}`);
    return new Uint8Array(await response.arrayBuffer());
  }
}
