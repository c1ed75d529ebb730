//! `fake-mes`: run the fake MES as a process (manual poking, the e2e tests).
//! Prints `listening on http://127.0.0.1:PORT` once bound.

use clap::Parser;
use jobcard_fake_faults::bin_support::{Listen, serve_main};
use jobcard_fake_mes::{FakeConfig, FakeServer};

#[derive(Parser)]
#[command(about = "A stateful fake of an MES work-order API")]
struct Args {
    #[command(flatten)]
    listen: Listen,
    /// The API key accepted as `Authorization: Bearer KEY`.
    #[arg(long, default_value = "mes-key")]
    api_key: String,
}

#[tokio::main]
async fn main() -> std::io::Result<()> {
    let args = Args::parse();
    let config = FakeConfig {
        api_key: args.api_key,
    };
    let server = FakeServer::start_on(config, args.listen.port).await?;
    serve_main(&server).await
}
