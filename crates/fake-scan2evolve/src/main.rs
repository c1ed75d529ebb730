//! `fake-scan2evolve`: run the fake Scan2Evolve as a process (manual poking, the e2e tests).
//! Prints `listening on http://127.0.0.1:PORT` once bound.

use clap::Parser;
use jobcard_fake_faults::bin_support::{Listen, serve_main};
use jobcard_fake_scan2evolve::{FakeConfig, FakeServer};

#[derive(Parser)]
#[command(about = "A stateful fake of the Scan2Evolve work-order API")]
struct Args {
    #[command(flatten)]
    listen: Listen,
    /// The v1 API token accepted as `Authorization: Bearer TOKEN` on the GET endpoints.
    #[arg(long, default_value = "s2e-token")]
    api_token: String,
    /// The downstream integration's Bearer token (the sync POST).
    #[arg(long, default_value = "s2e-downstream")]
    downstream_token: String,
    /// The downstream integration's `X-API-KEY` (the sync POST).
    #[arg(long, default_value = "s2e-key")]
    downstream_api_key: String,
}

#[tokio::main]
async fn main() -> std::io::Result<()> {
    let args = Args::parse();
    let config = FakeConfig {
        api_token: args.api_token,
        downstream_token: args.downstream_token,
        downstream_api_key: args.downstream_api_key,
    };
    let server = FakeServer::start_on(config, args.listen.port).await?;
    serve_main(&server).await
}
