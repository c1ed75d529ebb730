//! `fake-trustpager`: run the fake TrustPager as a process (manual poking, the e2e tests).
//! Prints `listening on http://127.0.0.1:PORT` once bound.

use clap::Parser;
use jobcard_fake_trustpager::{FakeConfig, FakeServer};
use std::io::Write;

#[derive(Parser)]
#[command(about = "A stateful fake of the TrustPager work-order API")]
struct Args {
    /// Port on 127.0.0.1 (0: pick a free one).
    #[arg(long, default_value_t = 0)]
    port: u16,
    /// The API key accepted as `Authorization: Bearer KEY`.
    #[arg(long, default_value = "tp-key")]
    api_key: String,
}

#[tokio::main]
async fn main() -> std::io::Result<()> {
    let args = Args::parse();
    let config = FakeConfig {
        api_key: args.api_key,
    };
    let server = FakeServer::start_on(config, args.port).await?;
    let mut stdout = std::io::stdout();
    writeln!(stdout, "listening on {}", server.base_url())?;
    stdout.flush()?;
    std::future::pending::<()>().await;
    Ok(())
}
