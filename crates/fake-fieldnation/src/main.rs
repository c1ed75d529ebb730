//! `fake-fieldnation`: run the fake Field Nation API as a process (manual poking, the e2e
//! tests). Prints `listening on http://127.0.0.1:PORT` once bound.

use clap::Parser;
use jobcard_fake_faults::bin_support::{Listen, serve_main};
use jobcard_fake_fieldnation::{FakeConfig, FakeServer};

#[derive(Parser)]
#[command(about = "A stateful fake of Field Nation's REST v2 work-order API")]
struct Args {
    #[command(flatten)]
    listen: Listen,
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
    let server = FakeServer::start_on(config, args.listen.port).await?;
    serve_main(&server).await
}
