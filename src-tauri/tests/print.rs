//! Printed documents read back: the CLI writes real PDFs, poppler's `pdftotext` extracts their
//! text, and the figures must be the order's own. One page of each is rendered to PNG in
//! `tests/artifacts/` for a person to look at.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::{Value, json};

fn jobcard(data_dir: &Path, args: &[&str], stdin: Option<&str>) -> String {
    use std::io::Write;
    let mut child = Command::new(env!("CARGO_BIN_EXE_jobcard"))
        .arg("--data-dir")
        .arg(data_dir)
        .args(args)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(stdin.unwrap_or("").as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "jobcard {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn pdf_text(pdf: &Path) -> String {
    let out = Command::new("pdftotext")
        .args(["-layout"])
        .arg(pdf)
        .arg("-")
        .output()
        .expect("pdftotext is needed for this test: apt-get install poppler-utils (scripts/deps.sh test does)");
    assert!(
        out.status.success(),
        "pdftotext failed on {}",
        pdf.display()
    );
    String::from_utf8(out.stdout).unwrap()
}

/// Renders page 1 to `tests/artifacts/<name>.png` for people to look at.
fn keep_png(pdf: &Path, name: &str) {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tests/artifacts");
    std::fs::create_dir_all(&dir).unwrap();
    let status = Command::new("pdftoppm")
        .args(["-png", "-r", "80", "-f", "1", "-l", "1", "-singlefile"])
        .arg(pdf)
        .arg(dir.join(name))
        .status()
        .expect("pdftoppm (poppler-utils) is needed");
    assert!(status.success());
}

fn order_with_two_rates_and_a_discount() -> String {
    json!({
        "customer": {"name": "Anna de Vries", "phone": "+31 6 1234 5678", "email": "anna@example.nl"},
        "repair_object": {"kind": "bicycle", "brand": "Gazelle", "model": "Orange C7", "frame_number": "GZ123456"},
        "description": "Replace chain and brake pads",
        "promised_date": "2026-11-25",
        "lines": [
            {"code": "102"},
            {"description": "Brake pads", "quantity": 2, "unit_price_cents": 1250, "vat": "high", "discount_bp": 1000},
            {"description": "Labour", "quantity": 1, "unit_price_cents": 4500, "vat": "low", "work_minutes": 30}
        ]
    })
    .to_string()
}

fn setup() -> (tempfile::TempDir, Value) {
    let dir = tempfile::tempdir().unwrap();
    jobcard(dir.path(), &["demo"], None);
    let created = jobcard(
        dir.path(),
        &["orders", "create", "--file", "-", "--json"],
        Some(&order_with_two_rates_and_a_discount()),
    );
    (dir, serde_json::from_str(&created).unwrap())
}

#[test]
fn the_summary_shows_the_shop_every_line_and_the_vat_breakdown() {
    let (dir, order) = setup();
    let number = order["number"].as_str().unwrap();
    let pdf = dir.path().join("summary.pdf");
    jobcard(
        dir.path(),
        &[
            "print",
            number,
            "--kind",
            "summary",
            "--out",
            pdf.to_str().unwrap(),
        ],
        None,
    );
    assert!(std::fs::read(&pdf).unwrap().starts_with(b"%PDF-"));
    let text = pdf_text(&pdf);
    for expected in [
        "Fietsenmakerij De Spaak",
        "Oudegracht 120, 3511 AX Utrecht",
        "NL123456789B01",
        "30123456",
        "Orderoverzicht",
        number,
        "Anna de Vries",
        "GZ123456",
        "25-11-2026",
        "Replace chain",
        "Brake pads",
        "10 %",
    ] {
        assert!(
            text.contains(expected),
            "{expected:?} missing from the summary:\n{text}"
        );
    }
    // 2995 + 2 x 12.50 less 10 % (2250) at 21 %; 4500 at 9 %. VAT: 520 + 390 = 910; 372.
    let breakdown = |percent: &str| {
        // pdftotext may drop the space in "9 %".
        let start = format!("{percent}%");
        text.lines()
            .find(|l| l.replace(' ', "").starts_with(&start) && l.matches('€').count() == 3)
            .map(str::to_owned)
    };
    let high = breakdown("21").unwrap_or_else(|| panic!("no 21 % row:\n{text}"));
    assert_eq!(amounts(&high), ["€ 43,35", "€ 9,10", "€ 52,45"], "{high}");
    let low = breakdown("9").unwrap_or_else(|| panic!("no 9 % row:\n{text}"));
    assert_eq!(amounts(&low), ["€ 41,28", "€ 3,72", "€ 45,00"], "{low}");
    assert_eq!(order["total_cents"], 9745);
    assert!(text.contains("€ 97,45"), "{text}");
    keep_png(&pdf, "summary");
}

/// The euro amounts on a line of extracted text.
fn amounts(line: &str) -> Vec<String> {
    line.split('€')
        .skip(1)
        .map(|part| format!("€ {}", part.split_whitespace().next().unwrap_or("")))
        .collect()
}

#[test]
fn the_job_card_has_the_number_the_lines_and_their_minutes_in_english() {
    let (dir, order) = setup();
    let number = order["number"].as_str().unwrap();
    let pdf = dir.path().join("job-card.pdf");
    jobcard(
        dir.path(),
        &[
            "print",
            number,
            "--kind",
            "job-card",
            "--lang",
            "en",
            "--out",
            pdf.to_str().unwrap(),
        ],
        None,
    );
    let text = pdf_text(&pdf);
    for expected in [
        "Job card",
        number,
        "Anna de Vries",
        "+31 6 1234 5678",
        "Gazelle Orange C7",
        "GZ123456",
        "Replace chain",
        "Labour",
        "25 Nov 2026",
        "Mechanic's notes",
        "Signature",
    ] {
        assert!(
            text.contains(expected),
            "{expected:?} missing from the job card:\n{text}"
        );
    }
    // Repair code 102 is 20 minutes, labour 30.
    assert!(text.contains("50 min"), "{text}");
    assert!(!text.contains('€'), "a job card shows no prices:\n{text}");
    keep_png(&pdf, "job-card");
}

#[test]
fn bad_print_requests_are_refused() {
    let (dir, order) = setup();
    let number = order["number"].as_str().unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_jobcard"))
        .arg("--data-dir")
        .arg(dir.path())
        .args([
            "print",
            number,
            "--kind",
            "invoice",
            "--out",
            "/tmp/never.pdf",
        ])
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("kind: unknown document 'invoice'"));
}

#[test]
fn split_billing_gives_each_payer_their_own_summary() {
    let (dir, order) = setup();
    let number = order["number"].as_str().unwrap();
    let lease = jobcard(
        dir.path(),
        &["orders", "list", "--search", "Koster", "--json"],
        None,
    );
    let lease: Value = serde_json::from_str(&lease).unwrap();
    let lease_order: Value = serde_json::from_str(&jobcard(
        dir.path(),
        &[
            "orders",
            "show",
            lease["rows"][0]["number"].as_str().unwrap(),
            "--json",
        ],
        None,
    ))
    .unwrap();
    let payer = lease_order["customer"]["id"].as_str().unwrap();
    let lines = json!([
        {"code": "102"},
        {"description": "Labour", "unit_price_cents": 4500, "vat": "low", "work_minutes": 30, "bill_to_customer_id": payer}
    ]);
    jobcard(
        dir.path(),
        &["orders", "set-lines", number, "--file", "-"],
        Some(&lines.to_string()),
    );
    let pdf = dir.path().join("split.pdf");
    jobcard(
        dir.path(),
        &[
            "print",
            number,
            "--kind",
            "summary",
            "--out",
            pdf.to_str().unwrap(),
        ],
        None,
    );
    let text = pdf_text(&pdf);
    let pages: Vec<&str> = text
        .split('\u{c}')
        .filter(|p| !p.trim().is_empty())
        .collect();
    assert_eq!(pages.len(), 2, "one page per payer:\n{text}");
    assert!(
        pages[0].contains("€ 29,95") && !pages[0].contains("Labour"),
        "{}",
        pages[0]
    );
    assert!(
        pages[0].contains("€ 29,95") && !pages[0].contains("Factuur aan"),
        "{}",
        pages[0]
    );
    assert!(
        pages[1].contains("Factuur aan: Gerrit Koster"),
        "{}",
        pages[1]
    );
    assert!(
        pages[1].contains("Labour") && !pages[1].contains("€ 29,95"),
        "{}",
        pages[1]
    );
    assert!(
        pages[1].contains("€ 41,28") && pages[1].contains("€ 3,72"),
        "9 % breakdown of the labour alone:\n{}",
        pages[1]
    );
    keep_png(&pdf, "summary-split");
}

/// Names and jobs as a Dutch counter takes them: Polish, Turkish, Czech, Romanian, Vietnamese.
const CUSTOMER: &str = "Łukasz Żółć";
const JOB: &str = "Şule: čistění; Nguyễn Văn Đức; Ştefan Ţărână";
const LINE: &str = "Výměna řetězu; đèn xe đạp";
const OTHER_LINE: &str = "Şifre değişimi, frână şi lanţ";

/// A one-page document with its font embedded stays well under this. Measured: about 34 KB
/// for this summary and 36 KB for this job card (two DejaVu subsets of 12-16 KB each; the job
/// card's QR code is drawn as boxes), against 2.5 and 5 KB with the unembedded base fonts. One
/// whole face embedded would add 350-380 KB compressed, so the bound catches a lost subsetting
/// while leaving room for pages with more text and letters.
const SMALL_PDF: usize = 120_000;

#[test]
fn polish_turkish_czech_romanian_and_vietnamese_letters_print_on_both_documents() {
    let dir = tempfile::tempdir().unwrap();
    jobcard(dir.path(), &["demo"], None);
    let order = json!({
        "customer": {"name": CUSTOMER, "phone": "+48 600 123 456"},
        "repair_object": {"kind": "bicycle", "brand": "Kross", "model": "Évado"},
        "description": JOB,
        "lines": [
            {"description": LINE, "quantity": 1, "unit_price_cents": 2500, "vat": "high"},
            {"description": OTHER_LINE, "quantity": 1, "unit_price_cents": 4500, "vat": "low", "work_minutes": 30}
        ]
    });
    let created: Value = serde_json::from_str(&jobcard(
        dir.path(),
        &["orders", "create", "--file", "-", "--json"],
        Some(&order.to_string()),
    ))
    .unwrap();
    let number = created["number"].as_str().unwrap();
    for kind in ["job-card", "summary"] {
        let pdf = dir.path().join(format!("{kind}.pdf"));
        jobcard(
            dir.path(),
            &[
                "print",
                number,
                "--kind",
                kind,
                "--out",
                pdf.to_str().unwrap(),
            ],
            None,
        );
        let text = pdf_text(&pdf);
        for expected in [CUSTOMER, JOB, LINE, OTHER_LINE, "Kross Évado"] {
            assert!(
                text.contains(expected),
                "{expected:?} missing from the {kind}:\n{text}"
            );
        }
        assert!(
            !text.contains('?'),
            "a letter became '?' on the {kind}:\n{text}"
        );
        let size = std::fs::metadata(&pdf).unwrap().len();
        assert!(
            usize::try_from(size).unwrap() < SMALL_PDF,
            "the {kind} is {size} bytes: is the whole font embedded?"
        );
        keep_png(&pdf, &format!("{kind}-letters"));
    }
}
