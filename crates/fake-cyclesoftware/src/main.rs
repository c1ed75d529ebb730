//! `fake-cyclesoftware`: run the fake as a process (for the benchmark or
//! manual poking). Prints `listening on http://127.0.0.1:PORT` once bound.

use clap::Parser;
use jobcard_fake_cyclesoftware::{FakeConfig, FakeServer};
use std::io::Write;

#[derive(Parser)]
#[command(about = "A stateful fake of the CycleSoftware REST API")]
struct Args {
    /// Port on 127.0.0.1 (0: pick a free one).
    #[arg(long, default_value_t = 0)]
    port: u16,
    #[arg(long, default_value = "jobcard")]
    username: String,
    #[arg(long, default_value = "secret")]
    password: String,
    #[arg(long, default_value_t = 360)]
    minutely_limit: u32,
    #[arg(long, default_value_t = 15_000)]
    daily_limit: u32,
}

#[tokio::main]
async fn main() -> std::io::Result<()> {
    let args = Args::parse();
    let config = FakeConfig {
        username: args.username,
        password: args.password,
        minutely_limit: args.minutely_limit,
        daily_limit: args.daily_limit,
    };
    let server = FakeServer::start_on(config, args.port).await?;
    let mut stdout = std::io::stdout();
    writeln!(stdout, "listening on {}", server.base_url())?;
    stdout.flush()?;
    std::future::pending::<()>().await;
    Ok(())
}
