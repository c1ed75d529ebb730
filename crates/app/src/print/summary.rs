//! The order summary the customer takes home: shop details, customer and object, every line
//! with quantity, unit price, discount, VAT rate and total, the VAT breakdown per rate (net,
//! VAT, gross) and the totals.

use jobcard_domain::Lang;

use super::Shop;
use super::canvas::{Canvas, MARGIN, PAGE_W, Weight};
use super::labels::{Words, format_date, format_eur, words};
use std::collections::BTreeMap;

use crate::Result;
use crate::dto::{LineView, OrderView};
use crate::views::{rate_views, totals_of};

const RIGHT: f32 = PAGE_W - MARGIN;
const COL_QTY: f32 = MARGIN + 10.0;
const COL_DESC: f32 = MARGIN + 14.0;
const DESC_WIDTH: f32 = 78.0;
const COL_PRICE: f32 = 137.0;
const COL_DISCOUNT: f32 = 157.0;
const COL_VAT: f32 = 170.0;

/// One summary per payer: the order's customer pays the lines without a bill-to customer, and
/// each bill-to customer (a lease company, say) gets their own page(s) with their lines, VAT
/// breakdown and totals, under their name from the order's `payers`.
pub(super) fn render(order: &OrderView, shop: &Shop, lang: Lang) -> Result<Vec<u8>> {
    let w = words(lang);
    let mut c =
        Canvas::new(&format!("{} {}", w.summary, order.number)).with_shop_footer(&shop.footer);
    for (i, (payer, part)) in split_by_payer(order)?.iter().enumerate() {
        if i > 0 {
            c.new_page();
        }
        shop_header(&mut c, shop, w.summary, &w);
        parties(&mut c, part, lang, &w);
        if let Some(id) = payer {
            let payer = order.payers.iter().find(|p| p.id == *id);
            let name = payer.map_or(id.as_str(), |p| p.name.as_str());
            let bill_to = c.fit(
                &format!("{}: {name}", w.bill_to),
                RIGHT - MARGIN,
                10.0,
                Weight::Bold,
            );
            c.text(MARGIN, c.y, 10.0, Weight::Bold, &bill_to);
            c.y += 8.0;
        }
        line_table(&mut c, part, lang, &w);
        vat_breakdown(&mut c, part, lang, &w);
    }
    Ok(c.finish(w.footer, w.page))
}

/// The order split into the part each payer pays (`None`: the order's customer), customer
/// first, with totals summed by the domain from that part's lines.
fn split_by_payer(order: &OrderView) -> Result<Vec<(Option<String>, OrderView)>> {
    let mut groups: BTreeMap<Option<String>, Vec<LineView>> = BTreeMap::new();
    for line in &order.lines {
        groups
            .entry(line.bill_to_customer_id.clone())
            .or_default()
            .push(line.clone());
    }
    if groups.len() <= 1 {
        return Ok(vec![(None, order.clone())]);
    }
    groups
        .into_iter()
        .map(|(payer, lines)| {
            let totals = totals_of(&lines)?;
            let part = OrderView {
                by_rate: rate_views(&totals),
                total_cents: totals.total.get(),
                vat_cents: totals.vat.get(),
                net_cents: totals.net.get(),
                lines,
                ..order.clone()
            };
            Ok((payer, part))
        })
        .collect()
}

/// Shop name, address and registration numbers at the top; the document's title at right.
pub(super) fn shop_header(c: &mut Canvas, shop: &Shop, title: &str, w: &Words) {
    let title_width = c.width(title, 14.0, Weight::Bold);
    let name = c.fit(
        &shop.name,
        RIGHT - MARGIN - title_width - 6.0,
        16.0,
        Weight::Bold,
    );
    c.text(MARGIN, 22.0, 16.0, Weight::Bold, &name);
    c.text_right(RIGHT, 22.0, 14.0, Weight::Bold, title);
    let mut y = 28.0;
    if let Some(address) = &shop.address {
        let address = c.fit(address, RIGHT - MARGIN, 9.0, Weight::Regular);
        c.text(MARGIN, y, 9.0, Weight::Regular, &address);
        y += 4.5;
    }
    let numbers: Vec<String> = [
        (w.vat_number, &shop.vat_number),
        (w.coc_number, &shop.coc_number),
    ]
    .into_iter()
    .filter_map(|(label, value)| value.as_ref().map(|v| format!("{label} {v}")))
    .collect();
    if !numbers.is_empty() {
        c.text(MARGIN, y, 8.0, Weight::Regular, &numbers.join("   "));
        y += 4.5;
    }
    c.rule(MARGIN, RIGHT, y + 1.0, 0.4);
    c.y = y + 8.0;
}

fn parties(c: &mut Canvas, order: &OrderView, lang: Lang, w: &Words) {
    let top = c.y;
    // The order's column; the customer's details stop short of it.
    let x = 120.0;
    let width = x - 4.0 - MARGIN;
    c.text(MARGIN, top, 8.0, Weight::Bold, w.customer);
    let name = &order.customer.name;
    let mut y = c.paragraph(MARGIN, top + 5.0, width, 10.0, Weight::Bold, 4.5, name) + 5.0;
    let contact = [
        order.customer.phone.as_deref(),
        order.customer.email.as_deref(),
    ];
    for line in contact.into_iter().flatten() {
        y = c.paragraph(MARGIN, y, width, 9.0, Weight::Regular, 4.5, line) + 4.5;
    }
    c.text(x, top, 8.0, Weight::Bold, w.order);
    c.text(x, top + 5.0, 10.0, Weight::Bold, &order.number);
    c.text(
        x,
        top + 10.0,
        9.0,
        Weight::Regular,
        &format!("{}: {}", w.order_date, format_date(&order.order_date, lang)),
    );
    if let Some(promised) = &order.promised_date {
        c.text(
            x,
            top + 14.5,
            9.0,
            Weight::Regular,
            &format!("{}: {}", w.promised, format_date(promised, lang)),
        );
    }
    let y = y.max(top + 19.0) + 2.0;
    let object_end = match order.repair_object.frame_number {
        Some(_) => x - 4.0,
        None => RIGHT,
    };
    c.text(MARGIN, y, 8.0, Weight::Bold, w.object);
    let object_width = object_end - MARGIN - 16.0;
    let last = c.paragraph(
        MARGIN + 16.0,
        y,
        object_width,
        9.0,
        Weight::Regular,
        4.5,
        &object_line(order),
    );
    if let Some(frame) = &order.repair_object.frame_number {
        c.text(x, y, 9.0, Weight::Regular, &format!("{} {frame}", w.frame));
    }
    c.y = last + 6.0;
    for (i, line) in c
        .wrap(
            &order.description,
            RIGHT - MARGIN - 16.0,
            9.0,
            Weight::Regular,
        )
        .iter()
        .enumerate()
    {
        if i == 0 {
            c.text(MARGIN, c.y, 8.0, Weight::Bold, w.job);
        }
        c.text(MARGIN + 16.0, c.y, 9.0, Weight::Regular, line);
        c.y += 4.5;
    }
    c.y += 5.0;
}

pub(super) fn object_line(order: &OrderView) -> String {
    let o = &order.repair_object;
    let parts: Vec<&str> = [
        o.brand.as_deref(),
        o.model.as_deref(),
        o.colour.as_deref(),
        o.licence_plate.as_deref(),
    ]
    .into_iter()
    .flatten()
    .collect();
    if parts.is_empty() {
        o.kind.as_str().to_owned()
    } else {
        parts.join(" ")
    }
}

fn table_header(c: &mut Canvas, w: &Words) {
    let y = c.y;
    c.text_right(COL_QTY, y, 8.0, Weight::Bold, w.quantity);
    c.text(COL_DESC, y, 8.0, Weight::Bold, w.description);
    c.text_right(COL_PRICE, y, 8.0, Weight::Bold, w.unit_price);
    c.text_right(COL_DISCOUNT, y, 8.0, Weight::Bold, w.discount);
    c.text_right(COL_VAT, y, 8.0, Weight::Bold, w.vat);
    c.text_right(RIGHT, y, 8.0, Weight::Bold, w.total);
    c.rule(MARGIN, RIGHT, y + 1.5, 0.3);
    c.y = y + 6.0;
}

/// A line's discount, one part a row so both fit the narrow column: the amount off each unit,
/// then the percentage ("+ 10 %" when both apply).
fn discount_lines(line: &LineView, lang: Lang) -> Vec<String> {
    let mut parts = Vec::new();
    if line.unit_discount_cents != 0 {
        parts.push(format_eur(line.unit_discount_cents, lang));
    }
    if line.discount_bp != 0 {
        let percent = jobcard_domain::RateBp(line.discount_bp).percent_display();
        parts.push(if parts.is_empty() {
            format!("{percent} %")
        } else {
            format!("+ {percent} %")
        });
    }
    parts
}

fn line_table(c: &mut Canvas, order: &OrderView, lang: Lang, w: &Words) {
    table_header(c, w);
    for line in &order.lines {
        let wrapped = c.wrap(&line.description, DESC_WIDTH, 9.0, Weight::Regular);
        let discount = discount_lines(line, lang);
        let rows = wrapped.len().max(discount.len()).max(1);
        if c.ensure_room(4.5 * rows as f32 + 2.0) {
            table_header(c, w);
        }
        let y = c.y;
        c.text_right(COL_QTY, y, 9.0, Weight::Regular, &line.quantity.to_string());
        for (i, text) in wrapped.iter().enumerate() {
            c.text(COL_DESC, y + 4.5 * i as f32, 9.0, Weight::Regular, text);
        }
        if line.kind != jobcard_domain::LineKind::Text {
            let price = format_eur(line.unit_price_cents, lang);
            let vat = format!("{} %", line.vat_percent);
            let total = format_eur(line.total_cents, lang);
            for (right, text) in [(COL_PRICE, price), (COL_VAT, vat), (RIGHT, total)] {
                c.text_right(right, y, 9.0, Weight::Regular, &text);
            }
            for (i, part) in discount.iter().enumerate() {
                c.text_right(COL_DISCOUNT, y + 4.5 * i as f32, 9.0, Weight::Regular, part);
            }
        }
        c.y = y + 4.5 * rows as f32 + 1.5;
    }
    c.rule(MARGIN, RIGHT, c.y - 1.0, 0.3);
    c.y += 5.0;
}

fn vat_breakdown(c: &mut Canvas, order: &OrderView, lang: Lang, w: &Words) {
    c.ensure_room(10.0 + 5.0 * order.by_rate.len() as f32 + 12.0);
    let heads = [w.net, w.vat, w.gross].map(str::to_owned);
    amounts_row(c, w.rate, heads, Weight::Bold, 8.0);
    c.y += 5.0;
    for rate in &order.by_rate {
        let cents = [rate.net_cents, rate.vat_cents, rate.gross_cents];
        let label = format!("{} %", rate.vat_percent);
        amounts_row(
            c,
            &label,
            cents.map(|v| format_eur(v, lang)),
            Weight::Regular,
            9.0,
        );
        c.y += 5.0;
    }
    c.rule(95.0, RIGHT, c.y - 2.5, 0.3);
    c.y += 2.0;
    let cents = [order.net_cents, order.vat_cents, order.total_cents];
    amounts_row(
        c,
        w.total,
        cents.map(|v| format_eur(v, lang)),
        Weight::Regular,
        9.0,
    );
    let y = c.y + 8.0;
    c.text(95.0, y, 12.0, Weight::Bold, w.total_incl_vat);
    let total = format_eur(order.total_cents, lang);
    c.text_right(RIGHT, y, 12.0, Weight::Bold, &total);
    c.y = y + 8.0;
}

/// One row of the VAT table at the current height: a label, then net, VAT and gross
/// right-aligned in their columns.
fn amounts_row(c: &mut Canvas, label: &str, amounts: [String; 3], weight: Weight, size: f32) {
    let y = c.y;
    c.text(95.0, y, size, weight, label);
    for (right, amount) in [128.0, 158.0, RIGHT].into_iter().zip(amounts) {
        c.text_right(right, y, size, weight, &amount);
    }
}
