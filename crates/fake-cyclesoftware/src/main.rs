//! `fake-cyclesoftware`: run the fake as a process (for the benchmark or
//! manual poking). Prints `listening on http://127.0.0.1:PORT` once bound.

use clap::Parser;
use jobcard_fake_cyclesoftware::{FakeConfig, FakeServer};
use jobcard_fake_faults::bin_support::{Listen, serve_main};

#[derive(Parser)]
#[command(about = "A stateful fake of the CycleSoftware REST API")]
struct Args {
    #[command(flatten)]
    listen: Listen,
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
    let server = FakeServer::start_on(config, args.listen.port).await?;
    serve_main(&server).await
}
