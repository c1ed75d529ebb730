//! The sync engine against remotes that misbehave on purpose (real HTTP to the fakes, real
//! SQLite file): nonsense timing headers, a hang-up with a token in the URL, links and
//! redirects to another host, endless paging, oversize answers, plain http:// on the
//! internet, and connector changes that must be audited and must not carry credentials to a
//! new host. Each test pins a defect a shop would otherwise hit (issue 12).

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

mod common;

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use chrono::{DateTime, Utc};
use common::{QUIET, connect_to, quick, workshop};
use jobcard_app::dto::ConnectorInput;
use jobcard_app::{Actor, App, Clock, RunReport, SystemClock};
use jobcard_store::sql::audit_log;
use serde_json::{Value, json};

/// Guards a call that used to never end: a hang becomes a failure instead of a stuck suite.
async fn ends<T>(what: &str, call: impl std::future::Future<Output = T>) -> T {
    tokio::time::timeout(Duration::from_secs(60), call)
        .await
        .unwrap_or_else(|_| panic!("{what} did not end"))
}

async fn run(app: &App, name: &str, until_idle: Option<u64>) -> RunReport {
    ends(
        "the sync",
        app.run_sync(&Actor::new("test"), Some(name), until_idle, QUIET),
    )
    .await
    .unwrap()
    .remove(0)
}

mod timing {
    use super::*;
    use jobcard_fake_cyclesoftware::{FakeConfig, FakeServer, Fault};

    async fn hostile_till(value: u64) -> (tempfile::TempDir, App, FakeServer) {
        let dir = tempfile::tempdir().unwrap();
        let app = workshop(dir.path()).await;
        let fake = FakeServer::start(FakeConfig::default()).await.unwrap();
        let secrets = [("username", "jobcard"), ("password", "secret")];
        connect_to(&app, &fake, ("till", "cyclesoftware"), quick(&[]), &secrets).await;
        fake.add_fault(Fault::HugeTiming {
            times: 1000,
            value,
            path_contains: None,
            method: None,
        });
        (dir, app, fake)
    }

    /// A 429 with `Retry-After` and resets of 10^13 (once a panic: a date past year 262143)
    /// and 3 * 10^11 (a reset in milliseconds; once an endless `--until-idle`): the connector
    /// pauses a day at most, and a run that waits for it ends with orders still pending.
    #[tokio::test]
    async fn nonsense_timing_headers_pause_a_day_at_most_and_every_run_ends() {
        for value in [10_000_000_000_000_u64, 300_000_000_000] {
            let (_dir, app, fake) = hostile_till(value).await;
            let report = run(&app, "till", None).await;
            assert!(report.pending > 0, "{value}: {report:?}");
            assert!(fake.snapshot()["requests"]["total"].as_u64().unwrap() >= 1);
            let until: DateTime<Utc> = report
                .paused_until
                .as_deref()
                .and_then(|p| DateTime::parse_from_rfc3339(p).ok())
                .map(|t| t.with_timezone(&Utc))
                .unwrap_or_else(|| panic!("{value}: no readable pause in {report:?}"));
            let day = chrono::Duration::hours(24) + chrono::Duration::minutes(1);
            assert!(
                until <= SystemClock.now() + day,
                "{value}: paused until {until}"
            );
            assert!(
                until > SystemClock.now() + chrono::Duration::hours(1),
                "{until}"
            );

            // `--until-idle --max-wait 2` ends, saying when the next try is.
            let report = run(&app, "till", Some(2)).await;
            assert!(!report.all_synced());
            let note = report.note.unwrap_or_default();
            assert!(note.contains("still pending"), "{note}");
            // The connector stayed paused: no request was sent in the meantime.
            let sent = fake.snapshot()["requests"]["total"].as_u64().unwrap();
            let again = run(&app, "till", None).await;
            assert_eq!(again.requests, 0, "{again:?}");
            assert_eq!(fake.snapshot()["requests"]["total"].as_u64().unwrap(), sent);
        }
    }

    /// An unreadable `Retry-After` is ignored: the engine's own short backoff applies, and the
    /// order goes out at the next try.
    #[tokio::test]
    async fn an_unreadable_retry_after_falls_back_to_our_own_backoff() {
        let dir = tempfile::tempdir().unwrap();
        let app = workshop(dir.path()).await;
        let fake = FakeServer::start(FakeConfig::default()).await.unwrap();
        let secrets = [("username", "jobcard"), ("password", "secret")];
        connect_to(&app, &fake, ("till", "cyclesoftware"), quick(&[]), &secrets).await;
        fake.add_fault(Fault::RateLimit {
            times: 1,
            retry_after: 0,
            path_contains: None,
            method: None,
        });
        let report = run(&app, "till", Some(20)).await;
        assert!(report.all_synced(), "{report:?}");
    }
}

mod secrets_in_urls {
    use super::*;
    use jobcard_fake_fieldnation::{FakeConfig, FakeServer, Fault};

    const TOKEN: &str = "fn-Secret-Token-42";

    fn publish(fake: &FakeServer) {
        let work_order = json!({
            "title": "Install router",
            "description": {"markdown": "Mount the router."},
            "company": {"id": 7, "name": "Acme"},
            "status": "assigned",
        });
        fake.publish(work_order.as_object().unwrap().clone())
            .unwrap();
    }

    /// Every byte of the database file and its WAL, as text.
    fn database_text(dir: &std::path::Path) -> String {
        let mut all = Vec::new();
        for name in ["jobcard.sqlite", "jobcard.sqlite-wal"] {
            all.extend(std::fs::read(dir.join(name)).unwrap_or_default());
        }
        String::from_utf8_lossy(&all).into_owned()
    }

    /// Field Nation's token travels as `access_token=` in every URL. A remote that hangs up
    /// (on the list and on a dispatch) once put the whole URL in the note; now no note, queue
    /// entry, connector view, audit row or database byte holds the token in any encoding.
    #[tokio::test]
    async fn a_hang_up_never_shows_the_access_token() {
        let dir = tempfile::tempdir().unwrap();
        let app = workshop(dir.path()).await;
        let fake = FakeServer::start(FakeConfig::default()).await.unwrap();
        fake.set_access_token(TOKEN);
        let secrets = [("access_token", TOKEN)];
        connect_to(&app, &fake, ("fn", "fieldnation"), quick(&[]), &secrets).await;
        publish(&fake);
        let number = common::open_order(&app, 0).await;
        app.set_sync_mark(&Actor::new("test"), &number, "fn", true)
            .await
            .unwrap();
        for method in ["GET", "POST"] {
            fake.add_fault(Fault::HangUp {
                times: 1,
                path_contains: None,
                method: Some(method.into()),
            });
        }
        let report = run(&app, "fn", None).await;
        let note = report.note.clone().unwrap_or_default();
        assert!(
            note.contains("hung up"),
            "the failure is said plainly: {note}"
        );
        let mut seen = vec![serde_json::to_string(&report).unwrap()];
        seen.push(
            serde_json::to_string(&app.sync_queue(&common::tester(), "fn").await.unwrap()).unwrap(),
        );
        seen.push(
            serde_json::to_string(&app.connectors(&common::tester()).await.unwrap()).unwrap(),
        );
        let audit = audit_log::history(app.store().readers(), "connector", "fn")
            .await
            .unwrap();
        seen.push(format!("{audit:?}"));
        seen.push(database_text(dir.path()));
        let encoded: String = url::form_urlencoded::byte_serialize(TOKEN.as_bytes()).collect();
        for text in &seen {
            assert!(!text.contains(TOKEN), "token in {text:.300}");
            assert!(!text.contains(&encoded), "encoded token in {text:.300}");
            assert!(!text.contains("Secret"), "token part in {text:.300}");
        }
        assert!(
            seen[1].contains("hung up"),
            "the queue says why: {}",
            seen[1]
        );
        // And once the remote answers again, everything goes through.
        let report = run(&app, "fn", Some(20)).await;
        assert!(report.all_synced(), "{report:?}");
    }
}

mod hosts {
    use super::*;
    use axum::Router;
    use axum::extract::State;
    use axum::http::HeaderMap;
    use axum::response::{IntoResponse, Redirect};

    /// A tiny remote under the test's control: what it answers, and what it was sent.
    #[derive(Clone, Default)]
    struct Seen {
        requests: Arc<AtomicU64>,
        credentials: Arc<std::sync::Mutex<Vec<String>>>,
    }

    async fn serve(router: Router) -> String {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        tokio::spawn(async move { axum::serve(listener, router).await.unwrap() });
        url
    }

    /// Another host, which records every credential that reaches it.
    async fn elsewhere() -> (String, Seen) {
        let seen = Seen::default();
        let router = Router::new()
            .fallback(|State(seen): State<Seen>, headers: HeaderMap| async move {
                seen.requests.fetch_add(1, Ordering::SeqCst);
                for name in ["authorization", "x-api-key"] {
                    if let Some(v) = headers.get(name) {
                        seen.credentials
                            .lock()
                            .unwrap()
                            .push(v.to_str().unwrap_or("").to_owned());
                    }
                }
                axum::Json(json!({"data": [], "pagination": {}}))
            })
            .with_state(seen.clone());
        // "localhost" and 127.0.0.1 are different hosts to a browser and to Jobcard.
        let url = serve(router).await.replace("127.0.0.1", "localhost");
        (url, seen)
    }

    fn cyclesoftware_input(name: &str, url: &str) -> ConnectorInput {
        ConnectorInput {
            name: name.into(),
            kind: "cyclesoftware".into(),
            base_url: Some(url.into()),
            set: quick(&[("import", "true"), ("minutely_limit", "100000")]),
            enabled: None,
        }
    }

    async fn connect(app: &App, url: &str) {
        let owner = Actor::new("test");
        app.add_connector(&owner, &cyclesoftware_input("till", url))
            .await
            .unwrap();
        for (key, value) in [("username", "jobcard"), ("password", "hunter22")] {
            app.set_connector_secret(&owner, "till", key, value)
                .await
                .unwrap();
        }
    }

    /// A list whose `next_url` points at another host: the credentials never go there.
    #[tokio::test]
    async fn a_next_page_on_another_host_is_not_followed() {
        let (other, seen) = elsewhere().await;
        let next = format!("{other}/api/v1/workshop/orders.json?page=2");
        let router = Router::new().fallback(move || {
            let next = next.clone();
            // An item, so that the page is not the end of the list (an empty page always is).
            async move { axum::Json(json!({"data": [{}], "pagination": {"next_url": next}})) }
        });
        let base = serve(router).await;
        let dir = tempfile::tempdir().unwrap();
        let app = workshop(dir.path()).await;
        connect(&app, &base).await;
        let report = run(&app, "till", None).await;
        assert_eq!(seen.requests.load(Ordering::SeqCst), 0, "{report:?}");
        let note = report.note.unwrap_or_default();
        assert!(note.contains("another host"), "{note}");
    }

    /// A redirect to another host is not followed (Basic credentials would go along).
    #[tokio::test]
    async fn a_redirect_to_another_host_is_not_followed() {
        let (other, seen) = elsewhere().await;
        let router = Router::new().fallback(move || {
            let to = format!("{other}/api/v1/workshop/orders.json");
            async move { Redirect::temporary(&to).into_response() }
        });
        let base = serve(router).await;
        let dir = tempfile::tempdir().unwrap();
        let app = workshop(dir.path()).await;
        connect(&app, &base).await;
        let _ = run(&app, "till", None).await;
        assert_eq!(seen.requests.load(Ordering::SeqCst), 0);
        assert!(seen.credentials.lock().unwrap().is_empty());
    }

    /// A remote whose list never ends is read at most `MAX_PAGES_PER_RUN` pages per run. Each
    /// page holds an item that is not an order, since an empty page ends a list.
    #[tokio::test]
    async fn an_endless_list_is_cut_off_at_the_page_cap() {
        let pages = Arc::new(AtomicU64::new(0));
        let counter = pages.clone();
        let router =
            Router::new().fallback(
                |State((pages, base)): State<(
                    Arc<AtomicU64>,
                    Arc<std::sync::OnceLock<String>>,
                )>| async move {
                    let n = pages.fetch_add(1, Ordering::SeqCst) + 1;
                    let base = base.get().cloned().unwrap_or_default();
                    axum::Json(json!({"data": [{}], "pagination": {
                        "next_url": format!("{base}/api/v1/workshop/orders.json?page={}", n + 1)}}))
                },
            );
        let base_cell = Arc::new(std::sync::OnceLock::new());
        let base = serve(router.with_state((counter, base_cell.clone()))).await;
        base_cell.set(base.clone()).unwrap();
        let dir = tempfile::tempdir().unwrap();
        let app = workshop(dir.path()).await;
        connect(&app, &base).await;
        let report = run(&app, "till", None).await;
        let read = pages.load(Ordering::SeqCst);
        let cap = u64::from(jobcard_sync::MAX_PAGES_PER_RUN);
        // The pull's pages, plus the few look-ups the pushes make.
        assert!(read >= cap && read < cap + 50, "{read} pages read");
        let note = report.note.unwrap_or_default();
        assert!(note.contains("pages"), "{note}");
    }

    /// An empty page ends a list, whatever the remote says of a next page: a remote that
    /// links on and on to nothing does not keep a pull paging.
    #[tokio::test]
    async fn an_empty_page_ends_the_list() {
        let pages = Arc::new(AtomicU64::new(0));
        let counter = pages.clone();
        let router = Router::new().fallback(|State(pages): State<Arc<AtomicU64>>| async move {
            let n = pages.fetch_add(1, Ordering::SeqCst) + 1;
            let next = format!("/api/v1/workshop/orders.json?page={}", n + 1);
            axum::Json(json!({"data": [], "pagination": {"next_url": next}}))
        });
        let base = serve(router.with_state(counter)).await;
        let dir = tempfile::tempdir().unwrap();
        let app = workshop(dir.path()).await;
        connect(&app, &base).await;
        let report = run(&app, "till", None).await;
        // Two lists of one page each (recent and open orders), plus the pushes' few requests.
        let read = pages.load(Ordering::SeqCst);
        assert!(read < 50, "{read} pages read: {report:?}");
    }

    /// An answer of more than 16 MiB once unpacked is refused with a plain message, also when
    /// it arrives as a small gzip download.
    #[tokio::test]
    async fn an_oversize_answer_is_refused_plainly() {
        use jobcard_fake_cyclesoftware::{FakeConfig, FakeServer, Fault};
        for gzip in [false, true] {
            let dir = tempfile::tempdir().unwrap();
            let app = workshop(dir.path()).await;
            let fake = FakeServer::start(FakeConfig::default()).await.unwrap();
            let secrets = [("username", "jobcard"), ("password", "secret")];
            connect_to(&app, &fake, ("till", "cyclesoftware"), quick(&[]), &secrets).await;
            fake.add_fault(Fault::Oversize {
                times: 1,
                bytes: 20 * 1024 * 1024,
                gzip,
                path_contains: None,
                method: Some("GET".into()),
            });
            let report = run(&app, "till", None).await;
            let note = report.note.clone().unwrap_or_default();
            let queue =
                serde_json::to_string(&app.sync_queue(&common::tester(), "till").await.unwrap())
                    .unwrap();
            assert!(
                note.contains("larger than 16 MiB") || queue.contains("larger than 16 MiB"),
                "gzip {gzip}: {note} / {queue}"
            );
            // The next answers are normal again: everything lands.
            let report = run(&app, "till", Some(20)).await;
            assert!(report.all_synced(), "gzip {gzip}: {report:?}");
        }
    }

    /// Plain http:// is refused for an internet host, allowed on the shop's own network.
    #[tokio::test]
    async fn plain_http_is_only_for_this_computer_and_the_shops_network() {
        let dir = tempfile::tempdir().unwrap();
        let app = workshop(dir.path()).await;
        let owner = Actor::new("test");
        let refused = app
            .add_connector(
                &owner,
                &cyclesoftware_input("web", "http://pos.example.com"),
            )
            .await
            .unwrap_err();
        assert_eq!(refused.field.as_deref(), Some("base_url"));
        assert!(refused.message.contains("https://"), "{}", refused.message);
        for (name, url) in [
            ("lan", "http://192.168.1.20:8080"),
            ("box", "http://nas.local"),
            ("tls", "https://pos.example.com"),
            ("here", "http://127.0.0.1:9"),
        ] {
            app.add_connector(&owner, &cyclesoftware_input(name, url))
                .await
                .unwrap_or_else(|e| panic!("{url}: {e:?}"));
        }
    }

    /// Every connector change is audited without secret values; a new host forgets the
    /// secrets given for the old one.
    #[tokio::test]
    async fn connector_changes_are_audited_and_a_new_host_needs_new_secrets() {
        let dir = tempfile::tempdir().unwrap();
        let app = workshop(dir.path()).await;
        let owner = Actor::new("Marco");
        connect(&app, "https://pos.example.com").await;
        let change = |url: &str, set: &[(&str, &str)]| ConnectorInput {
            name: "till".into(),
            kind: String::new(),
            base_url: Some(url.into()),
            set: common::pairs(set),
            enabled: None,
        };
        // Same host, another path and a setting: the secrets stay.
        let view = app
            .update_connector(
                &owner,
                &change("https://pos.example.com/v2", &[("pull_interval_s", "90")]),
            )
            .await
            .unwrap();
        assert!(view.secrets.iter().all(|s| s.set), "{:?}", view.secrets);
        // Another host: the secrets are gone and must be set again.
        let view = app
            .update_connector(&owner, &change("https://evil.example.net", &[]))
            .await
            .unwrap();
        assert!(view.secrets.iter().all(|s| !s.set), "{:?}", view.secrets);

        let audit = audit_log::history(app.store().readers(), "connector", "till")
            .await
            .unwrap();
        let actions: Vec<&str> = audit.iter().map(|a| a.action.as_str()).collect();
        assert_eq!(
            actions,
            ["added", "secret set", "secret set", "changed", "changed"]
        );
        let last: Value = serde_json::from_str(&audit[4].changes).unwrap();
        assert_eq!(
            last["base_url"],
            json!(["https://pos.example.com/v2", "https://evil.example.net"])
        );
        assert_eq!(last["secrets_cleared"], json!(["username", "password"]));
        let settings: Value = serde_json::from_str(&audit[3].changes).unwrap();
        assert_eq!(settings["settings"]["pull_interval_s"][1], "90");
        assert!(audit.iter().all(|a| !a.changes.contains("hunter22")));
        assert_eq!(audit[4].actor, "Marco");
    }
}

mod stalls {
    use super::*;
    use jobcard_fake_cyclesoftware::{FakeConfig, FakeServer};

    /// Another process holds the connector: `--until-idle` waits with backoff and then ends
    /// with a plain message instead of spinning for ever.
    #[tokio::test]
    async fn until_idle_ends_when_another_process_keeps_the_connector() {
        let dir = tempfile::tempdir().unwrap();
        let app = workshop(dir.path()).await;
        let fake = FakeServer::start(FakeConfig::default()).await.unwrap();
        let secrets = [("username", "jobcard"), ("password", "secret")];
        connect_to(&app, &fake, ("till", "cyclesoftware"), quick(&[]), &secrets).await;
        let _other = common::other_seat_holds(dir.path(), "sync-till").await;
        let report = run(&app, "till", Some(2)).await;
        assert!(!report.all_synced());
        let note = report.note.unwrap_or_default();
        assert!(
            note.contains("gave up") && note.contains("another Jobcard process"),
            "{note}"
        );
        assert_eq!(fake.snapshot()["requests"]["total"], 0);
    }

    /// One connector whose settings cannot be read (a damaged row) no longer stops the
    /// window's background sync of the others.
    #[tokio::test]
    async fn one_broken_connector_does_not_stall_the_others() {
        let dir = tempfile::tempdir().unwrap();
        let app = workshop(dir.path()).await;
        let fake = FakeServer::start(FakeConfig::default()).await.unwrap();
        let secrets = [("username", "jobcard"), ("password", "secret")];
        connect_to(&app, &fake, ("till", "cyclesoftware"), quick(&[]), &secrets).await;
        let mes = jobcard_fake_mes::FakeServer::start(jobcard_fake_mes::FakeConfig::default())
            .await
            .unwrap();
        connect_to(
            &app,
            &mes,
            ("mes", "mes"),
            quick(&[]),
            &[("api_key", "k-1")],
        )
        .await;
        let mut tx = app.store().begin_write().await.unwrap();
        jobcard_store::query("UPDATE connectors SET settings = 'not json' WHERE name = 'mes'")
            .execute(&mut *tx)
            .await
            .unwrap();
        tx.commit().await.unwrap();
        let reports = ends("the background sync", app.sync_in_background())
            .await
            .unwrap();
        let till = reports.iter().find(|r| r.connector == "till").unwrap();
        assert!(till.sent > 0, "{reports:?}");
        let broken = reports.iter().find(|r| r.connector == "mes").unwrap();
        let note = broken.note.as_deref().unwrap_or_default();
        assert!(note.contains("settings"), "{broken:?}");
        assert!(!broken.all_synced());
    }

    /// A secret store that cannot be read (a damaged secrets file): `--until-idle` waits with
    /// backoff, then ends with the reason instead of spinning.
    #[tokio::test]
    async fn until_idle_ends_when_the_secret_store_cannot_be_read() {
        let dir = tempfile::tempdir().unwrap();
        let app = workshop(dir.path()).await;
        let fake = FakeServer::start(FakeConfig::default()).await.unwrap();
        let secrets = [("username", "jobcard"), ("password", "secret")];
        connect_to(&app, &fake, ("till", "cyclesoftware"), quick(&[]), &secrets).await;
        std::fs::write(dir.path().join("secrets.json"), "{ not json").unwrap();
        let report = run(&app, "till", Some(2)).await;
        assert!(!report.all_synced());
        let note = report.note.unwrap_or_default();
        assert!(
            note.contains("gave up") && note.contains("secrets.json"),
            "{note}"
        );
        assert_eq!(fake.snapshot()["requests"]["total"], 0);
    }
}
