//! The one request pipeline, the same for every vendor and in this fixed order:
//! read (within the body limit) -> route -> world by credential -> authenticate -> rate limit
//! -> fault rules -> handler -> vendor envelope -> journal. Cross-cutting code lives here and
//! nowhere else. The world lock is held only around the synchronous steps; fault delays and
//! hangs are awaited with no lock held.

use super::App;
use super::request::{ApiRequest, DecodeError};
use super::response::ApiResponse;
use crate::sim::clock::format_ms;
use crate::sim::faults::{Decision, Effect, RequestFacts};
use crate::sim::journal::{AuthOutcome, Entry};
use crate::sim::{Ids, Sim, VendorId};
use crate::vendors::{Ctx, Endpoint, Vendor, VendorError};
use http::StatusCode;
use hyper::body::Incoming;
use std::time::{Duration, Instant};

/// The answer, or what a fault rule did instead.
pub enum Outcome {
    Answer(ApiResponse),
    /// Close the connection without a response.
    Drop,
    /// Keep the connection open without ever answering (until shutdown).
    Hang,
}

/// What the journal learns along the way.
struct Trace {
    endpoint: Option<&'static str>,
    device: Option<String>,
    auth: AuthOutcome,
    fault: Option<String>,
}

/// Serves one vendor request from start to journal.
pub async fn serve<V: Vendor>(app: &App, req: http::Request<Incoming>) -> Outcome {
    let started = Instant::now();
    let (request, read_error) = ApiRequest::read(req, V::BODY_LIMIT).await;
    let endpoint = V::route(&request.method, &request);
    // After a read error the body is empty, but a credential sent in a header still names
    // the world, so the refusal is journaled where the client will look for it.
    let credential = V::credential(&request);
    let sim = credential
        .as_deref()
        .and_then(|c| app.worlds.by_credential(V::ID, c));
    let journal_world = sim.clone().or_else(|| app.worlds.default_world());
    let arrived_ms = journal_world.as_ref().map_or(0, |w| w.clock.now_ms());
    let mut trace = Trace {
        endpoint: endpoint.map(Endpoint::id),
        device: None,
        auth: AuthOutcome::Skipped,
        fault: None,
    };
    let ids = sim.as_ref().map_or(&app.fallback_ids, |s| &s.ids);

    let outcome = match (read_error, endpoint) {
        (Some(err), _) => Outcome::Answer(V::unreadable_body(&err).render(ids)),
        (None, None) => Outcome::Answer(V::unknown_endpoint(&request).render(ids)),
        (None, Some(endpoint)) => match &sim {
            None => {
                trace.auth = AuthOutcome::UnknownCredential;
                Outcome::Answer(V::unknown_credential(&request).render(ids))
            }
            Some(sim) => {
                let credential = credential.as_deref().unwrap_or_default();
                run::<V>(sim, endpoint, &request, credential, &mut trace).await
            }
        },
    };

    if let Some(world) = journal_world {
        let arrival = Arrival {
            vendor: V::ID,
            at_ms: arrived_ms,
            started,
            credential,
        };
        record(&world, arrival, &request, &trace, &outcome);
    }
    if matches!(outcome, Outcome::Hang) {
        let mut shutdown = app.shutdown.clone();
        let _ = shutdown.wait_for(|stopping| *stopping).await;
        return Outcome::Drop;
    }
    outcome
}

/// The steps after the world is known.
async fn run<V: Vendor>(
    sim: &Sim,
    endpoint: V::Endpoint,
    request: &ApiRequest,
    credential: &str,
    trace: &mut Trace,
) -> Outcome {
    if let Err(refused) = admit::<V>(sim, endpoint, request, credential, trace) {
        return Outcome::Answer(refused.render(&sim.ids));
    }

    let decision = match fault_decision::<V>(sim, endpoint, request, trace.device.as_deref()) {
        Ok(d) => d,
        Err(bad_header) => return Outcome::Answer(bad_header.render(&sim.ids)),
    };
    let mut effect = Effect::Pass;
    if let Some(Decision {
        rule,
        delay_ms,
        effect: fault_effect,
    }) = decision
    {
        trace.fault = Some(rule);
        if let Some(ms) = delay_ms {
            tokio::time::sleep(Duration::from_millis(ms)).await;
        }
        effect = fault_effect;
    }
    match effect {
        Effect::Error { code, message } => match V::coded_error(&code, message.as_deref()) {
            Some(err) => Outcome::Answer(err.render(&sim.ids)),
            None => Outcome::Answer(handle::<V>(sim, endpoint, request, credential)),
        },
        Effect::Status(status) => Outcome::Answer(ApiResponse::gateway(
            StatusCode::from_u16(status).unwrap_or(StatusCode::BAD_GATEWAY),
        )),
        Effect::Drop => Outcome::Drop,
        Effect::Hang => Outcome::Hang,
        Effect::Malformed => {
            Outcome::Answer(handle::<V>(sim, endpoint, request, credential).malformed())
        }
        Effect::Pass => Outcome::Answer(handle::<V>(sim, endpoint, request, credential)),
    }
}

/// Authentication and rate limiting, under the world lock.
fn admit<V: Vendor>(
    sim: &Sim,
    endpoint: V::Endpoint,
    request: &ApiRequest,
    credential: &str,
    trace: &mut Trace,
) -> Result<(), V::Error> {
    let mut world = sim.world.lock();
    let now_ms = sim.clock.now_ms();
    let mut ctx = Ctx {
        world: &mut world,
        now_ms,
        ids: &sim.ids,
        credential,
    };
    trace.auth = AuthOutcome::Failed;
    V::authenticate(&mut ctx, endpoint, request)?;
    trace.auth = AuthOutcome::Ok;
    trace.device = V::device(&ctx, endpoint, request);
    if let Some(per_second) = V::rate_limit(endpoint).filter(|_| world.rate_limits) {
        let key = format!("{credential}\u{1f}{}", endpoint.id());
        if !world.rates.admit(&key, now_ms, per_second) {
            return Err(V::rate_limited(endpoint));
        }
    }
    Ok(())
}

/// Header rules (`X-Camsim-Error`, `X-Camsim-Delay`) first, then the world's rules.
fn fault_decision<V: Vendor>(
    sim: &Sim,
    endpoint: V::Endpoint,
    request: &ApiRequest,
    device: Option<&str>,
) -> Result<Option<Decision>, V::Error> {
    if let Some(decision) = header_rule::<V>(request)? {
        return Ok(Some(decision));
    }
    if sim.faults.is_empty() {
        return Ok(None);
    }
    let param = |name: &str| request.param_text(name);
    let facts = RequestFacts {
        vendor: V::ID,
        endpoint: endpoint.id(),
        device,
        cmd_id: V::cmd_id(endpoint, request),
        param: &param,
    };
    Ok(sim.faults.decide(&facts, &sim.ids))
}

pub const ERROR_HEADER: &str = "x-camsim-error";
pub const DELAY_HEADER: &str = "x-camsim-delay";

fn header_rule<V: Vendor>(request: &ApiRequest) -> Result<Option<Decision>, V::Error> {
    let code = request.header(ERROR_HEADER).map(str::trim);
    let delay = request.header(DELAY_HEADER).map(str::trim);
    if code.is_none() && delay.is_none() {
        return Ok(None);
    }
    let delay_ms = match delay {
        None => None,
        Some(text) => Some(text.parse::<u64>().map_err(|_| {
            V::Error::from(DecodeError::Invalid {
                name: "X-Camsim-Delay".into(),
                reason: format!("`{text}` is not a number of milliseconds"),
            })
        })?),
    };
    let effect = match code {
        None => Effect::Pass,
        Some(code) if V::coded_error(code, None).is_some() => Effect::Error {
            code: code.to_string(),
            message: None,
        },
        Some(code) => {
            return Err(V::Error::from(DecodeError::Invalid {
                name: "X-Camsim-Error".into(),
                reason: format!(
                    "`{code}` is not a {} code; valid codes: {}",
                    V::ID,
                    V::codes().join(", ")
                ),
            }));
        }
    };
    Ok(Some(Decision {
        rule: "header".into(),
        delay_ms,
        effect,
    }))
}

/// The handler, under the world lock; its error rendered in the vendor's envelope.
fn handle<V: Vendor>(
    sim: &Sim,
    endpoint: V::Endpoint,
    request: &ApiRequest,
    credential: &str,
) -> ApiResponse {
    let mut world = sim.world.lock();
    let mut ctx = Ctx {
        world: &mut world,
        now_ms: sim.clock.now_ms(),
        ids: &sim.ids,
        credential,
    };
    match V::handle(&mut ctx, endpoint, request) {
        Ok(response) => response,
        Err(err) => err.render(&sim.ids),
    }
}

/// When and how a request came in, for its journal entry.
struct Arrival {
    vendor: VendorId,
    /// World-clock time the request arrived (before any injected delay).
    at_ms: i64,
    started: Instant,
    credential: Option<String>,
}

fn record(sim: &Sim, arrival: Arrival, request: &ApiRequest, trace: &Trace, outcome: &Outcome) {
    let Arrival {
        vendor,
        at_ms,
        started,
        credential,
    } = arrival;
    let latency_ms = (started.elapsed().as_secs_f64() * 1_000_000.0).round() / 1000.0;
    let (status, code, body) = match outcome {
        Outcome::Answer(r) => (r.status.as_u16(), r.code.clone(), sim.journal.clip(&r.body)),
        Outcome::Drop | Outcome::Hang => (0, None, String::new()),
    };
    tracing::debug!(
        world = %sim.name,
        %vendor,
        endpoint = trace.endpoint.unwrap_or("-"),
        status,
        code = code.as_deref().unwrap_or("-"),
        latency_ms,
        "request"
    );
    sim.journal.record(Entry {
        seq: 0,
        time: format_ms(at_ms),
        time_ms: at_ms,
        vendor,
        endpoint: trace.endpoint.map(str::to_string),
        method: request.method.to_string(),
        path: request.path.clone(),
        device: trace.device.clone(),
        credential,
        auth: trace.auth,
        code,
        status,
        latency_ms,
        fault: trace.fault.clone(),
        request_body: sim.journal.clip(&request.body),
        response_body: body,
    });
}

/// Ids for answers that belong to no world.
pub fn fallback_ids() -> Ids {
    Ids::new(0)
}
