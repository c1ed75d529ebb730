//! `fake-fieldnation`: run the fake Field Nation API as a process (manual poking, the e2e
//! tests). Prints `listening on http://127.0.0.1:PORT` once bound.

use clap::Parser;
use jobcard_fake_fieldnation::{FakeConfig, FakeServer};
use std::io::Write;

#[derive(Parser)]
#[command(about = "A stateful fake of Field Nation's REST v2 work-order API")]
struct Args {
    /// Port on 127.0.0.1 (0: pick a free one).
    #[arg(long, default_value_t = 0)]
    port: u16,
    /// The token accepted as the `access_token` query parameter.
    #[arg(long, default_value = "fn-token")]
    access_token: String,
}

#[tokio::main]
async fn main() -> std::io::Result<()> {
    let args = Args::parse();
    let config = FakeConfig {
        access_token: args.access_token,
    };
    let server = FakeServer::start_on(config, args.port).await?;
    let mut stdout = std::io::stdout();
    writeln!(stdout, "listening on {}", server.base_url())?;
    stdout.flush()?;
    std::future::pending::<()>().await;
    Ok(())
}
