//! The control API under `/_camsim/` on the control listener: health, endpoints, worlds
//! (create, list, show, delete, reset), devices, faults, clock, and the request journal.
//! It works directly on the worlds; bad requests get 400 with a JSON error naming the field.
//! Every route is documented, with a curl example, in the README.

pub mod model;

use crate::server::App;
use crate::server::request::{ApiRequest, ReadError};
use crate::server::response::ApiResponse;
use crate::sim::clock::{self, OutOfRange};
use crate::sim::device::{DataPlan, Device, StoragePlan};
use crate::sim::faults::MAX_RULES;
use crate::sim::journal::{EntryFilter, MAX_PAGE};
use crate::sim::scenario::{TimeSpec, is_span_shaped, parse_span, span_too_long};
use crate::sim::scenario_check;
use crate::sim::worlds::{self, RegistryError};
use crate::sim::{FaultSpec, Sim, VendorId};
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
const DEFAULT_LIST_LIMIT: usize = 100;
/// Devices in one `GET devices` answer unless `limit` says otherwise, and at most.
const DEVICE_PAGE: usize = 1_000;
const MAX_DEVICE_PAGE: usize = 10_000;

type Answer = Result<ApiResponse, ApiResponse>;

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
    let answered = tokio::task::spawn_blocking(move || route(&app, &request).unwrap_or_else(|e| e));
    answered.await.unwrap_or_else(|e| {
        tracing::error!("control request failed: {e}");
        error(
            StatusCode::INTERNAL_SERVER_ERROR,
            format!("camsim failed to answer this control request: {e}"),
            None,
        )
    })
}

fn route(app: &App, req: &ApiRequest) -> Answer {
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
                sim.reset();
            }
            ok(&world_view(app, &sim))
        }
        ["worlds", w, "devices"] if m == Method::GET => list_devices(&world(app, w)?, req),
        ["worlds", w, "devices", vendor, id] if m == Method::GET => {
            let sim = world(app, w)?;
            let vendor = vendor_named(vendor, StatusCode::NOT_FOUND)?;
            let now = sim.clock.now_secs();
            let world = sim.world.lock();
            let device = world
                .devices
                .get(vendor, id)
                .ok_or_else(|| device_not_found(&sim, vendor, id))?;
            ok(&DeviceView::of(device, now))
        }
        ["worlds", w, "devices", vendor, id] if m == Method::PATCH => {
            patch_device(&world(app, w)?, vendor, id, req)
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
        ["worlds", w, "clock"] if m == Method::POST => change_clock(&world(app, w)?, req),
        ["worlds", w, "requests"] if m == Method::GET => list_requests(&world(app, w)?, req),
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
        _ => Err(not_found(req)),
    }
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
/// stopped (`storage.startTime`), or the key a serde message names (`unknown field `x``).
fn json_body<T: DeserializeOwned>(req: &ApiRequest) -> Result<T, ApiResponse> {
    let mut json = serde_json::Deserializer::from_slice(&req.body);
    serde_path_to_error::deserialize(&mut json).map_err(|e| {
        let path = e.path().to_string();
        let message = e.inner().to_string();
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
                    .map(|v| (v, world.devices.count(v)))
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
        .map(str::to_string)
        .or_else(|| scenario.name.clone())
        .unwrap_or_else(|| next_world_name(app));
    // Refused before the world is built: a bad name should not cost a big build.
    worlds::check_name(&name).map_err(|e| bad_request(e.to_string(), Some("name")))?;
    app.worlds
        .room_for(scenario_check::planned_devices(&scenario))
        .map_err(|e| error(StatusCode::CONFLICT, e.to_string(), None))?;
    let sim = {
        let _one_build_at_a_time = app.world_builds.lock();
        Sim::new(&name, scenario, app.seed_override)
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

/// `GET devices?vendor=&offset=&limit=`: a page of devices in (vendor, devId) order, so the
/// answer's size stays bounded however big the world is.
fn list_devices(sim: &Sim, req: &ApiRequest) -> Answer {
    let vendors = match req.query_param("vendor") {
        Some(v) => vec![vendor_named(v, StatusCode::BAD_REQUEST)?],
        None => VendorId::ALL.to_vec(),
    };
    let offset = count_param(req, "offset", 0, usize::MAX)?;
    let limit = count_param(req, "limit", DEVICE_PAGE, MAX_DEVICE_PAGE)?;
    let now = sim.clock.now_secs();
    let world = sim.world.lock();
    let devices: Vec<DeviceView> = vendors
        .into_iter()
        .flat_map(|v| world.devices.sorted(v))
        .skip(offset)
        .take(limit)
        .map(|d| DeviceView::of(d, now))
        .collect();
    ok(&devices)
}

/// A whole-number query parameter up to `max`, `default` when absent; 400 naming it otherwise.
fn count_param(
    req: &ApiRequest,
    name: &str,
    default: usize,
    max: usize,
) -> Result<usize, ApiResponse> {
    let Some(text) = req.query_param(name) else {
        return Ok(default);
    };
    text.parse::<usize>()
        .ok()
        .filter(|n| *n <= max)
        .ok_or_else(|| {
            bad_request(
                format!("{name}: `{text}` is not a whole number from 0 to {max}"),
                Some(name),
            )
        })
}

fn patch_device(sim: &Sim, vendor: &str, id: &str, req: &ApiRequest) -> Answer {
    let vendor = vendor_named(vendor, StatusCode::NOT_FOUND)?;
    let patch: DevicePatch = json_body(req)?;
    let now = sim.clock.now_secs();
    let mut world = sim.world.lock();
    {
        let device = world
            .devices
            .get(vendor, id)
            .ok_or_else(|| device_not_found(sim, vendor, id))?;
        let users: Vec<String> = world
            .gwell_app(&device.account)
            .map(|a| a.users.keys().cloned().collect())
            .unwrap_or_default();
        validate_patch(&patch, device, &users, now)?;
    }
    let device = world
        .devices
        .get_mut(vendor, id)
        .ok_or_else(|| device_not_found(sim, vendor, id))?;
    if let Some(online) = patch.online {
        device.set_online(online, now);
    }
    if let Some(t) = patch.online_update_time {
        device.online_changed_at = t.at(now);
    }
    if let Some(long) = patch.long_offline {
        device.long_offline = long;
        if long {
            device.set_online(false, now);
        }
    }
    if let Some(battery) = patch.battery {
        device.battery = battery;
        // Keep the power fields consistent with the battery unless the patch sets them.
        if patch.power_mode.is_none() {
            device.power_mode = match (battery, device.power_mode) {
                (None, _) => 0,
                (Some(_), 0) => Device::default_power_mode(battery),
                (Some(_), mode) => mode,
            };
        }
        if battery.is_none() && patch.power_charging.is_none() {
            device.power_charging = 0;
        }
    }
    set(&mut device.signal, patch.signal);
    set(&mut device.rssi, patch.rssi);
    set(&mut device.power_mode, patch.power_mode);
    set(&mut device.power_charging, patch.power_charging);
    if let Some(n) = patch.notice_status {
        device.notifications = n != 0;
    }
    set(&mut device.firmware, patch.firmware_ver);
    set(&mut device.device_type, patch.device_type);
    if let Some(owner) = patch.owner {
        device.owner = owner.map(|o| o.0);
        if device.owner.is_none() {
            device.guests.clear();
            device.bound_at = 0;
        } else if device.bound_at == 0 {
            device.bound_at = now;
        }
    }
    if let Some(guests) = patch.guests {
        device.guests = guests.into_iter().map(|g| g.0).collect();
    }
    if let Some(t) = patch.bind_time {
        device.bound_at = t.at(now);
    }
    if let Some(storage) = patch.storage {
        device.storage = storage.map(|s| StoragePlan::from_spec(&s, now));
    }
    if let Some(flow) = patch.flow {
        device.data_plan = flow.map(|f| DataPlan::from_spec(&f, now));
    }
    ok(&DeviceView::of(device, now))
}

fn set<T>(slot: &mut T, value: Option<T>) {
    if let Some(v) = value {
        *slot = v;
    }
}

fn validate_patch(
    p: &DevicePatch,
    current: &Device,
    users: &[String],
    now: i64,
) -> Result<(), ApiResponse> {
    let ranges = [
        ("battery", p.battery.flatten().map(u32::from), 100),
        ("powerMode", p.power_mode.map(u32::from), 2),
        ("powerCharging", p.power_charging.map(u32::from), 3),
        ("noticeStatus", p.notice_status.map(u32::from), 1),
        (
            "storage.pkgType",
            p.storage
                .as_ref()
                .and_then(|s| s.as_ref())
                .map(|s| u32::from(s.pkg_type)),
            1,
        ),
    ];
    for (field, value, max) in ranges {
        if let Some(v) = value.filter(|v| *v > max) {
            return Err(bad_request(
                format!("{field}: {v} is out of range 0-{max}"),
                Some(field),
            ));
        }
    }
    let known = |id: &str| users.iter().any(|u| u == id);
    if let Some(Some(owner)) = &p.owner
        && !known(owner.as_str())
    {
        return Err(bad_request(
            format!("owner: `{owner}` is not a user of the device's app"),
            Some("owner"),
        ));
    }
    if let Some(guest) = p.guests.iter().flatten().find(|g| !known(g.as_str())) {
        return Err(bad_request(
            format!("guests: `{guest}` is not a user of the device's app"),
            Some("guests"),
        ));
    }
    // The same binding rules as `camsim check`, on the device as it will be after the patch.
    let owner = match &p.owner {
        Some(new) => new.as_ref().map(|o| o.as_str()),
        None => current.owner.as_deref(),
    };
    let guests: Vec<&str> = match &p.guests {
        Some(new) => new.iter().map(|g| g.as_str()).collect(),
        None if matches!(p.owner, Some(None)) => Vec::new(),
        None => current.guests.iter().map(String::as_str).collect(),
    };
    if owner.is_none() && !guests.is_empty() {
        return Err(bad_request(
            "guests: a device without an owner cannot be shared",
            Some("guests"),
        ));
    }
    if let Some(g) = guests.iter().find(|g| Some(**g) == owner) {
        return Err(bad_request(
            format!("guests: `{g}` is the owner"),
            Some("guests"),
        ));
    }
    if let Some((_, g)) = guests
        .iter()
        .enumerate()
        .find(|(i, g)| guests[..*i].contains(g))
    {
        return Err(bad_request(
            format!("guests: `{g}` is listed twice"),
            Some("guests"),
        ));
    }
    for (field, plan) in [
        (
            "storage",
            p.storage
                .as_ref()
                .and_then(|s| s.as_ref())
                .map(|s| (s.start_time, s.end_time)),
        ),
        (
            "flow",
            p.flow
                .as_ref()
                .and_then(|f| f.as_ref())
                .map(|f| (f.start_time, f.end_time)),
        ),
    ] {
        if let Some((start, end)) = plan
            && end.at(now) < start.at(now)
        {
            return Err(bad_request(
                format!("{field}.endTime: is before startTime"),
                Some(field),
            ));
        }
    }
    if let Some(Some(f)) = &p.flow
        && (f.total_flow < 0 || f.use_flow < 0)
    {
        return Err(bad_request(
            "flow: totalFlow and useFlow must not be negative",
            Some("flow"),
        ));
    }
    Ok(())
}

fn add_fault(sim: &Sim, req: &ApiRequest) -> Answer {
    let spec: FaultSpec = json_body(req)?;
    let mut problems = spec.problems(&Catalog);
    if let Some(device) = &spec.device {
        let vendor = spec.effective_vendor().unwrap_or(VendorId::Gwell);
        if sim.world.lock().devices.get(vendor, device).is_none() {
            problems.push(format!(
                "device: `{device}` is not a {vendor} device of this world"
            ));
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

fn change_clock(sim: &Sim, req: &ApiRequest) -> Answer {
    let change: ClockChange = json_body(req)?;
    let out_of_range =
        |field: &str, e: OutOfRange| bad_request(format!("{field}: {e}"), Some(field));
    let advance_ms = match &change.advance {
        None => None,
        // `as` saturates; anything that large is refused by the range check below.
        Some(Advance::Seconds(s)) => Some((s * 1000.0).round() as i64),
        Some(Advance::Span(text)) => {
            let (sign, body) = match text.trim().strip_prefix('-') {
                Some(rest) => (-1, rest),
                None => (1, text.trim().trim_start_matches('+')),
            };
            let secs = parse_span(body).ok_or_else(|| {
                let why = if is_span_shaped(body) {
                    span_too_long(text)
                } else {
                    format!("`{text}` is not seconds or a span like -10m, 2h, 1d")
                };
                bad_request(format!("advance: {why}"), Some("advance"))
            })?;
            Some(sign * secs * 1000)
        }
    };
    // Checked before anything changes, so a refused request leaves the clock as it was.
    let target_ms = match change.at {
        None => None,
        Some(at) => {
            let at_ms = match at {
                TimeSpec::Unix(s) => s * 1000,
                TimeSpec::FromNow(delta) => sim.clock.now_ms().saturating_add(delta * 1000),
            };
            let target = at_ms.saturating_add(advance_ms.unwrap_or(0));
            if !clock::in_range_ms(target) {
                let field = if clock::in_range_ms(at_ms) {
                    "advance"
                } else {
                    "at"
                };
                return Err(out_of_range(field, OutOfRange));
            }
            Some(target)
        }
    };
    if let Some(freeze) = change.freeze {
        sim.clock.set_frozen(freeze);
    }
    match (target_ms, advance_ms) {
        (Some(target), _) => sim.clock.set(target).map_err(|e| out_of_range("at", e))?,
        (None, Some(ms)) => sim
            .clock
            .advance(ms)
            .map_err(|e| out_of_range("advance", e))?,
        (None, None) => {}
    }
    ok(&sim.clock.view())
}

/// `GET requests?vendor=&endpoint=&device=&credential=&auth=&code=&status=&method=&path=&fault=&since=&bodyContains=&limit=`
/// With `since`, the first `limit` matches after it (paging forward); without, the most recent.
fn list_requests(sim: &Sim, req: &ApiRequest) -> Answer {
    let mut filter = serde_json::Map::new();
    let mut limit = DEFAULT_LIST_LIMIT;
    for (key, value) in &req.query {
        let parsed = match key.as_str() {
            "limit" => {
                limit = value.parse().map_err(|_| {
                    bad_request(format!("limit: `{value}` is not a count"), Some("limit"))
                })?;
                // A page's memory is bounded by its size; a longer walk pages with `since`.
                if limit > MAX_PAGE {
                    return Err(bad_request(
                        format!(
                            "limit: {limit} is over the maximum of {MAX_PAGE} entries a page; \
                             page on with `since` (see README: Journal)"
                        ),
                        Some("limit"),
                    ));
                }
                continue;
            }
            "status" | "since" => serde_json::Value::from(value.parse::<u64>().map_err(|_| {
                bad_request(format!("{key}: `{value}` is not a number"), Some(key))
            })?),
            _ => serde_json::Value::from(value.as_str()),
        };
        filter.insert(key.clone(), parsed);
    }
    let filter: EntryFilter =
        serde_json::from_value(serde_json::Value::Object(filter)).map_err(|e| {
            let message = e.to_string();
            bad_request(
                format!("invalid filter: {message}"),
                serde_field(&message).as_deref(),
            )
        })?;
    ok(&sim.journal.list(&filter, limit))
}
