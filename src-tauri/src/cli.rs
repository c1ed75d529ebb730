//! The headless command line: parses arguments with clap and calls the same `jobcard-app`
//! functions the window's commands call. It never starts GTK.
//!
//! Exit codes: 0 done, 1 refused or failed (the message names the field), 2 bad usage.

use jobcard_app::ErrorCode;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

use clap::{Parser, Subcommand};
use jobcard_app::dto::OrderQuery;
use jobcard_app::{Actor, App, AppError, Clock, Database, SystemClock};

use crate::output;

#[derive(Debug, Parser)]
#[command(
    name = "jobcard",
    version,
    about = "Workshop orders for repair shops. Without a command, opens the window."
)]
pub struct Args {
    /// Directory of the workshop database (default: the OS per-user data directory).
    #[arg(long, global = true, env = "JOBCARD_DATA_DIR", value_name = "DIR")]
    pub data_dir: Option<PathBuf>,
    /// A shared shop database on PostgreSQL (postgres://USER@HOST/DB?sslmode=require), for a
    /// shop with several seats; without it, the SQLite file in the data directory. The
    /// password is best kept out of the URL (PGPASSWORD or ~/.pgpass).
    #[arg(
        long,
        global = true,
        env = "JOBCARD_DATABASE_URL",
        value_name = "URL",
        hide_env_values = true
    )]
    pub database_url: Option<String>,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Load a realistic demo workshop; running it twice adds nothing. Refused on a database
    /// with employees or orders of its own (the demo's PINs are public) unless --force.
    Demo {
        /// Load it even into a database with its own employees or orders.
        #[arg(long)]
        force: bool,
    },
    /// Workshop orders.
    #[command(subcommand)]
    Orders(OrdersCommand),
    /// Print an order's job card or summary to a PDF file.
    Print {
        number: String,
        #[arg(long, value_name = "job-card|summary")]
        kind: String,
        #[arg(long, value_name = "FILE.pdf")]
        out: PathBuf,
        /// Language of the document.
        #[arg(long, default_value = "nl", value_name = "nl|en")]
        lang: String,
    },
    /// Backups of the database (kept: the newest 14).
    #[command(subcommand)]
    Backup(BackupCommand),
    /// The article catalogue.
    #[command(subcommand)]
    Articles(ArticlesCommand),
    /// Planning.
    #[command(subcommand)]
    Schedule(ScheduleCommand),
    /// Connectors to remote systems (CycleSoftware).
    #[command(subcommand)]
    Connector(crate::cli_sync::ConnectorCommand),
    /// Send pending changes to the remotes and pull their changes.
    Sync {
        /// Only this connector (default: every connector that is on).
        #[arg(long, value_name = "NAME")]
        connector: Option<String>,
        /// Keep going until nothing more can be sent; exit 0 only when everything is synced.
        #[arg(long)]
        until_idle: bool,
        /// With --until-idle: stop when the next retry is further away than this (seconds).
        #[arg(long, default_value_t = 120, value_name = "SECONDS")]
        max_wait: u64,
        #[arg(long)]
        json: bool,
    },
    /// Copy this shop (its SQLite file) into an empty PostgreSQL database: every row, checked
    /// by counts and money totals per table before it says done. The SQLite file is only read.
    MigrateTo {
        /// The empty shared database: postgres://USER@HOST/DB?sslmode=require.
        #[arg(value_name = "URL")]
        url: String,
        /// Act as this employee (a manager; their PIN in JOBCARD_PIN); without it, as the
        /// machine's owner.
        #[arg(long = "as", value_name = "NAME")]
        actor: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Orders by status, revenue per VAT rate and planned work per mechanic, for a period of
    /// order dates (both ends included).
    Report {
        #[arg(long, value_name = "YYYY-MM-DD")]
        from: String,
        #[arg(long, value_name = "YYYY-MM-DD")]
        to: String,
        /// Print CSV (one row per figure) instead of text.
        #[arg(long, conflicts_with = "json")]
        csv: bool,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum ScheduleCommand {
    /// The earliest starts at which a job of N work minutes fits, inside trading and working
    /// hours and round the work already booked.
    Suggest {
        #[arg(long)]
        minutes: i64,
        #[arg(long, value_name = "NAME")]
        mechanic: Option<String>,
        #[arg(long, value_name = "YYYY-MM-DD")]
        from: Option<String>,
        #[arg(long, default_value_t = 5)]
        count: u32,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum ArticlesCommand {
    /// Import articles from a CSV file (columns barcode, description, price, vat; `,` or `;`).
    /// All rows or none: each bad row is reported with its line number and nothing is saved.
    Import {
        /// The CSV file, or `-` for standard input.
        file: String,
        /// Act as this employee (their PIN in JOBCARD_PIN); without it, as the machine's owner.
        #[arg(long = "as", value_name = "NAME")]
        actor: Option<String>,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum BackupCommand {
    /// Take a backup now (an online, consistent copy; safe while the window is open).
    Now {
        /// Folder for backups (default: backups/ beside the database).
        #[arg(long, value_name = "DIR")]
        dir: Option<PathBuf>,
        #[arg(long)]
        json: bool,
    },
    /// List backups, newest first.
    List {
        #[arg(long, value_name = "DIR")]
        dir: Option<PathBuf>,
        #[arg(long)]
        json: bool,
    },
    /// Replace the database by a backup. Refused while the window or another command has
    /// the database open; the current database is kept as backups/before-restore-<time>.sqlite.zst.
    Restore { file: PathBuf },
}

#[derive(Debug, Subcommand)]
pub enum OrdersCommand {
    /// Mark an order for a connector whose scope is `marked` (or unmark it with --off).
    Mark {
        number: String,
        #[arg(long, value_name = "NAME")]
        connector: String,
        #[arg(long)]
        off: bool,
        #[arg(long = "as", value_name = "NAME")]
        actor: Option<String>,
    },
    /// E-mail the customer the TrustPager work status portal link for an order.
    SendStatus {
        number: String,
        /// The TrustPager connector; may be left out when there is only one.
        #[arg(long, value_name = "NAME")]
        connector: Option<String>,
        #[arg(long = "as", value_name = "NAME")]
        actor: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// List orders, newest first.
    List {
        /// Only orders with this status (intake, scheduled, in_progress, ...).
        #[arg(long)]
        status: Option<String>,
        /// Words to find in number, customer, phone, e-mail, object or description.
        #[arg(long)]
        search: Option<String>,
        /// Only orders planned on this mechanic.
        #[arg(long, value_name = "NAME")]
        mechanic: Option<String>,
        /// Only orders dated on or after this day.
        #[arg(long, value_name = "YYYY-MM-DD")]
        from: Option<String>,
        /// Only orders dated on or before this day.
        #[arg(long, value_name = "YYYY-MM-DD")]
        to: Option<String>,
        /// Only orders of this store (name or id).
        #[arg(long, value_name = "NAME")]
        store: Option<String>,
        /// date_desc (default), date_asc, number_desc, number_asc, status or promised.
        #[arg(long)]
        sort: Option<String>,
        /// Rows to show (1-500).
        #[arg(long, default_value_t = 50)]
        limit: u32,
        #[arg(long)]
        json: bool,
    },
    /// Show one order with its lines, totals and history.
    Show {
        number: String,
        #[arg(long)]
        json: bool,
    },
    /// Create an order from JSON (a file, or - for standard input).
    Create {
        #[arg(long, value_name = "PATH|-")]
        file: String,
        #[arg(long)]
        json: bool,
        /// Who takes the order in (named in the history).
        /// Act as this employee (their PIN in JOBCARD_PIN); without it, as the machine's owner.
        #[arg(long = "as", value_name = "NAME")]
        actor: Option<String>,
    },
    /// Replace an order's lines with a JSON array of lines (a file, or - for standard input).
    SetLines {
        number: String,
        #[arg(long, value_name = "PATH|-")]
        file: String,
        #[arg(long)]
        json: bool,
        /// Act as this employee (their PIN in JOBCARD_PIN); without it, as the machine's owner.
        #[arg(long = "as", value_name = "NAME")]
        actor: Option<String>,
    },
    /// Move an order to another status.
    /// Start work on an order (starts your timer; moves it to in_progress).
    Start(WorkArgs),
    /// Pause your timer on an order.
    Pause(WorkArgs),
    /// Resume work on an order (starts your timer again).
    Resume(WorkArgs),
    /// Tick line LINE_NO of an order done.
    LineDone {
        number: String,
        line_no: i64,
        #[arg(long = "as", value_name = "NAME")]
        actor: String,
        #[arg(long)]
        json: bool,
    },
    /// Finish an order: stops the timers, records the closing fields, moves it to done.
    Finish {
        #[command(flatten)]
        work: WorkArgs,
        #[arg(long)]
        resolution: Option<String>,
        #[arg(long)]
        root_cause: Option<String>,
        #[arg(long)]
        notes: Option<String>,
    },
    /// Delete an order (managers only). Its number is never used again.
    Delete {
        number: String,
        #[arg(long = "as", value_name = "NAME")]
        actor: String,
    },
    SetStatus {
        number: String,
        status: String,
        /// Why the order waits (required for waiting_for_parts and waiting_for_customer).
        #[arg(long)]
        reason: Option<String>,
        #[arg(long)]
        json: bool,
        /// Act as this employee (their PIN in JOBCARD_PIN); without it, as the machine's owner.
        #[arg(long = "as", value_name = "NAME")]
        actor: Option<String>,
    },
}

#[derive(Debug, clap::Args)]
pub struct WorkArgs {
    pub number: String,
    /// The employee doing the work; their PIN comes from JOBCARD_PIN.
    #[arg(long = "as", value_name = "NAME")]
    pub actor: String,
    #[arg(long)]
    pub json: bool,
    /// With start and resume: start an order that waits for the customer's approval anyway
    /// (they agreed); without it such an order is refused. Pause and finish ignore it.
    #[arg(long)]
    pub confirm: bool,
}

pub fn run(data_dir: &Path, database: &Database, command: Command) -> ExitCode {
    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(err) => {
            eprintln!("error: cannot start: {err}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(execute(data_dir, database, command)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("error: {err}");
            ExitCode::FAILURE
        }
    }
}

async fn execute(data_dir: &Path, database: &Database, command: Command) -> Result<(), AppError> {
    // Input is read before the database is opened, so bad input never creates a file.
    let lines_input = match &command {
        Command::Orders(OrdersCommand::SetLines { file, .. }) => {
            Some(jobcard_app::parse_lines(&read_input(file)?)?)
        }
        _ => None,
    };
    let create_input = match &command {
        Command::Orders(OrdersCommand::Create { file, .. }) => {
            Some(jobcard_app::parse_new_order(&read_input(file)?)?)
        }
        _ => None,
    };
    if let Command::Backup(BackupCommand::Restore { file }) = &command {
        let kept = jobcard_app::restore_backup(data_dir, database, file, SystemClock.now()).await?;
        output::out_line_str(&match database {
            Database::Embedded(_) => format!(
                "Restored {}. The database it replaced is kept as {}.",
                file.display(),
                kept.display()
            ),
            Database::Shared(url) => format!("Restored {} into {url}.", file.display()),
        });
        return Ok(());
    }
    let app = App::open_on(data_dir, database, Arc::new(SystemClock)).await?;
    let result = match (command, lines_input) {
        (
            Command::Orders(OrdersCommand::SetLines {
                number,
                json,
                actor,
                ..
            }),
            Some(lines),
        ) => app
            .replace_lines(
                &actor_for(&app, actor.as_deref()).await?,
                &number,
                &lines,
                None,
            )
            .await
            .and_then(|order| output::print(json, &order, output::order)),
        (command, _) => dispatch(&app, command, create_input).await,
    };
    app.close().await;
    result
}

async fn dispatch(
    app: &App,
    command: Command,
    create_input: Option<jobcard_app::dto::NewOrder>,
) -> Result<(), AppError> {
    match command {
        Command::Print {
            number,
            kind,
            out,
            lang,
        } => {
            let kind: jobcard_app::print::DocumentKind = kind.parse()?;
            let lang = jobcard_app::print::parse_lang(&lang)?;
            let pdf = app.print_order(&number, kind, lang).await?;
            std::fs::write(&out, &pdf).map_err(|e| {
                AppError::invalid("out", format!("cannot write {}: {e}", out.display()))
            })?;
            output::out_line_str(&format!("Wrote {} ({} bytes)", out.display(), pdf.len()));
        }
        Command::Backup(BackupCommand::Now { dir, json }) => {
            let dir = dir.unwrap_or_else(|| app.default_backup_dir());
            let backup = app.backup_now(&Actor::new("CLI"), &dir).await?;
            output::print(json, &backup, |b| {
                format!("Backup written: {} ({} bytes)\n", b.file, b.bytes)
            })?;
        }
        Command::MigrateTo { url, actor, json } => {
            let actor = actor_for(app, actor.as_deref()).await?;
            let report = app.migrate_to(&actor, &url).await?;
            output::print(json, &report, migration_text)?;
        }
        Command::Backup(BackupCommand::List { dir, json }) => {
            let dir = dir.unwrap_or_else(|| app.default_backup_dir());
            let backups = jobcard_app::list_backups(&dir)?;
            output::print(json, backups.as_slice(), output::backups)?;
        }
        Command::Orders(OrdersCommand::SetLines { .. }) => {
            return Err(AppError::invalid("file", "no lines were read"));
        }
        Command::Orders(OrdersCommand::Start(args) | OrdersCommand::Resume(args)) => {
            let actor = actor_for(app, Some(&args.actor)).await?;
            let order = app
                .start_work_with(&actor, &args.number, args.confirm)
                .await?;
            output::print(args.json, &order, output::order)?;
        }
        Command::Orders(OrdersCommand::Pause(args)) => {
            let order = app
                .pause_work(&actor_for(app, Some(&args.actor)).await?, &args.number)
                .await?;
            output::print(args.json, &order, output::order)?;
        }
        Command::Orders(OrdersCommand::LineDone {
            number,
            line_no,
            actor,
            json,
        }) => {
            let actor = actor_for(app, Some(&actor)).await?;
            let order = app
                .set_line_done(&actor, &number, line_no, true, None)
                .await?;
            output::print(json, &order, output::order)?;
        }
        Command::Orders(OrdersCommand::Finish {
            work,
            resolution,
            root_cause,
            notes,
        }) => {
            let closing = jobcard_app::dto::ClosingInput {
                resolution,
                root_cause,
                notes,
            };
            let actor = actor_for(app, Some(&work.actor)).await?;
            let order = app
                .finish_work(&actor, &work.number, &closing, None)
                .await?;
            output::print(work.json, &order, output::order)?;
        }
        Command::Orders(OrdersCommand::Delete { number, actor }) => {
            app.delete_order(&actor_for(app, Some(&actor)).await?, &number)
                .await?;
            output::out_line_str(&format!("Deleted {number}."));
        }
        Command::Schedule(ScheduleCommand::Suggest {
            minutes,
            mechanic,
            from,
            count,
            json,
        }) => {
            let query = jobcard_app::dto::SlotQuery {
                minutes,
                mechanic,
                from,
                count: Some(count),
            };
            let slots = app.suggest_slots(&query).await?;
            output::print(json, slots.as_slice(), output::slots)?;
        }
        Command::Articles(ArticlesCommand::Import { file, actor, json }) => {
            let text = read_input(&file)?;
            let actor = actor_for(app, actor.as_deref()).await?;
            let report = app.import_articles_csv(&actor, &text).await?;
            output::print(json, &report, output::import_report)?;
            if !report.errors.is_empty() {
                return Err(AppError::invalid(
                    "file",
                    format!("{} bad row(s); nothing was imported", report.errors.len()),
                ));
            }
        }
        Command::Backup(BackupCommand::Restore { .. }) => {
            return Err(AppError::new(
                ErrorCode::Internal,
                "restore runs before the database is opened",
                None,
            ));
        }
        Command::Connector(command) => crate::cli_sync::connector(app, command).await?,
        Command::Orders(OrdersCommand::Mark {
            number,
            connector,
            off,
            actor,
        }) => {
            let actor = actor_for(app, actor.as_deref()).await?;
            app.set_sync_mark(&actor, &number, &connector, !off).await?;
            let state = if off { "unmarked" } else { "marked" };
            output::out_line_str(&format!("{number} is {state} for {connector}."));
        }
        Command::Orders(OrdersCommand::SendStatus {
            number,
            connector,
            actor,
            json,
        }) => {
            let actor = actor_for(app, actor.as_deref()).await?;
            let said = app
                .send_work_status(&actor, &number, connector.as_deref())
                .await?;
            let answer = serde_json::json!({"number": number, "answer": said});
            output::print(json, &answer, |a| {
                format!("{}\n", a["answer"].as_str().unwrap_or_default())
            })?;
        }
        Command::Sync {
            connector,
            until_idle,
            max_wait,
            json,
        } => {
            let synced =
                crate::cli_sync::sync(app, connector.as_deref(), until_idle, max_wait, json)
                    .await?;
            if until_idle && !synced {
                return Err(AppError::new(
                    ErrorCode::NotSynced,
                    "some changes are not synced yet (see above)",
                    None,
                ));
            }
        }
        Command::Demo { force } => {
            let report = app.load_demo_with(force).await?;
            if report.loaded {
                output::out_line_str(&format!(
                    "Loaded the demo workshop: {} employees, {} orders.",
                    report.employees, report.orders
                ));
            } else {
                output::out_line_str("The demo workshop is already loaded; nothing added.");
            }
        }
        Command::Report {
            from,
            to,
            csv,
            json,
        } => {
            let report = app.report(&Actor::new("CLI"), &from, &to).await?;
            if csv {
                output::out(&jobcard_app::report_csv(&report));
            } else {
                output::print(json, &report, output::report)?;
            }
        }
        Command::Orders(OrdersCommand::List {
            status,
            search,
            mechanic,
            from,
            to,
            store,
            sort,
            limit,
            json,
        }) => {
            let query = OrderQuery {
                status,
                search,
                mechanic,
                from,
                to,
                store,
                sort,
                limit: Some(limit),
                offset: None,
            };
            let page = app.list_orders(&query).await?;
            output::print(json, &page, output::order_page)?;
        }
        Command::Orders(OrdersCommand::Show { number, json }) => {
            let order = app.get_order(&number).await?;
            output::print(json, &order, output::order)?;
        }
        Command::Orders(OrdersCommand::Create { json, actor, .. }) => {
            let input =
                create_input.ok_or_else(|| AppError::invalid("file", "no input was read"))?;
            let order = app
                .create_order(&actor_for(app, actor.as_deref()).await?, input)
                .await?;
            output::print(json, &order, output::created)?;
        }
        Command::Orders(OrdersCommand::SetStatus {
            number,
            status,
            reason,
            json,
            actor,
        }) => {
            let order = app
                .set_order_status(
                    &actor_for(app, actor.as_deref()).await?,
                    &number,
                    &status,
                    reason.as_deref(),
                    None,
                )
                .await?;
            output::print(json, &order, output::order)?;
        }
    }
    Ok(())
}

/// The actor of a command: the employee `--as` names, signed in with the PIN in
/// `JOBCARD_PIN`; without `--as`, the machine's owner.
async fn actor_for(app: &App, name: Option<&str>) -> Result<Actor, AppError> {
    let Some(name) = name else {
        return Ok(Actor::new("CLI"));
    };
    let pin = std::env::var("JOBCARD_PIN").map_err(|_| {
        AppError::invalid(
            "pin",
            format!("set JOBCARD_PIN to {name}'s PIN to act as them"),
        )
    })?;
    app.sign_in(name, &pin).await
}

fn read_input(file: &str) -> Result<String, AppError> {
    let mut text = String::new();
    let read = if file == "-" {
        std::io::stdin().read_to_string(&mut text).map(|_| ())
    } else {
        std::fs::read_to_string(file).map(|t| text = t)
    };
    read.map_err(|err| AppError::invalid("file", format!("cannot read {file}: {err}")))?;
    Ok(text)
}

/// `migrate-to`'s report: each table with its rows and money sums, both sides agreeing.
fn migration_text(report: &jobcard_app::dto::MigrationReport) -> String {
    let mut text = format!(
        "Copied into {}: {} rows in {} tables, checked on both sides ({}.{} s).\n",
        report.target,
        report.rows,
        report.tables.len(),
        report.elapsed_ms / 1000,
        report.elapsed_ms % 1000 / 100
    );
    for table in &report.tables {
        text.push_str(&format!("  {:<16} {:>9} rows", table.table, table.rows));
        for sum in &table.sums {
            text.push_str(&format!("  {} {}", sum.column, sum.cents));
        }
        text.push('\n');
    }
    text.push_str(&format!(
        "  {:<16} {:>9} rows (rebuilt)\n",
        "order_search", report.search_rows
    ));
    text.push_str("Point every seat at it with --database-url or JOBCARD_DATABASE_URL.\n");
    text
}
