//! A small drawing surface over printpdf for A4 documents: text in the PDF base fonts
//! (Helvetica, no embedding; WinAnsi covers Dutch and the euro sign), right-aligned text
//! measured with the fonts' own metrics, rules, filled boxes, word wrapping and page breaks.
//! Coordinates are millimetres from the top-left corner, as a person measures a page.

use printpdf::{
    BuiltinFont, LinePoint, Mm, Op, PaintMode, ParsedFont, PdfDocument, PdfFontHandle, PdfPage,
    PdfSaveOptions, Point, Polygon, PolygonRing, Pt, TextItem, WindingOrder,
};

pub const PAGE_W: f32 = 210.0;
pub const PAGE_H: f32 = 297.0;
pub const MARGIN: f32 = 18.0;

/// Regular or bold Helvetica.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Weight {
    Regular,
    Bold,
}

impl Weight {
    fn builtin(self) -> BuiltinFont {
        match self {
            Self::Regular => BuiltinFont::Helvetica,
            Self::Bold => BuiltinFont::HelveticaBold,
        }
    }
}

/// Metrics of a base font, for measuring text.
struct Metrics {
    font: Option<ParsedFont>,
}

impl Metrics {
    fn of(weight: Weight) -> Self {
        Self {
            font: weight.builtin().get_parsed_font(),
        }
    }

    /// Width of `text` in millimetres at `size` points.
    fn width(&self, text: &str, size: f32) -> f32 {
        let Some(font) = &self.font else {
            // Without metrics, half an em per character is Helvetica's average.
            return text.chars().count() as f32 * size * 0.5 * 0.3528;
        };
        let units: u32 = text
            .chars()
            .map(|c| {
                let glyph = font.codepoint_to_glyph.get(&u32::from(c));
                u32::from(
                    glyph
                        .and_then(|g| font.glyph_widths.get(g))
                        .copied()
                        .unwrap_or(font.units_per_em / 2),
                )
            })
            .sum();
        let em = f32::from(font.units_per_em.max(1));
        units as f32 / em * size * 0.3528
    }
}

/// The pages of one document being drawn.
pub struct Canvas {
    title: String,
    /// Finished pages, and the one being drawn.
    pages: Vec<Vec<Op>>,
    current: Vec<Op>,
    regular: Metrics,
    bold: Metrics,
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
            regular: Metrics::of(Weight::Regular),
            bold: Metrics::of(Weight::Bold),
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

    pub fn width(&self, text: &str, size: f32, weight: Weight) -> f32 {
        match weight {
            Weight::Regular => self.regular.width(text, size),
            Weight::Bold => self.bold.width(text, size),
        }
    }

    /// Text with its baseline at `y`, starting at `x`.
    pub fn text(&mut self, x: f32, y: f32, size: f32, weight: Weight, text: &str) {
        let ops = [
            Op::StartTextSection,
            Op::SetTextCursor {
                pos: Point::new(Mm(x), Mm(PAGE_H - y)),
            },
            Op::SetFont {
                font: PdfFontHandle::Builtin(weight.builtin()),
                size: Pt(size),
            },
            Op::ShowText {
                items: vec![TextItem::Text(text.to_owned())],
            },
            Op::EndTextSection,
        ];
        self.ops().extend(ops);
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

    /// Breaks `text` into lines no wider than `width` mm.
    pub fn wrap(&self, text: &str, width: f32, size: f32, weight: Weight) -> Vec<String> {
        let mut lines = Vec::new();
        for paragraph in text.lines() {
            let mut line = String::new();
            for word in paragraph.split_whitespace() {
                let candidate = if line.is_empty() {
                    word.to_owned()
                } else {
                    format!("{line} {word}")
                };
                if self.width(&candidate, size, weight) > width && !line.is_empty() {
                    lines.push(std::mem::replace(&mut line, word.to_owned()));
                } else {
                    line = candidate;
                }
            }
            lines.push(line);
        }
        lines
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

    /// Writes "page n of m" at the foot of every page, with `footer` text beside it.
    pub fn finish(mut self, footer: &str, page_word: &str) -> Vec<u8> {
        self.pages.push(std::mem::take(&mut self.current));
        let total = self.pages.len();
        for (n, page) in self.pages.iter_mut().enumerate() {
            let label = format!("{page_word} {} / {total}", n + 1);
            let mut foot = Canvas::new("");
            let above = self.shop_footer.len() as f32;
            for (i, line) in self.shop_footer.iter().enumerate() {
                let y = PAGE_H - 10.0 - (above - i as f32) * FOOTER_LEADING;
                foot.text(MARGIN, y, 7.0, Weight::Regular, line);
            }
            foot.text(MARGIN, PAGE_H - 10.0, 7.5, Weight::Regular, footer);
            foot.text_right(PAGE_W - MARGIN, PAGE_H - 10.0, 7.5, Weight::Regular, &label);
            page.extend(foot.current);
        }
        let pages = self
            .pages
            .into_iter()
            .map(|ops| PdfPage::new(Mm(PAGE_W), Mm(PAGE_H), ops))
            .collect();
        PdfDocument::new(&self.title)
            .with_pages(pages)
            .save(&PdfSaveOptions::default(), &mut Vec::new())
    }
}
