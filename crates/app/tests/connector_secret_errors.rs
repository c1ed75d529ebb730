//! A connector test that fails for a secret says which secret by code and field, so the window
//! can point to the field (`secret_missing`, `secret_refused`), while the message keeps the
//! CLI's wording with the command to run. Real HTTP to the fake TrustPager.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

mod common;

use common::{connect_to, quick, workshop};
use jobcard_app::Actor;
use jobcard_fake_trustpager::{FakeConfig, FakeServer};

#[tokio::test]
async fn a_missing_or_refused_secret_is_named_by_code_and_field() {
    let dir = tempfile::tempdir().unwrap();
    let app = workshop(dir.path()).await;
    let fake = FakeServer::start(FakeConfig::default()).await.unwrap();
    connect_to(&app, &fake, ("tp", "trustpager"), quick(&[]), &[]).await;
    let owner = Actor::new("test");

    let err = app.test_connector(&owner, "tp").await.unwrap_err();
    assert_eq!(err.code, "secret_missing", "{err:?}");
    assert_eq!(err.field.as_deref(), Some("api_key"));
    assert_eq!(
        err.message, "secret not set; run `jobcard connector secret tp api_key`",
        "the CLI keeps its wording"
    );

    app.set_connector_secret(&owner, "tp", "api_key", "wrong")
        .await
        .unwrap();
    let err = app.test_connector(&owner, "tp").await.unwrap_err();
    assert_eq!(err.code, "secret_refused", "{err:?}");
    assert_eq!(err.field.as_deref(), Some("api_key"));
    assert!(!err.message.contains("wrong"), "no secret in the text");
    fake.stop().await;
}
