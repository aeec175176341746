//! Sodalife case kinds and what they share: the camera calls' credentials (garbage, expired,
//! revoked, other-world and misplaced tokens), hostile values in each camera parameter with a
//! valid token (so the checks behind the token are reached), header faults. The token
//! endpoint's kinds are in `soda_token.rs`, uploads in `soda_upload.rs`, media links in
//! `soda_media.rs`. Where the answer is known exactly (the request is wrong in
//! one way the vendor card documents), the case expects that code.

use super::generate::{Built, Gen, KindFn, Req, form_text};
use super::multipart;
use super::soda_world::{self, GOOD};
use super::table::{self, Body, Endpoint, Listener, Sign};
use super::values::{self, pick};
use super::{Expect, Step};
use super::{soda_media, soda_token, soda_upload};
use rand::RngExt;

pub(super) const KINDS: &[(&str, u32, KindFn)] = &[
    ("soda-token", 8, soda_token::token_request),
    ("soda-credential", 8, credential),
    ("soda-param", 12, param),
    ("soda-multipart", 8, soda_upload::multipart_body),
    ("soda-voice", 6, soda_upload::voice),
    ("soda-media", 6, soda_media::media),
    ("soda-follow", 4, soda_media::follow),
    ("soda-fault", 3, fault_header),
];

pub(super) use soda_media::{live_name, picture_key};
pub(super) use soda_upload::{big_upload, slow_upload};

pub const TOKEN_PATH: &str = "/oauth2/access_token";

pub(super) fn quoted(s: &str) -> String {
    serde_json::Value::from(s).to_string()
}

pub(super) fn random_hex(g: &mut Gen<'_>, len: usize) -> String {
    (0..len)
        .map(|_| char::from(b"0123456789abcdef"[g.rng.random_range(0..16usize)]))
        .collect()
}

/// The camera endpoints (those that take a token).
pub(super) fn camera(g: &mut Gen<'_>) -> &'static Endpoint {
    let all: Vec<&'static Endpoint> = table::of(Listener::Sodalife)
        .into_iter()
        .filter(|e| e.sign == Sign::SodaToken)
        .collect();
    all[g.rng.random_range(0..all.len())]
}

pub(super) fn camera_at(path: &str) -> &'static Endpoint {
    table::of(Listener::Sodalife)
        .into_iter()
        .find(|e| e.path == path)
        .expect("a Sodalife row")
}

/// A camera endpoint's parameters without the token, for `serial` (unless `replace` names
/// `device_serial`), `replace` swapped in.
pub(super) fn camera_fields(
    g: &mut Gen<'_>,
    e: &Endpoint,
    serial: &str,
    replace: Option<(&str, String)>,
) -> Vec<(&'static str, String)> {
    let saved = g.soda_query;
    g.soda_query = true;
    let replaces_serial = replace.as_ref().is_some_and(|(n, _)| *n == "device_serial");
    let mut fields = g.fields(e, replace);
    g.soda_query = saved;
    for (name, value) in fields.iter_mut() {
        if *name == "device_serial" && !replaces_serial {
            *value = quoted(serial);
        }
    }
    fields
}

pub(super) fn json_of(fields: &[(&str, String)]) -> Vec<u8> {
    let members: Vec<String> = fields
        .iter()
        .map(|(name, value)| format!("{}:{value}", quoted(name)))
        .collect();
    format!("{{{}}}", members.join(",")).into_bytes()
}

/// The body of a camera call (JSON, or for `sendvoice` a form with a valid voice file) and
/// its `Content-Type`.
pub(super) fn camera_body(
    g: &mut Gen<'_>,
    e: &Endpoint,
    fields: &[(&str, String)],
) -> (Vec<u8>, String) {
    if e.body != Body::Multipart {
        return (json_of(fields), "application/json".into());
    }
    let mut parts: Vec<multipart::Part> = fields
        .iter()
        .map(|(name, value)| multipart::text(name, form_text(value).as_bytes()))
        .collect();
    parts.push(multipart::file(
        "voice_file",
        "hello.wav",
        "audio/wav",
        multipart::valid_wav(&mut g.rng),
    ));
    (
        multipart::crlf_form(&parts),
        multipart::content_type(multipart::BOUNDARY),
    )
}

/// A POST to the Sodalife listener.
pub(super) fn post(g: &Gen<'_>, path: &str, query: &str, content_type: &str, body: Vec<u8>) -> Req {
    let target = if query.is_empty() {
        path.to_string()
    } else {
        format!("{path}?{query}")
    };
    let mut req = Req::new("POST", &target, &g.addr(), body);
    if !content_type.is_empty() {
        req.header("Content-Type", content_type);
    }
    req
}

/// A valid call of `e` for `serial` with the suite's token (in the query or the body).
pub(super) fn valid_call(g: &mut Gen<'_>, e: &Endpoint, serial: &str) -> Req {
    let token = g.target.soda.token.clone();
    let mut fields = camera_fields(g, e, serial, None);
    let query = if g.soda_query {
        format!("access_token={token}")
    } else {
        fields.insert(0, ("access_token", quoted(&token)));
        String::new()
    };
    let (body, content_type) = camera_body(g, e, &fields);
    post(g, e.path, &query, &content_type, body)
}

/// Now and then, after a hostile case: a valid `liveurl` of the first good device must still
/// answer its unchanging stream key (the token, the device and its key survived the case).
pub(super) fn maybe_probe(g: &mut Gen<'_>, steps: &mut Vec<Step>) {
    if !g.rng.random_bool(0.25) {
        return;
    }
    let e = camera_at("/iot/cameras/liveurl");
    let token = g.target.soda.token.clone();
    let body = format!(
        r#"{{"access_token":{},"device_serial":{},"protocol":"hls"}}"#,
        quoted(&token),
        quoted(GOOD[0])
    );
    let req = post(g, e.path, "", "application/json", body.into_bytes());
    let live = g.target.soda.live.clone();
    steps.push(g.step(req.to_bytes(), Expect::SodaLive(live)));
}

// ---------------------------------------------------------------------------------------------
// Credentials of the camera calls

fn credential(g: &mut Gen<'_>) -> Built {
    let e = camera(g);
    let serial = pick(&mut g.rng, GOOD);
    let soda = g.target.soda.clone();
    let garbage = random_hex(g, 32);
    let refused = |code| Expect::SodaCode(code);
    let scope_code = if e.path.ends_with("controlling") {
        "60001"
    } else {
        "ACCESS_DENIED"
    };
    // (what, query, body token as JSON text or None, expectation)
    let (what, query, body_token, expect): (String, String, Option<String>, Expect) =
        match g.rng.random_range(0..26u32) {
            0 => (
                "garbage".into(),
                String::new(),
                Some(quoted(&garbage)),
                refused("10002"),
            ),
            1 => (
                "garbage in the query".into(),
                format!("access_token={garbage}"),
                None,
                refused("10002"),
            ),
            2 => (
                "expired".into(),
                String::new(),
                Some(quoted(&soda.expired_token)),
                refused("10002"),
            ),
            3 => (
                "revoked".into(),
                format!("access_token={}", soda.revoked_token),
                None,
                refused("10002"),
            ),
            4 => (
                "another world's".into(),
                String::new(),
                Some(quoted(&soda.other_world_token)),
                Expect::Parseable,
            ),
            5 => (
                "a client id".into(),
                String::new(),
                Some(quoted(soda_world::TOKEN_APP.0)),
                refused("10002"),
            ),
            6 => (
                "a picture key".into(),
                format!("access_token={}", soda.picture),
                None,
                refused("10002"),
            ),
            7 => (
                "a stream key".into(),
                String::new(),
                Some(quoted(&soda.live)),
                refused("10002"),
            ),
            8 => (
                "iot:public only".into(),
                String::new(),
                Some(quoted(&soda.public_token)),
                refused(scope_code),
            ),
            9 => (
                "a frozen app's".into(),
                format!("access_token={}", soda.frozen_token),
                None,
                refused("10005"),
            ),
            10 => (
                "a user token".into(),
                String::new(),
                Some(quoted(&soda.user_token)),
                refused(scope_code),
            ),
            11 => (
                "upper case".into(),
                String::new(),
                Some(quoted(&soda.token.to_uppercase())),
                refused("10002"),
            ),
            12 => (
                "with a trailing space".into(),
                "access_token=".to_string() + &soda.token + "%20",
                None,
                refused("10002"),
            ),
            13 => (
                "valid in the query, garbage in the body".into(),
                format!("access_token={}", soda.token),
                Some(quoted(&garbage)),
                Expect::Parseable,
            ),
            14 => (
                "garbage in the query, valid in the body".into(),
                format!("access_token={garbage}"),
                Some(quoted(&soda.token)),
                refused("10002"),
            ),
            15 => (
                "valid then garbage in the query".into(),
                format!("access_token={}&access_token={garbage}", soda.token),
                None,
                Expect::Parseable,
            ),
            16 => (
                "garbage then valid in the query".into(),
                format!("access_token={garbage}&access_token={}", soda.token),
                None,
                refused("10002"),
            ),
            17 => (
                "empty in the query, valid in the body".into(),
                "access_token=".into(),
                Some(quoted(&soda.token)),
                Expect::Parseable,
            ),
            18 => (
                "percent-encoded in the query".into(),
                format!("access_token={}", percent_all(&soda.token)),
                None,
                Expect::Parseable,
            ),
            19 => (
                "as ACCESS_TOKEN".into(),
                format!("ACCESS_TOKEN={}", soda.token),
                None,
                refused("10002"),
            ),
            20 => (
                "as accessToken".into(),
                format!("accessToken={}", soda.token),
                None,
                refused("10002"),
            ),
            21 => (
                "as a JSON number".into(),
                String::new(),
                Some("12345678901234567890".into()),
                refused("10002"),
            ),
            22 => (
                "as an array".into(),
                String::new(),
                Some(format!("[{}]", quoted(&soda.token))),
                refused("10002"),
            ),
            23 => (
                "null".into(),
                String::new(),
                Some("null".into()),
                refused("10002"),
            ),
            // A form's text fields are at most 4 KB (111003 before any token is read).
            24 if e.body == Body::Multipart => (
                "100 KB long".into(),
                String::new(),
                Some(quoted(&"f".repeat(100_000))),
                refused("111003"),
            ),
            24 => (
                "100 KB long".into(),
                String::new(),
                Some(quoted(&"f".repeat(100_000))),
                refused("10002"),
            ),
            _ => (
                "missing (a Bearer header only)".into(),
                String::new(),
                None,
                refused("10002"),
            ),
        };
    let mut fields = camera_fields(g, e, serial, None);
    if let Some(token) = &body_token {
        fields.insert(0, ("access_token", token.clone()));
    }
    let (body, content_type) = camera_body(g, e, &fields);
    let mut req = post(g, e.path, &query, &content_type, body);
    if what.starts_with("missing") {
        req.header("Authorization", format!("Bearer {}", soda.token));
    }
    let mut steps = g.one(&req, expect);
    maybe_probe(g, &mut steps);
    (format!("{} with a token {what}", e.path), steps, false)
}

/// Every byte of `text` as `%XX`.
fn percent_all(text: &str) -> String {
    text.bytes().map(|b| format!("%{b:02X}")).collect()
}

// ---------------------------------------------------------------------------------------------
// Camera parameters

/// Hostile serials and what a JSON camera endpoint answers them (a valid token, the other
/// parameters valid).
const SERIALS: &[(&str, Option<&str>)] = &[
    ("\"hostile01\"", Some("20014")),
    ("\"Hostile01\"", Some("20014")),
    ("\"c80214452\"", Some("20014")),
    (
        "\"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\"",
        Some("20014"),
    ),
    (
        "\"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\"",
        None,
    ),
    (
        "\"BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB\"",
        Some("20002"),
    ),
    ("\"C8021445Z\"", Some("20002")),
    ("\"Ｃ80214452\"", Some("20014")),
    ("\"HOSTILE0１\"", Some("20014")),
    ("\"HOSTILE01 \"", Some("20014")),
    ("\" HOSTILE01\"", Some("20014")),
    ("\"HOSTILE01\\u0000\"", Some("20014")),
    ("\"HOSTILE01\\n\"", Some("20014")),
    ("\"HOSTILE-01\"", Some("20014")),
    ("\"😀\"", Some("20014")),
    ("\"İ\"", Some("20014")),
    ("80214452", Some("10001")),
    ("8.0214452e7", Some("10001")),
    ("[\"HOSTILE01\"]", Some("10001")),
    ("{\"serial\":\"HOSTILE01\"}", Some("10001")),
    ("true", Some("10001")),
    ("null", Some("10001")),
    ("\"\"", Some("10001")),
];

const ACTIONS: &[(&str, Option<&str>)] = &[
    ("2", Some("10001")),
    ("-1", Some("10001")),
    ("99999999999999999999", Some("10001")),
    ("9223372036854775807", Some("10001")),
    ("-9223372036854775808", Some("10001")),
    ("1.5", Some("10001")),
    ("1.0", Some("10001")),
    ("1e0", Some("10001")),
    ("\"0x1\"", Some("10001")),
    ("\"１\"", Some("10001")),
    ("\"1 1\"", Some("10001")),
    ("\"1\\u0000\"", Some("10001")),
    ("\"stop\"", Some("10001")),
    ("true", Some("10001")),
    ("[1]", Some("10001")),
    ("null", Some("10001")),
    ("\"\"", Some("10001")),
    ("\"1 \"", None),
    ("\" 1\"", None),
    ("\"+1\"", None),
    ("-0", None),
    ("0", None),
    ("\"0\"", None),
];

const COMMANDS: &[(&str, Option<&str>)] = &[
    ("8", None),
    ("\"8 \"", None),
    ("\" 8\"", None),
    ("\"0x8\"", Some("10001")),
    ("\"8.0\"", Some("10001")),
    ("8.0", Some("10001")),
    ("8.5", Some("10001")),
    ("\"８\"", Some("10001")),
    ("\"eight\"", Some("10001")),
    ("99999999999999999999", Some("10001")),
    ("1e1", Some("10001")),
    ("true", Some("10001")),
    ("[8]", Some("10001")),
    ("{}", Some("10001")),
    ("null", Some("10001")),
    ("\"\"", Some("10001")),
    ("-1", Some("60020")),
    ("12", Some("60020")),
    ("16", Some("60020")),
    ("98", Some("60020")),
    ("100", Some("60020")),
    ("9223372036854775807", Some("60020")),
    ("-9223372036854775808", Some("60020")),
    ("99", None),
    ("11", None),
];

const PROTOCOLS: &[(&str, Option<&str>)] = &[
    ("\"HLS\"", None),
    ("\"Hls\"", None),
    ("\"hLsHd\"", None),
    ("\"FLV\"", None),
    ("\"flvHD\"", None),
    ("\"EZOPEN\"", None),
    ("\"ezopenhd\"", None),
    ("\"RtSp\"", None),
    ("\"RTMPHD\"", None),
    ("\"\"", None),
    ("null", None),
    ("\"ｈｌｓ\"", Some("10001")),
    ("\"ＨＬＳ\"", Some("10001")),
    ("\"hls \"", Some("10001")),
    ("\" hls\"", Some("10001")),
    ("\"hls\\u0000\"", Some("10001")),
    ("\"hlshdhd\"", Some("10001")),
    ("\"rtsphd\"", Some("10001")),
    ("\"hds\"", Some("10001")),
    ("\"llhls\"", Some("10001")),
    ("\"hls,flv\"", Some("10001")),
    ("1", Some("10001")),
    ("2", Some("10001")),
    ("true", Some("10001")),
    ("[\"hls\"]", Some("10001")),
    ("{}", Some("10001")),
];

/// A hostile value for `name` (the named list, a long string now and then, or any value of
/// the parameter's kind) and the code a JSON endpoint answers it, when known.
fn hostile_value(g: &mut Gen<'_>, param: &table::Param) -> (String, Option<&'static str>) {
    let list = match param.name {
        "device_serial" => SERIALS,
        "action" => ACTIONS,
        "command" => COMMANDS,
        "protocol" => PROTOCOLS,
        _ => &[],
    };
    match g.rng.random_range(0..10u32) {
        0 => {
            let n = g.rng.random_range(51..100_000usize);
            let unit = pick(&mut g.rng, &["A", "a", "8", "é", "😀"]);
            let code = match param.name {
                "device_serial" => Some("20014"),
                "action" | "command" | "protocol" => Some("10001"),
                _ => None,
            };
            (quoted(&unit.repeat(n)), code)
        }
        1 => (values::json_value(&mut g.rng, param.kind), None),
        _ if !list.is_empty() => {
            let (value, code) = pick(&mut g.rng, list);
            (value.to_string(), code)
        }
        _ => (values::json_value(&mut g.rng, param.kind), None),
    }
}

fn param(g: &mut Gen<'_>) -> Built {
    let e = camera(g);
    let params: Vec<&table::Param> = e
        .params
        .iter()
        .filter(|p| p.name != "access_token")
        .collect();
    let param = params[g.rng.random_range(0..params.len())];
    let serial = pick(&mut g.rng, GOOD);
    let (value, mut code) = hostile_value(g, param);
    let token = g.target.soda.token.clone();
    let mut fields = camera_fields(g, e, serial, Some((param.name, value.clone())));
    // A stop takes any command (EZVIZ's stop has it optional); a start needs a known one.
    if param.name == "command" {
        let start = g.rng.random_bool(0.5);
        for (name, value) in fields.iter_mut() {
            if *name == "action" {
                *value = if start { "0" } else { "1" }.into();
            }
        }
        if !start && code == Some("60020") {
            code = None;
        }
    }
    let query = if g.soda_query {
        format!("access_token={token}")
    } else {
        fields.insert(0, ("access_token", quoted(&token)));
        String::new()
    };
    // Also now and then: the parameter twice (the last counts), or left out.
    let twice = g.rng.random_bool(0.1);
    if twice {
        fields.insert(0, (param.name, quoted("HOSTILE01")));
    }
    let (body, content_type) = camera_body(g, e, &fields);
    // A form carries text: its answers to non-text values are not a JSON endpoint's.
    let expect = match code {
        Some(code) if e.body == Body::Json => Expect::SodaCode(code),
        None if e.body == Body::Json
            && param.name == "protocol"
            && PROTOCOLS.iter().any(|(v, c)| *v == value && c.is_none()) =>
        {
            Expect::SodaOk
        }
        _ => Expect::Parseable,
    };
    let req = post(g, e.path, &query, &content_type, body);
    let mut steps = g.one(&req, expect);
    maybe_probe(g, &mut steps);
    let twice = if twice { " (after a valid one)" } else { "" };
    (
        format!(
            "{} {} = `{}`{twice}",
            e.path,
            param.name,
            super::wire::preview(value.as_bytes(), 60)
        ),
        steps,
        false,
    )
}

// ---------------------------------------------------------------------------------------------
// Header faults

fn fault_header(g: &mut Gen<'_>) -> Built {
    use camsim::vendors::sodalife::errors::CATALOGUE;
    let (code, _, _) = CATALOGUE[g.rng.random_range(0..CATALOGUE.len())];
    let (value, expect) = match g.rng.random_range(0..6u32) {
        0 => (code.to_lowercase(), Expect::Parseable),
        1 => (format!(" {code} "), Expect::SodaCode(code)),
        _ => (code.to_string(), Expect::SodaCode(code)),
    };
    let on_token = g.rng.random_bool(0.2);
    let mut req = if on_token {
        let (client, secret) = soda_world::TOKEN_APP;
        let body = format!(
            r#"{{"grant_type":"client_credentials","client_id":"{client}","client_secret":"{secret}"}}"#
        );
        post(g, TOKEN_PATH, "", "application/json", body.into_bytes())
    } else {
        let e = camera(g);
        let serial = pick(&mut g.rng, GOOD);
        valid_call(g, e, serial)
    };
    req.header("X-Camsim-Error", &value);
    if g.rng.random_bool(0.3) {
        req.header("X-Camsim-Delay", pick(&mut g.rng, &["0", "1", "20"]));
    }
    let mut steps = g.one(&req, expect);
    steps[0].fault_asked = true;
    let target = String::from_utf8_lossy(&req.target).to_string();
    let path = target.split('?').next().unwrap_or_default().to_string();
    (format!("X-Camsim-Error `{value}` on {path}"), steps, false)
}
