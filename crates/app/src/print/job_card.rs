//! The job card that travels with the bike through the workshop: the order number as a QR code
//! to scan at the bench, who and what, the job, the lines with their work minutes and a tick
//! box each, the dates, and room for the mechanic's notes and signature.

use jobcard_domain::Lang;
use qrcode::{Color, QrCode};

use super::Shop;
use super::canvas::{Canvas, MARGIN, PAGE_W, Weight};
use super::labels::{Words, format_date, words};
use super::summary::{object_line, shop_header};
use crate::dto::OrderView;

const RIGHT: f32 = PAGE_W - MARGIN;
const QR_SIZE: f32 = 30.0;
/// Where a line's repair code or barcode starts; the description wraps before it.
const COL_CODE: f32 = 140.0;
const COL_DESC: f32 = MARGIN + 20.0;

pub(super) fn render(order: &OrderView, shop: &Shop, lang: Lang) -> Vec<u8> {
    let w = words(lang);
    let mut c =
        Canvas::new(&format!("{} {}", w.job_card, order.number)).with_shop_footer(&shop.footer);
    shop_header(&mut c, shop, w.job_card, &w);
    let top = c.y;
    qr(&mut c, &order.number, RIGHT - QR_SIZE, top - 2.0);
    c.text(MARGIN, top + 6.0, 24.0, Weight::Bold, &order.number);
    who_and_what(&mut c, order, lang, &w, top + 14.0);
    c.y = c.y.max(top + QR_SIZE + 4.0);
    job(&mut c, order, &w);
    lines(&mut c, order, &w);
    notes_and_signature(&mut c, &w);
    c.finish(&order.number, w.page)
}

/// The order number as a QR code, `(x, y)` its top-left corner.
fn qr(c: &mut Canvas, number: &str, x: f32, y: f32) {
    let Ok(code) = QrCode::new(number.as_bytes()) else {
        return;
    };
    let modules = code.width();
    let cell = QR_SIZE / modules as f32;
    for (i, color) in code.to_colors().iter().enumerate() {
        if *color == Color::Dark {
            let (row, col) = (i / modules, i % modules);
            c.fill(x + col as f32 * cell, y + row as f32 * cell, cell, cell);
        }
    }
}

fn who_and_what(c: &mut Canvas, order: &OrderView, lang: Lang, w: &Words, top: f32) {
    let mut y = top;
    // Values wrap before the QR code beside them.
    let value_width = RIGHT - QR_SIZE - 4.0 - (MARGIN + 24.0);
    // A row's parts share one line, "  ·  " apart, when they fit; else each wraps on its own.
    let mut row = |c: &mut Canvas, label: &str, parts: &[&str]| {
        c.text(MARGIN, y, 8.0, Weight::Bold, label);
        let joined = parts.join("  ·  ");
        let pieces = if c.width(&joined, 10.0, Weight::Regular) <= value_width {
            vec![joined.as_str()]
        } else {
            parts.to_vec()
        };
        for piece in pieces {
            let x = MARGIN + 24.0;
            y = c.paragraph(x, y, value_width, 10.0, Weight::Regular, 4.5, piece) + 4.5;
        }
        y += 1.0;
    };
    let contact: Vec<&str> = [
        Some(order.customer.name.as_str()),
        order.customer.phone.as_deref(),
        order.customer.email.as_deref(),
    ]
    .into_iter()
    .flatten()
    .collect();
    row(c, w.customer, &contact);
    row(c, w.object, &[&object_line(order)]);
    if let Some(frame) = &order.repair_object.frame_number {
        row(c, w.frame, &[frame]);
    }
    if let Some(start) = &order.scheduled_start {
        row(c, w.planned, &[&format_date(start, lang)]);
    }
    if let Some(promised) = &order.promised_date {
        row(c, w.promised, &[&format_date(promised, lang)]);
    }
    if let Some(mechanic) = &order.mechanic {
        row(c, w.mechanic, &[mechanic]);
    }
    if let Some(loan) = &order.loan_object {
        row(c, w.loan, &[loan]);
    }
    c.y = y + 2.0;
}

fn job(c: &mut Canvas, order: &OrderView, w: &Words) {
    c.text(MARGIN, c.y, 8.0, Weight::Bold, w.job);
    c.y += 5.0;
    for line in c.wrap(&order.description, RIGHT - MARGIN, 11.0, Weight::Regular) {
        c.ensure_room(6.0);
        c.text(MARGIN, c.y, 11.0, Weight::Regular, &line);
        c.y += 5.5;
    }
    c.y += 4.0;
}

fn lines_header(c: &mut Canvas, w: &Words) {
    let y = c.y;
    c.text_right(MARGIN + 16.0, y, 8.0, Weight::Bold, w.quantity);
    c.text(COL_DESC, y, 8.0, Weight::Bold, w.description);
    c.text(COL_CODE, y, 8.0, Weight::Bold, w.code);
    c.text_right(RIGHT, y, 8.0, Weight::Bold, w.minutes);
    c.rule(MARGIN, RIGHT, y + 1.5, 0.3);
    c.y = y + 6.5;
}

fn lines(c: &mut Canvas, order: &OrderView, w: &Words) {
    lines_header(c, w);
    for line in &order.lines {
        let wrapped = c.wrap(
            &line.description,
            COL_CODE - 4.0 - COL_DESC,
            10.0,
            Weight::Regular,
        );
        if c.ensure_room(5.5 * wrapped.len() as f32 + 2.0) {
            lines_header(c, w);
        }
        let y = c.y;
        c.frame(MARGIN, y - 3.2, 3.6, 3.6);
        c.text_right(
            MARGIN + 16.0,
            y,
            10.0,
            Weight::Regular,
            &line.quantity.to_string(),
        );
        for (i, text) in wrapped.iter().enumerate() {
            c.text(COL_DESC, y + 5.0 * i as f32, 10.0, Weight::Regular, text);
        }
        let code = line
            .code
            .as_deref()
            .or(line.barcode.as_deref())
            .unwrap_or("");
        // The code stops short of the minutes at the right.
        let code = c.fit(code, RIGHT - 12.0 - COL_CODE, 9.0, Weight::Regular);
        c.text(COL_CODE, y, 9.0, Weight::Regular, &code);
        if line.work_minutes > 0 {
            c.text_right(
                RIGHT,
                y,
                10.0,
                Weight::Regular,
                &line.work_minutes.to_string(),
            );
        }
        c.y = y + 5.0 * wrapped.len().max(1) as f32 + 1.5;
    }
    c.rule(MARGIN, RIGHT, c.y - 1.0, 0.3);
    c.y += 4.0;
    c.text(120.0, c.y, 10.0, Weight::Bold, w.work_total);
    c.text_right(
        RIGHT,
        c.y,
        10.0,
        Weight::Bold,
        &format!("{} min", order.work_minutes),
    );
    c.y += 10.0;
}

fn notes_and_signature(c: &mut Canvas, w: &Words) {
    c.ensure_room(70.0);
    c.text(MARGIN, c.y, 8.0, Weight::Bold, w.notes);
    c.frame(MARGIN, c.y + 2.0, RIGHT - MARGIN, 45.0);
    c.y += 58.0;
    c.text(MARGIN, c.y, 8.0, Weight::Bold, w.signature);
    c.rule(MARGIN + 24.0, MARGIN + 100.0, c.y, 0.3);
    c.y += 8.0;
}
