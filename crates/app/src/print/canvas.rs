//! A small drawing surface over printpdf for A4 documents: text in DejaVu Sans, embedded and
//! subset per document (`fonts.rs`), right-aligned text, wrapping and truncation measured with
//! the font's own advance widths, rules, filled boxes and page breaks. Coordinates are
//! millimetres from the top-left corner, as a person measures a page.
//!
//! Every piece of text enters through [`Canvas::text`], which puts it in Unicode's composed
//! form (NFC, so a name typed with combining accents draws its precomposed letters) and notes
//! which characters each weight uses, so [`Canvas::finish`] embeds exactly those glyphs.

use std::collections::BTreeSet;

use printpdf::{
    BuiltinFont, FontId, LinePoint, Mm, Op, PaintMode, PdfDocument, PdfFont, PdfFontHandle,
    PdfPage, PdfSaveOptions, Point, Polygon, PolygonRing, Pt, TextItem, WindingOrder,
};
use unicode_normalization::UnicodeNormalization;

use super::fonts;

pub const PAGE_W: f32 = 210.0;
pub const PAGE_H: f32 = 297.0;
pub const MARGIN: f32 = 18.0;

/// Regular or bold DejaVu Sans.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Weight {
    Regular,
    Bold,
}

impl Weight {
    const BOTH: [Self; 2] = [Self::Regular, Self::Bold];

    /// The font resource this weight's text is set in: the embedded face, or Helvetica should
    /// the bundled face ever fail to parse (which the tests rule out).
    fn handle(self) -> PdfFontHandle {
        if fonts::face(self).is_some() {
            PdfFontHandle::External(self.font_id())
        } else {
            PdfFontHandle::Builtin(match self {
                Self::Regular => BuiltinFont::Helvetica,
                Self::Bold => BuiltinFont::HelveticaBold,
            })
        }
    }

    /// A fixed resource name, so the same order prints the same bytes.
    fn font_id(self) -> FontId {
        FontId(
            match self {
                Self::Regular => "FRegular",
                Self::Bold => "FBold",
            }
            .to_owned(),
        )
    }

    fn index(self) -> usize {
        match self {
            Self::Regular => 0,
            Self::Bold => 1,
        }
    }
}

/// `text` as it is drawn and measured: composed (NFC), so "e" + combining circumflex + tilde
/// becomes the one glyph "ễ" the font has, and with control characters other than line breaks
/// (a tab, a stray carriage return) as spaces rather than missing-glyph boxes.
fn composed(text: &str) -> String {
    text.nfc()
        .map(|c| if c.is_control() && c != '\n' { ' ' } else { c })
        .collect()
}

/// The pages of one document being drawn.
pub struct Canvas {
    title: String,
    /// Finished pages, and the one being drawn.
    pages: Vec<Vec<Op>>,
    current: Vec<Op>,
    /// The characters drawn in each weight (indexed by `Weight::index`), for subsetting.
    used: [BTreeSet<char>; 2],
    /// The top-down position where the next row goes, in mm.
    pub y: f32,
    /// The shop's own footer lines, printed above the page number on every page.
    shop_footer: Vec<String>,
}

/// Line height of the shop's footer, in mm.
const FOOTER_LEADING: f32 = 3.2;

impl Canvas {
    pub fn new(title: &str) -> Self {
        Self {
            title: title.to_owned(),
            pages: Vec::new(),
            current: Vec::new(),
            used: Default::default(),
            y: MARGIN,
            shop_footer: Vec::new(),
        }
    }

    /// Prints `text` (up to three lines) at the foot of every page and keeps the rows above it.
    pub fn with_shop_footer(mut self, text: &str) -> Self {
        self.shop_footer = text
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .take(3)
            .map(str::to_owned)
            .collect();
        self
    }

    /// The lowest point rows may reach on a page.
    fn content_bottom(&self) -> f32 {
        PAGE_H - MARGIN - self.shop_footer.len() as f32 * FOOTER_LEADING
    }

    fn ops(&mut self) -> &mut Vec<Op> {
        &mut self.current
    }

    /// Width of `text` in mm at `size` points, measured with the embedded face's advances.
    pub fn width(&self, text: &str, size: f32, weight: Weight) -> f32 {
        fonts::width(weight, &composed(text), size)
    }

    /// Text with its baseline at `y`, starting at `x`.
    pub fn text(&mut self, x: f32, y: f32, size: f32, weight: Weight, text: &str) {
        let text = composed(text).replace('\n', " ");
        if let Some(used) = self.used.get_mut(weight.index()) {
            used.extend(text.chars());
        }
        let ops = [
            Op::StartTextSection,
            Op::SetTextCursor {
                pos: Point::new(Mm(x), Mm(PAGE_H - y)),
            },
            Op::SetFont {
                font: weight.handle(),
                size: Pt(size),
            },
            Op::ShowText {
                items: vec![TextItem::Text(text)],
            },
            Op::EndTextSection,
        ];
        self.ops().extend(ops);
    }

    /// Draws `text` wrapped to `width` mm, the first baseline at `y` and the next ones `leading`
    /// mm apart, and returns the baseline of its last line.
    #[allow(clippy::too_many_arguments)]
    pub fn paragraph(
        &mut self,
        x: f32,
        y: f32,
        width: f32,
        size: f32,
        weight: Weight,
        leading: f32,
        text: &str,
    ) -> f32 {
        let mut last = y;
        for (i, line) in self.wrap(text, width, size, weight).iter().enumerate() {
            last = y + leading * i as f32;
            self.text(x, last, size, weight, line);
        }
        last
    }

    /// `text` cut to at most `width` mm, ending in "…" when it had to be cut, for single-line
    /// fields that must not run into their neighbour.
    pub fn fit(&self, text: &str, width: f32, size: f32, weight: Weight) -> String {
        let text = composed(text);
        if self.width(&text, size, weight) <= width {
            return text;
        }
        let mut kept = String::new();
        for c in text.chars() {
            let candidate = format!("{kept}{c}…");
            if self.width(&candidate, size, weight) > width {
                break;
            }
            kept.push(c);
        }
        format!("{}…", kept.trim_end())
    }

    /// Text that ends at `right`.
    pub fn text_right(&mut self, right: f32, y: f32, size: f32, weight: Weight, text: &str) {
        let x = right - self.width(text, size, weight);
        self.text(x, y, size, weight, text);
    }

    /// A filled rectangle, `(x, y)` its top-left corner.
    pub fn fill(&mut self, x: f32, y: f32, w: f32, h: f32) {
        let corner = |cx: f32, cy: f32| LinePoint {
            p: Point::new(Mm(cx), Mm(PAGE_H - cy)),
            bezier: false,
        };
        let ring = PolygonRing {
            points: vec![
                corner(x, y),
                corner(x + w, y),
                corner(x + w, y + h),
                corner(x, y + h),
            ],
        };
        let polygon = Polygon {
            rings: vec![ring],
            mode: PaintMode::Fill,
            winding_order: WindingOrder::NonZero,
        };
        self.ops().push(Op::DrawPolygon { polygon });
    }

    /// A horizontal rule at `y` from `x1` to `x2`, `thickness` mm thick.
    pub fn rule(&mut self, x1: f32, x2: f32, y: f32, thickness: f32) {
        self.fill(x1, y, x2 - x1, thickness);
    }

    /// An outlined box.
    pub fn frame(&mut self, x: f32, y: f32, w: f32, h: f32) {
        let t = 0.25;
        self.fill(x, y, w, t);
        self.fill(x, y + h - t, w, t);
        self.fill(x, y, t, h);
        self.fill(x + w - t, y, t, h);
    }

    /// Breaks `text` into lines no wider than `width` mm: at spaces, and inside a word only
    /// when the word alone is wider than a line. A line that fits keeps its own spacing.
    pub fn wrap(&self, text: &str, width: f32, size: f32, weight: Weight) -> Vec<String> {
        let text = composed(text);
        let mut lines = Vec::new();
        for paragraph in text.lines() {
            let paragraph = paragraph.trim();
            if self.width(paragraph, size, weight) <= width {
                lines.push(paragraph.to_owned());
                continue;
            }
            let mut line = String::new();
            for word in paragraph.split_whitespace() {
                let candidate = if line.is_empty() {
                    word.to_owned()
                } else {
                    format!("{line} {word}")
                };
                if self.width(&candidate, size, weight) <= width {
                    line = candidate;
                    continue;
                }
                if !line.is_empty() {
                    lines.push(std::mem::take(&mut line));
                }
                line = self.break_word(word, width, size, weight, &mut lines);
            }
            lines.push(line);
        }
        lines
    }

    /// Pushes full-width pieces of an over-long `word` onto `lines` and returns the rest.
    fn break_word(
        &self,
        word: &str,
        width: f32,
        size: f32,
        weight: Weight,
        lines: &mut Vec<String>,
    ) -> String {
        let mut piece = String::new();
        for c in word.chars() {
            piece.push(c);
            if self.width(&piece, size, weight) > width && piece.chars().count() > 1 {
                piece.pop();
                lines.push(std::mem::replace(&mut piece, c.to_string()));
            }
        }
        piece
    }

    /// Starts a new page.
    pub fn new_page(&mut self) {
        self.pages.push(std::mem::take(&mut self.current));
        self.y = MARGIN;
    }

    /// Starts a new page when fewer than `needed` mm are left above the bottom margin.
    /// Returns whether it did.
    pub fn ensure_room(&mut self, needed: f32) -> bool {
        if self.y + needed <= self.content_bottom() {
            return false;
        }
        self.pages.push(std::mem::take(&mut self.current));
        self.y = MARGIN;
        true
    }

    /// Writes "page n of m" at the foot of every page, with `footer` text beside it, and
    /// returns the PDF with each weight's face embedded, cut down to the glyphs drawn in it.
    pub fn finish(mut self, footer: &str, page_word: &str) -> Vec<u8> {
        self.pages.push(std::mem::take(&mut self.current));
        let total = self.pages.len();
        let mut pages = std::mem::take(&mut self.pages);
        for (n, page) in pages.iter_mut().enumerate() {
            let label = format!("{page_word} {} / {total}", n + 1);
            let foot = self.foot(footer, &label);
            for weight in Weight::BOTH {
                let i = weight.index();
                if let (Some(mine), Some(theirs)) = (self.used.get_mut(i), foot.used.get(i)) {
                    mine.extend(theirs);
                }
            }
            page.extend(foot.current);
        }
        let pages = pages
            .into_iter()
            .map(|ops| PdfPage::new(Mm(PAGE_W), Mm(PAGE_H), ops))
            .collect();
        let mut doc = PdfDocument::new(&self.title);
        for weight in Weight::BOTH {
            let Some(chars) = self.used.get(weight.index()).filter(|c| !c.is_empty()) else {
                continue;
            };
            if let Some(font) = fonts::for_document(weight, chars) {
                doc.resources
                    .fonts
                    .map
                    .insert(weight.font_id(), PdfFont::new(font));
            }
        }
        doc.with_pages(pages)
            .save(&PdfSaveOptions::default(), &mut Vec::new())
    }

    /// The foot of one page: the shop's footer lines, `footer` and the page `label`.
    fn foot(&self, footer: &str, label: &str) -> Canvas {
        let mut foot = Canvas::new("");
        let above = self.shop_footer.len() as f32;
        let width = PAGE_W - 2.0 * MARGIN;
        for (i, line) in self.shop_footer.iter().enumerate() {
            let y = PAGE_H - 10.0 - (above - i as f32) * FOOTER_LEADING;
            let line = foot.fit(line, width, 7.0, Weight::Regular);
            foot.text(MARGIN, y, 7.0, Weight::Regular, &line);
        }
        foot.text(MARGIN, PAGE_H - 10.0, 7.5, Weight::Regular, footer);
        foot.text_right(PAGE_W - MARGIN, PAGE_H - 10.0, 7.5, Weight::Regular, label);
        foot
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrapped_lines_never_run_past_their_width() {
        let c = Canvas::new("");
        let text = "Nguyễn Văn Đức brengt zijn Ştefan-Ţărână-Łukasz-Żółć-ligfiets voor een \
                    grote beurt met čistění van de ketting";
        let lines = c.wrap(text, 40.0, 10.0, Weight::Regular);
        assert!(lines.len() > 2, "{lines:?}");
        for line in &lines {
            assert!(
                c.width(line, 10.0, Weight::Regular) <= 40.0,
                "{line:?} is too wide"
            );
        }
        // Nothing is lost: the words come back in order.
        assert_eq!(lines.concat().replace(' ', ""), text.replace(' ', ""));
    }

    #[test]
    fn a_line_that_fits_keeps_its_spacing() {
        let c = Canvas::new("");
        let lines = c.wrap(
            "Anna  ·  06 1234\n\n  Ketting ",
            150.0,
            10.0,
            Weight::Regular,
        );
        assert_eq!(lines, ["Anna  ·  06 1234", "", "Ketting"]);
    }

    #[test]
    fn fitted_text_is_cut_with_an_ellipsis_only_when_too_wide() {
        let c = Canvas::new("");
        assert_eq!(
            c.fit("Łukasz Żółć", 80.0, 10.0, Weight::Bold),
            "Łukasz Żółć"
        );
        let cut = c.fit(&"Ştefan Ţărână ".repeat(10), 50.0, 10.0, Weight::Bold);
        assert!(
            cut.starts_with("Ştefan Ţărână") && cut.ends_with('…'),
            "{cut}"
        );
        assert!(c.width(&cut, 10.0, Weight::Bold) <= 50.0, "{cut}");
    }

    #[test]
    fn letters_typed_with_combining_accents_are_drawn_composed() {
        // "Nguyễn" as a Mac keyboard may send it: e, circumflex, tilde.
        let decomposed = "Nguye\u{302}\u{303}n\tVa\u{306}n";
        assert_eq!(composed(decomposed), "Nguyễn Văn");
        let c = Canvas::new("");
        assert_eq!(
            c.width(decomposed, 10.0, Weight::Regular),
            c.width("Nguyễn Văn", 10.0, Weight::Regular)
        );
    }
}
