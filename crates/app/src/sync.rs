//! Sync use cases: connectors (add, settings, secrets, test), running the engine, and the
//! queue a person looks at (states per order, retry, skip). The engine itself lives in
//! `jobcard-sync`; this module adds roles, DTOs and errors in the app's `{code, message}`.

use crate::error::ErrorCode;
use jobcard_domain::SyncState;
use jobcard_store::Exec;
use jobcard_store::sql::sync as rows;
use jobcard_sync::{
    ConnectorSettings, ImportError, ImportFuture, ImportedOrder, Importer, Kind, Progress,
    RunReport, SyncError,
};

use serde_json::json;
use std::collections::HashMap;

use crate::connector_audit;
use crate::dto::{
    ConnectorInput, ConnectorKindView, ConnectorView, CustomerInput, ImportRefusalView, LineInput,
    MatchChoice, NewOrder, RepairObjectInput, SecretState, SyncItemView, SyncMarkView,
};
use crate::guard::Guard;
use crate::{Actor, App, AppError, Result};

impl From<SyncError> for AppError {
    fn from(err: SyncError) -> Self {
        let text = err.to_string();
        match err {
            SyncError::Store(e) => e.into(),
            SyncError::Invalid { field, message } => AppError::invalid(&field, message),
            SyncError::UnknownConnector(name) => {
                AppError::not_found("name", format!("no connector named '{name}'"))
            }
            // The CLI says the command to run; the window points to the secret's field.
            SyncError::SecretMissing { key, .. } => {
                AppError::new(ErrorCode::SecretMissing, text, Some(&key))
            }
            SyncError::SecretRefused { key, message } => {
                AppError::new(ErrorCode::SecretRefused, message, Some(&key))
            }
            SyncError::Secrets(m) => AppError::new(ErrorCode::Secrets, m, None),
            SyncError::Remote(m) => AppError::new(ErrorCode::Remote, m, None),
        }
    }
}

/// One connector's run as a report: a failure of that connector (its settings unreadable,
/// its kind unknown) becomes the report's note, so the others still run. Only the shared
/// database failing stops every connector, since then nothing can be recorded.
fn report_or_note(
    name: &str,
    outcome: std::result::Result<RunReport, SyncError>,
) -> Result<RunReport> {
    match outcome {
        Ok(report) => Ok(report),
        Err(SyncError::Store(err)) => Err(err.into()),
        Err(err) => Ok(RunReport {
            connector: name.to_owned(),
            note: Some(AppError::from(err).to_string()),
            blocked: jobcard_sync::Blocked::UntilSomeoneActs,
            ..RunReport::default()
        }),
    }
}

/// The connector named `name` and its kind; `not_found` on `name` when there is none.
async fn connector_row<'c>(db: impl Exec<'c>, name: &str) -> Result<(rows::ConnectorRow, Kind)> {
    let row = rows::connector(db, name)
        .await?
        .ok_or_else(|| SyncError::UnknownConnector(name.to_owned()))?;
    let kind = row.kind.parse()?;
    Ok((row, kind))
}

/// Splits `KEY=VALUE`.
pub fn parse_setting(text: &str) -> Result<(String, String)> {
    text.split_once('=')
        .map(|(k, v)| (k.trim().to_owned(), v.trim().to_owned()))
        .filter(|(k, _)| !k.is_empty())
        .ok_or_else(|| AppError::invalid("set", format!("'{text}' is not KEY=VALUE")))
}

/// A connector's address, checked by the sync engine's rule (https://, or plain http:// only
/// to this computer or the shop's own network).
fn base_url(text: &str) -> Result<String> {
    let text = text.trim();
    jobcard_sync::check_base_url(text).map_err(|message| AppError::invalid("base_url", message))?;
    Ok(text.trim_end_matches('/').to_owned())
}

impl App {
    /// Adds a connector (managers). Its queue starts with every order already in the outbox.
    pub async fn add_connector(
        &self,
        actor: &Actor,
        input: &ConnectorInput,
    ) -> Result<ConnectorView> {
        actor.require(Guard::SETTINGS)?;
        let name = input.name.trim();
        if name.is_empty() || name.len() > 40 || name.contains(char::is_whitespace) {
            return Err(AppError::invalid(
                "name",
                "1 to 40 characters without spaces",
            ));
        }
        let kind: Kind = input.kind.parse()?;
        let url = base_url(input.base_url.as_deref().unwrap_or(""))?;
        let mut settings = ConnectorSettings::default();
        for (key, value) in &input.set {
            settings.set(kind, key, value)?;
        }
        let mut tx = self.store.begin_change().await?;
        if rows::connector(&mut *tx, name).await?.is_some() {
            return Err(AppError::invalid(
                "name",
                format!("a connector named '{name}' exists"),
            ));
        }
        let row = rows::ConnectorRow {
            name: name.to_owned(),
            kind: kind.as_str().to_owned(),
            base_url: url,
            settings: settings.to_json(),
            enabled: true,
            outbox_cursor: 0,
            daily_remaining: None,
            daily_reset: None,
            paused_until: None,
            last_pull_at: None,
            created_at: self.now_text(),
        };
        rows::insert_connector(&mut tx, &row).await?;
        let added = json!({"kind": row.kind, "base_url": row.base_url, "settings": input.set});
        connector_audit::record(&mut tx, actor, &row.created_at, name, "added", added).await?;
        tx.commit().await?;
        self.connector_view(name).await
    }

    /// Adds the connector, or changes it when one of that name exists (the Sync screen's
    /// form, which does not say which of the two it is).
    pub async fn save_connector(
        &self,
        actor: &Actor,
        input: &ConnectorInput,
    ) -> Result<ConnectorView> {
        let exists = rows::connector(self.store.readers(), input.name.trim())
            .await?
            .is_some();
        if exists {
            self.update_connector(actor, input).await
        } else {
            self.add_connector(actor, input).await
        }
    }

    /// Changes a connector's address, settings or on/off switch (managers).
    pub async fn update_connector(
        &self,
        actor: &Actor,
        input: &ConnectorInput,
    ) -> Result<ConnectorView> {
        actor.require(Guard::SETTINGS)?;
        let mut tx = self.store.begin_change().await?;
        let (row, kind) = connector_row(&mut *tx, &input.name).await?;
        let mut settings = ConnectorSettings::from_json(&row.settings)?;
        for (key, value) in &input.set {
            settings.set(kind, key, value)?;
        }
        let url = match input.base_url.as_deref() {
            Some(u) => base_url(u)?,
            None => row.base_url.clone(),
        };
        let enabled = input.enabled.unwrap_or(row.enabled);
        rows::update_connector(&mut tx, &row.name, &url, &settings.to_json(), enabled).await?;
        let before = ConnectorSettings::from_json(&row.settings)?.effective(kind);
        let after = settings.effective(kind);
        let mut changes = connector_audit::changes(
            (&row.base_url, &before, row.enabled),
            (&url, &after, enabled),
        );
        let at = self.now_text();
        if connector_audit::host_changed(&row.base_url, &url) {
            // Credentials were given for the old host: forget them before the new address is
            // committed, so they can never be sent there.
            for key in kind.secret_keys() {
                self.sync.secrets().remove(&row.name, key)?;
            }
            if let Some(map) = changes.as_object_mut() {
                map.insert("secrets_cleared".into(), json!(kind.secret_keys()));
            }
        }
        connector_audit::record(&mut tx, actor, &at, &row.name, "changed", changes).await?;
        tx.commit().await?;
        self.sync.reset(&row.name).await?;
        self.connector_view(&row.name).await
    }

    /// Stores a secret of a connector in the keychain (or the user-only file).
    pub async fn set_connector_secret(
        &self,
        actor: &Actor,
        name: &str,
        key: &str,
        value: &str,
    ) -> Result<()> {
        actor.require(Guard::SETTINGS)?;
        let (row, kind) = connector_row(self.store.readers(), name).await?;
        if !kind.secret_keys().contains(&key) {
            return Err(AppError::invalid(
                "key",
                format!(
                    "{} secrets are {}",
                    kind.as_str(),
                    kind.secret_keys().join(" and ")
                ),
            ));
        }
        // The audit row says which secret changed, never its value.
        let mut tx = self.store.begin_change().await?;
        let changes = json!({"secret": key});
        connector_audit::record(
            &mut tx,
            actor,
            &self.now_text(),
            &row.name,
            "secret set",
            changes,
        )
        .await?;
        self.sync
            .secrets()
            .set(&row.name, key, value.trim_end_matches(['\r', '\n']))?;
        tx.commit().await?;
        self.sync.reset(&row.name).await?;
        Ok(())
    }

    /// The kinds of connector Jobcard has, their secrets and their default settings.
    pub fn connector_kinds(&self, actor: &Actor) -> Result<Vec<ConnectorKindView>> {
        actor.require(Guard::SYNC)?;
        Ok(jobcard_sync::KINDS
            .iter()
            .map(|kind| ConnectorKindView {
                kind: kind.as_str().to_owned(),
                secret_keys: kind.secret_keys().into_iter().map(str::to_owned).collect(),
                defaults: ConnectorSettings::default()
                    .effective(*kind)
                    .into_iter()
                    .collect(),
                inbound_mappings: kind
                    .inbound_mappings()
                    .iter()
                    .map(|g| (*g).to_owned())
                    .collect(),
            })
            .collect())
    }

    /// The connectors as the Sync screen shows them (secrets as "set" or "not set").
    pub async fn connectors(&self, actor: &Actor) -> Result<Vec<ConnectorView>> {
        actor.require(Guard::SYNC)?;
        self.connector_views(None).await
    }

    /// The connector whose stored name is `name` (as a use case that just read or wrote it
    /// has it).
    async fn connector_view(&self, name: &str) -> Result<ConnectorView> {
        let mut views = self.connector_views(Some(name)).await?;
        views
            .pop()
            .ok_or_else(|| SyncError::UnknownConnector(name.to_owned()).into())
    }

    /// The connectors (or the one named `only`) in two queries, however many there are.
    async fn connector_views(&self, only: Option<&str>) -> Result<Vec<ConnectorView>> {
        let db = self.store.readers();
        let mut queues: HashMap<String, rows::QueueSummary> = rows::queue_summaries(db)
            .await?
            .into_iter()
            .map(|queue| (queue.connector.clone(), queue))
            .collect();
        let secrets = self.sync.secrets();
        let mut views = Vec::new();
        for row in rows::connectors(db).await? {
            if only.is_some_and(|name| name != row.name) {
                continue;
            }
            let kind: Kind = row.kind.parse()?;
            let settings = ConnectorSettings::from_json(&row.settings)?.effective(kind);
            let queue = queues.remove(&row.name).unwrap_or_default();
            let secret_state = |key: &&str| SecretState {
                key: (*key).to_owned(),
                set: secrets.is_set(&row.name, key),
            };
            views.push(ConnectorView {
                secrets: kind.secret_keys().iter().map(secret_state).collect(),
                secret_store: secrets.backend().describe(),
                settings: settings.into_iter().collect(),
                paused_until: row.paused_until.filter(|p| *p > self.now_text()),
                name: row.name,
                kind: row.kind,
                base_url: row.base_url,
                enabled: row.enabled,
                last_pull_at: row.last_pull_at,
                pending: queue.pending,
                synced: queue.synced,
                failed: queue.failed,
                attention: queue.attention,
                conflict: queue.conflict,
                last_success_at: queue.last_success_at,
                last_error: queue.last_error,
            });
        }
        Ok(views)
    }

    /// Checks reachability and credentials.
    pub async fn test_connector(&self, actor: &Actor, name: &str) -> Result<String> {
        actor.require(Guard::SETTINGS)?;
        Ok(self.sync.test_connection(name).await?)
    }

    /// Runs the engine for one connector or all, as a person asked ("sync now", `jobcard
    /// sync`): one pass with a pull, or until nothing more can be sent within `until_idle`
    /// seconds.
    pub async fn run_sync(
        &self,
        actor: &Actor,
        name: Option<&str>,
        until_idle: Option<u64>,
        progress: &(dyn Fn(&Progress) + Sync),
    ) -> Result<Vec<RunReport>> {
        actor.require(Guard::SYNC)?;
        let names: Vec<String> = match name {
            Some(n) => vec![n.to_owned()],
            None => rows::connectors(self.store.readers())
                .await?
                .into_iter()
                .filter(|c| c.enabled)
                .map(|c| c.name)
                .collect(),
        };
        let mut reports = Vec::new();
        for name in names {
            let outcome = match until_idle {
                Some(secs) => {
                    self.sync
                        .until_idle(
                            &name,
                            std::time::Duration::from_secs(secs),
                            progress,
                            &Intake(self),
                        )
                        .await
                }
                None => {
                    self.sync
                        .run_once(&name, true, progress, &Intake(self))
                        .await
                }
            };
            reports.push(report_or_note(&name, outcome)?);
        }
        Ok(reports)
    }

    /// One quiet pass over every connector that is on, pulling only when the connector's
    /// interval has passed: the window's background task.
    pub async fn sync_in_background(&self) -> Result<Vec<RunReport>> {
        let mut reports = Vec::new();
        for row in rows::connectors(self.store.readers()).await? {
            if row.enabled {
                let outcome = self
                    .sync
                    .run_once(&row.name, false, &|_| {}, &Intake(self))
                    .await;
                reports.push(report_or_note(&row.name, outcome)?);
            }
        }
        Ok(reports)
    }

    /// The items of a connector that are not synced: the Sync screen's queue.
    pub async fn sync_queue(&self, actor: &Actor, name: &str) -> Result<Vec<SyncItemView>> {
        actor.require(Guard::SYNC)?;
        let items = rows::open_items(self.store.readers(), name, 500).await?;
        Ok(items.into_iter().map(item_view).collect())
    }

    /// The order's state per connector (the order screen's sync line).
    pub async fn order_sync(&self, number: &str) -> Result<Vec<SyncItemView>> {
        let order = crate::shop::order(self.store.readers(), number).await?;
        let items = rows::items_of_order(self.store.readers(), &order.id).await?;
        Ok(items.into_iter().map(item_view).collect())
    }

    /// Sends a stopped order again now (`retry`) or leaves it (`skip`).
    pub async fn resolve_sync(
        &self,
        actor: &Actor,
        name: &str,
        number: &str,
        retry: bool,
    ) -> Result<()> {
        actor.require(Guard::SYNC)?;
        let order = crate::shop::order(self.store.readers(), number).await?;
        let state = if retry {
            SyncState::Pending
        } else {
            SyncState::Skipped
        };
        let mut tx = self.store.begin_change().await?;
        if !rows::set_state(&mut tx, name, &order.id, state, &self.now_text()).await? {
            return Err(AppError::invalid(
                "number",
                format!("{number} is not queued for '{name}'"),
            ));
        }
        let mut paused = rows::connector(&mut *tx, name).await?;
        if let Some(row) = paused.take().filter(|_| retry) {
            rows::set_budget(
                &mut tx,
                &row.name,
                row.daily_remaining,
                row.daily_reset,
                None,
            )
            .await?;
        }
        // Who sent a stopped order again, or chose to leave it unsent, is on the record.
        let action = if retry {
            "sync_retried"
        } else {
            "sync_skipped"
        };
        let changes = json!({"number": number});
        connector_audit::record(&mut tx, actor, &self.now_text(), name, action, changes).await?;
        tx.commit().await?;
        Ok(())
    }

    /// The remote records the connector refused to import, newest first (the Sync screen and
    /// `connector queue`); one imported since is left out.
    pub async fn import_refusals(
        &self,
        actor: &Actor,
        name: &str,
    ) -> Result<Vec<ImportRefusalView>> {
        actor.require(Guard::SYNC)?;
        let db = self.store.readers();
        let (row, _) = connector_row(db, name).await?;
        let refused = rows::import_refusals(db, &row.name, 500).await?;
        Ok(refused
            .into_iter()
            .map(|r| ImportRefusalView {
                connector: r.connector,
                remote_id: r.remote_id,
                reason: r.reason,
                at: r.at,
            })
            .collect())
    }

    /// A person asks for a refused remote record to be tried again: the refusal is forgotten
    /// (with an audit row, in one transaction), so the connector's next pull reads and imports
    /// it, or records why not.
    pub async fn retry_import(&self, actor: &Actor, name: &str, remote_id: &str) -> Result<()> {
        actor.require(Guard::SYNC)?;
        let remote_id = remote_id.trim();
        let (mut tx, at) = self.begin_change().await?;
        let (row, _) = connector_row(&mut *tx, name).await?;
        if !rows::delete_import_refusal(&mut tx, &row.name, remote_id).await? {
            return Err(AppError::invalid(
                "remote_id",
                format!("'{remote_id}' is not a record '{}' refused", row.name),
            ));
        }
        let changes = json!({"remote_id": remote_id});
        connector_audit::record(&mut tx, actor, &at, &row.name, "import_retry", changes).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Marks (or unmarks) an order for a connector whose scope is `marked`; the mark, its
    /// audit row and an outbox row are one transaction, so the order goes out with the next
    /// sync.
    pub async fn set_sync_mark(
        &self,
        actor: &Actor,
        number: &str,
        connector: &str,
        marked: bool,
    ) -> Result<Vec<SyncMarkView>> {
        actor.require(Guard::INTAKE)?;
        let (mut tx, at) = self.begin_change().await?;
        let order = crate::shop::order(&mut *tx, number).await?;
        let (row, _) = connector_row(&mut *tx, connector).await?;
        rows::set_mark(&mut tx, &row.name, &order.id, marked, &at).await?;
        let changes = json!({"connector": row.name, "marked": marked});
        crate::journal::record_order_change(&mut tx, &at, actor, &order, "sync_marked", changes)
            .await?;
        tx.commit().await?;
        self.sync_marks(number).await
    }

    /// The connectors that only take marked orders, and whether this order is marked for each.
    pub async fn sync_marks(&self, number: &str) -> Result<Vec<SyncMarkView>> {
        let db = self.store.readers();
        let order = crate::shop::order(db, number).await?;
        let marks = rows::marks_of_order(db, &order.id).await?;
        let mut views = Vec::new();
        for row in rows::connectors(db).await? {
            let kind: Kind = row.kind.parse()?;
            let settings = ConnectorSettings::from_json(&row.settings)?;
            if settings.scope(kind) == jobcard_sync::Scope::Marked {
                views.push(SyncMarkView {
                    marked: marks.iter().any(|m| m.eq_ignore_ascii_case(&row.name)),
                    connector: row.name,
                });
            }
        }
        Ok(views)
    }

    /// "Send work status to customer": TrustPager e-mails the customer the PIN-protected link
    /// to the work status portal of the order's deal. `connector` may be left out when the shop
    /// has one TrustPager connector. Returns TrustPager's answer as a line for the person; its
    /// documented refusals come back as plain messages. Recorded in the order's history.
    pub async fn send_work_status(
        &self,
        actor: &Actor,
        number: &str,
        connector: Option<&str>,
    ) -> Result<String> {
        actor.require(Guard::INTAKE)?;
        let db = self.store.readers();
        let order = crate::shop::order(db, number).await?;
        let name = match connector {
            Some(name) => name.to_owned(),
            None => self.only_trustpager().await?,
        };
        let said = self.sync.send_work_status(&name, &order.id).await?;
        let (mut tx, at) = self.begin_change().await?;
        let changes = json!({"connector": name, "answer": said});
        let audit = crate::journal::audit(
            &at,
            actor,
            ("order", &order.id),
            "work_status_sent",
            changes,
        );
        jobcard_store::sql::journal::write(&mut tx, &audit, None).await?;
        tx.commit().await?;
        Ok(said)
    }

    async fn only_trustpager(&self) -> Result<String> {
        let names: Vec<String> = rows::connectors(self.store.readers())
            .await?
            .into_iter()
            .filter(|row| {
                row.kind
                    .parse::<Kind>()
                    .is_ok_and(|k| k.connector().sends_work_status())
            })
            .map(|row| row.name)
            .collect();
        match names.as_slice() {
            [one] => Ok(one.clone()),
            [] => Err(AppError::invalid(
                "connector",
                "there is no TrustPager connector; add one in Settings -> Sync",
            )),
            _ => Err(AppError::invalid(
                "connector",
                format!("name the TrustPager connector: one of {}", names.join(", ")),
            )),
        }
    }

    fn now_text(&self) -> String {
        jobcard_sync::stamp(self.clock.now())
    }
}

fn item_view(row: rows::SyncItemRow) -> SyncItemView {
    SyncItemView {
        connector: row.connector,
        kind: row.kind,
        number: row.number,
        state: row.state,
        attempts: row.attempts,
        last_error: row.last_error,
        next_attempt_at: row.next_attempt_at,
        last_success_at: row.last_success_at,
        updated_at: row.updated_at,
    }
}

/// Takes in orders created on a remote through the same use case as the counter's intake, as
/// the connector (`sync:NAME` in the history). The remote planned the mechanic already, so an
/// overlap is accepted; a status the workflow reaches from intake is set after. A refusal by
/// the intake's rules (`field: what is wrong`) is the record's own; a storage error is not,
/// and ends the pull to be tried again.
struct Intake<'a>(&'a App);

impl Importer for Intake<'_> {
    fn import(&self, order: ImportedOrder) -> ImportFuture<'_> {
        Box::pin(async move {
            let actor = Actor::new(format!(
                "sync:{}",
                order.own_reference.split(':').next().unwrap_or("remote")
            ));
            let status = order.status.clone();
            let input = new_order(order);
            let created = self
                .0
                .create_order(&actor, input)
                .await
                .map_err(import_error)?;
            // Planning made it `scheduled` already when the remote gave a time.
            let status = status.filter(|s| s != created.status.status.as_str());
            if let Some(status) = status {
                let reason = Some("set on the remote");
                let set = self
                    .0
                    .set_order_status(&actor, &created.number, &status, reason, None);
                if let Err(err) = set.await {
                    tracing::warn!(number = %created.number, error = %err, "imported order kept at intake");
                }
            }
            Ok(created.id)
        })
    }
}

/// The intake's refusal (`field: what is wrong`) is the record's own; a storage error is not.
fn import_error(err: AppError) -> ImportError {
    match err.code {
        ErrorCode::Storage => ImportError::Failed(err.to_string()),
        _ => ImportError::Refused(err.to_string()),
    }
}

fn new_order(order: ImportedOrder) -> NewOrder {
    NewOrder {
        customer: Some(CustomerInput {
            id: order.customer_id,
            name: order.customer_name,
            phone: order.phone,
            email: order.email,
            address: order.address,
            // Nobody is at the counter to choose: a remote record whose contact or frame
            // number is known goes on the known customer and object, as it always did.
            on_match: Some(MatchChoice::UseKnown),
            ..Default::default()
        }),
        repair_object: Some(RepairObjectInput {
            on_match: Some(MatchChoice::UseKnown),
            kind: order.object_kind,
            brand: order.brand,
            model: order.model,
            colour: order.colour,
            frame_number: order.frame_number,
            licence_plate: order.licence_plate,
            ..Default::default()
        }),
        description: order.description,
        scheduled_start: order.scheduled_start,
        promised_date: order.promised_date,
        priority: order.priority,
        own_reference: Some(order.own_reference),
        mechanic: order.mechanic,
        confirm: Some(true),
        lines: order
            .lines
            .into_iter()
            .map(|l| LineInput {
                kind: Some(l.kind),
                description: Some(l.description),
                quantity: Some(l.quantity),
                unit_price_cents: Some(l.unit_price_cents),
                unit_discount_cents: Some(l.unit_discount_cents),
                discount_bp: Some(l.discount_bp),
                vat: Some(l.vat),
                work_minutes: Some(l.work_minutes),
                ..Default::default()
            })
            .collect(),
        ..Default::default()
    }
}
