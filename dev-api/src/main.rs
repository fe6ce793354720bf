//! `dev-api`: start the local connection API (see `--help` and the README).

use std::process::ExitCode;

use dev_api::config::{Config, USAGE};
use tokio::signal::unix::{Signal, SignalKind, signal};

#[tokio::main]
async fn main() -> ExitCode {
    let config = match Config::from_args(std::env::args().skip(1)) {
        Ok(Some(config)) => config,
        Ok(None) => {
            print!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        Err(message) => {
            eprintln!("dev-api: {message}");
            return ExitCode::from(2);
        }
    };
    // Listen for Ctrl-C and SIGTERM before announcing the address: whoever reads that line may stop
    // us right away, and a signal that arrives before its handler would kill the process outright.
    let mut interrupt = signal(SignalKind::interrupt()).ok();
    let mut terminate = signal(SignalKind::terminate()).ok();
    let (address, handle) = match dev_api::serve(config).await {
        Ok(started) => started,
        Err(error) => {
            eprintln!("dev-api: cannot start: {error}");
            return ExitCode::FAILURE;
        }
    };
    println!("dev-api listening on http://127.0.0.1:{}", address.port());
    tokio::select! {
        _ = received(&mut interrupt) => {}
        _ = received(&mut terminate) => {}
    }
    // Stop cleanly, so SQLite closes the file.
    handle.shutdown().await;
    ExitCode::SUCCESS
}

async fn received(signal: &mut Option<Signal>) {
    match signal {
        Some(signal) => {
            signal.recv().await;
        }
        None => std::future::pending().await,
    }
}
