//! The HTTP side: binds one listener per vendor plus control, routes each request to the
//! pipeline (vendors) or the control API, applies CORS, and stops gracefully.

pub mod connection;
pub mod listener;
pub mod pipeline;

use crate::admin;
use crate::api::body::Body;
pub use crate::app::{App, Urls};
use crate::config::Config;
use crate::cors::Cors;
use crate::sim::worlds::RegistryError;
use crate::sim::{Sim, VendorId, Worlds};
use crate::vendors::{gwell::Gwell, onenet::Onenet, sodalife::Sodalife, tencent::Tencent};
use hyper::body::Incoming;
use hyper::{Request, Response};
use pipeline::Outcome;
use std::fmt;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Instant;
use tokio::net::TcpListener;
use tokio::sync::watch;
use tokio::task::JoinHandle;

/// Which listener a request came in on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    Control,
    Vendor(VendorId),
}

impl Role {
    pub fn name(self) -> &'static str {
        match self {
            Role::Control => "control",
            Role::Vendor(v) => v.as_str(),
        }
    }
}

/// A request that must not be answered (fault `drop`/`hang`): hyper closes the connection.
#[derive(Debug)]
pub struct Dropped;

impl fmt::Display for Dropped {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("connection dropped on purpose by a fault rule")
    }
}

impl std::error::Error for Dropped {}

pub async fn dispatch(
    app: Arc<App>,
    role: Role,
    req: Request<Incoming>,
) -> Result<Response<Body>, Dropped> {
    if let Some(preflight) = app.cors.preflight(req.method(), req.headers()) {
        return Ok(preflight.map(Body::Full));
    }
    // Only the Origin is needed after the request is consumed; copying every header is not.
    let origin = req.headers().get(http::header::ORIGIN).cloned();
    let outcome = match role {
        Role::Control => Outcome::Answer(admin::serve(app.clone(), req).await),
        Role::Vendor(VendorId::Gwell) => pipeline::serve::<Gwell>(&app, req).await,
        Role::Vendor(VendorId::Sodalife) => pipeline::serve::<Sodalife>(&app, req).await,
        Role::Vendor(VendorId::Onenet) => pipeline::serve::<Onenet>(&app, req).await,
        Role::Vendor(VendorId::Tencent) => pipeline::serve::<Tencent>(&app, req).await,
    };
    match outcome {
        Outcome::Answer(answer) => {
            let mut response = answer.into_hyper();
            app.cors.decorate(origin.as_ref(), response.headers_mut());
            Ok(response)
        }
        Outcome::Drop | Outcome::Hang => Err(Dropped),
    }
}

#[derive(Debug)]
pub enum StartError {
    Bind {
        listener: &'static str,
        addr: SocketAddr,
        error: std::io::Error,
    },
    Worlds(RegistryError),
    NoWorld,
    PortBase(u16),
}

impl fmt::Display for StartError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StartError::Bind {
                listener,
                addr,
                error,
            } => {
                write!(f, "cannot listen for {listener} on {addr}: {error}")
            }
            StartError::Worlds(e) => write!(f, "{e}"),
            StartError::NoWorld => f.write_str("no scenario to build a world from"),
            StartError::PortBase(base) => write!(
                f,
                "--port-base {base} leaves no room for the vendor ports (base + 5 must be at most 65535)"
            ),
        }
    }
}

impl std::error::Error for StartError {}

pub struct Simulator;

/// A started camsim: its URLs, its worlds, and the handle that stops it.
pub struct RunningSim {
    pub urls: Urls,
    app: Arc<App>,
    stop: watch::Sender<bool>,
    tasks: Vec<JoinHandle<()>>,
}

const ROLES: [Role; 5] = [
    Role::Control,
    Role::Vendor(VendorId::Gwell),
    Role::Vendor(VendorId::Sodalife),
    Role::Vendor(VendorId::Onenet),
    Role::Vendor(VendorId::Tencent),
];

impl Simulator {
    /// Builds the worlds, binds every listener and starts serving. Returns once all listen.
    pub async fn start(config: Config) -> Result<RunningSim, StartError> {
        if config.worlds.is_empty() {
            return Err(StartError::NoWorld);
        }
        let sims = config
            .worlds
            .iter()
            .map(|w| Sim::new(&w.name, Arc::new(w.scenario.clone()), config.seed))
            .collect::<Vec<Sim>>();
        let worlds = Worlds::new(sims).map_err(StartError::Worlds)?;

        let mut bound = Vec::with_capacity(ROLES.len());
        for role in ROLES {
            let vendor = match role {
                Role::Control => None,
                Role::Vendor(v) => Some(v),
            };
            let port = config
                .port(vendor)
                .ok_or(StartError::PortBase(config.port_base))?;
            let addr = SocketAddr::new(config.bind, port);
            let listener = TcpListener::bind(addr)
                .await
                .map_err(|error| StartError::Bind {
                    listener: role.name(),
                    addr,
                    error,
                })?;
            let local = listener.local_addr().map_err(|error| StartError::Bind {
                listener: role.name(),
                addr,
                error,
            })?;
            bound.push((role, listener, url_of(local)));
        }
        let url = |i: usize| bound[i].2.clone();
        let urls = Urls {
            control: url(0),
            gwell: url(1),
            sodalife: url(2),
            onenet: url(3),
            tencent: url(4),
        };
        let (stop, shutdown) = watch::channel(false);
        let app = Arc::new(App {
            worlds,
            fallback_ids: pipeline::fallback_ids(),
            shutdown,
            cors: Cors::new(config.cors_origins.clone()),
            urls: urls.clone(),
            seed_override: config.seed,
            started: Instant::now(),
            world_builds: parking_lot::Mutex::new(()),
            body_read_timeout: config.body_read_timeout,
            media: crate::media::cache::MediaCache::new(config.media_cache_bytes),
        });
        let limits = listener::Limits::of(&config);
        let tasks = bound
            .into_iter()
            .map(|(role, listener, _)| {
                tokio::spawn(listener::accept_loop(listener, app.clone(), role, limits))
            })
            .collect();
        Ok(RunningSim {
            urls,
            app,
            stop,
            tasks,
        })
    }
}

/// A URL a client can call: an unspecified bind address is reached through loopback.
fn url_of(addr: SocketAddr) -> String {
    let host = if addr.ip().is_unspecified() {
        match addr {
            SocketAddr::V4(_) => "127.0.0.1".to_string(),
            SocketAddr::V6(_) => "[::1]".to_string(),
        }
    } else {
        match addr {
            SocketAddr::V4(a) => a.ip().to_string(),
            SocketAddr::V6(a) => format!("[{}]", a.ip()),
        }
    };
    format!("http://{host}:{}", addr.port())
}

impl RunningSim {
    /// The one JSON line printed when every listener is up.
    pub fn ready_line(&self) -> String {
        serde_json::to_string(&self.urls).unwrap_or_default()
    }

    pub fn worlds(&self) -> &Worlds {
        &self.app.worlds
    }

    /// Stops accepting, lets in-flight requests finish (within the grace period), returns.
    pub async fn shutdown(self) {
        let _ = self.stop.send(true);
        for task in self.tasks {
            let _ = task.await;
        }
    }
}
