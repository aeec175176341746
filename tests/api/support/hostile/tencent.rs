//! Tencent case kinds and what they share: every action with a validly signed request carrying
//! hostile parameters (wrong types, huge and negative integers, odd strings and dates, lists
//! of 0 to 10,000 items, unknown and duplicated names, required ones left out, the GET form),
//! the protocol itself (the `Authorization` header in every part, `SignedHeaders`,
//! `X-TC-Timestamp`, the other `X-TC-*` headers, `Content-Type`, methods, paths, bodies and
//! query strings over their limits) and `X-Camsim-Error`. The protocol kinds are
//! `tencent_protocol.rs`, the hostile values `tencent_values.rs`, media links
//! `tencent_media.rs`, the world and its links `tencent_world.rs`, the signature
//! `tencent_sign.rs`.
//!
//! Where the answer is known exactly (the vendor card in `src/vendors/tencent/mod.rs`, its
//! `auth.rs` table and the vendor file's section 9), the case expects that code: a tampered
//! signature `AuthFailure.SignatureFailure`, a timestamp out of the 300 s window (signed
//! correctly) `AuthFailure.SignatureExpire`, no `Authorization` (or one that is not TC3)
//! `AuthFailure.InvalidAuthorization`, an unknown action `InvalidAction`, a required parameter
//! missing from a valid request `MissingParameter`, an undefined one `UnknownParameter`, a
//! method other than GET or POST `UnsupportedProtocol`. An action camsim does not serve yet
//! (see `tencent_world::prepare`) answers `InternalError` before it reads its parameters: its
//! cases accept any catalogue code instead; a served action must never fail inside
//! ([`Expect::TencentServed`]).

use super::generate::{Built, Gen, KindFn, Req};
use super::soda::{quoted, random_hex};
use super::table::{self, Endpoint, Kind, Listener, Param, Sign};
use super::tencent_sign::{self, Signing};
use super::tencent_values::hostile_value;
use super::tencent_world::{
    self, IMAGE_KEEPER, IMAGE_PRODUCT, KEEPER, KEEPER_ORDER, OTHERS, PRODUCT, SECRET_ID,
    SECRET_KEY, SPARE, VICTIM,
};
use super::values::pick;
use super::{Expect, tencent_media, tencent_protocol};
use rand::RngExt;
use serde_json::Value;

pub(super) const KINDS: &[(&str, u32, KindFn)] = &[
    ("tencent-param", 14, param),
    ("tencent-unknown", 3, unknown_parameter),
    ("tencent-missing", 6, missing),
    ("tencent-get", 5, get_form),
    ("tencent-auth", 9, tencent_protocol::authorization),
    ("tencent-timestamp", 5, tencent_protocol::timestamp),
    ("tencent-headers", 6, tencent_protocol::headers),
    ("tencent-protocol", 4, tencent_protocol::protocol),
    ("tencent-media", 7, tencent_media::media),
    ("tencent-follow", 3, tencent_media::follow),
    ("tencent-fault", 4, tencent_protocol::fault_header),
];

/// The most bytes a GET's query may hold (Tencent: GET requests up to 32 KB).
pub const MAX_QUERY_BYTES: usize = 32 * 1024;
/// The most a POST body may hold (10 MB with TC3).
pub const MAX_BODY_BYTES: u64 = 10 * 1024 * 1024;

// ---------------------------------------------------------------------------------------------
// Valid values, rows, requests

/// A valid value of the Tencent world for a `$t...` name of the table (JSON text).
pub(super) fn valid(g: &mut Gen<'_>, name: &str) -> Option<String> {
    let target = g.target;
    let t = &target.tencent;
    let event = t.event();
    let now = t.now;
    let value = match name {
        "$tProduct" => quoted(PRODUCT),
        "$tDevice" => {
            if g.tencent_keeper || g.rng.random_bool(0.6) {
                quoted(KEEPER)
            } else {
                let others: Vec<&str> = OTHERS.iter().copied().chain([VICTIM, SPARE]).collect();
                quoted(pick(&mut g.rng, &others))
            }
        }
        "$tVictim" => quoted(VICTIM),
        "$tSpare" => quoted(SPARE),
        "$tImageProduct" => quoted(IMAGE_PRODUCT),
        "$tImageDevice" => quoted(IMAGE_KEEPER),
        "$tThumbnail" => quoted(&event.thumbnail),
        "$tThumbnailList" => {
            let n = g.rng.random_range(1..=t.events.len().clamp(1, 3));
            let paths: Vec<String> = t
                .events
                .iter()
                .take(n)
                .map(|e| quoted(&e.thumbnail))
                .collect();
            format!("[{}]", paths.join(","))
        }
        "$tMultiThumbnail" => {
            let n = g.rng.random_range(1..=t.events.len().clamp(1, 3));
            let paths: Vec<&str> = t
                .events
                .iter()
                .take(n)
                .map(|e| e.thumbnail.as_str())
                .collect();
            quoted(&paths.join("|"))
        }
        "$tEventStart" => event.start.to_string(),
        "$tVictimEventId" => quoted(&t.victim_event.id),
        "$tVictimEventStart" => t.victim_event.start.to_string(),
        "$tVictimEventEnd" => t.victim_event.end.to_string(),
        "$tVideoURL" => quoted(&t.video_url),
        "$tExpire" => now.saturating_add(3_600).to_string(),
        "$tDayAgo" => now.saturating_sub(86_400).to_string(),
        "$tNow" => now.to_string(),
        "$tDate" => quoted(&t.today()),
        "$tMonthStart" => quoted(&tencent_sign::utc_date(
            now.saturating_add(tencent_world::UTC_OFFSET_SECS)
                .saturating_sub(20 * 86_400),
        )),
        "$tOrder" => quoted(KEEPER_ORDER),
        "$tNewOrder" => quoted(&format!("hostile-{}", random_hex(g, 16))),
        _ => return None,
    };
    Some(value)
}

/// `path` with `{tlink}` replaced by a link of that kind (valid, expired, tampered, unknown).
pub(super) fn fill_path(g: &mut Gen<'_>, path: &str) -> String {
    match path.split_once("{tlink}") {
        Some((prefix, _)) => tencent_media::any_link(g, prefix),
        None => path.to_string(),
    }
}

/// Whether a valid request of its row sends `param` (required ones always; optional ones
/// mostly; `$omit` ones never).
pub(super) fn sends(g: &mut Gen<'_>, param: &Param) -> bool {
    param.required || (param.valid != "$omit" && g.rng.random_bool(0.7))
}

/// The Tencent action rows.
pub(super) fn actions() -> Vec<&'static Endpoint> {
    table::of(Listener::Tencent)
        .into_iter()
        .filter(|e| matches!(e.sign, Sign::Tc3(_)))
        .collect()
}

pub(super) fn action_of(e: &Endpoint) -> &'static str {
    match e.sign {
        Sign::Tc3(action) => action,
        _ => "",
    }
}

fn row(action: &str) -> &'static Endpoint {
    actions()
        .into_iter()
        .find(|e| action_of(e) == action)
        .expect("a Tencent row")
}

/// One of `items`, cloned.
pub(super) fn choose<T: Clone>(g: &mut Gen<'_>, items: &[T]) -> T {
    items[g.rng.random_range(0..items.len())].clone()
}

pub(super) fn any_action(g: &mut Gen<'_>) -> &'static Endpoint {
    let all = actions();
    all[g.rng.random_range(0..all.len())]
}

/// What a request of `action` may answer: no internal failure if camsim serves it.
pub(super) fn served_or_any(g: &Gen<'_>, action: &str) -> Expect {
    if g.target.tencent.served(action) {
        Expect::TencentServed
    } else {
        Expect::Parseable
    }
}

/// `exact` if camsim serves `action` (its handler reads its parameters), else any code.
fn exact_if_served(g: &Gen<'_>, action: &str, exact: &'static str) -> Expect {
    if g.target.tencent.served(action) {
        Expect::TencentCode(exact)
    } else {
        Expect::Parseable
    }
}

/// A JSON object of `fields` (name, JSON text), in order, duplicates kept.
pub(super) fn json_of(fields: &[(String, String)]) -> Vec<u8> {
    let members: Vec<String> = fields
        .iter()
        .map(|(name, value)| format!("{}:{value}", quoted(name)))
        .collect();
    format!("{{{}}}", members.join(",")).into_bytes()
}

/// The fields of a valid request of `e` (name, JSON text), `replace` swapped in.
pub(super) fn fields(
    g: &mut Gen<'_>,
    e: &Endpoint,
    replace: Option<(&str, String)>,
) -> Vec<(String, String)> {
    g.fields(e, replace)
        .into_iter()
        .map(|(n, v)| (n.to_string(), v))
        .collect()
}

/// Every byte but the unreserved ones percent-encoded (a form value as the SDK sends it).
fn encode(text: &str) -> String {
    super::onenet::encode(text)
}

/// `fields` as a GET query: strings as their text, lists flattened to `Name.N`, anything else
/// as its JSON text.
fn query_of(fields: &[(String, String)]) -> String {
    let mut pairs = Vec::new();
    for (name, json) in fields {
        match serde_json::from_str::<Value>(json) {
            Ok(Value::String(s)) => pairs.push(format!("{name}={}", encode(&s))),
            Ok(Value::Array(items)) => {
                for (i, item) in items.iter().enumerate() {
                    let text = item
                        .as_str()
                        .map_or_else(|| item.to_string(), str::to_string);
                    pairs.push(format!("{name}.{i}={}", encode(&text)));
                }
            }
            _ => pairs.push(format!("{name}={}", encode(json))),
        }
    }
    pairs.join("&")
}

/// A request of `action` as the SDK sends it: `POST /` with `body` (or `GET /?query` when
/// `query` is given), Content-Type, `X-TC-*` headers and TC3 with the world's key, for its
/// clock. Bend it before [`authorize`] (signed as bent) or after (the signature breaks).
pub(super) fn request(g: &mut Gen<'_>, action: &str, body: Vec<u8>, query: Option<&str>) -> Req {
    let (method, target, content_type) = match query {
        Some(q) => ("GET", format!("/?{q}"), "application/x-www-form-urlencoded"),
        None => ("POST", "/".to_string(), "application/json"),
    };
    let mut req = Req::new(method, &target, &g.addr(), body);
    req.header("Content-Type", content_type);
    common_headers(g, action, &mut req);
    authorize(
        &mut req,
        SECRET_ID,
        SECRET_KEY,
        &["content-type", "host"],
        None,
    );
    req
}

/// `X-TC-Action`, `-Version`, `-Timestamp` (the world clock) and now and then `-Region`,
/// `-Language`, `-RequestClient`.
fn common_headers(g: &mut Gen<'_>, action: &str, req: &mut Req) {
    req.header("X-TC-Action", action);
    req.header("X-TC-Version", tencent_world::VERSION);
    req.header("X-TC-Timestamp", g.target.tencent.now.to_string());
    if g.rng.random_bool(0.7) {
        req.header("X-TC-Region", "ap-guangzhou");
    }
    if g.rng.random_bool(0.3) {
        req.header("X-TC-Language", pick(&mut g.rng, &["en-US", "zh-CN"]));
    }
    if g.rng.random_bool(0.2) {
        req.header("X-TC-RequestClient", "SDK_PYTHON_3.0.1459");
    }
}

/// The value of `req`'s header `name` (the first), as text.
pub(super) fn header_of(req: &Req, name: &str) -> Option<String> {
    req.headers
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case(name.as_bytes()))
        .map(|(_, v)| String::from_utf8_lossy(v).to_string())
}

/// The query string of `req` (GET only: a POST signs none).
fn signed_query(req: &Req) -> String {
    if req.method != b"GET" {
        return String::new();
    }
    let target = String::from_utf8_lossy(&req.target).to_string();
    target
        .split_once('?')
        .map(|(_, q)| q.to_string())
        .unwrap_or_default()
}

/// Signs `req` as it stands (method, query, the named headers, body, its `X-TC-Timestamp`)
/// and adds the `Authorization`; `scope` overrides the credential scope's (date, service).
pub(super) fn authorize(
    req: &mut Req,
    id: &str,
    key: &str,
    names: &[&str],
    scope: Option<(&str, &str)>,
) {
    let header = authorization_for(req, id, key, names, scope);
    req.header("Authorization", header);
}

fn authorization_for(
    req: &Req,
    id: &str,
    key: &str,
    names: &[&str],
    scope: Option<(&str, &str)>,
) -> String {
    let timestamp = header_of(req, "X-TC-Timestamp").unwrap_or_default();
    let parsed = timestamp.trim().parse::<i64>().unwrap_or(0);
    let date = tencent_sign::utc_date(parsed);
    let (date, service) = scope.unwrap_or((&date, tencent_sign::SERVICE));
    let values: Vec<(String, String)> = names
        .iter()
        .map(|n| (n.to_string(), header_of(req, n).unwrap_or_default()))
        .collect();
    let headers: Vec<(&str, &str)> = values
        .iter()
        .map(|(n, v)| (n.as_str(), v.as_str()))
        .collect();
    let unsigned = header_of(req, "X-TC-Content-SHA256").is_some_and(|v| v == "UNSIGNED-PAYLOAD");
    let body: &[u8] = if unsigned {
        b"UNSIGNED-PAYLOAD"
    } else {
        &req.body
    };
    let method = String::from_utf8_lossy(&req.method).to_string();
    tencent_sign::authorization(&Signing {
        secret_id: id,
        secret_key: key,
        method: &method,
        query: &signed_query(req),
        headers: &headers,
        body,
        timestamp: timestamp.trim(),
        date,
        service,
    })
}

/// Removes every header `name`.
pub(super) fn remove(req: &mut Req, name: &str) {
    req.headers
        .retain(|(n, _)| !n.eq_ignore_ascii_case(name.as_bytes()));
}

/// Sets header `name` to `value` (the only one of that name).
pub(super) fn set(req: &mut Req, name: &str, value: impl AsRef<[u8]>) {
    remove(req, name);
    req.header(name, value);
}

/// Signs the table's request of `e` for [`super::generate::Gen::finish`]: what the common
/// kinds send (they bend it afterwards, or not at all).
pub(super) fn sign(g: &mut Gen<'_>, action: &str, req: &mut Req) {
    req.header("Content-Type", "application/json");
    common_headers(g, action, req);
    authorize(req, SECRET_ID, SECRET_KEY, &["content-type", "host"], None);
}

/// A valid POST of `e` (the keeper wherever a device is named).
pub(super) fn valid_post(g: &mut Gen<'_>, e: &Endpoint) -> Req {
    g.tencent_keeper = true;
    let f = fields(g, e, None);
    g.tencent_keeper = false;
    request(g, action_of(e), json_of(&f), None)
}

// ---------------------------------------------------------------------------------------------
// Parameters

/// One parameter of an action hostile (or twice, or beside a conflicting one), the rest valid.
fn param(g: &mut Gen<'_>) -> Built {
    let with_params: Vec<&Endpoint> = actions()
        .into_iter()
        .filter(|e| !e.params.is_empty())
        .collect();
    let e = with_params[g.rng.random_range(0..with_params.len())];
    let action = action_of(e);
    let p = e.params[g.rng.random_range(0..e.params.len())];
    let value = hostile_value(g, &p);
    let mut f = fields(g, e, Some((p.name, value.clone())));
    let how = match g.rng.random_range(0..10u32) {
        0 => {
            // The name twice: the hostile value first, a valid one after, or the other way.
            let valid = g.valid(&p);
            let at = f.iter().position(|(n, _)| n == p.name).unwrap_or(0);
            if valid != "$omit" {
                f.insert(
                    at + usize::from(g.rng.random_bool(0.5)),
                    (p.name.to_string(), valid),
                );
            }
            "twice"
        }
        1 if action.contains("CreateCloudStorage") || action == "CreateFreeCloudStorage" => {
            // Override beside PackageQueue, which it may not be combined with.
            f.retain(|(n, _)| n != "Override" && n != "PackageQueue");
            f.push(("Override".into(), "1".into()));
            f.push((
                "PackageQueue".into(),
                quoted(pick(&mut g.rng, &["front", "end"])),
            ));
            "with Override and PackageQueue"
        }
        _ => "",
    };
    let req = request(g, action, json_of(&f), None);
    let what = format!(
        "{action} {} = `{}` {how}",
        p.name,
        super::wire::preview(value.as_bytes(), 60)
    );
    (what, g.one(&req, served_or_any(g, action)), false)
}

/// A valid request with a parameter the action does not define: `UnknownParameter`, whatever
/// the action (camsim reads every name before any handler runs).
fn unknown_parameter(g: &mut Gen<'_>) -> Built {
    let e = any_action(g);
    let action = action_of(e);
    g.tencent_keeper = true;
    let mut f = fields(g, e, None);
    g.tencent_keeper = false;
    let defined: Vec<&str> = e.params.iter().map(|p| p.name).collect();
    let names = [
        "Foo",
        "productId",
        "PRODUCTID",
        "ProductID",
        "Productid",
        "",
        " ",
        "Response",
        "RequestId",
        "Action",
        "Version",
        "Region",
        "ToProductId",
        "DeviceName ",
        "设备",
        "List.0",
        "ThumbnailList.0",
        "__proto__",
    ];
    let candidates: Vec<&str> = names
        .iter()
        .copied()
        .filter(|n| !defined.contains(n))
        .collect();
    let name = pick(&mut g.rng, &candidates);
    // Valid JSON: the name is what is wrong.
    let value = pick(
        &mut g.rng,
        &["1", "\"x\"", "null", "[]", "{}", "true", "\"\""],
    )
    .to_string();
    let at = g.rng.random_range(0..=f.len());
    f.insert(at, (name.to_string(), value));
    let req = request(g, action, json_of(&f), None);
    (
        format!("{action} with the undefined parameter `{name}`"),
        g.one(&req, Expect::TencentCode("UnknownParameter")),
        false,
    )
}

/// A valid request (the keeper) with one required parameter left out, `null`, empty or an
/// empty list, in a JSON body or the GET form: `MissingParameter` once the action is served.
fn missing(g: &mut Gen<'_>) -> Built {
    let with_required: Vec<&Endpoint> = actions()
        .into_iter()
        .filter(|e| e.params.iter().any(|p| p.required))
        .collect();
    let e = with_required[g.rng.random_range(0..with_required.len())];
    let action = action_of(e);
    let required: Vec<&Param> = e.params.iter().filter(|p| p.required).collect();
    let dropped = required[g.rng.random_range(0..required.len())];
    g.tencent_keeper = true;
    let mut f = fields(g, e, None);
    g.tencent_keeper = false;
    let get = g.rng.random_bool(0.3);
    let how = match g.rng.random_range(0..4u32) {
        0 if !get => {
            f.retain(|(n, _)| n != dropped.name);
            f.push((dropped.name.to_string(), "null".into()));
            "null"
        }
        1 if dropped.kind == Kind::Text || (get && dropped.kind != Kind::List) => {
            f.retain(|(n, _)| n != dropped.name);
            f.push((dropped.name.to_string(), "\"\"".into()));
            "empty"
        }
        2 if dropped.kind == Kind::List && !get => {
            f.retain(|(n, _)| n != dropped.name);
            f.push((dropped.name.to_string(), "[]".into()));
            "an empty list"
        }
        _ => {
            f.retain(|(n, _)| n != dropped.name);
            "left out"
        }
    };
    let req = if get {
        let q = query_of(&f);
        request(g, action, Vec::new(), Some(&q))
    } else {
        request(g, action, json_of(&f), None)
    };
    let form = if get { "GET" } else { "POST" };
    (
        format!("{form} {action} with {} {how}", dropped.name),
        g.one(&req, exact_if_served(g, action, "MissingParameter")),
        false,
    )
}

/// The GET form: parameters in the query, lists as `Name.N` (huge, negative, repeated), keys
/// repeated, values percent-garbled, a query over 32 KB (`RequestSizeLimitExceeded`).
fn get_form(g: &mut Gen<'_>) -> Built {
    let e = any_action(g);
    let action = action_of(e);
    g.tencent_keeper = true;
    let f = fields(g, e, None);
    g.tencent_keeper = false;
    let mut query = query_of(&f);
    let first = f
        .first()
        .map_or("ProductId".to_string(), |(n, _)| n.clone());
    let list = e
        .params
        .iter()
        .find(|p| p.kind == Kind::List)
        .map_or("ThumbnailList", |p| p.name);
    let mut expect = served_or_any(g, action);
    let what = match g.rng.random_range(0..11u32) {
        0 => "valid".to_string(),
        1 => {
            let n = pick(
                &mut g.rng,
                &[
                    "99999999999999999999",
                    "18446744073709551615",
                    "18446744073709551616",
                    "-1",
                    "1e3",
                    "",
                    "0x1",
                    "%201",
                ],
            );
            query.push_str(&format!("&{list}.{n}=%2Fx"));
            format!("{list}.{n}")
        }
        2 => {
            let n = pick(&mut g.rng, &[100usize, 101, 1_000]);
            for i in 0..n {
                query.push_str(&format!("&{list}.{i}=%2Fa"));
            }
            format!("{list}.0 to {list}.{}", n - 1)
        }
        3 => {
            query.push_str(&format!("&{list}.0=a&{list}.0=b&{list}=c"));
            format!("{list}.0 twice and {list} bare")
        }
        4 => {
            query.push_str(&format!("&{first}=other"));
            format!("{first} repeated")
        }
        5 => {
            query = format!("{first}=%zz&{query}&%E2%82=%C3&=&&&");
            "percent-garbled pairs".to_string()
        }
        6 => {
            query = query.replace('=', "==");
            "values starting with `=`".to_string()
        }
        7 => {
            // Over 32 KB, well under what the listener itself takes.
            let pad = MAX_QUERY_BYTES + g.rng.random_range(1..8_000);
            query.push_str(&format!("&{first}={}", "a".repeat(pad)));
            expect = Expect::TencentCode("RequestSizeLimitExceeded");
            format!("a query of {} bytes", query.len())
        }
        8 => {
            query.push_str(&format!("&{first}.0=x&{first}.1=y"));
            format!("{first} as a list")
        }
        9 => {
            query = query.replace("%2F", "/").replace("%3A", ":");
            "values not encoded".to_string()
        }
        _ => {
            query.push_str("&Action=DescribeDevice&Version=2021-11-25");
            "legacy common parameters in the query".to_string()
        }
    };
    let req = request(g, action, Vec::new(), Some(&query));
    let expect = if query.len() > 60_000 {
        Expect::MaybeParsed
    } else {
        expect
    };
    (format!("GET {action}: {what}"), g.one(&req, expect), false)
}

/// A valid request of `action` (the keeper wherever a device is named).
pub(super) fn valid_request(g: &mut Gen<'_>, action: &str) -> Req {
    let e = row(action);
    valid_post(g, e)
}
