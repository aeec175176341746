//! The control API under `/_camsim/` on the control listener: health, endpoints, worlds
//! (create, list, show, delete, reset), devices, faults, clock, and the request journal.
//! It works directly on the worlds; bad requests get 400 with a JSON error naming the field.
//! Every route is documented, with a curl example, in the README. Routing, worlds and faults
//! live here; devices, the clock and the journal listing have a module each.

mod clock;
mod devices;
mod journal;
pub mod model;
mod timeline;
mod vendor;

use crate::api::request::{ApiRequest, ReadError};
use crate::api::response::ApiResponse;
use crate::app::App;
use crate::scenario::check as scenario_check;
use crate::sim::camera::Camera;
use crate::sim::faults::MAX_RULES;
use crate::sim::journal::EntryFilter;
use crate::sim::worlds::{self, RegistryError};
use crate::sim::{FaultSpec, Sim, VendorId, World};
use crate::vendors::{Catalog, all_routes};
use http::{Method, StatusCode};
use hyper::body::Incoming;
use model::*;
use percent_encoding::percent_decode_str;
use serde::Serialize;
use serde::de::DeserializeOwned;
use std::borrow::Cow;
use std::sync::Arc;

/// Scenarios posted to create a world may be large (generated devices are not, but listed ones are).
const BODY_LIMIT: usize = 16 * 1024 * 1024;

type Answer = Result<ApiResponse, ApiResponse>;

/// The log target of the one line per control-API call that may change something.
pub const CONTROL_LOG: &str = "camsim::control";

/// Reads the request, then answers it on tokio's blocking pool: building a world from a big
/// scenario, rebuilding it on reset, freeing it on delete and listing a full journal take
/// long enough to stall the async workers that serve every vendor.
pub async fn serve(app: Arc<App>, req: http::Request<Incoming>) -> ApiResponse {
    let (request, read_error) = ApiRequest::read(req, BODY_LIMIT, app.body_read_timeout).await;
    match read_error {
        None => {}
        Some(ReadError::TimedOut) => {
            return error(
                StatusCode::REQUEST_TIMEOUT,
                format!(
                    "the body did not arrive within {:?} (--body-read-timeout)",
                    app.body_read_timeout
                ),
                None,
            );
        }
        Some(_) => {
            return error(
                StatusCode::PAYLOAD_TOO_LARGE,
                format!("body over {BODY_LIMIT} bytes or unreadable"),
                None,
            );
        }
    }
    let answered = tokio::task::spawn_blocking(move || {
        let answer = route(&app, &request).unwrap_or_else(|e| e);
        if request.method != Method::GET {
            tracing::info!(
                target: CONTROL_LOG,
                method = %request.method,
                path = %request.path,
                status = answer.status.as_u16(),
                "control"
            );
        }
        answer
    });
    answered.await.unwrap_or_else(|e| {
        tracing::error!("control request failed: {e}");
        error(
            StatusCode::INTERNAL_SERVER_ERROR,
            format!("camsim failed to answer this control request: {e}"),
            None,
        )
    })
}

fn route(app: &Arc<App>, req: &ApiRequest) -> Answer {
    // Segments are percent-decoded: world names and device ids may need encoding (`caf%C3%A9`).
    let decoded: Vec<Cow<'_, str>> = req
        .path
        .trim_matches('/')
        .split('/')
        .map(|segment| percent_decode_str(segment).decode_utf8())
        .collect::<Result<_, _>>()
        .map_err(|_| not_found(req))?;
    let segments: Vec<&str> = decoded.iter().map(|s| s.as_ref()).collect();
    let Some(rest) = segments.strip_prefix(&["_camsim"]) else {
        return Err(not_found(req));
    };
    let m = &req.method;
    match rest {
        ["health"] if m == Method::GET => ok(&Health {
            status: "ok",
            version: env!("CARGO_PKG_VERSION"),
            uptime_ms: app.started.elapsed().as_millis() as u64,
            worlds: app.worlds.list().len(),
        }),
        ["endpoints"] if m == Method::GET => ok(&all_routes()),
        ["media"] if m == Method::GET => ok(&app.media.stats()),
        ["worlds"] if m == Method::GET => ok(&list_worlds(app)),
        ["worlds"] if m == Method::POST => create_world(app, req),
        ["worlds", w] if m == Method::GET => {
            let sim = world(app, w)?;
            ok(&world_view(app, &sim))
        }
        ["worlds", w] if m == Method::DELETE => delete_world(app, w),
        ["worlds", w, "reset"] if m == Method::POST => {
            let sim = world(app, w)?;
            {
                let _one_build_at_a_time = app.world_builds.lock();
                app.worlds.reset(&sim);
            }
            ok(&world_view(app, &sim))
        }
        ["worlds", w, "devices"] if m == Method::GET => devices::list(&world(app, w)?, req),
        ["worlds", w, "devices", vendor, id] if m == Method::GET => {
            devices::get(&world(app, w)?, vendor, id)
        }
        ["worlds", w, "devices", vendor, id, "timeline"] if m == Method::GET => {
            timeline::get(&world(app, w)?, vendor, id, req)
        }
        ["worlds", w, "devices", vendor, id, "events"] if m == Method::POST => {
            timeline::raise(&world(app, w)?, vendor, id, req)
        }
        ["worlds", w, "devices", vendor, id] if m == Method::PATCH => {
            devices::patch(&world(app, w)?, vendor, id, req)
        }
        ["worlds", w, "vendors", v, path @ ..] if !path.is_empty() => {
            vendor::call(&world(app, w)?, v, path, req)
        }
        ["worlds", w, "faults"] if m == Method::GET => ok(&world(app, w)?.faults.list()),
        ["worlds", w, "faults"] if m == Method::POST => add_fault(&world(app, w)?, req),
        ["worlds", w, "faults"] if m == Method::DELETE => ok(&Cleared {
            cleared: world(app, w)?.faults.clear(),
        }),
        ["worlds", w, "faults", id] if m == Method::GET => {
            let sim = world(app, w)?;
            let rule = sim.faults.get(id).ok_or_else(|| fault_not_found(id))?;
            ok(&rule)
        }
        ["worlds", w, "faults", id] if m == Method::DELETE => {
            let sim = world(app, w)?;
            if sim.faults.remove(id) {
                ok(&serde_json::json!({ "deleted": id }))
            } else {
                Err(fault_not_found(id))
            }
        }
        ["worlds", w, "clock"] if m == Method::GET => ok(&world(app, w)?.clock.view()),
        ["worlds", w, "clock"] if m == Method::POST => clock::change(&world(app, w)?, req),
        ["worlds", w, "requests"] if m == Method::GET => journal::list(&world(app, w)?, req),
        ["worlds", w, "requests", "stream"] if m == Method::GET => {
            journal::stream(app, world(app, w)?, req)
        }
        ["worlds", w, "requests"] if m == Method::DELETE => ok(&Cleared {
            cleared: world(app, w)?.journal.clear(),
        }),
        ["worlds", w, "requests", "count"] if m == Method::POST => {
            let sim = world(app, w)?;
            let filter: EntryFilter = if req.body.iter().all(u8::is_ascii_whitespace) {
                EntryFilter::default()
            } else {
                json_body(req)?
            };
            ok(&Count {
                count: sim.journal.count(&filter),
            })
        }
        _ => Err(match methods_for(rest) {
            Some(allow) => method_not_allowed(req, allow),
            None => not_found(req),
        }),
    }
}

/// The methods a known control path takes (the `Allow` of a 405); `None` for an unknown path.
/// `control_answers_405_with_allow…` in tests/api/admin.rs keeps it in step with `route`.
fn methods_for(path: &[&str]) -> Option<&'static str> {
    Some(match path {
        ["health"] | ["endpoints"] | ["media"] | ["worlds", _, "devices"] => "GET",
        ["worlds", _, "devices", _, _, "timeline"] => "GET",
        ["worlds", _, "devices", _, _, "events"] => "POST",
        ["worlds"] | ["worlds", _, "clock"] => "GET, POST",
        ["worlds", _] | ["worlds", _, "faults", _] | ["worlds", _, "requests"] => "GET, DELETE",
        ["worlds", _, "reset"] | ["worlds", _, "requests", "count"] => "POST",
        ["worlds", _, "requests", "stream"] => "GET",
        ["worlds", _, "devices", _, _] => "GET, PATCH",
        ["worlds", _, "faults"] => "GET, POST, DELETE",
        _ => return None,
    })
}

fn method_not_allowed(req: &ApiRequest, allow: &'static str) -> ApiResponse {
    let mut answer = error(
        StatusCode::METHOD_NOT_ALLOWED,
        format!(
            "{} is not allowed on {}; allowed: {allow}",
            req.method, req.path
        ),
        None,
    );
    answer
        .headers
        .push((http::header::ALLOW, http::HeaderValue::from_static(allow)));
    answer
}

fn ok<T: Serialize>(value: &T) -> Answer {
    Ok(ApiResponse::json(StatusCode::OK, value))
}

fn error(status: StatusCode, message: impl Into<String>, field: Option<&str>) -> ApiResponse {
    ApiResponse::json(
        status,
        &ErrorBody {
            error: message.into(),
            field: field.map(str::to_string),
            problems: Vec::new(),
        },
    )
}

fn bad_request(message: impl Into<String>, field: Option<&str>) -> ApiResponse {
    error(StatusCode::BAD_REQUEST, message, field)
}

fn not_found(req: &ApiRequest) -> ApiResponse {
    error(
        StatusCode::NOT_FOUND,
        format!(
            "no control route {} {} (see README: Control API)",
            req.method, req.path
        ),
        None,
    )
}

fn fault_not_found(id: &str) -> ApiResponse {
    error(StatusCode::NOT_FOUND, format!("no fault rule `{id}`"), None)
}

/// A camera of the world, or the 404 naming it.
fn camera<'w>(
    sim: &Sim,
    world: &'w World,
    vendor: VendorId,
    id: &str,
) -> Result<&'w Camera, ApiResponse> {
    world
        .cameras
        .get(vendor, id)
        .ok_or_else(|| device_not_found(sim, vendor, id))
}

fn device_not_found(sim: &Sim, vendor: VendorId, id: &str) -> ApiResponse {
    error(
        StatusCode::NOT_FOUND,
        format!("world `{}` has no {vendor} device `{id}`", sim.name),
        None,
    )
}

/// A world by name; `default` always names the default world.
fn world(app: &App, name: &str) -> Result<Sim, ApiResponse> {
    app.worlds.get(name).ok_or_else(|| {
        error(
            StatusCode::NOT_FOUND,
            format!("no world named `{name}`"),
            None,
        )
    })
}

/// A vendor named in a path (404 when unknown) or a query filter (400).
fn vendor_named(name: &str, status: StatusCode) -> Result<VendorId, ApiResponse> {
    VendorId::parse(name).ok_or_else(|| {
        error(
            status,
            format!("no vendor `{name}`: gwell, sodalife, onenet or tencent"),
            Some("vendor"),
        )
    })
}

/// A JSON body into `T`. The answer names the field at fault: the path where deserializing
/// stopped (`storage.startTime`), or the key a serde message names (`unknown field `x``),
/// and says what was expected in plain words rather than Rust types.
fn json_body<T: DeserializeOwned>(req: &ApiRequest) -> Result<T, ApiResponse> {
    match req.body.iter().find(|b| !b.is_ascii_whitespace()) {
        None => return Err(bad_request("the body is empty: send a JSON object", None)),
        Some(b'{') => {}
        Some(_) => {
            return Err(bad_request(
                "the body must be a JSON object (`{...}`)",
                None,
            ));
        }
    }
    let mut json = serde_json::Deserializer::from_slice(&req.body);
    serde_path_to_error::deserialize(&mut json).map_err(|e| {
        let path = e.path().to_string();
        let message = plain_words(&e.inner().to_string());
        let field = serde_field(&message).or_else(|| (path != ".").then_some(path));
        let text = match &field {
            Some(f) if !message.contains(&format!("`{f}`")) => {
                format!("invalid body: {f}: {message}")
            }
            _ => format!("invalid body: {message}"),
        };
        bad_request(text, field.as_deref())
    })
}

/// serde's wording with the Rust types and enum names a client never sees said in words.
fn plain_words(message: &str) -> String {
    const WORDS: [(&str, &str); 9] = [
        ("expected u8", "expected a whole number from 0 to 255"),
        ("expected u16", "expected a whole number from 0 to 65535"),
        (
            "expected u32",
            "expected a whole number from 0 to 4294967295",
        ),
        ("expected u64", "expected a whole number of 0 or more"),
        ("expected usize", "expected a whole number of 0 or more"),
        ("expected i64", "expected a whole number"),
        ("expected f64", "expected a number"),
        (
            "data did not match any variant of untagged enum Code",
            "expected a vendor code: a number or a text",
        ),
        (
            "data did not match any variant of untagged enum Advance",
            "expected seconds (a number) or a span like \"-10m\", \"2h\", \"1d\"",
        ),
    ];
    let mut text = message.to_string();
    for (rust, plain) in WORDS {
        text = text.replace(rust, plain);
    }
    text.replace("EOF while parsing", "the body ended while reading")
}

/// The field a serde message names (`unknown field `x``, `missing field `x``), if any.
fn serde_field(message: &str) -> Option<String> {
    message
        .split('`')
        .nth(1)
        .filter(|_| message.contains("field"))
        .map(str::to_string)
}

fn world_view(app: &App, sim: &Sim) -> WorldView {
    let world = sim.world.lock();
    WorldView::of(
        sim,
        &world,
        sim.name == app.worlds.default_name(),
        &app.urls,
    )
}

fn list_worlds(app: &App) -> Vec<WorldSummary> {
    app.worlds
        .list()
        .iter()
        .map(|sim| {
            let world = sim.world.lock();
            WorldSummary {
                name: sim.name.clone(),
                default: sim.name == app.worlds.default_name(),
                seed: sim.seed,
                devices: VendorId::ALL
                    .into_iter()
                    .map(|v| (v, world.cameras.count(v)))
                    .collect(),
                credentials: sim
                    .credentials()
                    .iter()
                    .map(|(vendor, id)| CredentialView {
                        vendor: *vendor,
                        id: id.clone(),
                    })
                    .collect(),
            }
        })
        .collect()
}

fn create_world(app: &App, req: &ApiRequest) -> Answer {
    let text = std::str::from_utf8(&req.body)
        .map_err(|_| bad_request("scenario is not UTF-8 text", None))?;
    if text.trim().is_empty() {
        return Err(bad_request(
            "the body is empty: POST a scenario (YAML or JSON); `{}` makes a world with nothing in it",
            None,
        ));
    }
    let scenario = scenario_check::load_text(text, &Catalog).map_err(|problems| {
        ApiResponse::json(
            StatusCode::BAD_REQUEST,
            &ErrorBody {
                error: "scenario is invalid".into(),
                field: None,
                problems: problems.iter().map(ToString::to_string).collect(),
            },
        )
    })?;
    let name = req
        .query_param("name")
        .map(|n| n.into_owned())
        .or_else(|| scenario.name.clone())
        .unwrap_or_else(|| next_world_name(app));
    // Refused before the world is built: a bad name should not cost a big build.
    worlds::check_name(&name).map_err(|e| bad_request(e.to_string(), Some("name")))?;
    app.worlds
        .room_for(scenario_check::planned_devices(&scenario))
        .map_err(|e| error(StatusCode::CONFLICT, e.to_string(), None))?;
    let sim = {
        let _one_build_at_a_time = app.world_builds.lock();
        Sim::new(&name, std::sync::Arc::new(scenario), app.seed_override)
    };
    app.worlds.insert(sim.clone()).map_err(|e| match e {
        RegistryError::NameTaken(_)
        | RegistryError::CredentialTaken { .. }
        | RegistryError::ReservedName
        | RegistryError::Full(_) => error(StatusCode::CONFLICT, e.to_string(), None),
        other => bad_request(other.to_string(), None),
    })?;
    let mut answer = ApiResponse::json(StatusCode::CREATED, &world_view(app, &sim));
    answer.code = None;
    Ok(answer)
}

fn next_world_name(app: &App) -> String {
    (1..)
        .map(|n| format!("world-{n}"))
        .find(|n| app.worlds.get(n).is_none())
        .unwrap_or_default()
}

fn delete_world(app: &App, name: &str) -> Answer {
    let sim = world(app, name)?;
    match app.worlds.remove(&sim.name) {
        Ok(removed) => ok(&serde_json::json!({ "deleted": removed.name })),
        Err(RegistryError::DefaultWorld) => Err(error(
            StatusCode::CONFLICT,
            "the default world cannot be deleted (reset it instead)",
            None,
        )),
        Err(e) => Err(error(StatusCode::NOT_FOUND, e.to_string(), None)),
    }
}

fn add_fault(sim: &Sim, req: &ApiRequest) -> Answer {
    let spec: FaultSpec = json_body(req)?;
    let mut problems = spec.problems(&Catalog);
    if let Some(device) = &spec.device {
        let world = sim.world.lock();
        match spec.effective_vendor() {
            Some(vendor) if world.cameras.get(vendor, device).is_none() => problems.push(format!(
                "device: `{device}` is not a {vendor} device of this world"
            )),
            None if VendorId::ALL
                .iter()
                .all(|v| world.cameras.get(*v, device).is_none()) =>
            {
                problems.push(format!("device: `{device}` is not a device of this world"));
            }
            _ => {}
        }
    }
    if !problems.is_empty() {
        // Problems start with the field they are about (`probability: ...`); a rule-wide
        // problem (`a rule does one thing: ...`) names no single field.
        let field = problems[0]
            .split_once(':')
            .map(|(head, _)| head)
            .filter(|head| !head.is_empty() && head.chars().all(|c| c.is_ascii_alphanumeric()))
            .map(str::to_string);
        return Err(ApiResponse::json(
            StatusCode::BAD_REQUEST,
            &ErrorBody {
                error: problems.join("; "),
                field,
                problems,
            },
        ));
    }
    match sim.faults.add(spec) {
        Some(rule) => Ok(ApiResponse::json(StatusCode::CREATED, &rule)),
        None => Err(error(
            StatusCode::CONFLICT,
            format!(
                "the world already holds {MAX_RULES} fault rules, the most it may; delete some first"
            ),
            None,
        )),
    }
}
