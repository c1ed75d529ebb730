//! What every fake's binary (`fake-mes --port P ...`) shares: the `--port` argument and the
//! "print `listening on URL`, then serve until killed" the e2e tests wait for. Each binary
//! keeps its own credentials arguments.

use crate::remote::{Remote, Snapshot};
use std::io::Write;

/// The `--port` argument (flatten it into the binary's arguments).
#[derive(clap::Args, Debug)]
pub struct Listen {
    /// Port on 127.0.0.1 (0: pick a free one).
    #[arg(long, default_value_t = 0)]
    pub port: u16,
}

/// Prints `listening on http://127.0.0.1:PORT` (flushed: a parent process reads it), then
/// serves until the process is killed.
pub async fn serve_main<S: Snapshot>(remote: &Remote<S>) -> std::io::Result<()> {
    let mut stdout = std::io::stdout();
    writeln!(stdout, "listening on {}", remote.base_url())?;
    stdout.flush()?;
    std::future::pending::<()>().await;
    Ok(())
}
