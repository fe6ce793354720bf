//! The listener: HTTP/1.1 on 127.0.0.1, one log line per request, and the `drop` fault.
//!
//! The connection loop is our own rather than `axum::serve` for one reason: the `drop` fault must
//! close the TCP connection without an answer, so the browser's `fetch` sees a network error. Hyper
//! does exactly that when the service fails, and only a loop of our own can make it fail.

use std::fmt;
use std::io;
use std::net::{Ipv4Addr, SocketAddr};
use std::time::Instant;

use axum::Router;
use axum::extract::Request;
use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper_util::rt::{TokioIo, TokioTimer};
use tokio::net::TcpListener;
use tokio::sync::oneshot;
use tokio::task::{JoinHandle, JoinSet};
use tower::ServiceExt;

use crate::auth::AuthKeys;
use crate::config::Config;
use crate::faults::DropConnection;
use crate::host::Hosts;
use crate::routes;
use crate::state::AppState;
use crate::static_files::StaticSite;
use crate::store::Store;

/// The error that makes hyper close a connection without answering.
#[derive(Debug)]
struct Dropped;

impl fmt::Display for Dropped {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("connection dropped by the drop fault")
    }
}

impl std::error::Error for Dropped {}

/// A running server.
pub struct ServerHandle {
    shutdown: Option<oneshot::Sender<()>>,
    task: JoinHandle<()>,
}

impl ServerHandle {
    /// Stops accepting, closes open connections and waits until the server is gone (and with it
    /// the database).
    pub async fn shutdown(mut self) {
        if let Some(shutdown) = self.shutdown.take() {
            let _ = shutdown.send(());
        }
        let _ = (&mut self.task).await;
    }
}

impl Drop for ServerHandle {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// Opens the database, reads `--static`'s `_headers`, binds 127.0.0.1 and serves until shut down.
/// Returns the address actually bound (`--port 0` picks a free port).
pub async fn serve(config: Config) -> io::Result<(SocketAddr, ServerHandle)> {
    // A malformed `_headers` stops the start, before anything is bound or opened.
    let static_site = config.static_dir.clone().map(StaticSite::open).transpose()?;
    let store = Store::open(&config.db).map_err(io::Error::other)?;
    let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, config.port)).await?;
    let address = listener.local_addr()?;
    let auth = AuthKeys::new(config.require_auth, config.jwt_secret.as_deref()).with_identity(config.token_identity);
    let hosts = Hosts {
        port: address.port(),
        allowed: config.allowed_hosts,
    };
    let state = AppState::new(store, auth, hosts, static_site);
    let app = routes::router(state, &config.allow_origins);
    let (shutdown, stopped) = oneshot::channel();
    let task = tokio::spawn(accept_loop(listener, app, stopped));
    Ok((
        address,
        ServerHandle {
            shutdown: Some(shutdown),
            task,
        },
    ))
}

async fn accept_loop(listener: TcpListener, app: Router, mut stopped: oneshot::Receiver<()>) {
    let mut connections = JoinSet::new();
    loop {
        // Forget connections that have ended.
        while connections.try_join_next().is_some() {}
        let accepted = tokio::select! {
            _ = &mut stopped => break,
            accepted = listener.accept() => accepted,
        };
        let stream = match accepted {
            Ok((stream, _)) => stream,
            Err(error) => {
                // Out of file descriptors and the like: wait a little rather than spin.
                eprintln!("dev-api: accept failed: {error}");
                tokio::time::sleep(std::time::Duration::from_millis(50)).await;
                continue;
            }
        };
        let _ = stream.set_nodelay(true);
        let app = app.clone();
        connections.spawn(async move {
            let service = hyper::service::service_fn(move |request: Request<Incoming>| handle(app.clone(), request));
            let _ = http1::Builder::new()
                .timer(TokioTimer::new())
                .serve_connection(TokioIo::new(stream), service)
                .await;
        });
    }
    connections.shutdown().await;
}

async fn handle(app: Router, request: Request<Incoming>) -> Result<axum::response::Response, Dropped> {
    let started = Instant::now();
    let method = request.method().clone();
    // The path only: no query string, no headers, no body ever reach the log.
    let path = request.uri().path().to_owned();
    let response = match app.oneshot(request.map(axum::body::Body::new)).await {
        Ok(response) => response,
        Err(never) => match never {},
    };
    let elapsed = started.elapsed().as_secs_f64() * 1000.0;
    if response.extensions().get::<DropConnection>().is_some() {
        eprintln!("{method} {path} dropped {elapsed:.1}ms");
        return Err(Dropped);
    }
    eprintln!("{method} {path} {} {elapsed:.1}ms", response.status().as_u16());
    Ok(response)
}
