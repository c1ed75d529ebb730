//! `jobcard connector ...` and `jobcard sync`: thin callers of the app's sync use cases.
//!
//! `sync --until-idle` prints a progress line per order and exits 0 only when every pending
//! change of the chosen connectors is on the remote.

use std::io::Read;

use clap::Subcommand;
use jobcard_app::dto::{ConnectorInput, ConnectorView, SyncQueueView};
use jobcard_app::{Actor, App, AppError, Progress, RunReport};

use crate::output;

#[derive(Debug, Subcommand)]
pub enum ConnectorCommand {
    /// Add a connector to a remote system.
    Add {
        name: String,
        #[arg(long, value_name = "cyclesoftware|mes")]
        kind: String,
        #[arg(long, value_name = "URL")]
        base_url: String,
        /// A setting (mapping, scope, limit), e.g. `status.collected=8`; repeatable.
        #[arg(long = "set", value_name = "KEY=VALUE")]
        set: Vec<String>,
    },
    /// Change a connector's address or settings.
    Set {
        name: String,
        #[arg(long, value_name = "URL")]
        base_url: Option<String>,
        #[arg(long = "set", value_name = "KEY=VALUE")]
        set: Vec<String>,
        /// Switch the connector on or off.
        #[arg(long, value_name = "true|false")]
        enabled: Option<bool>,
    },
    /// Store a secret (read from standard input) in the OS keychain.
    Secret { name: String, key: String },
    /// The connectors, their settings, which secrets are set, and their queues.
    List {
        #[arg(long)]
        json: bool,
    },
    /// Check that the remote answers and accepts the credentials.
    Test { name: String },
    /// The orders of a connector that are not synced, with the reason, and the remote
    /// records it refused to import (`--json`: `{"orders": [...], "refused": [...]}`).
    Queue {
        name: String,
        #[arg(long)]
        json: bool,
    },
    /// Send a stopped order again now.
    Retry { name: String, number: String },
    /// Try a remote record the connector refused to import again at the next sync.
    RetryImport { name: String, remote_id: String },
    /// Leave a stopped order unsynced.
    Skip { name: String, number: String },
}

fn settings(pairs: &[String]) -> Result<Vec<(String, String)>, AppError> {
    pairs
        .iter()
        .map(|p| jobcard_app::parse_setting(p))
        .collect()
}

pub async fn connector(app: &App, command: ConnectorCommand) -> Result<(), AppError> {
    let owner = Actor::new("CLI");
    match command {
        ConnectorCommand::Add {
            name,
            kind,
            base_url,
            set,
        } => {
            let input = ConnectorInput {
                name,
                kind,
                base_url: Some(base_url),
                set: settings(&set)?,
                enabled: None,
            };
            let view = app.add_connector(&owner, &input).await?;
            output::out_line_str(&format!(
                "Added connector {} ({}). Set its secrets with `jobcard connector secret {} KEY`.",
                view.name, view.kind, view.name
            ));
        }
        ConnectorCommand::Set {
            name,
            base_url,
            set,
            enabled,
        } => {
            let input = ConnectorInput {
                name,
                kind: String::new(),
                base_url,
                set: settings(&set)?,
                enabled,
            };
            let view = app.update_connector(&owner, &input).await?;
            output::out(&describe(&view));
        }
        ConnectorCommand::Secret { name, key } => {
            let mut value = String::new();
            std::io::stdin()
                .read_to_string(&mut value)
                .map_err(|e| AppError::invalid("stdin", format!("cannot read the secret: {e}")))?;
            app.set_connector_secret(&owner, &name, &key, &value)
                .await?;
            output::out_line_str(&format!("Stored {key} for {name}."));
        }
        ConnectorCommand::List { json } => {
            let views = app.connectors(&owner).await?;
            output::print(json, views.as_slice(), |v| v.iter().map(describe).collect())?;
        }
        ConnectorCommand::Test { name } => {
            let said = app.test_connector(&owner, &name).await?;
            output::out_line_str(&format!("{name}: {said}"));
        }
        ConnectorCommand::Queue { name, json } => {
            let queue = SyncQueueView {
                orders: app.sync_queue(&owner, &name).await?,
                refused: app.import_refusals(&owner, &name).await?,
            };
            output::print(json, &queue, queue_lines)?;
        }
        ConnectorCommand::Retry { name, number } => {
            app.resolve_sync(&owner, &name, &number, true).await?;
            output::out_line_str(&format!("{number} will be sent again."));
        }
        ConnectorCommand::RetryImport { name, remote_id } => {
            app.retry_import(&owner, &name, &remote_id).await?;
            output::out_line_str(&format!(
                "{name} will try to import {remote_id} again at the next sync."
            ));
        }
        ConnectorCommand::Skip { name, number } => {
            app.resolve_sync(&owner, &name, &number, false).await?;
            output::out_line_str(&format!("{number} is skipped for {name}."));
        }
    }
    Ok(())
}

/// The queue as lines: one per order not synced, then one per refused remote record.
fn queue_lines(queue: &SyncQueueView) -> String {
    let mut text: String = queue
        .orders
        .iter()
        .map(|i| {
            format!(
                "{:<12} {:<10} tries {:<3} {}\n",
                i.number,
                i.state.as_str(),
                i.attempts,
                i.last_error.as_deref().unwrap_or("")
            )
        })
        .collect();
    if !queue.refused.is_empty() {
        text.push_str(&format!(
            "{} remote record(s) refused at import (`connector retry-import NAME ID` tries one again):\n",
            queue.refused.len()
        ));
        for r in &queue.refused {
            text.push_str(&format!("  {:<12} {}  {}\n", r.remote_id, r.at, r.reason));
        }
    }
    text
}

fn describe(v: &ConnectorView) -> String {
    let secrets: Vec<String> = v
        .secrets
        .iter()
        .map(|s| format!("{} {}", s.key, if s.set { "set" } else { "not set" }))
        .collect();
    let settings: Vec<String> = v
        .settings
        .iter()
        .map(|(k, val)| format!("{k}={val}"))
        .collect();
    format!(
        "{} ({}) {}{}\n  secrets: {} (kept in {})\n  queue: {} pending, {} synced, {} failed, {} need attention, {} conflicts; last success {}\n  settings: {}\n",
        v.name,
        v.kind,
        v.base_url,
        if v.enabled { "" } else { " [off]" },
        secrets.join(", "),
        v.secret_store,
        v.pending,
        v.synced,
        v.failed,
        v.attention,
        v.conflict,
        v.last_success_at.as_deref().unwrap_or("never"),
        settings.join(" ")
    )
}

/// `jobcard sync`; returns whether everything is synced.
pub async fn sync(
    app: &App,
    connector: Option<&str>,
    until_idle: bool,
    max_wait: u64,
    json: bool,
) -> Result<bool, AppError> {
    let progress = |p: &Progress| {
        if !json {
            output::out_line_str(&format!("{}: sent {} — {}", p.connector, p.sent, p.message));
        }
    };
    let wait = until_idle.then_some(max_wait);
    let reports = app
        .run_sync(&Actor::new("CLI"), connector, wait, &progress)
        .await?;
    output::print(json, reports.as_slice(), |reports| {
        reports.iter().map(summary).collect()
    })?;
    Ok(reports.iter().all(RunReport::all_synced))
}

fn summary(r: &RunReport) -> String {
    let mut text = format!(
        "{}: sent {}, {} pending, {} synced, {} failed, {} need attention, {} conflicts; {} requests, {} rate-limited\n",
        r.connector,
        r.sent,
        r.pending,
        r.synced,
        r.failed,
        r.attention,
        r.conflict,
        r.requests,
        r.rate_limited
    );
    if let Some(until) = &r.paused_until {
        text.push_str(&format!("  paused until {until}\n"));
    }
    if let Some(note) = &r.note {
        text.push_str(&format!("  {note}\n"));
    }
    text
}
