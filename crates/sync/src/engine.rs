//! The engine: per connector, fan the outbox out into sync items, send what is due within
//! the remote's budget, record every outcome, and pull the remote's changes.
//!
//! Failures never block other orders: a refusal (4xx) stops that order with the remote's
//! message; a transient failure (offline, timeout, 5xx) schedules that order's retry with
//! full-jitter backoff and pauses the connector for the same time, since the next order
//! would only meet the same outage; a 429 pauses the connector for `Retry-After`.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, SecondsFormat, Utc};
use jobcard_domain::SyncState;
use jobcard_store::Store;
use jobcard_store::sql::sync as rows;
use jobcard_store::sync::ExternalRef;
use serde::de::DeserializeOwned;
use tokio::sync::Mutex;

use crate::budget::Budget;
use crate::clock::Clock;
use crate::connector::Credential;
use crate::connector::Kind;
use crate::http::{Alternate, Failure, Remote, Stats};
use crate::record::parse_snapshot;
use crate::secrets::Secrets;
use crate::settings::ConnectorSettings;
use crate::{Result, SyncError, backoff, remote_time};

/// One step of a run, for a progress line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Progress {
    pub connector: String,
    pub sent: u64,
    pub left: u64,
    pub message: String,
}

/// What a run did and what is left.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct RunReport {
    pub connector: String,
    pub sent: u64,
    pub pending: u64,
    pub synced: u64,
    pub failed: u64,
    pub attention: u64,
    pub conflict: u64,
    pub pulled: u64,
    pub paused_until: Option<String>,
    pub note: Option<String>,
    pub requests: u64,
    pub rate_limited: u64,
    /// Why this pass could not even try, if it could not (not shown; steers `until_idle`).
    #[serde(skip)]
    pub blocked: Blocked,
}

/// Whether a pass could send at all.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Blocked {
    /// It tried (whatever the remote answered).
    #[default]
    No,
    /// Something outside this process is in the way for now (another process holds the
    /// connector's lock, the secret store cannot be read): worth a try again later.
    ForNow,
    /// A person has to act first (a secret is not set, the connector is off).
    UntilSomeoneActs,
}

impl RunReport {
    /// Whether everything this connector should have is on the remote (and the run could
    /// tell: a connector that needs a person first is not "synced").
    pub fn all_synced(&self) -> bool {
        self.pending == 0
            && self.failed == 0
            && self.attention == 0
            && self.conflict == 0
            && self.blocked != Blocked::UntilSomeoneActs
    }
}

/// Why a person has to act on an order: the states a connector stops it in, which the engine
/// never leaves by itself (see `jobcard_domain::SyncState`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stop {
    /// The remote refused the order for good.
    Failed,
    /// A mapping or a setting is missing.
    Attention,
    /// Both sides changed the same field.
    Conflict,
}

impl From<Stop> for SyncState {
    fn from(stop: Stop) -> Self {
        match stop {
            Stop::Failed => SyncState::Failed,
            Stop::Attention => SyncState::Attention,
            Stop::Conflict => SyncState::Conflict,
        }
    }
}

/// How one order's push ended when it did not succeed.
#[derive(Debug)]
pub enum PushError {
    Remote(Failure),
    /// A person has to act, with the reason.
    Stop {
        state: Stop,
        message: String,
    },
    Store(SyncError),
    /// The remote refuses the connector as set up (Scan2Evolve's 403 "downstream integration
    /// not active"): the order stays pending and the whole connector pauses until its settings
    /// or secrets change, or an hour has passed, instead of retrying in a loop.
    Paused {
        message: String,
    },
}

/// What a connector's push and its steps return: done (with a `T`), or how the push ended
/// instead.
pub(crate) type Pushed<T = ()> = std::result::Result<T, PushError>;

impl From<Failure> for PushError {
    fn from(f: Failure) -> Self {
        match f {
            Failure::Permanent { .. } => Self::Stop {
                state: Stop::Failed,
                message: f.message(),
            },
            other => Self::Remote(other),
        }
    }
}

impl From<jobcard_store::StoreError> for PushError {
    fn from(e: jobcard_store::StoreError) -> Self {
        Self::Store(e.into())
    }
}

impl From<sqlx::Error> for PushError {
    fn from(e: sqlx::Error) -> Self {
        Self::Store(e.into())
    }
}

/// One order to send, as the engine read it for the connector: the order (its status typed), what
/// this connector recorded for it last (its remote id and snapshot), and whether the last
/// answer was lost.
pub struct Outgoing<'a> {
    pub item: &'a rows::SyncItemRow,
    pub order: jobcard_store::OrderRow,
    pub known: Option<ExternalRef>,
}

impl Outgoing<'_> {
    /// Whether a changing request was sent and its answer never recorded: the connector must
    /// look the order up on the remote before it sends anything again.
    pub fn answer_lost(&self) -> bool {
        self.item.in_flight.is_some()
    }

    /// The remote id and the connector's snapshot (the default when none or unreadable).
    pub fn remote<S: DeserializeOwned + Default>(&self) -> Option<(String, S)> {
        let known = self.known.as_ref()?;
        Some((
            known.remote_id.clone(),
            parse_snapshot(known.snapshot.as_deref()),
        ))
    }

    /// Reads what the engine hands a connector for `item`; an order that is gone or has a
    /// status this build does not know stops for a person.
    async fn read<'i>(ctx: &Ctx<'_>, item: &'i rows::SyncItemRow) -> Pushed<Outgoing<'i>> {
        let db = ctx.store.readers();
        let order = rows::order_by_id(db, &item.order_id)
            .await?
            .ok_or_else(|| crate::record::stop(Stop::Failed, "the order no longer exists"))?;
        let known = rows::external_ref(db, ctx.name, "order", &order.id).await?;
        Ok(Outgoing { item, order, known })
    }
}

/// What a connector needs to push or pull.
pub struct Ctx<'a> {
    pub store: &'a Store,
    pub name: &'a str,
    pub kind: Kind,
    pub settings: &'a ConnectorSettings,
    pub remote: &'a mut Remote,
    pub clock: &'a dyn Clock,
    pub importer: &'a dyn crate::Importer,
}

impl Ctx<'_> {
    pub fn now(&self) -> DateTime<Utc> {
        self.clock.now()
    }

    pub fn at(&self) -> String {
        stamp(self.now())
    }
}

pub fn stamp(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Millis, true)
}

pub struct Engine {
    store: Store,
    secrets: Secrets,
    clock: Arc<dyn Clock>,
    /// Kept between runs so the limiter remembers its pace.
    remotes: Mutex<HashMap<String, Remote>>,
}

impl Engine {
    pub fn new(store: Store, secrets: Secrets, clock: Arc<dyn Clock>) -> Self {
        Self {
            store,
            secrets,
            clock,
            remotes: Mutex::new(HashMap::new()),
        }
    }

    pub fn secrets(&self) -> &Secrets {
        &self.secrets
    }

    fn at(&self) -> String {
        stamp(self.clock.now())
    }

    async fn connector(&self, name: &str) -> Result<(rows::ConnectorRow, Kind, ConnectorSettings)> {
        let row = rows::connector(self.store.readers(), name)
            .await?
            .ok_or_else(|| SyncError::UnknownConnector(name.to_owned()))?;
        let kind: Kind = row.kind.parse()?;
        let settings = ConnectorSettings::from_json(&row.settings)?;
        Ok((row, kind, settings))
    }

    /// Builds the connector's HTTP side from its settings and the secrets its credentials
    /// name.
    fn remote_for(
        &self,
        row: &rows::ConnectorRow,
        kind: Kind,
        settings: &ConnectorSettings,
    ) -> Result<Remote> {
        let budget = Budget::new(
            settings.count(kind, "minutely_limit"),
            row.daily_remaining,
            row.daily_reset,
            self.clock.clone(),
        );
        let mut remote = Remote::new(
            &row.base_url,
            settings.millis(kind, "timeout_ms"),
            budget,
            self.clock.clone(),
        )
        .map_err(|f| SyncError::Remote(f.message()))?;
        let secret = |key| self.secret(&row.name, key);
        for credential in kind.connector().credentials() {
            remote = match *credential {
                Credential::Basic { user, password } => {
                    remote.with_basic(secret(user)?, secret(password)?)
                }
                Credential::Bearer(key) => remote.with_bearer(secret(key)?),
                Credential::QueryToken { param, secret: key } => {
                    remote.with_query_token(param, secret(key)?)
                }
                Credential::Alternate { bearer, headers } => remote.with_alternate(Alternate {
                    bearer: secret(bearer)?,
                    headers: headers
                        .iter()
                        .map(|(name, key)| Ok((*name, secret(key)?)))
                        .collect::<Result<_>>()?,
                }),
            };
        }
        Ok(remote)
    }

    fn secret(&self, connector: &str, key: &str) -> Result<String> {
        self.secrets
            .get(connector, key)?
            .ok_or_else(|| SyncError::SecretMissing {
                connector: connector.to_owned(),
                key: key.to_owned(),
            })
    }

    /// Forgets the cached HTTP side (after settings or secrets change).
    pub async fn reset(&self, name: &str) -> Result<()> {
        self.remotes.lock().await.remove(&name.to_lowercase());
        let mut tx = self.store.begin_write().await?;
        rows::clear_pause(&mut tx, name).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Checks reachability and credentials with one harmless read.
    pub async fn test_connection(&self, name: &str) -> Result<String> {
        let (row, kind, settings) = self.connector(name).await?;
        let mut remote = self.remote_for(&row, kind, &settings)?;
        kind.connector().check(&mut remote, &row.name).await
    }

    /// "Send work status to customer" (TrustPager, the one kind that can): e-mails the customer the portal link of
    /// the work order this connector keeps for order `order_id` (the order's id). Returns a
    /// line for the person; a refusal comes back as a plain message.
    pub async fn send_work_status(&self, connector: &str, order_id: &str) -> Result<String> {
        let (row, kind, settings) = self.connector(connector).await?;
        if !kind.connector().sends_work_status() {
            return Err(SyncError::invalid(
                "connector",
                format!("'{}' is not a TrustPager connector", row.name),
            ));
        }
        let known = rows::external_ref(self.store.readers(), &row.name, "order", order_id)
            .await?
            .ok_or_else(|| {
                SyncError::Remote(
                    "this order was not sent to TrustPager yet; sync it first".to_owned(),
                )
            })?;
        let mut remote = self.remote_for(&row, kind, &settings)?;
        kind.connector().send_work_status(&mut remote, &known).await
    }

    /// Moves new outbox rows into the connector's queue (cheap; also run by every send).
    pub async fn enqueue(&self, name: &str) -> Result<u64> {
        let (row, kind, settings) = self.connector(name).await?;
        self.fan_out(&row, kind, &settings).await
    }

    async fn fan_out(
        &self,
        row: &rows::ConnectorRow,
        kind: Kind,
        settings: &ConnectorSettings,
    ) -> Result<u64> {
        let store_id = match settings.scope(kind) {
            crate::Scope::Store(store_name) => Some(
                jobcard_store::sql::parties::store_by_name(self.store.readers(), &store_name)
                    .await?
                    .ok_or_else(|| {
                        SyncError::invalid("scope", format!("no store named '{store_name}'"))
                    })?
                    .id,
            ),
            _ => None,
        };
        let scope = match (settings.scope(kind), store_id.as_deref()) {
            (crate::Scope::Marked, _) => rows::ScopeFilter::Marked,
            (_, Some(id)) => rows::ScopeFilter::Store(id),
            _ => rows::ScopeFilter::All,
        };
        let mut tx = self.store.begin_write().await?;
        let n = rows::fan_out(&mut tx, &row.name, scope, &self.at()).await?;
        tx.commit().await?;
        Ok(n)
    }

    /// One pass: queue new changes, send everything due, pull when it is time.
    pub async fn run_once(
        &self,
        name: &str,
        force_pull: bool,
        progress: &(dyn Fn(&Progress) + Sync),
        importer: &dyn crate::Importer,
    ) -> Result<RunReport> {
        let (row, kind, settings) = self.connector(name).await?;
        let mut report = RunReport {
            connector: row.name.clone(),
            ..RunReport::default()
        };
        if !row.enabled {
            report.note = Some("connector is switched off".to_owned());
            report.blocked = Blocked::UntilSomeoneActs;
            return self.finish(report).await;
        }
        self.fan_out(&row, kind, &settings).await?;
        if let Some(until) = row.paused_until.as_ref().filter(|u| **u > self.at()) {
            report.paused_until = Some(until.clone());
            report.note = row_note(&self.store, &row.name).await;
            return self.finish(report).await;
        }
        let key = row.name.to_lowercase();
        let mut remotes = self.remotes.lock().await;
        // One process at a time per connector (two seats, or the window and a `jobcard sync`,
        // would otherwise send the same order twice). An OS file lock beside the SQLite file,
        // an advisory lock on PostgreSQL: a killed process never leaves it held.
        let Some(_held) = self.store.try_lock(&format!("sync-{key}")).await? else {
            report.note = Some("another Jobcard process is syncing this connector now".to_owned());
            report.blocked = Blocked::ForNow;
            drop(remotes);
            return self.finish(report).await;
        };
        if !remotes.contains_key(&key) {
            let remote = match self.remote_for(&row, kind, &settings) {
                Ok(remote) => remote,
                Err(err) => {
                    report.blocked = match err {
                        SyncError::Secrets(_) | SyncError::Store(_) => Blocked::ForNow,
                        _ => Blocked::UntilSomeoneActs,
                    };
                    report.note = Some(err.to_string());
                    drop(remotes);
                    return self.finish(report).await;
                }
            };
            remotes.insert(key.clone(), remote);
        }
        let Some(remote) = remotes.get_mut(&key) else {
            return self.finish(report).await;
        };
        remote.start_run();
        let before = remote.stats;
        let mut ctx = Ctx {
            store: &self.store,
            name: &row.name,
            kind,
            settings: &settings,
            remote,
            clock: &*self.clock,
            importer,
        };
        // Pull first: a change made on the remote is seen before Jobcard's goes out.
        if force_pull || pull_due(&row, &settings, kind, self.clock.now()) {
            let pulled = kind.connector().pull(&mut ctx).await;
            match pulled {
                Ok(n) => {
                    report.pulled = n;
                    let mut tx = self.store.begin_write().await?;
                    rows::set_last_pull(&mut tx, &row.name, &self.at()).await?;
                    tx.commit().await?;
                }
                Err(failure) => report.note = Some(format!("pull: {}", failure.message())),
            }
        }
        let paused = self.send_due(&mut ctx, &mut report, progress).await?;
        report.paused_until = paused;
        let stats: Stats = ctx.remote.stats;
        report.requests = stats.requests - before.requests;
        report.rate_limited = stats.rate_limited - before.rate_limited;
        self.save_budget(&row.name, ctx.remote, report.paused_until.as_deref())
            .await?;
        drop(remotes);
        self.finish(report).await
    }

    /// Sends every due item; returns the pause the connector entered, if any.
    async fn send_due(
        &self,
        ctx: &mut Ctx<'_>,
        report: &mut RunReport,
        progress: &(dyn Fn(&Progress) + Sync),
    ) -> Result<Option<String>> {
        loop {
            let due = rows::due_items(self.store.readers(), ctx.name, &self.at(), 100).await?;
            if due.is_empty() {
                return Ok(None);
            }
            for item in due {
                let outcome = match Outgoing::read(ctx, &item).await {
                    Ok(outgoing) => ctx.kind.connector().push(ctx, outgoing).await,
                    Err(stopped) => Err(stopped),
                };
                match outcome {
                    Ok(()) => report.sent += 1,
                    Err(PushError::Stop { state, message }) => {
                        let mut tx = self.store.begin_write().await?;
                        rows::record_stop(
                            &mut tx,
                            ctx.name,
                            &item.order_id,
                            state.into(),
                            &message,
                            &self.at(),
                        )
                        .await?;
                        tx.commit().await?;
                    }
                    Err(PushError::Store(err)) => return Err(err),
                    Err(PushError::Paused { message }) => {
                        let until = stamp(self.clock.now() + chrono::Duration::hours(1));
                        let mut tx = self.store.begin_write().await?;
                        rows::record_retry(
                            &mut tx,
                            ctx.name,
                            &item.order_id,
                            &message,
                            &until,
                            &self.at(),
                        )
                        .await?;
                        tx.commit().await?;
                        progress(&Progress {
                            connector: ctx.name.to_owned(),
                            sent: report.sent,
                            left: 0,
                            message: format!("{}: {message}", item.number),
                        });
                        return Ok(Some(until));
                    }
                    Err(PushError::Remote(failure)) => {
                        let pause = self.retry_later(ctx, &item, &failure).await?;
                        progress(&Progress {
                            connector: ctx.name.to_owned(),
                            sent: report.sent,
                            left: 0,
                            message: format!("{}: {}", item.number, failure.message()),
                        });
                        return Ok(Some(pause));
                    }
                }
                progress(&Progress {
                    connector: ctx.name.to_owned(),
                    sent: report.sent,
                    left: 0,
                    message: item.number.clone(),
                });
            }
        }
    }

    /// Schedules the item's retry and pauses the connector; returns when the pause ends.
    async fn retry_later(
        &self,
        ctx: &mut Ctx<'_>,
        item: &rows::SyncItemRow,
        failure: &Failure,
    ) -> Result<String> {
        let now = self.clock.now();
        let wait = match failure {
            Failure::Transient {
                retry_after: Some(wait),
                ..
            } => *wait,
            Failure::BudgetSpent { until } => {
                remote_time::wait_until_unix(*until, now.timestamp()).max(Duration::from_secs(1))
            }
            _ => backoff::full_jitter(
                ctx.settings.millis(ctx.kind, "backoff_base_ms"),
                ctx.settings.millis(ctx.kind, "backoff_cap_ms"),
                u32::try_from(item.attempts + 1).unwrap_or(u32::MAX),
            ),
        };
        let until = stamp(remote_time::later(now, wait));
        let mut tx = self.store.begin_write().await?;
        rows::record_retry(
            &mut tx,
            ctx.name,
            &item.order_id,
            &failure.message(),
            &until,
            &stamp(now),
        )
        .await?;
        tx.commit().await?;
        Ok(until)
    }

    async fn save_budget(
        &self,
        name: &str,
        remote: &Remote,
        paused_until: Option<&str>,
    ) -> Result<()> {
        let mut tx = self.store.begin_write().await?;
        rows::set_budget(
            &mut tx,
            name,
            remote.budget.daily_remaining,
            remote.budget.daily_reset,
            paused_until,
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    async fn finish(&self, mut report: RunReport) -> Result<RunReport> {
        let counts = rows::state_counts(self.store.readers(), &report.connector).await?;
        let count = |n: i64| u64::try_from(n).unwrap_or(0);
        report.pending = count(counts.pending);
        report.synced = count(counts.synced);
        report.failed = count(counts.failed);
        report.attention = count(counts.attention);
        report.conflict = count(counts.conflict);
        Ok(report)
    }

    /// Runs passes until nothing is left that can be sent within `max_wait`: every item is
    /// synced, or stopped for a person, or its next try is further away than that.
    ///
    /// It always ends: a pass that cannot even try (another process holds the connector, the
    /// secret store cannot be read) is repeated with backoff, and when nothing was sent or
    /// pulled for `max_wait` the run gives up with a note saying why. Every wait comes from a
    /// stored time this process wrote through [`remote_time`], so no remote can stretch it.
    /// Time waited is counted on the engine's clock and as the sum of the waits, so a clock
    /// that stands still (a fixed one) still ends the run.
    pub async fn until_idle(
        &self,
        name: &str,
        max_wait: Duration,
        progress: &(dyn Fn(&Progress) + Sync),
        importer: &dyn crate::Importer,
    ) -> Result<RunReport> {
        let mut pulled = false;
        let mut last_progress = self.clock.now();
        let mut slept = Duration::ZERO;
        let mut blocked_passes = 0_u32;
        loop {
            let mut report = self.run_once(name, !pulled, progress, importer).await?;
            pulled = pulled
                || report
                    .note
                    .as_deref()
                    .is_none_or(|n| !n.starts_with("pull:"));
            if report.pending == 0 || report.blocked == Blocked::UntilSomeoneActs {
                return Ok(report);
            }
            if report.sent > 0 || report.pulled > 0 {
                last_progress = self.clock.now();
                slept = Duration::ZERO;
            }
            let waited = (self.clock.now() - last_progress)
                .to_std()
                .unwrap_or(Duration::ZERO)
                .max(slept);
            let wait = if report.blocked == Blocked::ForNow {
                blocked_passes += 1;
                backoff::full_jitter(
                    Duration::from_millis(200),
                    Duration::from_secs(5),
                    blocked_passes,
                )
            } else {
                blocked_passes = 0;
                self.next_wake(name, &report).await?
            };
            if wait > max_wait || waited + wait > max_wait {
                report.note = Some(give_up_note(&report, wait, waited, max_wait));
                return Ok(report);
            }
            let wait = wait.max(Duration::from_millis(20));
            self.clock.sleep(wait).await;
            slept += wait;
        }
    }

    /// How long until the next item is due or the connector's pause ends (never longer than
    /// [`remote_time::MAX_WAIT`]; an unreadable stored time means "in a second").
    async fn next_wake(&self, name: &str, report: &RunReport) -> Result<Duration> {
        let parse = |text: &str| {
            DateTime::parse_from_rfc3339(text)
                .map(|t| t.with_timezone(&Utc))
                .ok()
        };
        let now = self.clock.now();
        let next = rows::next_due(self.store.readers(), name).await?;
        let times = [next.as_deref(), report.paused_until.as_deref()];
        let mut wake = now;
        for text in times.into_iter().flatten().filter(|t| !t.is_empty()) {
            match parse(text) {
                Some(at) => wake = wake.max(at),
                None => wake = wake.max(now + chrono::Duration::seconds(1)),
            }
        }
        Ok(remote_time::clamp(
            (wake - now).to_std().unwrap_or(Duration::ZERO),
        ))
    }
}

/// Why `until_idle` stopped with orders still pending, in plain words.
fn give_up_note(
    report: &RunReport,
    wait: Duration,
    waited: Duration,
    max_wait: Duration,
) -> String {
    let pending = report.pending;
    match (report.blocked, report.note.as_deref()) {
        (Blocked::ForNow, Some(why)) => format!(
            "{pending} order(s) still pending; gave up after {} s: {why}",
            waited.as_secs()
        ),
        _ if wait > max_wait => format!(
            "{pending} order(s) still pending; the next try is in {} s (more than --max-wait {} s)",
            wait.as_secs(),
            max_wait.as_secs()
        ),
        (_, why) => format!(
            "{pending} order(s) still pending; nothing could be sent for {} s{}",
            waited.as_secs(),
            why.map(|w| format!(": {w}")).unwrap_or_default()
        ),
    }
}

async fn row_note(store: &Store, name: &str) -> Option<String> {
    rows::open_items(store.readers(), name, 1)
        .await
        .ok()?
        .into_iter()
        .next()
        .and_then(|i| i.last_error)
}

fn pull_due(
    row: &rows::ConnectorRow,
    settings: &ConnectorSettings,
    kind: Kind,
    now: DateTime<Utc>,
) -> bool {
    let interval = chrono::Duration::seconds(i64::from(settings.count(kind, "pull_interval_s")));
    match row
        .last_pull_at
        .as_deref()
        .and_then(|t| DateTime::parse_from_rfc3339(t).ok())
    {
        Some(last) => now - last.with_timezone(&Utc) >= interval,
        None => true,
    }
}
