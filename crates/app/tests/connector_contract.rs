//! The exactly-once contract every connector kind meets, run against each kind in
//! `jobcard_sync::KINDS` over real HTTP to its stateful fake (real SQLite file, no mocks):
//!
//! 1. through a run of faults on the request that creates the remote record (2x 500, 2x a
//!    lost answer after the change was applied, a 503 and a 429), every order the remote
//!    should carry is there exactly once, and the create went over the wire once per order
//!    plus once per refused attempt (never again after a lost answer);
//! 2. a second, idle run sends nothing that changes the remote (only reads);
//! 3. with the remote down, a local change stays pending with a note naming the problem, and
//!    when the remote is back it drains and lands exactly once;
//! 4. a sync cut off again and again at whatever point it has reached (its future dropped,
//!    as a crash or a closed window leaves it: what was committed stays, nothing else), with
//!    faults on every request, still lands every order exactly once when it is let finish.
//!    (A real kill -9 of the `jobcard` process, per kind, is `src-tauri/tests/sync_kill*.rs`.)
//!
//! Why one suite: the engine promises exactly once for every connector, so every connector
//! is held to the same checks. A kind supplies only what differs ([`Harness`]): its fake, its
//! secrets and settings, which orders it should carry, the request that creates a record and
//! how to read, per Jobcard number, the records on its fake. A kind added to `KINDS` without
//! a harness fails every test here, naming the kind.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

mod common;

use std::collections::BTreeMap;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::time::Duration;

use common::{QUIET, all_orders, pairs, tester, workshop};
use jobcard_app::dto::ConnectorInput;
use jobcard_app::{App, RunReport};
use jobcard_domain::SyncState;
use jobcard_fake_cyclesoftware as cs;
use jobcard_fake_faults::remote::{Remote, Snapshot};
use jobcard_fake_faults::{Action, Fault};
use jobcard_fake_fieldnation as field_nation;
use jobcard_fake_mes as mes;
use jobcard_fake_scan2evolve as s2e;
use jobcard_fake_trustpager as tp;
use serde_json::{Value, json};

type Fut<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// A running fake of any kind: what the shared checks need of it.
trait Fake: Send + Sync {
    fn base_url(&self) -> String;
    fn snapshot(&self) -> Value;
    fn add_fault(&self, fault: Fault);
    fn clear_faults(&self);
    /// The fault a request would meet now (consumed); `None` once every queued one fired.
    fn pick(&self, method: &str, path: &str) -> Option<Action>;
    fn stop(&self) -> Fut<'_, ()>;
    fn resume(&self) -> Fut<'_, ()>;
}

impl<S: Snapshot> Fake for Remote<S> {
    fn base_url(&self) -> String {
        Remote::base_url(self)
    }
    fn snapshot(&self) -> Value {
        Remote::snapshot(self)
    }
    fn add_fault(&self, fault: Fault) {
        Remote::add_fault(self, fault);
    }
    fn clear_faults(&self) {
        Remote::clear_faults(self);
    }
    fn pick(&self, method: &str, path: &str) -> Option<Action> {
        Remote::pick(self, method, path)
    }
    fn stop(&self) -> Fut<'_, ()> {
        Box::pin(Remote::stop(self))
    }
    fn resume(&self) -> Fut<'_, ()> {
        Box::pin(async { Remote::resume(self).await.unwrap() })
    }
}

/// A started fake (any kind's `FakeServer`) as the checks use it.
fn shared<F, S>(started: std::io::Result<F>) -> Arc<dyn Fake>
where
    F: std::ops::Deref<Target = Remote<S>>,
    S: Snapshot,
{
    Arc::new(Remote::clone(&started.unwrap()))
}

/// What one kind supplies to the contract; everything else is shared.
struct Harness {
    /// The kind's name in `KINDS`; the connector under test is named so too.
    kind: &'static str,
    /// The secrets the fake accepts: exactly the kind's `secret_keys()`.
    secrets: &'static [(&'static str, &'static str)],
    /// Its own settings, besides the shared quick retries.
    settings: fn() -> Vec<(String, String)>,
    /// Starts its fake (with what the remote itself holds).
    start: fn() -> Fut<'static, Arc<dyn Fake>>,
    /// What Jobcard takes from the remote before it has anything to send (S2E's import).
    prepare: for<'a> fn(&'a App) -> Fut<'a, ()>,
    /// Makes the local changes the remote should carry (marks, starts, or none when the
    /// demo's orders are already queued); returns the numbers of the orders it should hold.
    carry: for<'a> fn(&'a App) -> Fut<'a, Vec<String>>,
    /// The request that creates (or first fills) the remote record: method, a part of its
    /// path for the faults, and its route as the fake counts it (`requests.by_route`).
    create: (&'static str, &'static str, &'static str),
    /// The Jobcard number each record on the fake stands for, one entry per record.
    records: fn(&Value) -> Vec<String>,
}

/// The harness of every kind. A new connector adds one entry here.
static HARNESSES: &[Harness] = &[
    Harness {
        kind: "cyclesoftware",
        secrets: &[("username", "jobcard"), ("password", "secret")],
        settings: Vec::new,
        start: || {
            Box::pin(async {
                let config = cs::FakeConfig {
                    minutely_limit: QUICK_LIMIT,
                    ..Default::default()
                };
                shared(cs::FakeServer::start(config).await)
            })
        },
        prepare: |_| Box::pin(async {}),
        // Every order, cancelled ones too (a workshop order keeps its status there).
        carry: |app| Box::pin(numbers(app, |_| true)),
        create: (
            "POST",
            "workshop-order",
            "POST /api/v1/customers/{id}/workshop-order.json",
        ),
        records: |s| texts(&s["orders"], |o| &o["reference_text"]),
    },
    Harness {
        kind: "mes",
        secrets: &[("api_key", "mes-key")],
        settings: Vec::new,
        start: || Box::pin(async { shared(mes::FakeServer::start(Default::default()).await) }),
        prepare: |_| Box::pin(async {}),
        // A cancelled order that was never sent is not made in the MES. The faults also meet
        // the start and complete POSTs (their path begins with the create's).
        carry: |app| Box::pin(numbers(app, |status| status != "cancelled")),
        create: ("POST", "/api/v2/work-orders", "POST /api/v2/work-orders"),
        records: |s| texts(&s["work_orders"], |w| &w["orderNumber"]),
    },
    Harness {
        kind: "trustpager",
        secrets: &[("api_key", "tp-key")],
        // Every demo mechanic mapped to a TrustPager user (unmapped, the order stops).
        settings: || {
            let users = tp::USERS.iter();
            users
                .map(|(id, name)| (format!("employee.{name}"), (*id).to_owned()))
                .collect()
        },
        start: || Box::pin(async { shared(tp::FakeServer::start(Default::default()).await) }),
        prepare: |_| Box::pin(async {}),
        carry: |app| Box::pin(numbers(app, |status| status != "cancelled")),
        create: (
            "POST",
            "/work-orders",
            "POST /functions/v1/api/v1/work-orders",
        ),
        // The title is "NUMBER CUSTOMER – DESCRIPTION".
        records: |s| {
            let titles = texts(&s["work_orders"], |w| &w["title"]);
            titles
                .iter()
                .map(|t| t.split_whitespace().next().unwrap_or_default().to_owned())
                .collect()
        },
    },
    Harness {
        kind: "fieldnation",
        secrets: &[("access_token", "fn-token")],
        settings: Vec::new,
        start: || {
            Box::pin(async { shared(field_nation::FakeServer::start(Default::default()).await) })
        },
        prepare: |_| Box::pin(async {}),
        // Field Nation takes only the orders marked for it: three open ones.
        carry: |app| {
            Box::pin(async move {
                let open = numbers(app, |s| s == "intake" || s == "scheduled").await;
                let marked: Vec<String> = open.into_iter().take(3).collect();
                let owner = tester();
                for number in &marked {
                    let marks = app.set_sync_mark(&owner, number, "fieldnation", true);
                    assert!(marks.await.unwrap()[0].marked, "{number} marked");
                }
                marked
            })
        },
        create: (
            "POST",
            "/api/rest/v2/workorders",
            "POST /api/rest/v2/workorders",
        ),
        // The title is "[NUMBER] ...".
        records: |s| {
            let titles = texts(&s["work_orders"], |w| &w["title"]);
            let number = |t: String| Some(t.strip_prefix('[')?.split_once(']')?.0.to_owned());
            titles.into_iter().filter_map(number).collect()
        },
    },
    // Scan2Evolve makes the work orders and Jobcard imports them; orders made in Jobcard are
    // never sent (there is no create endpoint). So the change that must land exactly once is
    // the other way round: the first downstream sync POST of an imported order (the mechanic
    // started it), which fills in the work order's `externalId` with Jobcard's number. The
    // import itself under faults (on the reads) is `sync_scan2evolve.rs`'s
    // `work_orders_are_imported_once_through_faults_on_the_reads`; here it runs fault-free
    // (`prepare`), and the checks count the imported orders through their `externalId`.
    Harness {
        kind: "scan2evolve",
        secrets: &[
            ("api_token", "s2e-token"),
            ("downstream_token", "s2e-downstream"),
            ("downstream_api_key", "s2e-key"),
        ],
        settings: Vec::new,
        start: || {
            Box::pin(async {
                let fake = s2e::FakeServer::start(Default::default()).await;
                for id in ["wo_1", "wo_2", "wo_3"] {
                    fake.as_ref().unwrap().seed(s2e_work_order(id)).unwrap();
                }
                shared(fake)
            })
        },
        prepare: |app| {
            Box::pin(async move {
                let report = sync_pass(app, "scan2evolve").await;
                assert!(report.all_synced() && report.pulled == 3, "{report:?}");
            })
        },
        // The mechanic starts work on every imported order.
        carry: |app| {
            Box::pin(async move {
                let joris = app.sign_in("Joris Bakker", "2222").await.unwrap();
                let mut started = Vec::new();
                for number in numbers(app, |_| true).await {
                    let order = app.get_order(&number).await.unwrap();
                    let reference = order.own_reference.unwrap_or_default();
                    if reference.starts_with("scan2evolve:") {
                        // (One timer per mechanic: it runs on one order at a time.)
                        app.start_work(&joris, &number).await.unwrap();
                        app.pause_work(&joris, &number).await.unwrap();
                        started.push(number);
                    }
                }
                assert_eq!(started.len(), 3, "each work order imported once");
                started
            })
        },
        create: (
            "POST",
            "/sync",
            "POST /api/downstream/work-orders/{id}/sync",
        ),
        records: |s| texts(&s["work_orders"], |w| &w["externalId"]),
    },
];

/// A work order as Scan2Evolve makes one, with one task.
fn s2e_work_order(id: &str) -> Value {
    json!({"id": id, "title": format!("Replace bearing {id}"),
        "asset": {"id": format!("asset_{id}"), "name": "Pump", "code": id,
            "site": {"id": "site_a", "name": "Warehouse A", "code": "WA"}},
        "tasks": [{"id": "t1", "taskNumber": "TSK-1", "title": "Swap the bearing",
            "status": "ASSIGNED", "estimatedHours": 1.5}]})
}

/// The connectors' and the CycleSoftware fake's requests a minute: high, so pacing costs
/// milliseconds.
const QUICK_LIMIT: u32 = 6000;

/// The strings at `field` of the records in `list` (records without one are left out).
fn texts(list: &Value, field: fn(&Value) -> &Value) -> Vec<String> {
    let records = list.as_array().unwrap();
    let values = records.iter().filter_map(|r| field(r).as_str());
    values.map(str::to_owned).collect()
}

/// The numbers of the live orders whose status passes `keep`.
async fn numbers(app: &App, keep: fn(&str) -> bool) -> Vec<String> {
    let orders = all_orders(app).await.into_iter();
    orders.filter(|(_, s)| keep(s)).map(|(n, _)| n).collect()
}

/// Adds connector `h.kind` talking to `fake`, with quick retries and the kind's settings and
/// secrets.
async fn connect(app: &App, h: &Harness, fake: &dyn Fake) {
    let limit = QUICK_LIMIT.to_string();
    let mut set = pairs(&[
        ("backoff_base_ms", "40"),
        ("backoff_cap_ms", "300"),
        ("timeout_ms", "5000"),
        ("minutely_limit", &limit),
    ]);
    set.extend((h.settings)());
    let input = ConnectorInput {
        name: h.kind.into(),
        kind: h.kind.into(),
        base_url: Some(fake.base_url()),
        set,
        enabled: None,
    };
    app.add_connector(&tester(), &input).await.unwrap();
    for (key, value) in h.secrets {
        app.set_connector_secret(&tester(), h.kind, key, value)
            .await
            .unwrap();
    }
}

/// Syncs connector `name` until nothing more can be sent (at most 20 s).
async fn sync_until_idle(app: &App, name: &str) -> RunReport {
    let reports = app.run_sync(&tester(), Some(name), Some(20), QUIET).await;
    reports.unwrap().remove(0)
}

/// One pass of connector `name`, with a pull.
async fn sync_pass(app: &App, name: &str) -> RunReport {
    let reports = app.run_sync(&tester(), Some(name), None, QUIET).await;
    reports.unwrap().remove(0)
}

/// The requests the fake saw that could change it (anything but a GET), per route.
fn changing_requests(snapshot: &Value) -> BTreeMap<String, u64> {
    let routes = snapshot["requests"]["by_route"].as_object().unwrap();
    let changing = routes
        .iter()
        .filter(|(route, _)| !route.starts_with("GET "));
    changing
        .map(|(route, n)| (route.clone(), n.as_u64().unwrap()))
        .collect()
}

/// Checks the fake holds a record for each of `carried` exactly once and none for another
/// order, and that the create went over the wire once per order plus once per attempt the
/// fake `refused` (so never again after an answer that was lost).
fn assert_once(h: &Harness, fake: &dyn Fake, carried: &[String], refused: u64) {
    let kind = h.kind;
    let snapshot = fake.snapshot();
    assert_each_carried_once(h, &snapshot, carried);
    let route = h.create.2;
    let creates = snapshot["requests"]["by_route"][route]
        .as_u64()
        .unwrap_or(0);
    assert_eq!(
        creates,
        carried.len() as u64 + refused,
        "{kind}: `{route}` once per order plus once per refused attempt ({refused})"
    );
}

/// Checks the fake holds a record for each of `carried` exactly once and none for another
/// order.
fn assert_each_carried_once(h: &Harness, snapshot: &Value, carried: &[String]) {
    let kind = h.kind;
    let mut per_number: BTreeMap<String, usize> = BTreeMap::new();
    for number in (h.records)(snapshot) {
        *per_number.entry(number).or_default() += 1;
    }
    for number in carried {
        let n = per_number.get(number).copied().unwrap_or(0);
        assert_eq!(n, 1, "{kind}: order {number} is on the remote {n} times");
    }
    let strays: Vec<&String> = per_number.keys().filter(|n| !carried.contains(n)).collect();
    assert!(
        strays.is_empty(),
        "{kind}: records for orders it should not carry: {strays:?}"
    );
}

/// The faults on the create, in the order they fire: the four refusals come first, so each
/// meets a create (nothing was applied yet); then two answers lost after the change was
/// applied.
fn faults_on(method: &str, path: &str) -> (Vec<Fault>, u64) {
    let (method, path_contains) = (Some(method.to_owned()), Some(path.to_owned()));
    let status = |code| Fault::Status {
        code,
        times: 1,
        path_contains: path_contains.clone(),
        method: method.clone(),
    };
    let faults = vec![
        status(500),
        status(500),
        status(503),
        Fault::RateLimit {
            times: 1,
            retry_after: 1,
            path_contains: path_contains.clone(),
            method: method.clone(),
        },
        Fault::DropAfterApply {
            times: 2,
            path_contains: path_contains.clone(),
            method: method.clone(),
        },
    ];
    (faults, 4)
}

/// A workshop in `dir` connected to a fresh fake of `h`'s kind, with the local changes the
/// remote should carry made; and the numbers of those orders.
async fn set_up(h: &Harness, dir: &std::path::Path) -> (App, Arc<dyn Fake>, Vec<String>) {
    let app = workshop(dir).await;
    let fake = (h.start)().await;
    connect(&app, h, &*fake).await;
    (h.prepare)(&app).await;
    let carried = (h.carry)(&app).await;
    (app, fake, carried)
}

/// Checks 1 and 2 for one kind.
async fn exactly_once_through_faults_then_an_idle_run(h: &Harness) {
    let kind = h.kind;
    let dir = tempfile::tempdir().unwrap();
    let (app, fake, carried) = set_up(h, dir.path()).await;
    assert!(!carried.is_empty(), "{kind}: the harness carries no order");
    let (method, path, _) = h.create;
    let (faults, refused) = faults_on(method, path);
    for fault in faults {
        fake.add_fault(fault);
    }

    let report = sync_until_idle(&app, kind).await;
    assert!(report.all_synced(), "{kind}: {report:?}");
    assert_eq!(
        fake.pick(method, path),
        None,
        "{kind}: every injected fault was met"
    );
    let rate_limited = fake.snapshot()["rate_limited"].as_u64().unwrap();
    assert!(rate_limited >= 1, "{kind}: the 429 was met");
    assert_once(h, &*fake, &carried, refused);

    // Nothing changed since: another run only reads.
    let before = changing_requests(&fake.snapshot());
    let again = sync_until_idle(&app, kind).await;
    assert!(again.all_synced(), "{kind}: {again:?}");
    assert_eq!(
        changing_requests(&fake.snapshot()),
        before,
        "{kind}: an idle run sends nothing that changes the remote"
    );
    assert_once(h, &*fake, &carried, refused);
    fake.stop().await;
}

/// Check 3 for one kind.
async fn an_outage_loses_nothing_and_drains_once(h: &Harness) {
    let kind = h.kind;
    let dir = tempfile::tempdir().unwrap();
    // The remote comes back after 300 ms of real time: the engine must wait on the wall clock.
    let app = common::workshop_on_wall_clock(dir.path()).await;
    let fake = (h.start)().await;
    connect(&app, h, &*fake).await;
    (h.prepare)(&app).await;
    fake.stop().await;
    // The local changes are made while the remote is down.
    let carried = (h.carry)(&app).await;

    let offline = sync_pass(&app, kind).await;
    assert_eq!(offline.sent, 0, "{kind}: {offline:?}");
    assert!(
        offline.pending >= carried.len() as u64,
        "{kind}: {offline:?}"
    );
    for number in &carried {
        let items = app.order_sync(number).await.unwrap();
        let states: Vec<SyncState> = items.iter().map(|i| i.state).collect();
        assert_eq!(states, [SyncState::Pending], "{kind}: {number} waits");
    }
    let queue = app.sync_queue(&tester(), kind).await.unwrap();
    let named = queue.iter().any(|i| {
        let note = i.last_error.as_deref().unwrap_or_default();
        note.contains("cannot reach the remote")
    });
    assert!(named, "{kind}: the queue names the problem: {queue:?}");

    // The remote comes back while the sync waits it out.
    let back = fake.clone();
    let returns = tokio::spawn(async move {
        tokio::time::sleep(Duration::from_millis(300)).await;
        back.resume().await;
    });
    let report = sync_until_idle(&app, kind).await;
    returns.await.unwrap();
    assert!(report.all_synced(), "{kind}: {report:?}");
    assert_once(h, &*fake, &carried, 0);
    fake.stop().await;
}

/// How long each cut-off sync may run before it is stopped where it is, in milliseconds:
/// from before the first request to well into the queue.
const CUTS_MS: [u64; 12] = [2, 5, 9, 14, 20, 27, 35, 44, 54, 65, 77, 90];

/// Check 4 for one kind.
async fn a_sync_cut_off_again_and_again_lands_each_order_once(h: &Harness) {
    let kind = h.kind;
    let dir = tempfile::tempdir().unwrap();
    let (app, fake, carried) = set_up(h, dir.path()).await;
    // One request in four meets a mishap (an error status, an answer lost after the change
    // was applied, a 429, a hang-up).
    fake.add_fault(Fault::Random {
        probability_percent: 25,
        seed: 7,
        method: None,
    });
    let mut cut_off = 0;
    for cut in CUTS_MS {
        let run = sync_until_idle(&app, kind);
        if tokio::time::timeout(Duration::from_millis(cut), run)
            .await
            .is_err()
        {
            cut_off += 1;
        }
    }
    // At least the first, 2 ms in, stops a sync that is under way; how many of the later
    // ones do, and how far each got, depends on the machine (here 5 to 12 of 12).
    assert!(cut_off >= 1, "{kind}: no sync was cut off");
    fake.clear_faults();
    let report = sync_until_idle(&app, kind).await;
    assert!(report.all_synced(), "{kind}: {report:?}");
    assert_each_carried_once(h, &fake.snapshot(), &carried);
    fake.stop().await;
}

/// Runs `check` for every kind in `KINDS` at the same time, each on its own workshop and
/// fake; fails naming every kind that failed, or that has no harness.
async fn for_every_kind(check: fn(&'static Harness) -> Fut<'static, ()>) {
    let mut failures = Vec::new();
    let mut running = Vec::new();
    for kind in jobcard_sync::KINDS {
        match HARNESSES.iter().find(|h| h.kind == kind.as_str()) {
            Some(h) => running.push((h.kind, tokio::spawn(check(h)))),
            None => failures.push(no_harness(kind.as_str())),
        }
    }
    for (kind, task) in running {
        if let Err(err) = task.await {
            let message = match err.try_into_panic() {
                Ok(panic) => panic
                    .downcast_ref::<String>()
                    .cloned()
                    .or_else(|| panic.downcast_ref::<&str>().map(|s| (*s).to_owned()))
                    .unwrap_or_default(),
                Err(err) => err.to_string(),
            };
            failures.push(format!("{kind}: {message}"));
        }
    }
    assert!(
        failures.is_empty(),
        "the connector contract failed:\n{}",
        failures.join("\n")
    );
}

fn no_harness(kind: &str) -> String {
    format!(
        "connector kind '{kind}' is in jobcard_sync::KINDS but has no harness in \
         crates/app/tests/connector_contract.rs (HARNESSES): add one, so it runs the \
         exactly-once checks every connector must pass"
    )
}

#[test]
fn every_kind_has_a_harness_that_names_its_secrets() {
    let mut problems = Vec::new();
    for kind in jobcard_sync::KINDS {
        let Some(h) = HARNESSES.iter().find(|h| h.kind == kind.as_str()) else {
            problems.push(no_harness(kind.as_str()));
            continue;
        };
        let given: Vec<&str> = h.secrets.iter().map(|(key, _)| *key).collect();
        if given != kind.secret_keys() {
            problems.push(format!(
                "{kind}: the harness sets the secrets {given:?}, the kind needs {:?}",
                kind.secret_keys()
            ));
        }
    }
    for h in HARNESSES {
        if !jobcard_sync::KINDS.iter().any(|k| k.as_str() == h.kind) {
            problems.push(format!("harness '{}' is for no kind in KINDS", h.kind));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_kind_lands_each_order_exactly_once_through_faults_and_an_idle_run_only_reads() {
    for_every_kind(|h| Box::pin(exactly_once_through_faults_then_an_idle_run(h))).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_kind_keeps_changes_through_an_outage_and_lands_them_once_when_it_returns() {
    for_every_kind(|h| Box::pin(an_outage_loses_nothing_and_drains_once(h))).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_kind_lands_each_order_once_when_its_sync_is_cut_off_again_and_again() {
    for_every_kind(|h| Box::pin(a_sync_cut_off_again_and_again_lands_each_order_once(h))).await;
}
