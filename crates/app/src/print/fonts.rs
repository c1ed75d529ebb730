//! The typeface of printed documents: DejaVu Sans and DejaVu Sans Bold, compiled into the
//! binary from `crates/app/fonts/` (Bitstream Vera / Arev licence in `fonts/LICENSE`).
//!
//! The PDF base fonts only know WinAnsi's letters, so a customer named "Łukasz Żółć" printed
//! as question marks. DejaVu Sans covers Latin, Latin Extended (Polish, Czech, Turkish,
//! Romanian, Hungarian and more) and Vietnamese, so the names a Dutch counter sees every day
//! print as typed.
//!
//! Each document embeds only the glyphs it uses. printpdf subsets fonts only with its heavy
//! `text_layout` feature (a whole layout engine); without it, it embeds whatever font program
//! it is given, whole. So this module subsets the font itself with allsorts, the font library
//! printpdf already parses fonts with, and hands printpdf the small subset: a one-page job
//! card carries a few kilobytes of font instead of 700 KB. The subset keeps a Unicode cmap, and
//! printpdf writes a ToUnicode CMap from the drawn text, so copying text or `pdftotext` gives
//! back the exact letters.

use std::collections::BTreeSet;
use std::sync::LazyLock;

use allsorts::binary::read::ReadScope;
use allsorts::font_data::FontData;
use allsorts::subset::{CmapTarget, SubsetProfile, subset};
use printpdf::ParsedFont;

use super::canvas::Weight;

const REGULAR_TTF: &[u8] = include_bytes!("../../fonts/DejaVuSans.ttf");
const BOLD_TTF: &[u8] = include_bytes!("../../fonts/DejaVuSans-Bold.ttf");

/// The whole faces, parsed once per process for their metrics and glyph ids.
static REGULAR: LazyLock<Option<ParsedFont>> = LazyLock::new(|| parse(REGULAR_TTF));
static BOLD: LazyLock<Option<ParsedFont>> = LazyLock::new(|| parse(BOLD_TTF));

fn parse(bytes: &[u8]) -> Option<ParsedFont> {
    ParsedFont::from_bytes(bytes, 0, &mut Vec::new())
}

/// The whole face of `weight`; `None` only if the bundled file could not be parsed, which the
/// tests rule out.
pub fn face(weight: Weight) -> Option<&'static ParsedFont> {
    match weight {
        Weight::Regular => REGULAR.as_ref(),
        Weight::Bold => BOLD.as_ref(),
    }
}

/// The PostScript name of `weight`'s face.
fn postscript_name(weight: Weight) -> &'static str {
    match weight {
        Weight::Regular => "DejaVuSans",
        Weight::Bold => "DejaVuSans-Bold",
    }
}

fn bytes(weight: Weight) -> &'static [u8] {
    match weight {
        Weight::Regular => REGULAR_TTF,
        Weight::Bold => BOLD_TTF,
    }
}

/// Width of `text` in millimetres at `size` points, from the face's own advance widths. A
/// character the face lacks is drawn as its "missing glyph" box and measured as that.
pub fn width(weight: Weight, text: &str, size: f32) -> f32 {
    let Some(font) = face(weight) else {
        // Without metrics, 0.6 em per character is DejaVu Sans's average.
        return text.chars().count() as f32 * size * 0.6 * PT_TO_MM;
    };
    let units: u32 = text
        .chars()
        .map(|c| {
            let glyph = font.lookup_glyph_index(u32::from(c)).unwrap_or(0);
            u32::from(font.get_glyph_width(glyph).unwrap_or(0))
        })
        .sum();
    let em = f32::from(font.units_per_em.max(1));
    units as f32 / em * size * PT_TO_MM
}

/// Millimetres per point.
const PT_TO_MM: f32 = 25.4 / 72.0;

/// The font to embed for `weight` in a document whose text in that weight uses `chars`: the
/// face cut down to those glyphs (plus .notdef), named with a subset tag as ISO 32000 asks.
/// Falls back to the whole face should subsetting ever fail, so a document always prints.
pub fn for_document(weight: Weight, chars: &BTreeSet<char>) -> Option<ParsedFont> {
    let whole = face(weight)?;
    let mut glyphs: BTreeSet<u16> = chars
        .iter()
        .filter_map(|c| whole.lookup_glyph_index(u32::from(*c)))
        .collect();
    glyphs.remove(&0);
    // allsorts wants .notdef first and no glyph twice.
    let ids: Vec<u16> = std::iter::once(0).chain(glyphs).collect();
    match subset_face(weight, &ids) {
        Ok(mut font) => {
            // The subset's metrics describe the face as a whole, not just the kept glyphs.
            font.pdf_font_metrics = whole.pdf_font_metrics.clone();
            font.font_name = Some(format!("{}+{}", tag(&ids), postscript_name(weight)));
            Some(font)
        }
        Err(error) => {
            tracing::warn!(%error, "could not subset the document font; embedding it whole");
            let mut font = whole.clone();
            font.font_name = Some(postscript_name(weight).to_owned());
            Some(font)
        }
    }
}

fn subset_face(weight: Weight, ids: &[u16]) -> Result<ParsedFont, String> {
    let data = ReadScope::new(bytes(weight))
        .read::<FontData<'_>>()
        .map_err(|e| e.to_string())?;
    let provider = data.table_provider(0).map_err(|e| e.to_string())?;
    let program = subset(&provider, ids, &SubsetProfile::Pdf, CmapTarget::Unicode)
        .map_err(|e| e.to_string())?;
    parse(&program).ok_or_else(|| "the subset font does not parse".to_owned())
}

/// Six capital letters that name this glyph set, the same for the same glyphs, so the PDF
/// stays reproducible.
fn tag(ids: &[u16]) -> String {
    // FNV-1a over the glyph ids.
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for id in ids {
        for byte in id.to_le_bytes() {
            hash = (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3);
        }
    }
    (0..6)
        .map(|_| {
            let letter = char::from(b'A' + (hash % 26) as u8);
            hash /= 26;
            letter
        })
        .collect()
}

#[cfg(test)]
mod tests {
    #![allow(clippy::panic)]

    use super::*;

    const EVERYDAY: &str = "Łukasz Żółć Şule čistění Nguyễn Văn Đức Ştefan Ţărână ăâîșțŞş €";

    #[test]
    fn both_faces_parse_and_have_every_everyday_letter() {
        for weight in [Weight::Regular, Weight::Bold] {
            let font = face(weight).unwrap_or_else(|| panic!("{weight:?} does not parse"));
            for c in EVERYDAY.chars() {
                assert!(
                    font.lookup_glyph_index(u32::from(c))
                        .is_some_and(|g| g != 0),
                    "{weight:?} has no glyph for {c:?}"
                );
            }
        }
    }

    #[test]
    fn a_subset_keeps_the_letters_used_and_is_small() {
        let chars: BTreeSet<char> = EVERYDAY.chars().collect();
        let font = for_document(Weight::Regular, &chars).unwrap_or_else(|| panic!("no font"));
        assert!(
            font.original_bytes.len() < 40_000,
            "{} bytes",
            font.original_bytes.len()
        );
        for c in EVERYDAY.chars() {
            assert!(
                font.lookup_glyph_index(u32::from(c))
                    .is_some_and(|g| g != 0),
                "the subset lost {c:?}"
            );
        }
        let name = font.font_name.unwrap_or_default();
        assert!(name.ends_with("+DejaVuSans") && name.len() == 17, "{name}");
    }

    #[test]
    fn widths_are_the_faces_own() {
        // DejaVu Sans: "W" is 2025 units of 2048, "i" 569; bold is wider.
        let wide = width(Weight::Regular, "W", 10.0);
        let narrow = width(Weight::Regular, "i", 10.0);
        assert!(wide > 3.0 * narrow, "{wide} vs {narrow}");
        assert!(width(Weight::Bold, "Łukasz", 10.0) > width(Weight::Regular, "Łukasz", 10.0));
        assert_eq!(width(Weight::Regular, "", 10.0), 0.0);
    }
}
