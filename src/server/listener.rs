//! One accept loop per listener: HTTP/1.1 keep-alive connections served by a `service_fn`,
//! with graceful shutdown: on the stop signal the loop stops accepting, and in-flight requests
//! get the grace period to finish. HTTP/1.1 only: every vendor API and SDK speaks it, and the
//! protocol sniffing of hyper-util's auto builder would cost every connection for nothing.

use super::{App, Role, dispatch};
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper_util::rt::TokioIo;
use hyper_util::server::graceful::GracefulShutdown;
use std::sync::Arc;
use std::time::Duration;
use tokio::net::TcpListener;

pub async fn accept_loop(listener: TcpListener, app: Arc<App>, role: Role, grace: Duration) {
    let graceful = GracefulShutdown::new();
    let mut stop = app.shutdown.clone();
    loop {
        tokio::select! {
            accepted = listener.accept() => {
                let Ok((stream, _)) = accepted else { continue };
                // Small JSON answers: send them now, not after Nagle's delay.
                let _ = stream.set_nodelay(true);
                let app = app.clone();
                let service = service_fn(move |req| dispatch(app.clone(), role, req));
                let connection = http1::Builder::new()
                    .serve_connection(TokioIo::new(stream), service);
                let watched = graceful.watch(connection);
                tokio::spawn(async move {
                    let _ = watched.await;
                });
            }
            _ = stop.wait_for(|stopping| *stopping) => break,
        }
    }
    drop(listener);
    tokio::select! {
        _ = graceful.shutdown() => {}
        _ = tokio::time::sleep(grace) => {
            tracing::warn!(listener = role.name(), "grace period over; closing open connections");
        }
    }
}
