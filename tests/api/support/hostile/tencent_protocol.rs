//! Tencent protocol cases: the `Authorization` header bent in every part (and the request
//! bent after it was signed), `SignedHeaders`, `X-TC-Timestamp` in and out of its 300 s
//! window, the other `X-TC-*` headers, `Content-Type`, methods and paths other than `GET`/`POST
//! /`, bodies that are not JSON or announced over 10 MB, and `X-Camsim-Error` on every action.
//! Each signs with what it sends (`tencent::authorize`), so only the part it bends is wrong.

use super::Expect;
use super::generate::{Built, Gen, Req};
use super::tencent::{
    MAX_BODY_BYTES, action_of, any_action, authorize, choose, header_of, remove, served_or_any,
    set, valid_post,
};
use super::tencent_world::{
    ACTIONS, CHANGE_A_DEVICE, OTHER_WORLD_ID, OTHER_WORLD_KEY, PRODUCT, SECRET_ID, SECRET_ID_2,
    SECRET_KEY, SECRET_KEY_2,
};
use super::values::{self, pick};
use super::{tencent_media, tencent_sign};
use rand::RngExt;

// ---------------------------------------------------------------------------------------------
// Authorization

/// The `Authorization` header bent in every part, or the request bent after it was signed.
pub(super) fn authorization(g: &mut Gen<'_>) -> Built {
    let e = any_action(g);
    let action = action_of(e);
    let mut req = valid_post(g, e);
    let good = header_of(&req, "Authorization").unwrap_or_default();
    let ok = served_or_any(g, action);
    let invalid = Expect::TencentCode("AuthFailure.InvalidAuthorization");
    let failure = Expect::TencentCode("AuthFailure.SignatureFailure");
    let (credential, rest) = good.split_once(", ").unwrap_or((&good, ""));
    let (signed_part, signature_part) = rest.split_once(", ").unwrap_or((rest, ""));
    let credential = credential.to_string();
    let (signed_part, signature_part) = (signed_part.to_string(), signature_part.to_string());
    let body_tail = credential
        .split_once(' ')
        .map_or(String::new(), |(_, c)| c.to_string());
    let replace = |req: &mut Req, value: &str| set(req, "Authorization", value);
    let (what, expect): (String, Expect) = match g.rng.random_range(0..30u32) {
        0 => {
            remove(&mut req, "Authorization");
            ("no Authorization".into(), invalid)
        }
        1 => {
            replace(&mut req, "");
            ("an empty Authorization".into(), invalid)
        }
        2 => {
            let alg = pick(
                &mut g.rng,
                &[
                    "HMAC-SHA256",
                    "TC3-HMAC-SHA1",
                    "tc3-hmac-sha256",
                    "TC3-HMAC-SHA256X",
                    "AWS4-HMAC-SHA256",
                ],
            );
            replace(&mut req, &good.replacen("TC3-HMAC-SHA256", alg, 1));
            (format!("the algorithm `{alg}`"), invalid)
        }
        3 => {
            let v = pick(
                &mut g.rng,
                &[
                    "Bearer x",
                    "Basic YTpi",
                    "TC3-HMAC-SHA256",
                    "TC3-HMAC-SHA256 ",
                ],
            );
            replace(&mut req, v);
            (format!("Authorization `{v}`"), invalid)
        }
        4 => {
            replace(
                &mut req,
                &good.replacen("TC3-HMAC-SHA256 ", "TC3-HMAC-SHA256", 1),
            );
            ("no space after the algorithm".into(), invalid)
        }
        5 => {
            let without = match g.rng.random_range(0..3u32) {
                0 => format!("TC3-HMAC-SHA256 {signed_part}, {signature_part}"),
                1 => format!("{credential}, {signature_part}"),
                _ => format!("{credential}, {signed_part}"),
            };
            replace(&mut req, &without);
            ("a part missing".into(), invalid)
        }
        6 => {
            let v = choose(
                g,
                &[
                    format!("{credential},, {signed_part}, {signature_part}"),
                    format!("{good},"),
                    format!("{credential}, , {signed_part}, {signature_part}"),
                    good.replace(", ", ","),
                ],
            );
            let tolerated = v == good.replace(", ", ",");
            replace(&mut req, &v);
            (
                "extra or missing commas".into(),
                if tolerated { ok } else { invalid },
            )
        }
        7 => {
            replace(&mut req, &format!("{good}, {signature_part}"));
            ("Signature twice".into(), invalid)
        }
        8 => {
            replace(&mut req, &format!("{good}, Nonce=1"));
            ("an unknown part".into(), invalid)
        }
        9 => {
            let scope = pick(
                &mut g.rng,
                &[
                    "/iotvideo/tc3_request",
                    "/tc3_request",
                    "/iotvideo/tc3_request/x",
                    "/iotvideo/tc3",
                ],
            );
            let cred = body_tail.split('/').next().unwrap_or_default();
            let v = format!("TC3-HMAC-SHA256 {cred}{scope}, {signed_part}, {signature_part}");
            replace(&mut req, &v);
            (format!("a credential scope `…{scope}`"), invalid)
        }
        10 => {
            let v = good.replacen(SECRET_ID, "", 1);
            replace(&mut req, &v);
            ("no SecretId".into(), invalid)
        }
        11 => {
            let v = format!(
                "{}, {signed_part}, {signature_part}",
                credential.replacen("Credential=", "Credential=AKIDé", 1)
            );
            set(&mut req, "Authorization", v.as_bytes());
            ("a non-ASCII SecretId".into(), invalid)
        }
        12 => {
            let n = g.rng.random_range(4_000..30_000);
            let v = format!("{credential}, {signed_part}, Signature={}", "f".repeat(n));
            replace(&mut req, &v);
            (format!("a {n}-digit Signature"), failure)
        }
        13 => {
            let n = g.rng.random_range(4_000..30_000);
            let v = good.replacen(SECRET_ID, &format!("AKID{}", "x".repeat(n)), 1);
            replace(&mut req, &v);
            (
                format!("a {n}-byte SecretId"),
                Expect::TencentCode("AuthFailure.SecretIdNotFound"),
            )
        }
        14 => {
            let (id, code) = pick(
                &mut g.rng,
                &[
                    (
                        "AKIDh0stileTencentNoSuchKey00000001",
                        "AuthFailure.SecretIdNotFound",
                    ),
                    (
                        "akidh0stileTencent000000000000001",
                        "AuthFailure.InvalidSecretId",
                    ),
                    ("h0stile", "AuthFailure.InvalidSecretId"),
                    ("AKID", "AuthFailure.SecretIdNotFound"),
                ],
            );
            remove(&mut req, "Authorization");
            authorize(&mut req, id, SECRET_KEY, &["content-type", "host"], None);
            (format!("SecretId `{id}`"), Expect::TencentCode(code))
        }
        15 => {
            let key = g.target.tencent.media_key.clone();
            if key.is_empty() {
                return authorization(g);
            }
            remove(&mut req, "Authorization");
            authorize(&mut req, &key, SECRET_KEY, &["content-type", "host"], None);
            (
                "a media key as SecretId".into(),
                Expect::TencentCode("AuthFailure.SecretIdNotFound"),
            )
        }
        16 => {
            remove(&mut req, "Authorization");
            authorize(
                &mut req,
                SECRET_ID_2,
                SECRET_KEY_2,
                &["content-type", "host"],
                None,
            );
            ("the account's second key".into(), ok)
        }
        17 => {
            // Another world's SecretId (a running clock): its own key, or this world's.
            let own = g.rng.random_bool(0.5);
            set(&mut req, "X-TC-Timestamp", g.now.to_string());
            remove(&mut req, "Authorization");
            let key = if own { OTHER_WORLD_KEY } else { SECRET_KEY };
            authorize(
                &mut req,
                OTHER_WORLD_ID,
                key,
                &["content-type", "host"],
                None,
            );
            if own {
                ("another world's SecretId and key".into(), Expect::Parseable)
            } else {
                ("another world's SecretId, this world's key".into(), failure)
            }
        }
        18 => {
            let sig = good.rsplit_once('=').map_or("", |(_, s)| s).to_string();
            let mut bytes = sig.clone().into_bytes();
            if !bytes.is_empty() {
                let at = g.rng.random_range(0..bytes.len());
                bytes[at] = if bytes[at] == b'0' { b'1' } else { b'0' };
            }
            let flipped = String::from_utf8_lossy(&bytes).to_string();
            replace(&mut req, &good.replacen(&sig, &flipped, 1));
            ("one signature digit changed".into(), failure)
        }
        19 => {
            remove(&mut req, "Authorization");
            authorize(
                &mut req,
                SECRET_ID,
                "not-the-key",
                &["content-type", "host"],
                None,
            );
            ("signed with a wrong key".into(), failure)
        }
        20 => {
            req.body.push(b' ');
            ("the body changed after signing".into(), failure)
        }
        21 => {
            let host = header_of(&req, "Host").unwrap_or_default();
            set(&mut req, "Host", "iotvideo.tencentcloudapi.com");
            remove(&mut req, "Authorization");
            authorize(
                &mut req,
                SECRET_ID,
                SECRET_KEY,
                &["content-type", "host"],
                None,
            );
            set(&mut req, "Host", host);
            ("signed for another Host".into(), failure)
        }
        22 => {
            set(&mut req, "Content-Type", "application/json; charset=utf-8");
            ("the Content-Type changed after signing".into(), failure)
        }
        23 => {
            let other = tencent_sign::utc_date(g.target.tencent.now.saturating_sub(86_400));
            let day = pick(&mut g.rng, &[other.as_str(), "2026-13-45", "x", ""]).to_string();
            remove(&mut req, "Authorization");
            authorize(
                &mut req,
                SECRET_ID,
                SECRET_KEY,
                &["content-type", "host"],
                Some((&day, "iotvideo")),
            );
            (format!("the credential scope's date `{day}`"), failure)
        }
        24 => {
            let date = tencent_sign::utc_date(g.target.tencent.now);
            let (service, expect) = pick(
                &mut g.rng,
                &[
                    ("cvm", true),
                    ("", true),
                    ("IOTVIDEO", true),
                    ("127", false),
                ],
            );
            remove(&mut req, "Authorization");
            authorize(
                &mut req,
                SECRET_ID,
                SECRET_KEY,
                &["content-type", "host"],
                Some((&date, service)),
            );
            // `127`, the local endpoint's first label, is the Node SDK's (the vendor card).
            (
                format!("the credential scope's service `{service}`"),
                if expect { failure } else { ok },
            )
        }
        25 => {
            let (names, expect): (&[&str], Expect) = match g.rng.random_range(0..7u32) {
                0 => (&["host"], invalid),
                1 => (&["content-type"], invalid),
                2 => (&["content-type", "host", "x-absent"], ok),
                3 => (
                    &["content-type", "host", "x-tc-action", "x-tc-timestamp"],
                    ok,
                ),
                4 => (&["Content-Type", "Host"], invalid),
                5 => (&["host", "content-type"], ok),
                _ => (&["content-type", "", "host"], Expect::Parseable),
            };
            remove(&mut req, "Authorization");
            authorize(&mut req, SECRET_ID, SECRET_KEY, names, None);
            (format!("SignedHeaders `{}`", names.join(";")), expect)
        }
        26 => {
            req.header("Authorization", "garbage");
            (
                "a second Authorization after the right one".into(),
                Expect::Parseable,
            )
        }
        27 => {
            req.header("X-TC-Content-SHA256", "UNSIGNED-PAYLOAD");
            let signed_unsigned = g.rng.random_bool(0.5);
            if signed_unsigned {
                remove(&mut req, "Authorization");
                authorize(
                    &mut req,
                    SECRET_ID,
                    SECRET_KEY,
                    &["content-type", "host"],
                    None,
                );
            }
            if signed_unsigned {
                ("an unsigned payload, signed so".into(), ok)
            } else {
                ("an unsigned payload, the body signed".into(), failure)
            }
        }
        28 => {
            let host = header_of(&req, "Host").unwrap_or_default();
            let bare = host
                .rsplit_once(':')
                .map_or(host.clone(), |(h, _)| h.to_string());
            set(&mut req, "Host", &bare);
            remove(&mut req, "Authorization");
            authorize(
                &mut req,
                SECRET_ID,
                SECRET_KEY,
                &["content-type", "host"],
                None,
            );
            set(&mut req, "Host", &host);
            // The host signed without its port: the Node SDK's (the vendor card).
            ("the host signed without its port".into(), ok)
        }
        _ => {
            let token = pick(&mut g.rng, &["x", "sts-token-0000", "   ", "null"]);
            req.header("X-TC-Token", token);
            let expect = if token.trim().is_empty() {
                ok
            } else {
                Expect::TencentCode("AuthFailure.TokenFailure")
            };
            (format!("X-TC-Token `{token}`"), expect)
        }
    };
    (format!("{action}: {what}"), g.one(&req, expect), false)
}

/// `X-TC-Timestamp` hostile, signed with exactly what is sent.
pub(super) fn timestamp(g: &mut Gen<'_>) -> Built {
    let e = any_action(g);
    let action = action_of(e);
    let mut req = valid_post(g, e);
    let now = g.target.tencent.now;
    let expire = Expect::TencentCode("AuthFailure.SignatureExpire");
    let not_a_number = Expect::TencentCode("InvalidParameterValue");
    let (text, expect): (String, Expect) = match g.rng.random_range(0..20u32) {
        0 => (String::new(), Expect::TencentCode("MissingParameter")),
        1 => ("-1".into(), expire),
        2 => ("0".into(), expire),
        3 => (i64::MAX.to_string(), expire),
        4 => (i64::MIN.to_string(), expire),
        5 => ((now - 301).to_string(), expire),
        6 => ((now + 301).to_string(), expire),
        7 => ((now - 300).to_string(), served_or_any(g, action)),
        8 => ((now + 300).to_string(), served_or_any(g, action)),
        9 => ((now - 10 * 365 * 86_400).to_string(), expire),
        10 => ((now + 86_400).to_string(), expire),
        11 => ("9223372036854775808".into(), not_a_number),
        12 => ("1e10".into(), not_a_number),
        13 => (format!("{now}.5"), not_a_number),
        14 => ("abc".into(), not_a_number),
        15 => (format!("+{now}"), Expect::Parseable),
        16 => (format!("  {now}  "), served_or_any(g, action)),
        17 => ((now * 1000).to_string(), expire),
        18 => {
            remove(&mut req, "X-TC-Timestamp");
            remove(&mut req, "Authorization");
            authorize(
                &mut req,
                SECRET_ID,
                SECRET_KEY,
                &["content-type", "host"],
                None,
            );
            return (
                format!("{action} without X-TC-Timestamp"),
                g.one(&req, Expect::TencentCode("MissingParameter")),
                false,
            );
        }
        _ => (format!("0x{now:x}"), not_a_number),
    };
    set(&mut req, "X-TC-Timestamp", &text);
    remove(&mut req, "Authorization");
    authorize(
        &mut req,
        SECRET_ID,
        SECRET_KEY,
        &["content-type", "host"],
        None,
    );
    (
        format!("{action} with X-TC-Timestamp `{text}` (world clock {now})"),
        g.one(&req, expect),
        false,
    )
}

// ---------------------------------------------------------------------------------------------
// Other headers

/// `X-TC-Action`, `-Version`, `-Language`, `-Region`, `-Token` and `Content-Type` hostile (none
/// of them but Content-Type is signed, so the signature stays good).
pub(super) fn headers(g: &mut Gen<'_>) -> Built {
    let e = any_action(g);
    let action = action_of(e);
    let mut req = valid_post(g, e);
    let ok = served_or_any(g, action);
    let invalid_action = Expect::TencentCode("InvalidAction");
    let (what, expect): (String, Expect) = match g.rng.random_range(0..18u32) {
        0 => {
            let v = pick(
                &mut g.rng,
                &[
                    "DescribeNothing",
                    "describedevice",
                    "DESCRIBEDEVICE",
                    "Describe Device",
                    "DescribeDevice2",
                    "tencent.DescribeDevice",
                    "playback",
                    "CreateStorage",
                ],
            );
            set(&mut req, "X-TC-Action", v);
            (format!("X-TC-Action `{v}`"), invalid_action)
        }
        1 => {
            remove(&mut req, "X-TC-Action");
            ("no X-TC-Action".into(), invalid_action)
        }
        2 => {
            set(&mut req, "X-TC-Action", "");
            ("an empty X-TC-Action".into(), invalid_action)
        }
        3 => {
            set(
                &mut req,
                "X-TC-Action",
                "A".repeat(g.rng.random_range(1_000..20_000)),
            );
            ("a long X-TC-Action".into(), invalid_action)
        }
        4 => {
            set(&mut req, "X-TC-Action", "Describé".as_bytes());
            ("a non-ASCII X-TC-Action".into(), invalid_action)
        }
        5 => {
            set(&mut req, "X-TC-Action", format!("  {action}\t"));
            ("X-TC-Action in blanks".into(), ok)
        }
        6 => {
            // Another action on this body (which may name the keeper): one that changes nothing.
            let readers: Vec<&str> = ACTIONS
                .iter()
                .copied()
                .filter(|a| !CHANGE_A_DEVICE.contains(a))
                .collect();
            let other = pick(&mut g.rng, &readers);
            set(&mut req, "X-TC-Action", other);
            (
                format!("X-TC-Action `{other}` on this body"),
                served_or_any(g, other),
            )
        }
        7 => {
            remove(&mut req, "X-TC-Version");
            (
                "no X-TC-Version".into(),
                Expect::TencentCode("MissingParameter"),
            )
        }
        8 => {
            let v = pick(&mut g.rng, &["", "   "]);
            set(&mut req, "X-TC-Version", v);
            (
                format!("X-TC-Version `{v}`"),
                Expect::TencentCode("MissingParameter"),
            )
        }
        9 => {
            let v = pick(
                &mut g.rng,
                &[
                    "2020-12-15",
                    "2019-11-26",
                    "2021-11-26",
                    "latest",
                    "2021-11-25x",
                    "0",
                ],
            );
            set(&mut req, "X-TC-Version", v);
            (
                format!("X-TC-Version `{v}`"),
                Expect::TencentCode("NoSuchVersion"),
            )
        }
        10 => {
            let v = pick(
                &mut g.rng,
                &["en-US", "EN-us", "fr-FR", "", "zh", "en-US,zh-CN", "€"],
            );
            set(&mut req, "X-TC-Language", v.as_bytes());
            (format!("X-TC-Language `{v}`"), ok)
        }
        11 => {
            let v = values::header_value(&mut g.rng);
            let what = format!("X-TC-Language `{}`", super::wire::preview(&v, 30));
            set(&mut req, "X-TC-Language", v);
            (what, Expect::MaybeParsed)
        }
        12 => {
            let v = pick(
                &mut g.rng,
                &[
                    "",
                    "ap-nowhere",
                    "AP-GUANGZHOU",
                    "na-ashburn",
                    "€",
                    "ap-guangzhou,ap-beijing",
                ],
            );
            set(&mut req, "X-TC-Region", v.as_bytes());
            (format!("X-TC-Region `{v}`"), ok)
        }
        13 => {
            let v = choose(
                g,
                &[
                    "a".to_string(),
                    "x".repeat(5_000),
                    "null".into(),
                    "0".into(),
                ],
            );
            set(&mut req, "X-TC-Token", &v);
            (
                format!("X-TC-Token of {} bytes", v.len()),
                Expect::TencentCode("AuthFailure.TokenFailure"),
            )
        }
        14 => {
            set(&mut req, "X-TC-Token", "tøken".as_bytes());
            ("a non-ASCII X-TC-Token".into(), Expect::Parseable)
        }
        15 => {
            // Content-Type signed as sent.
            let v = pick(
                &mut g.rng,
                &[
                    "application/json; charset=utf-8",
                    "APPLICATION/JSON",
                    "multipart/form-data; boundary=x",
                    "text/plain",
                    "application/x-www-form-urlencoded",
                    "application/json, text/plain",
                ],
            );
            set(&mut req, "Content-Type", v);
            remove(&mut req, "Authorization");
            authorize(
                &mut req,
                SECRET_ID,
                SECRET_KEY,
                &["content-type", "host"],
                None,
            );
            (format!("Content-Type `{v}`, signed"), Expect::Parseable)
        }
        16 => {
            remove(&mut req, "Content-Type");
            remove(&mut req, "Authorization");
            authorize(
                &mut req,
                SECRET_ID,
                SECRET_KEY,
                &["content-type", "host"],
                None,
            );
            ("no Content-Type (signed empty)".into(), Expect::Parseable)
        }
        _ => {
            req.header("X-TC-Action", "DescribeNothing");
            (
                "a second X-TC-Action after the right one".into(),
                Expect::Parseable,
            )
        }
    };
    (format!("{action}: {what}"), g.one(&req, expect), false)
}

// ---------------------------------------------------------------------------------------------
// The protocol: methods, paths, bodies

pub(super) fn protocol(g: &mut Gen<'_>) -> Built {
    let e = any_action(g);
    let action = action_of(e);
    let mut req = valid_post(g, e);
    let ok = served_or_any(g, action);
    let mut send = super::wire::Send::Whole;
    let (what, expect): (String, Expect) = match g.rng.random_range(0..9u32) {
        0 | 1 => {
            let m = pick(
                &mut g.rng,
                &[
                    "PUT", "DELETE", "PATCH", "OPTIONS", "TRACE", "BREW", "PROPFIND",
                ],
            );
            req.method = m.as_bytes().to_vec();
            (
                format!("method {m} on /"),
                Expect::TencentCode("UnsupportedProtocol"),
            )
        }
        2 => {
            req.method = b"HEAD".to_vec();
            (
                "method HEAD on /".into(),
                Expect::TencentCode("UnsupportedProtocol"),
            )
        }
        3 => {
            let path = pick(
                &mut g.rng,
                &[
                    "/x",
                    "/v3",
                    "/iotvideo",
                    "/index.html",
                    "/%2Fx",
                    "/timeshift/live/",
                    "/thumbnail",
                    "/api/",
                    "/Response",
                ],
            );
            req.target = path.as_bytes().to_vec();
            (format!("POST {path}"), Expect::TencentCode("InvalidAction"))
        }
        4 => {
            let body = values::broken_body(&mut g.rng);
            let what = format!("body `{}`", super::wire::preview(&body, 40));
            req.body = body;
            remove(&mut req, "Authorization");
            authorize(
                &mut req,
                SECRET_ID,
                SECRET_KEY,
                &["content-type", "host"],
                None,
            );
            (what, ok)
        }
        5 => {
            // Announced over the 10 MB limit, never sent: refused before it is read.
            req.content_length = false;
            let n = pick(
                &mut g.rng,
                &[MAX_BODY_BYTES + 1, MAX_BODY_BYTES * 2, 1 << 30],
            );
            req.header("Content-Length", n.to_string());
            (
                format!("{n} bytes announced, {} sent", req.body.len()),
                Expect::UnsentBody,
            )
        }
        6 => {
            req.target = format!("/?ProductId={PRODUCT}&X=1").into_bytes();
            ("POST with a query string".into(), ok)
        }
        7 => {
            req.method = b"GET".to_vec();
            remove(&mut req, "Authorization");
            authorize(
                &mut req,
                SECRET_ID,
                SECRET_KEY,
                &["content-type", "host"],
                None,
            );
            (
                "GET with a JSON body and no query".into(),
                Expect::Parseable,
            )
        }
        _ => {
            // A body cut short: announced whole, then half-closed.
            req.content_length = false;
            req.header("Content-Length", (req.body.len() + 100).to_string());
            send = super::wire::Send::HalfClose;
            ("a body shorter than announced".into(), Expect::MaybeParsed)
        }
    };
    let mut steps = g.one(&req, expect);
    steps[0].send = send;
    (format!("{action}: {what}"), steps, false)
}

// ---------------------------------------------------------------------------------------------
// Faults

/// `X-Camsim-Error` on every action: a catalogue code answers that code, anything else
/// `InvalidParameterValue` (the request is otherwise valid and signed).
pub(super) fn fault_header(g: &mut Gen<'_>) -> Built {
    use camsim::vendors::tencent::errors::CATALOGUE;
    if g.rng.random_bool(0.2) {
        return tencent_media::fault(g);
    }
    let e = any_action(g);
    let action = action_of(e);
    let mut req = valid_post(g, e);
    let (code, _, _) = CATALOGUE[g.rng.random_range(0..CATALOGUE.len())];
    let (value, expect) = match g.rng.random_range(0..6u32) {
        0 => (format!(" {code} "), Expect::TencentCode(code)),
        1 => {
            let bad = pick(
                &mut g.rng,
                &[
                    "internalerror",
                    "InternalError.",
                    "AuthFailure",
                    "10007",
                    "",
                    "Nope",
                ],
            );
            (
                bad.to_string(),
                Expect::TencentCode("InvalidParameterValue"),
            )
        }
        _ => (code.to_string(), Expect::TencentCode(code)),
    };
    req.header("X-Camsim-Error", &value);
    if g.rng.random_bool(0.3) {
        req.header("X-Camsim-Delay", pick(&mut g.rng, &["0", "1", "20"]));
    }
    let mut steps = g.one(&req, expect);
    steps[0].fault_asked = true;
    (
        format!("X-Camsim-Error `{value}` on {action}"),
        steps,
        false,
    )
}
