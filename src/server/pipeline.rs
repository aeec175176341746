//! The one request pipeline, the same for every vendor and in this fixed order:
//! read (within the body limit) -> route -> world by credential -> authenticate -> rate limit
//! -> fault rules -> handler -> vendor envelope -> journal. Cross-cutting code lives here and
//! nowhere else. The world lock is held only around the synchronous steps; fault delays and
//! hangs are awaited with no lock held.

use super::App;
use crate::api::request::{ApiRequest, DecodeError};
use crate::api::response::ApiResponse;
use crate::api::response::Media;
use crate::sim::faults::{Decision, Effect, MAX_DELAY_MS, RequestFacts};
use crate::sim::journal::{AuthOutcome, Record};
use crate::sim::worlds::WorldCredentials;
use crate::sim::{Ids, Sim, VendorId, Worlds};
use crate::vendors::{AuthCtx, Ctx, Endpoint, Handled, Vendor, VendorError};
use http::{HeaderName, StatusCode};
use hyper::body::Incoming;
use std::borrow::Cow;
use std::ops::ControlFlow::{Break, Continue};
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
    /// Why authentication refused the request, in words for a person.
    auth_reason: Option<String>,
    /// The text camsim signed, when the client's signature differed from it.
    string_to_sign: Option<String>,
    fault: Option<String>,
}

impl Trace {
    fn unknown_credential(&mut self, vendor: VendorId, credential: Option<&str>) {
        self.auth = AuthOutcome::UnknownCredential;
        self.auth_reason = Some(match credential {
            None => format!("the request carries no {vendor} credential"),
            Some(c) => format!("no world claims the {vendor} credential `{c}`"),
        });
    }
}

/// Serves one vendor request from start to journal.
pub async fn serve<V: Vendor>(app: &App, req: http::Request<Incoming>) -> Outcome {
    let started = Instant::now();
    // Routed on the request line and headers alone: the endpoint says how its body is read.
    let (mut request, body) = ApiRequest::head(req);
    let endpoint = V::route(&request.method, &request);
    let read_error = request
        .read_body(body, V::body_plan(endpoint), app.body_read_timeout)
        .await;
    // After a read error the body is empty, but a credential sent in a header still names
    // the world, so the refusal is journaled where the client will look for it.
    let credential = V::credential(&request);
    let open = endpoint.is_some_and(V::open);
    let sim = credential
        .as_deref()
        .and_then(|c| app.worlds.by_credential(V::ID, c))
        .or_else(|| open.then(|| app.worlds.default_world()).flatten());
    // Borrowed, not cloned: every `Sim` clone writes a count both cores share.
    let default_world;
    let journal_world: Option<&Sim> = match &sim {
        Some(world) => Some(world),
        None => {
            default_world = app.worlds.default_world();
            default_world.as_ref()
        }
    };
    let arrived_ms = journal_world.map_or(0, |w| w.clock.now_ms());
    let mut trace = Trace {
        endpoint: endpoint.map(Endpoint::id),
        device: None,
        auth: AuthOutcome::Skipped,
        auth_reason: None,
        string_to_sign: None,
        fault: None,
    };
    let ids = sim.as_ref().map_or(&app.fallback_ids, |s| &s.ids);

    let outcome = match (read_error, endpoint) {
        (Some(err), endpoint) => {
            Outcome::Answer(V::unreadable_body(endpoint, &err).render_for(&request, ids))
        }
        (None, None) => Outcome::Answer(V::unknown_endpoint(&request).render_for(&request, ids)),
        (None, Some(endpoint)) => match &sim {
            None => {
                trace.unknown_credential(V::ID, credential.as_deref());
                Outcome::Answer(V::unknown_credential(&request).render_for(&request, ids))
            }
            Some(sim) => {
                let credential = credential.as_deref().unwrap_or_default();
                // Work that needs no world happens before the lock (body parsing); uploads
                // are inspected off the async workers.
                if request.files.is_empty() {
                    V::prepare(endpoint, &request);
                } else {
                    request = prepare_off_workers::<V>(endpoint, request).await;
                }
                run::<V>(app, sim, endpoint, &request, credential, &mut trace).await
            }
        },
    };

    // Out of the world lock here: a body left for later is written now (see `ApiResponse::finish`).
    let outcome = match outcome {
        Outcome::Answer(answer) => {
            Outcome::Answer(deliver(app, sim.as_ref(), answer.finish()).await)
        }
        other => other,
    };
    let outcome = with_reason(no_tunnel::<V>(&request.method, outcome), &trace);
    if let Some(world) = journal_world {
        let arrival = Arrival {
            vendor: V::ID,
            at_ms: arrived_ms,
            started,
            credential,
        };
        record(world, arrival, &request, &trace, &outcome);
    }
    if matches!(outcome, Outcome::Hang) {
        let mut shutdown = app.shutdown.clone();
        let _ = shutdown.wait_for(|stopping| *stopping).await;
        return Outcome::Drop;
    }
    outcome
}

pub const REASON_HEADER: HeaderName = HeaderName::from_static("x-camsim-reason");

/// An authentication refusal says why in `X-Camsim-Reason`, for a person using curl; the body
/// stays exactly the vendor's.
fn with_reason(outcome: Outcome, trace: &Trace) -> Outcome {
    match (outcome, &trace.auth_reason) {
        (Outcome::Answer(answer), Some(reason)) => {
            let printable: String = reason
                .chars()
                .take(300)
                .map(|c| {
                    if c.is_ascii_graphic() || c == ' ' {
                        c
                    } else {
                        '?'
                    }
                })
                .collect();
            Outcome::Answer(answer.with_header(REASON_HEADER, &printable))
        }
        (outcome, _) => outcome,
    }
}

/// hyper takes a 2xx answer to `CONNECT` for an open tunnel: it sends no body and hands the
/// connection over. No vendor serves `CONNECT`, so such an answer becomes 405 with the same
/// vendor body and the methods the vendor does serve.
fn no_tunnel<V: Vendor>(method: &http::Method, outcome: Outcome) -> Outcome {
    match outcome {
        Outcome::Answer(mut answer)
            if method == http::Method::CONNECT && answer.status.is_success() =>
        {
            answer.status = StatusCode::METHOD_NOT_ALLOWED;
            let mut methods: Vec<&str> = V::endpoints().iter().map(|e| e.method()).collect();
            methods.sort_unstable();
            methods.dedup();
            Outcome::Answer(answer.with_header(http::header::ALLOW, &methods.join(", ")))
        }
        other => other,
    }
}

/// The steps after the world is known. Authentication reads only the world's fixed accounts
/// and its nonce memory, so it runs before the world is locked; in the common case (no fault,
/// or one that needs no wait) rate limiting, fault rules and the handler then share one
/// critical section. A fault that delays or replaces the answer is carried out after the lock
/// is gone.
async fn run<V: Vendor>(
    app: &App,
    sim: &Sim,
    endpoint: V::Endpoint,
    request: &ApiRequest,
    credential: &str,
    trace: &mut Trace,
) -> Outcome {
    let worlds = &app.worlds;
    // Header rules need no world either: read before the lock.
    let header = header_rule::<V>(request);
    if !V::open(endpoint) {
        // Fixed credentials first (no lock); one handed out at run time only on a miss.
        let runtime;
        let account = match sim.account(V::ID, credential) {
            Some(fixed) => fixed,
            None => {
                runtime = sim.runtime_account(V::ID, credential);
                match &runtime {
                    Some(account) => account.as_ref(),
                    None => {
                        trace.unknown_credential(V::ID, Some(credential));
                        return Outcome::Answer(
                            V::unknown_credential(request).render_for(request, &sim.ids),
                        );
                    }
                }
            }
        };
        trace.auth = AuthOutcome::Failed;
        let auth = AuthCtx {
            account,
            now_ms: sim.clock.now_ms(),
            nonces: &sim.nonces,
        };
        if let Err(refused) = V::authenticate(&auth, endpoint, request) {
            trace.auth_reason = Some(refused.reason);
            trace.string_to_sign = refused.string_to_sign;
            return Outcome::Answer(refused.error.render_for(request, &sim.ids));
        }
        trace.auth = AuthOutcome::Ok;
    }
    // The common case ends inside this one critical section; a fault that must wait comes out.
    let pending = match with_world(worlds, sim, credential, |ctx| {
        if let Err(refused) = rate_limit::<V>(ctx, endpoint) {
            return Break(Step::Answer(refused.render_for(request, &sim.ids)));
        }
        trace.device = V::device(ctx, endpoint, request);
        let decision = match header {
            Err(bad_header) => {
                return Break(Step::Answer(bad_header.render_for(request, &sim.ids)));
            }
            Ok(Some(d)) => Some(d),
            Ok(None) => world_rule::<V>(sim, endpoint, request, trace.device.as_deref()),
        };
        match decision {
            None => Break(Step::Handled(handle::<V>(ctx, endpoint, request), false)),
            Some(d)
                if d.delay_ms.is_none() && matches!(d.effect, Effect::Pass | Effect::Malformed) =>
            {
                trace.fault = Some(d.rule);
                let malformed = matches!(d.effect, Effect::Malformed);
                Break(Step::Handled(
                    handle::<V>(ctx, endpoint, request),
                    malformed,
                ))
            }
            Some(d) => Continue(d),
        }
    }) {
        Break(Step::Answer(answer)) => return Outcome::Answer(answer),
        Break(Step::Handled(handled, malformed)) => {
            return Outcome::Answer(complete(app, sim, credential, handled, malformed).await);
        }
        Continue(pending) => pending,
    };
    trace.fault = Some(pending.rule);
    if let Some(ms) = pending.delay_ms {
        tokio::time::sleep(Duration::from_millis(ms)).await;
    }
    let handle_now = |malformed: bool| async move {
        let handled = with_world(worlds, sim, credential, |ctx| {
            handle::<V>(ctx, endpoint, request)
        });
        complete(app, sim, credential, handled, malformed).await
    };
    match pending.effect {
        Effect::Error { code, message } => match V::coded_error(&code, message.as_deref()) {
            Some(err) => Outcome::Answer(err.render_for(request, &sim.ids)),
            None => Outcome::Answer(handle_now(false).await),
        },
        Effect::Status(status) => Outcome::Answer(ApiResponse::gateway(
            StatusCode::from_u16(status).unwrap_or(StatusCode::BAD_GATEWAY),
        )),
        Effect::Drop => Outcome::Drop,
        Effect::Hang => Outcome::Hang,
        Effect::Malformed => Outcome::Answer(handle_now(true).await),
        Effect::Pass => Outcome::Answer(handle_now(false).await),
    }
}

/// What the first critical section ends with: an answer, or what the handler said (which may
/// still have to wait), and whether a fault rule asked for it cut in half.
enum Step {
    Answer(ApiResponse),
    Handled(Handled, bool),
}

/// The handler's answer, waiting first if it asked to: the wait holds no lock, ends early at
/// shutdown, and the rest runs in a second critical section.
async fn complete(
    app: &App,
    sim: &Sim,
    credential: &str,
    handled: Handled,
    malformed: bool,
) -> ApiResponse {
    let answer = match handled {
        Handled::Now(answer) => answer,
        Handled::Later(pending) => {
            let mut shutdown = app.shutdown.clone();
            tokio::select! {
                () = tokio::time::sleep(pending.wait) => {}
                _ = shutdown.wait_for(|stopping| *stopping) => {}
            }
            with_world(&app.worlds, sim, credential, |ctx| (pending.finish)(ctx))
        }
    };
    if malformed {
        answer.malformed()
    } else {
        answer
    }
}

/// A media answer's body, out of the world lock: rendered on the blocking pool through the
/// media cache, or a live feed started that streams for as long as the client reads.
async fn deliver(app: &App, sim: Option<&Sim>, mut answer: ApiResponse) -> ApiResponse {
    if let Some(job) = answer.take_warm() {
        app.media.warm(job);
    }
    match answer.take_media() {
        None => answer,
        Some(Media::Render(job)) => match app.media.get(job).await {
            Ok(body) => answer.rendered(body),
            Err(why) => {
                tracing::error!("{why}");
                ApiResponse::gateway(http::StatusCode::INTERNAL_SERVER_ERROR)
            }
        },
        Some(Media::Live(feed)) => {
            let Some(sim) = sim.cloned() else {
                return ApiResponse::gateway(http::StatusCode::INTERNAL_SERVER_ERROR);
            };
            // Two stretches in flight at most: a slow reader holds the feed back.
            let (stream, rx) = tokio::sync::mpsc::channel(2);
            let (vendor, id) = feed.camera.clone();
            let world = sim.clone();
            let now = move || sim.clock.now_ms();
            // A short lock once a stretch: whether the camera still streams.
            let streaming = move || {
                let world = world.world.lock();
                world.cameras.get(vendor, &id).is_some_and(|c| c.online)
            };
            let feed = crate::media::live::run(
                feed,
                now,
                streaming,
                app.media.clone(),
                stream,
                app.shutdown.clone(),
            );
            tokio::spawn(feed);
            answer.streaming(rx)
        }
    }
}

/// [`Vendor::prepare`] on the blocking pool, for a request whose files may take a while.
async fn prepare_off_workers<V: Vendor>(endpoint: V::Endpoint, request: ApiRequest) -> ApiRequest {
    let (done, answer) = tokio::sync::oneshot::channel();
    tokio::task::spawn_blocking(move || {
        // A panic leaves the request unprepared (the handler then finds nothing kept), not lost.
        let prepared = std::panic::AssertUnwindSafe(|| V::prepare(endpoint, &request));
        if std::panic::catch_unwind(prepared).is_err() {
            tracing::error!("preparing a request to {} panicked", endpoint.id());
        }
        let _ = done.send(request);
    });
    answer.await.unwrap_or_else(|_| {
        ApiRequest::new(
            http::Method::POST,
            "/",
            http::HeaderMap::new(),
            bytes::Bytes::new(),
        )
    })
}

/// Runs `f` with the world locked, read at one world-clock instant.
fn with_world<R>(
    worlds: &Worlds,
    sim: &Sim,
    credential: &str,
    f: impl FnOnce(&mut Ctx<'_>) -> R,
) -> R {
    let mut world = sim.world.lock();
    let mut ctx = Ctx {
        world: &mut world,
        now_ms: sim.clock.now_ms(),
        seed: sim.seed,
        ids: &sim.ids,
        credential,
        credentials: &WorldCredentials { worlds, sim },
    };
    f(&mut ctx)
}

/// The vendor's documented rate limit, on the world clock (unless the world turned it off).
fn rate_limit<V: Vendor>(ctx: &mut Ctx<'_>, endpoint: V::Endpoint) -> Result<(), V::Error> {
    if let Some(per_second) = V::rate_limit(endpoint).filter(|_| ctx.world.rate_limits) {
        let key = format!("{}\u{1f}{}", V::rate_owner(ctx), endpoint.id());
        if !ctx.world.rates.admit(&key, ctx.now_ms, per_second) {
            return Err(V::rate_limited(endpoint));
        }
    }
    Ok(())
}

/// The world's own fault rules (scenario and control API).
fn world_rule<V: Vendor>(
    sim: &Sim,
    endpoint: V::Endpoint,
    request: &ApiRequest,
    device: Option<&str>,
) -> Option<Decision> {
    if sim.faults.is_empty() {
        return None;
    }
    let param = |name: &str| request.param_text(name);
    let facts = RequestFacts {
        vendor: V::ID,
        endpoint: endpoint.id(),
        device,
        cmd_id: V::cmd_id(endpoint, request),
        param: &param,
    };
    sim.faults.decide(&facts, &sim.ids)
}

pub const ERROR_HEADER: HeaderName = HeaderName::from_static("x-camsim-error");
pub const DELAY_HEADER: HeaderName = HeaderName::from_static("x-camsim-delay");

fn header_rule<V: Vendor>(request: &ApiRequest) -> Result<Option<Decision>, V::Error> {
    let code = request.header(ERROR_HEADER).map(str::trim);
    let delay = request.header(DELAY_HEADER).map(str::trim);
    if code.is_none() && delay.is_none() {
        return Ok(None);
    }
    let delay_ms = match delay {
        None => None,
        Some(text) => Some(
            text.parse::<u64>()
                .ok()
                .filter(|ms| *ms <= MAX_DELAY_MS)
                .ok_or_else(|| {
                    V::Error::from(DecodeError::Invalid {
                        name: "X-Camsim-Delay".into(),
                        reason: format!(
                            "`{text}` is not a number of milliseconds from 0 to {MAX_DELAY_MS}"
                        ),
                    })
                })?,
        ),
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
fn handle<V: Vendor>(ctx: &mut Ctx<'_>, endpoint: V::Endpoint, request: &ApiRequest) -> Handled {
    match V::handle(ctx, endpoint, request) {
        Ok(handled) => handled,
        Err(err) => Handled::Now(err.render_for(request, ctx.ids)),
    }
}

/// The log target of the one line per vendor request (`--no-request-log` turns it off).
pub const REQUEST_LOG: &str = "camsim::request";

/// A client's path, cut for a log line: a hostile 64 KB path should not make a 64 KB line.
fn clipped(path: &str) -> &str {
    &path[..path.floor_char_boundary(200)]
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
        Outcome::Answer(r) => (r.status.as_u16(), r.code.as_deref(), journaled_body(r)),
        Outcome::Drop | Outcome::Hang => (0, None, Cow::Borrowed(&[][..])),
    };
    tracing::info!(
        target: REQUEST_LOG,
        world = %sim.name,
        %vendor,
        method = %request.method,
        path = clipped(&request.path),
        endpoint = trace.endpoint.unwrap_or("-"),
        status,
        code = code.unwrap_or("-"),
        auth = trace.auth.as_str(),
        reason = clipped(trace.auth_reason.as_deref().unwrap_or("-")),
        fault = trace.fault.as_deref().unwrap_or("-"),
        latency_ms,
        "request"
    );
    // The journal copies what it keeps (bounded), so nothing here is cloned for it.
    sim.journal.record(Record {
        time_ms: at_ms,
        vendor,
        endpoint: trace.endpoint,
        method: request.method.as_str(),
        path: &request.path,
        device: trace.device.as_deref(),
        credential: credential.as_deref(),
        auth: trace.auth,
        code,
        status,
        latency_ms,
        fault: trace.fault.as_deref(),
        auth_reason: trace.auth_reason.as_deref(),
        string_to_sign: trace.string_to_sign.as_deref(),
        headers: &request.headers,
        request_body: &request.body,
        response_body: &body,
    });
}

/// What the journal keeps of an answer's body: media (pictures, video, audio) as a line saying
/// its size and type, not its bytes, so a player does not fill the journal with segments.
fn journaled_body(answer: &ApiResponse) -> Cow<'_, [u8]> {
    let media = ["image/", "video/", "audio/"]
        .iter()
        .any(|kind| answer.content_type.starts_with(kind));
    if !media {
        return Cow::Borrowed(&answer.body[..]);
    }
    let what = if answer.is_streaming() {
        format!("<a live stream of {}>", answer.content_type)
    } else {
        format!("<{} bytes of {}>", answer.body.len(), answer.content_type)
    };
    Cow::Owned(what.into_bytes())
}

/// Ids for answers that belong to no world.
pub fn fallback_ids() -> Ids {
    Ids::new(0)
}
