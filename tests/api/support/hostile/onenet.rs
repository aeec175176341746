//! OneNET case kinds and what they share: the `api-key` (none, garbage, master, device, other
//! product's, register code, media token, another world's), hostile values in each query
//! parameter with a valid master key (so the checks behind the key are reached), required
//! parameters left out (errno 7), path quirks, header faults. Commands are `onenet_cmds.rs`,
//! media links `onenet_media.rs`, uploads `onenet_upload.rs`; the world and its tokens
//! `onenet_world.rs`. Where the answer is known exactly (the vendor card in
//! `src/vendors/onenet/mod.rs` and the README's OneNET section document it: no key 2, an
//! unknown key or one not allowed 3, a required parameter missing 7, `play_address`'s own 1,
//! the object store's 400/401/403 in its status), the case expects that code.

use super::generate::{Built, Gen, KindFn, Req, form_text};
use super::onenet_world::{
    DEFAULT_WORLD_DEVICE_KEY, DEFAULT_WORLD_MASTER_KEY, DEVICES, FILE, KEEPER, KEEPER_KEY,
    MASTER_KEY, OTHER_DEVICE, OTHER_DEVICE_KEY, OTHER_MASTER_KEY, PRODUCT, REGISTER_CODE, SPARE,
    VICTIM,
};
use super::soda::{quoted, random_hex};
use super::table::{self, Body, Endpoint, Kind, Listener, Param, Sign};
use super::values::{pick, random_bytes};
use super::{Expect, onenet_cmds, onenet_media, onenet_upload};
use rand::RngExt;

pub(super) const KINDS: &[(&str, u32, KindFn)] = &[
    ("onenet-credential", 8, credential),
    ("onenet-param", 12, param),
    ("onenet-required", 6, required),
    ("onenet-cmd", 10, onenet_cmds::command),
    ("onenet-path", 4, path_quirk),
    ("onenet-media", 6, onenet_media::media),
    ("onenet-follow", 3, onenet_media::follow),
    ("onenet-upload", 4, onenet_upload::upload),
    ("onenet-fault", 3, fault_header),
];

pub(super) use onenet_upload::big_upload;

/// A valid value of the OneNET world for a `$o...` name of the table (JSON text).
pub(super) fn valid(g: &mut Gen<'_>, name: &str) -> Option<String> {
    let t = &g.target.onenet;
    let value = match name {
        "$oProduct" => quoted(PRODUCT),
        "$oDevice" => {
            if g.onenet_keeper || g.rng.random_bool(0.6) {
                quoted(KEEPER)
            } else {
                quoted(DEVICES[g.rng.random_range(1..DEVICES.len())].0)
            }
        }
        "$oKeeper" => quoted(KEEPER),
        // A case that leaves a required parameter out destroys nothing: it may name the
        // keeper, which exists whatever other cases did.
        "$oVictim" if g.onenet_required => quoted(KEEPER),
        "$oVictim" => quoted(VICTIM),
        "$oChannel" => "1".into(),
        "$oVideo" => quoted(&t.video),
        "$oPicture" => quoted(&t.picture),
        "$oVictimPicture" => quoted(&t.victim_picture),
        "$oVictimVideoIds" => format!("[{{\"videoId\":{}}}]", quoted(&t.victim_video)),
        "$oAlarmIds" => format!("[{}]", quoted(&t.alarm)),
        "$oVictimAlarmIds" => format!("[{}]", quoted(&t.victim_alarm)),
        "$oCmdUuid" => quoted(&t.cmd_uuid),
        "$oLiveToken" => quoted(&t.live),
        "$oVodToken" => quoted(&t.vod),
        "$oPictureToken" => quoted(&t.picture_token),
        "$oRegisterCode" => quoted(REGISTER_CODE),
        "$oFile" => quoted(FILE),
        "$oNewSn" => quoted(&format!("SN{}", random_hex(g, 12))),
        "$oNewName" => quoted(&format!("hostile-{}", random_hex(g, 12))),
        "$oNewFile" => quoted(&format!("hostile-{}.bin", random_hex(g, 8))),
        "$oAuthInfo" => quoted(&format!("auth-{}", random_hex(g, 12))),
        _ => return None,
    };
    Some(value)
}

/// `path` with the OneNET placeholders filled with the values the world's tokens open.
pub(super) fn fill_path(g: &Gen<'_>, path: &str) -> String {
    let t = &g.target.onenet;
    let picture = format!("{}.{}", encode(&t.picture), t.picture_format);
    path.replace("{od}", KEEPER)
        .replace("{ov}", VICTIM)
        .replace("{os}", SPARE)
        .replace("{oc}", "1")
        .replace("{opic}", &picture)
        .replace("{ovideo}", &t.video)
}

/// Every byte of `text` but the unreserved ones percent-encoded, for a query or a path.
pub(super) fn encode(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// The query parameters of a valid request of `e` (name, encoded value): every required
/// one, most optional ones (never a `$omit` one).
pub(super) fn query_pairs(g: &mut Gen<'_>, e: &Endpoint) -> Vec<Pair> {
    let mut pairs = Vec::new();
    for param in e.query {
        if param.valid == "$omit" || (!param.required && !g.rng.random_bool(0.7)) {
            continue;
        }
        let value = encoded_valid(g, param);
        pairs.push((param.name.to_string(), value));
    }
    pairs
}

/// A query parameter as sent: its name and its value, percent-encoded.
pub(super) type Pair = (String, String);

/// The valid value of `param`, as a query carries it.
pub(super) fn encoded_valid(g: &mut Gen<'_>, param: &Param) -> String {
    encode(&form_text(&g.valid(param)))
}

pub(super) fn join(pairs: &[Pair]) -> String {
    let parts: Vec<String> = pairs.iter().map(|(n, v)| format!("{n}={v}")).collect();
    parts.join("&")
}

/// `path?query` (no `?` for an empty query).
pub(super) fn target(path: &str, query: &str) -> String {
    if query.is_empty() {
        path.to_string()
    } else {
        format!("{path}?{query}")
    }
}

/// A valid payload for a route that takes its body as bytes.
pub(super) fn raw_body(g: &mut Gen<'_>, e: &Endpoint) -> Vec<u8> {
    match e.path {
        "/ipc/video/cmds" => onenet_cmds::valid_command(g),
        "/ipc/video/dev_active" => random_bytes(&mut g.rng, 1..129),
        "/ipc/video/picture/upload" => tiny_jpeg(),
        _ => random_bytes(&mut g.rng, 0..4096),
    }
}

/// The smallest bytes that start and end like a JPEG.
pub(super) fn tiny_jpeg() -> Vec<u8> {
    let mut out = vec![0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10];
    out.extend_from_slice(b"JFIF\0\x01\x01\0\0\x01\0\x01\0\0");
    out.extend_from_slice(&[0xFF, 0xD9]);
    out
}

/// The request of `e` as a valid client sends it (its key, its query, its body), with the
/// `api-key` the caller chooses (`None`: no header).
pub(super) fn build(
    g: &mut Gen<'_>,
    e: &Endpoint,
    pairs: &[Pair],
    body: Vec<u8>,
    key: Option<&str>,
) -> Req {
    let path = g.path(e);
    let mut req = Req::new(e.method, &target(&path, &join(pairs)), &g.addr(), body);
    if let Some(key) = key {
        req.header("api-key", key);
    }
    content_type(e, &mut req);
    req
}

pub(super) fn content_type(e: &Endpoint, req: &mut Req) {
    match e.body {
        Body::Raw => req.header("Content-Type", "application/octet-stream"),
        Body::Json => req.header("Content-Type", "application/json"),
        _ => {}
    }
}

/// The OneNET rows of the table.
pub(super) fn rows() -> Vec<&'static Endpoint> {
    table::of(Listener::Onenet)
}

/// The rows the `api-key` opens (everything but the media links and `boot_address`).
pub(super) fn keyed() -> Vec<&'static Endpoint> {
    rows()
        .into_iter()
        .filter(|e| e.sign == Sign::OnenetKey)
        .collect()
}

pub(super) fn row(method: &str, path: &str) -> &'static Endpoint {
    rows()
        .into_iter()
        .find(|e| e.method == method && e.path == path)
        .expect("a OneNET row")
}

pub(super) fn is_store(e: &Endpoint) -> bool {
    e.path.starts_with("/ipc/video/file/")
}

/// The routes only a product's master key may call (the vendor card).
fn master_only(e: &Endpoint) -> bool {
    (e.method == "POST" && e.path == "/devices") || e.path.starts_with("/ipc/video/stat/")
}

/// The errno a request wrong in the generic way `errno` gets on `e`: the object store words
/// it in its own codes (HTTP statuses), `play_address` its missing parameters as its code 1.
pub(super) fn refused(e: &Endpoint, errno: i64) -> Expect {
    let code = match errno {
        2 | 3 if is_store(e) => 401,
        7 if is_store(e) => 400,
        7 if e.path == "/ipc/video/play_address" => 1,
        other => other,
    };
    Expect::OnenetErrno(code)
}

/// The device a request of `e` with these query parameters names (a path's `{od}`/`{ov}`, or
/// its `device_id`/`deviceid`).
fn named_device(e: &Endpoint, pairs: &[Pair]) -> Option<String> {
    if e.path.contains("{od}") {
        return Some(KEEPER.into());
    }
    if e.path.contains("{ov}") {
        return Some(VICTIM.into());
    }
    if e.path.contains("{os}") {
        return Some(SPARE.into());
    }
    pairs
        .iter()
        .find(|(n, _)| *n == "device_id" || *n == "deviceid")
        .map(|(_, v)| v.clone())
}

// ---------------------------------------------------------------------------------------------
// Credentials

fn credential(g: &mut Gen<'_>) -> Built {
    if g.rng.random_bool(0.12) {
        return register_credential(g);
    }
    let all = keyed();
    let e = all[g.rng.random_range(0..all.len())];
    g.onenet_keeper = true;
    let pairs = query_pairs(g, e);
    let body = g.body_for(e);
    g.onenet_keeper = false;
    let t = g.target.onenet.clone();
    let garbage = random_hex(g, 32);
    let other_key = DEVICES[1].1;
    let named = named_device(e, &pairs);
    // What a device key may reach on `e`: 3 for another device or a master-only route, the
    // store's 403 for any device key.
    let device_key = |device: &str| -> Expect {
        let master_route =
            master_only(e) || (e.method == "PUT" && e.path == "/ipc/video/trans_encrypt");
        let other_device = named.as_deref().is_some_and(|n| n != device)
            && !(e.method == "GET" && e.path == "/devices");
        if is_store(e) {
            Expect::OnenetErrno(403)
        } else if master_route || other_device {
            Expect::OnenetErrno(3)
        } else {
            Expect::Parseable
        }
    };
    // (what, api-key header values, expectation)
    let (what, keys, expect): (&str, Vec<Vec<u8>>, Expect) = match g.rng.random_range(0..20u32) {
        0 => ("no api-key", vec![], refused(e, 2)),
        1 => ("an empty api-key", vec![Vec::new()], refused(e, 2)),
        2 => ("a blank api-key", vec![b"   ".to_vec()], refused(e, 2)),
        3 => (
            "a garbage api-key",
            vec![garbage.into_bytes()],
            refused(e, 3),
        ),
        4 => (
            "the master key lower-cased",
            vec![MASTER_KEY.to_lowercase().into_bytes()],
            refused(e, 3),
        ),
        5 => (
            "the master key cut short",
            vec![MASTER_KEY.as_bytes()[..MASTER_KEY.len() - 1].to_vec()],
            refused(e, 3),
        ),
        6 => (
            "the master key in blanks",
            vec![format!("  {MASTER_KEY}\t").into_bytes()],
            Expect::Parseable,
        ),
        7 => (
            "the master key",
            vec![MASTER_KEY.as_bytes().to_vec()],
            Expect::Parseable,
        ),
        8 => (
            "the keeper's device key",
            vec![KEEPER_KEY.as_bytes().to_vec()],
            device_key(KEEPER),
        ),
        9 => (
            "another device's key",
            vec![other_key.as_bytes().to_vec()],
            device_key(DEVICES[1].0),
        ),
        10 => (
            "another product's master key",
            vec![OTHER_MASTER_KEY.as_bytes().to_vec()],
            Expect::Parseable,
        ),
        11 => (
            "another product's device key",
            vec![OTHER_DEVICE_KEY.as_bytes().to_vec()],
            device_key(OTHER_DEVICE),
        ),
        12 => (
            "the register code",
            vec![REGISTER_CODE.as_bytes().to_vec()],
            refused(e, 3),
        ),
        13 => ("a live token", vec![t.live.into_bytes()], refused(e, 3)),
        14 => (
            "a picture token",
            vec![t.picture_token.into_bytes()],
            refused(e, 3),
        ),
        15 => (
            "another world's master key",
            vec![DEFAULT_WORLD_MASTER_KEY.as_bytes().to_vec()],
            Expect::Parseable,
        ),
        16 => (
            "another world's device key",
            vec![DEFAULT_WORLD_DEVICE_KEY.as_bytes().to_vec()],
            Expect::Parseable,
        ),
        17 => (
            "garbage, then the master key",
            vec![b"garbage".to_vec(), MASTER_KEY.as_bytes().to_vec()],
            Expect::Parseable,
        ),
        18 => (
            "a 60 KB api-key",
            vec![vec![b'k'; 60_000]],
            Expect::MaybeParsed,
        ),
        _ => (
            "an api-key that is not text",
            vec![b"\xff\xfe\x80key".to_vec()],
            Expect::Parseable,
        ),
    };
    let mut req = build(g, e, &pairs, body, None);
    for key in &keys {
        req.header(pick(&mut g.rng, &["api-key", "API-KEY", "Api-Key"]), key);
    }
    if keys.is_empty() && g.rng.random_bool(0.5) {
        // The key elsewhere than in the header: not a key.
        match g.rng.random_range(0..3u32) {
            0 => req.header("Authorization", MASTER_KEY),
            1 => req.header("apikey", MASTER_KEY),
            _ => {
                let sep = if req.target.contains(&b'?') { '&' } else { '?' };
                let extra = format!("{sep}api-key={MASTER_KEY}");
                req.target.extend_from_slice(extra.as_bytes());
            }
        }
    }
    (
        format!("{} {} with {what}", e.method, e.path),
        g.one(&req, expect),
        false,
    )
}

/// `register_de`: its credential is the `register_code` query parameter.
fn register_credential(g: &mut Gen<'_>) -> Built {
    let e = row("POST", "/register_de");
    let body = g.body_for(e);
    let t = g.target.onenet.clone();
    let (what, code, expect): (&str, Option<String>, Expect) = match g.rng.random_range(0..9u32) {
        0 => ("no register_code", None, Expect::OnenetErrno(7)),
        1 => (
            "an empty register_code",
            Some(String::new()),
            Expect::OnenetErrno(7),
        ),
        2 => (
            "a garbage register_code",
            Some(random_hex(g, 24)),
            Expect::OnenetErrno(3),
        ),
        3 => (
            "the master key as register_code",
            Some(MASTER_KEY.into()),
            Expect::OnenetErrno(3),
        ),
        4 => (
            "a device key as register_code",
            Some(KEEPER_KEY.into()),
            Expect::OnenetErrno(3),
        ),
        5 => (
            "a live token as register_code",
            Some(t.live),
            Expect::OnenetErrno(3),
        ),
        6 => (
            "another world's register code",
            Some("REGCODE375201DEFAULT".into()),
            Expect::Parseable,
        ),
        7 => (
            "the register code upper-cased",
            Some(REGISTER_CODE.to_uppercase()),
            Expect::OnenetErrno(3),
        ),
        _ => (
            "the register code",
            Some(REGISTER_CODE.into()),
            Expect::Parseable,
        ),
    };
    let pairs: Vec<Pair> = code
        .iter()
        .map(|c| ("register_code".to_string(), encode(c)))
        .collect();
    let mut req = build(g, e, &pairs, body, None);
    if g.rng.random_bool(0.3) {
        // A master key beside it changes nothing: register_de reads its code.
        req.header("api-key", MASTER_KEY);
    }
    (
        format!("POST /register_de with {what}"),
        g.one(&req, expect),
        false,
    )
}

// ---------------------------------------------------------------------------------------------
// Query parameters

/// Values wrong for any query parameter (as sent: percent-encoded where needed).
const ANY: &[&str] = &[
    "-1",
    "0",
    "-0",
    "1.5",
    "1e3",
    "0x10",
    "+1",
    "abc",
    "%zz",
    "%00",
    "%C3%A9",
    "%E2%82",
    "%F0%9F%98%80",
    "%EF%BC%91",
    "true",
    "null",
    "[]",
    "%7B%7D",
    "%0D%0A",
    "a%26b%3Dc",
    "99999999999999999999",
    "18446744073709551615",
    "18446744073709551616",
    "9223372036854775807",
    "9223372036854775808",
    "-9223372036854775809",
    "4294967295",
    "4294967296",
    "65536",
    "%2e%2e%2f%2e%2e%2f",
    "%3Cscript%3E",
    "%22%27%5C",
    "1;2",
    "1,2,3",
    "+",
];

/// Values aimed at the date parsers (`YYYY-MM-DD HH:MM:SS` or `YYYY-MM-DD`).
const TIMES: &[&str] = &[
    "2026-13-45",
    "2026-11-22%2099:99:99",
    "2026-11-22+08:00:00",
    "2026-11-22%2008:00:00",
    "2026-02-30",
    "2026-02-29",
    "0000-01-01",
    "0001-01-01%2000:00:00",
    "9999-12-31%2023:59:59",
    "10000-01-01",
    "2026-11-22T08:00:00Z",
    "1795334400",
    "2026-1-1",
    "2026-11-22%2008:00",
    "%EF%BC%92026-11-22",
    "2020-01-01",
    "2026-11-23",
    "2026-11-22%20%2024:00:00",
    "-2026-11-22",
    "2026-11-22%00",
];

/// Values aimed at page numbers, sizes, flags and counts.
const NUMBERS: &[&str] = &[
    "101", "100", "1", "0", "10000", "10001", "2", "3", "5", "-1", "65535", "1000000",
];

/// Ids of no device of the product (never one of its devices: a hostile value sent to a
/// destroying route must not destroy what the media cases open).
const NO_DEVICE: &[&str] = &[
    "77100001",
    "99999999",
    "25045682",
    "00000000000000000000",
    "123456789012345678901",
];

/// A hostile value for `param` of `e` (as sent) and whether it is blank (empty once trimmed,
/// so a required parameter counts as missing).
fn hostile_value(g: &mut Gen<'_>, param: &Param) -> (String, bool) {
    let valid = encoded_valid(g, param);
    let blank = |v: &str| (v.to_string(), true);
    match g.rng.random_range(0..20u32) {
        0 => blank(""),
        1 => blank(pick(&mut g.rng, &["%20", "%20%20%20", "+", "%09"])),
        2 => {
            // A long value, up to 64 KB (a request line over 64 KB is the listener's to refuse).
            let n = pick(&mut g.rng, &[1_000usize, 10_000, 60_000, 65_536]);
            let unit = pick(&mut g.rng, &["9", "a", "%C3%A9", "%F0%9F%98%80", "%00"]);
            (unit.repeat(n / unit.len()), false)
        }
        3 => {
            // The valid value bent: blanks, leading zeros, a sign, a fraction, a NUL.
            let bent = pick(
                &mut g.rng,
                &[
                    "{}%20", "%20{}", "0{}", "{}0", "-{}", "{}.0", "{}%00", "{},{}", "{}e0",
                ],
            );
            (bent.replace("{}", &valid), false)
        }
        4 | 5 if param.kind == Kind::Time => (pick(&mut g.rng, TIMES).to_string(), false),
        4 | 5 if matches!(param.kind, Kind::Int | Kind::NumericText) => {
            (pick(&mut g.rng, NUMBERS).to_string(), false)
        }
        6 if param.name.contains("device") || param.name == "deviceid" => {
            (pick(&mut g.rng, NO_DEVICE).to_string(), false)
        }
        _ => (pick(&mut g.rng, ANY).to_string(), false),
    }
}

fn param(g: &mut Gen<'_>) -> Built {
    let with_query: Vec<&Endpoint> = rows().into_iter().filter(|e| !e.query.is_empty()).collect();
    let e = with_query[g.rng.random_range(0..with_query.len())];
    let param = &e.query[g.rng.random_range(0..e.query.len())];
    let (value, blank) = hostile_value(g, param);
    let mut pairs = query_pairs(g, e);
    let valid_value = encoded_valid(g, param);
    let name = param.name.to_string();
    pairs.retain(|(n, _)| *n != name);
    let (how, expect) = match g.rng.random_range(0..10u32) {
        0 => {
            pairs.push((name.clone(), valid_value));
            pairs.push((name, value.clone()));
            ("after a valid one", Expect::Parseable)
        }
        1 => {
            pairs.insert(0, (name.clone(), value.clone()));
            pairs.push((name, valid_value));
            ("before a valid one", Expect::Parseable)
        }
        _ => {
            let at = g.rng.random_range(0..=pairs.len());
            pairs.insert(at, (name, value.clone()));
            // The victim may be gone (another case deleted it): 8 would come first.
            let names_victim = e.query.iter().any(|p| p.valid == "$oVictim");
            let expect = if blank && param.required && names_victim {
                Expect::Parseable
            } else if blank && param.required && e.sign == Sign::OnenetKey {
                refused(e, 7)
            } else if blank && param.required && e.path == "/register_de" {
                Expect::OnenetErrno(7)
            } else {
                Expect::Parseable
            };
            ("", expect)
        }
    };
    // A request line over 64 KB may be refused by the listener before camsim sees it.
    let expect = if value.len() > 65_000 {
        Expect::MaybeParsed
    } else {
        expect
    };
    let body = g.body_for(e);
    let req = build(g, e, &pairs, body, Some(MASTER_KEY)).keyed(e);
    let what = format!(
        "{} {} {} = `{}` {how}",
        e.method,
        e.path,
        param.name,
        super::wire::preview(value.as_bytes(), 60)
    );
    (what, g.one(&req, expect), false)
}

impl Req {
    /// A media link or `register_de` carries no `api-key`: the one `build` was given goes.
    pub(super) fn keyed(mut self, e: &Endpoint) -> Req {
        if e.sign != Sign::OnenetKey {
            self.headers
                .retain(|(n, _)| !n.eq_ignore_ascii_case(b"api-key"));
        }
        self
    }
}

/// A valid request of a row with its required parameters, one of them left out (or empty,
/// or misspelt): errno 7 (the store's 400, `play_address`'s 1) whatever else it holds.
fn required(g: &mut Gen<'_>) -> Built {
    let candidates: Vec<&Endpoint> = rows()
        .into_iter()
        .filter(|e| e.sign == Sign::OnenetKey || e.path == "/register_de")
        .filter(|e| e.query.iter().any(|p| p.required) || e.params.iter().any(|p| p.required))
        .collect();
    let e = candidates[g.rng.random_range(0..candidates.len())];
    g.onenet_keeper = true;
    g.onenet_required = true;
    let mut pairs = query_pairs(g, e);
    let body_params: Vec<&Param> = e.params.iter().filter(|p| p.required).collect();
    let query_params: Vec<&Param> = e.query.iter().filter(|p| p.required).collect();
    let from_body = !body_params.is_empty() && (query_params.is_empty() || g.rng.random_bool(0.4));
    let what;
    let body = if from_body {
        let dropped = body_params[g.rng.random_range(0..body_params.len())];
        what = format!("body member {} left out", dropped.name);
        let fields: Vec<String> = g
            .fields(e, None)
            .into_iter()
            .filter(|(n, _)| *n != dropped.name)
            .map(|(n, v)| format!("{}:{v}", quoted(n)))
            .collect();
        format!("{{{}}}", fields.join(",")).into_bytes()
    } else if g.rng.random_bool(0.15) {
        what = "every required query parameter left out".to_string();
        pairs.retain(|(n, _)| !query_params.iter().any(|p| p.name == n));
        g.body_for(e)
    } else {
        let dropped = query_params[g.rng.random_range(0..query_params.len())];
        let valid = encoded_valid(g, dropped);
        pairs.retain(|(n, _)| n != dropped.name);
        let how = match g.rng.random_range(0..5u32) {
            0 => {
                pairs.push((dropped.name.to_string(), String::new()));
                "empty"
            }
            1 => {
                pairs.push((dropped.name.to_string(), "%20%20".into()));
                "blank"
            }
            2 => {
                let name = match g.rng.random_range(0..3u32) {
                    0 => dropped.name.to_uppercase(),
                    1 => format!("{}%20", dropped.name),
                    _ => format!("{}x", dropped.name.replace('_', "-")),
                };
                pairs.push((name, valid));
                "misspelt"
            }
            _ => "left out",
        };
        what = format!("{} {how}", dropped.name);
        g.body_for(e)
    };
    g.onenet_keeper = false;
    g.onenet_required = false;
    let query = join(&pairs);
    let path = g.path(e);
    let mut req = Req::new(e.method, &target(&path, &query), &g.addr(), body);
    if e.sign == Sign::OnenetKey {
        req.header("api-key", MASTER_KEY);
    }
    content_type(e, &mut req);
    let expect = if e.path == "/register_de" {
        Expect::OnenetErrno(7)
    } else {
        refused(e, 7)
    };
    (
        format!("{} {} with {what}", e.method, e.path),
        g.one(&req, expect),
        false,
    )
}

// ---------------------------------------------------------------------------------------------
// Paths

/// Paths the sample apps and SDKs send for a route, and paths of no route (errno 8).
fn path_quirk(g: &mut Gen<'_>) -> Built {
    let all = keyed();
    let e = all[g.rng.random_range(0..all.len())];
    g.onenet_keeper = true;
    let pairs = query_pairs(g, e);
    let body = g.body_for(e);
    g.onenet_keeper = false;
    let path = g.path(e);
    let sample = path
        .strip_prefix("/ipc/video")
        .filter(|rest| {
            ["/cmds", "/cmd_status", "/cmd_resp", "/play_address"].contains(rest)
                || rest.starts_with("/vod/")
                || rest.starts_with("/picture/")
        })
        .map(str::to_string);
    // Under `/live/` a longer path is a media link (404 from the media host), not errno 8.
    let none = if path.starts_with("/live/") {
        Expect::Parseable
    } else {
        Expect::OnenetErrno(8)
    };
    let (bent, method, expect): (String, &str, Expect) = match g.rng.random_range(0..14u32) {
        0 => (format!("/{path}"), e.method, Expect::Parseable),
        1 => (path.replace('/', "//"), e.method, Expect::Parseable),
        2 => (
            format!("http://{}{path}", g.addr()),
            e.method,
            Expect::Parseable,
        ),
        3 => (format!("{path}/"), e.method, Expect::Parseable),
        4 => (
            sample.unwrap_or_else(|| path.clone()),
            e.method,
            Expect::Parseable,
        ),
        5 => (
            path.replace("/api/record/", "/ipc/video/record/"),
            e.method,
            Expect::Parseable,
        ),
        6 => (format!("{path}/extra"), e.method, none.clone()),
        7 => (path.to_uppercase(), e.method, none.clone()),
        8 => (format!("{path}.json"), e.method, none.clone()),
        9 => (format!("{path};jsessionid=1"), e.method, none.clone()),
        10 => {
            let other = pick(&mut g.rng, &["PATCH", "OPTIONS", "TRACE", "POST", "PUT"]);
            // Another method of the same path is another route (or none: errno 8).
            let routed = other == e.method
                || e.path.starts_with("/devices")
                || e.path == "/ipc/video/trans_encrypt";
            let expect = if routed || other == "OPTIONS" || other == "TRACE" {
                Expect::Parseable
            } else {
                Expect::OnenetErrno(8)
            };
            (path.clone(), other, expect)
        }
        11 => (
            path.replacen("/devices/", "/devices/%37%37", 1),
            e.method,
            Expect::Parseable,
        ),
        12 => (
            path.replacen("/ipc/video/", "/ipc/video/./", 1),
            e.method,
            Expect::Parseable,
        ),
        _ => (
            path.replacen("/ipc/", "/ipc/x/../", 1),
            e.method,
            Expect::Parseable,
        ),
    };
    let mut req = Req::new(method, &target(&bent, &join(&pairs)), &g.addr(), body);
    req.header("api-key", MASTER_KEY);
    content_type(e, &mut req);
    let what = format!("{method} {bent} (for {} {})", e.method, e.path);
    (what, g.one(&req, expect), false)
}

// ---------------------------------------------------------------------------------------------
// Header faults

fn fault_header(g: &mut Gen<'_>) -> Built {
    use camsim::vendors::onenet::errors::CATALOGUE;
    let all = rows();
    let e = all[g.rng.random_range(0..all.len())];
    let (code, _) = CATALOGUE[g.rng.random_range(0..CATALOGUE.len())];
    let keyed = e.sign == Sign::OnenetKey;
    let (value, expect) = match g.rng.random_range(0..8u32) {
        0 => (format!(" {code} "), Expect::OnenetErrno(code)),
        1 => (format!("0{code}"), Expect::OnenetErrno(code)),
        2 => {
            let bad = pick(
                &mut g.rng,
                &["0", "-1", "24", "1e1", "3.0", "abc", "9999", "600"],
            );
            let expect = if keyed && !is_store(e) {
                Expect::OnenetErrno(6)
            } else {
                Expect::Parseable
            };
            (bad.to_string(), expect)
        }
        _ => (code.to_string(), Expect::OnenetErrno(code)),
    };
    g.onenet_keeper = true;
    let pairs = query_pairs(g, e);
    let body = g.body_for(e);
    g.onenet_keeper = false;
    let mut req = build(g, e, &pairs, body, Some(MASTER_KEY)).keyed(e);
    req.header("X-Camsim-Error", &value);
    if g.rng.random_bool(0.3) {
        req.header("X-Camsim-Delay", pick(&mut g.rng, &["0", "1", "20"]));
    }
    let mut steps = g.one(&req, expect);
    steps[0].fault_asked = true;
    (
        format!("X-Camsim-Error `{value}` on {} {}", e.method, e.path),
        steps,
        false,
    )
}
