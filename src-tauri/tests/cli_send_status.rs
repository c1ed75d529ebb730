//! `jobcard orders send-status NUMBER`: TrustPager e-mails the customer the work status portal
//! link. The answer is printed (and `--json` gives it as a field); TrustPager's refusal comes
//! back as a plain message on standard error with a non-zero exit, and nothing is sent.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

mod common;

use common::{add_connector, final_sync, jobcard, jobcard_ok, order_numbers};
use jobcard_fake_trustpager::{FakeConfig, FakeServer, USERS};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn send_status_prints_trustpagers_answer_or_its_refusal() {
    let dir = tempfile::tempdir().unwrap();
    let dir = dir.path();
    let fake = FakeServer::start(FakeConfig::default()).await.unwrap();
    jobcard_ok(dir, &["demo"], None);
    let number = order_numbers(dir).pop().unwrap();

    // No TrustPager connector yet: said plainly.
    let none = jobcard(dir, &["orders", "send-status", &number], None);
    assert!(!none.status.success());
    assert!(
        String::from_utf8_lossy(&none.stderr).contains("there is no TrustPager connector"),
        "{}",
        String::from_utf8_lossy(&none.stderr)
    );

    add_connector(
        dir,
        "crm",
        "trustpager",
        &fake.base_url(),
        &[("api_key", "tp-key")],
    );
    let mut mapping = vec!["connector".to_owned(), "set".to_owned(), "crm".to_owned()];
    for (id, name) in USERS {
        mapping.push("--set".to_owned());
        mapping.push(format!("employee.{name}={id}"));
    }
    let mapping: Vec<&str> = mapping.iter().map(String::as_str).collect();
    jobcard_ok(dir, &mapping, None);
    final_sync(dir);

    let sent = jobcard_ok(dir, &["orders", "send-status", &number, "--json"], None);
    let answer: serde_json::Value = serde_json::from_slice(&sent.stdout).unwrap();
    assert_eq!(answer["number"], number.as_str());
    assert!(
        answer["answer"]
            .as_str()
            .unwrap()
            .contains("e-mailed to the customer"),
        "{answer}"
    );
    assert_eq!(fake.snapshot()["sent_status"].as_array().unwrap().len(), 1);

    fake.set_email_configured(false);
    let refused = jobcard(
        dir,
        &["orders", "send-status", &number, "--connector", "crm"],
        None,
    );
    assert!(!refused.status.success());
    assert!(
        String::from_utf8_lossy(&refused.stderr)
            .contains("E-mail is not configured for the company in TrustPager"),
        "{}",
        String::from_utf8_lossy(&refused.stderr)
    );
    assert_eq!(fake.snapshot()["sent_status"].as_array().unwrap().len(), 1);
    fake.stop().await;
}
