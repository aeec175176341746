//! Case generation: `case(seed, index, target, now)` is a pure function of its inputs, so a
//! failing case is reproduced from its seed and index. The listener is `index % 5`; the kind
//! is drawn by weight from the listener's kinds; the endpoint, when the kind needs one, from
//! [`super::table`]. Gwell cases sign with HMAC-SHA1 exactly as Gwell's documentation says
//! (re-implemented here, not taken from camsim). Sodalife's own kinds are in `soda.rs`,
//! OneNET's in `onenet.rs` and Tencent's in `tencent.rs`, which build on the `Req` and `Gen`
//! of this file; OneNET rows get their query parameters, master key and placeholders from
//! `onenet.rs` here too, and Tencent rows their values, links and TC3 signature from
//! `tencent.rs`, so the common kinds reach behind the key.

use super::gwell_sign::gwell_signature;
use super::multipart;
use super::table::{self, Body, Endpoint, Kind, Listener, Sign};
use super::values::{self, pick};
use super::wire::Send;
use super::{Case, Expect, GwellApp, Step, Target};
use rand::rngs::StdRng;
use rand::{RngExt, SeedableRng};

/// A request being built; `to_bytes` writes it as HTTP/1.1 text (or whatever was bent).
pub(super) struct Req {
    pub(super) method: Vec<u8>,
    pub(super) target: Vec<u8>,
    pub(super) version: Vec<u8>,
    pub(super) headers: Vec<(Vec<u8>, Vec<u8>)>,
    pub(super) body: Vec<u8>,
    /// Add `Content-Length: <body length>` when writing (off when a case frames by hand).
    pub(super) content_length: bool,
}

impl Req {
    pub(super) fn new(method: &str, target: &str, host: &str, body: Vec<u8>) -> Req {
        Req {
            method: method.as_bytes().to_vec(),
            target: target.as_bytes().to_vec(),
            version: b"HTTP/1.1".to_vec(),
            headers: vec![(b"Host".to_vec(), host.as_bytes().to_vec())],
            body,
            content_length: true,
        }
    }

    pub(super) fn header(&mut self, name: &str, value: impl AsRef<[u8]>) {
        self.headers
            .push((name.as_bytes().to_vec(), value.as_ref().to_vec()));
    }

    fn host(&self) -> String {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(b"host"))
            .map(|(_, v)| String::from_utf8_lossy(v).to_string())
            .unwrap_or_default()
    }

    pub(super) fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(self.body.len() + 512);
        out.extend_from_slice(&self.method);
        out.push(b' ');
        out.extend_from_slice(&self.target);
        if !self.version.is_empty() {
            out.push(b' ');
            out.extend_from_slice(&self.version);
        }
        out.extend_from_slice(b"\r\n");
        for (name, value) in &self.headers {
            out.extend_from_slice(name);
            out.extend_from_slice(b": ");
            out.extend_from_slice(value);
            out.extend_from_slice(b"\r\n");
        }
        if self.content_length {
            out.extend_from_slice(format!("Content-Length: {}\r\n", self.body.len()).as_bytes());
        }
        out.extend_from_slice(b"\r\n");
        out.extend_from_slice(&self.body);
        out
    }
}

/// Gwell headers for `req` as it stands (Host and body), signed with `app`'s key.
fn sign_gwell(req: &mut Req, app: &GwellApp, nonce: &str, ts: &str) {
    let signature = gwell_signature(&app.app_key, &req.host(), &app.app_id, nonce, ts, &req.body);
    req.header("Content-Type", "application/json");
    req.header("X-IotVideo-AccessID", &app.app_id);
    req.header("X-IotVideo-Nonce", nonce);
    req.header("X-IotVideo-Timestamp", ts);
    req.header("X-IotVideo-Signature", signature);
}

/// The generator's state for one case.
pub(super) struct Gen<'a> {
    pub(super) rng: StdRng,
    pub(super) target: &'a Target,
    pub(super) now: i64,
    pub(super) listener: Listener,
    /// A Sodalife token travels in the query string in this case (else in the body).
    pub(super) soda_query: bool,
    /// OneNET's `$oDevice` is the keeper (a case that expects an exact answer needs a device
    /// that exists whatever other cases did).
    pub(super) onenet_keeper: bool,
    /// OneNET's `$oVictim` is the keeper too: the case leaves a required parameter out, so it
    /// destroys nothing, and its exact answer needs a device that exists.
    pub(super) onenet_required: bool,
    /// Tencent's `$tDevice` is the keeper (a case that expects an exact answer needs a device
    /// in a known state).
    pub(super) tencent_keeper: bool,
}

pub(super) type Built = (String, Vec<Step>, bool);

/// A case kind: its name, weight and builder.
pub(super) type KindFn = fn(&mut Gen<'_>) -> Built;

const COMMON_KINDS: &[(&str, u32, KindFn)] = &[
    ("raw-method", 3, raw_method),
    ("raw-target", 4, raw_target),
    ("raw-version", 2, raw_version),
    ("raw-headers", 4, raw_headers),
    ("raw-framing", 4, raw_framing),
    ("unsent-body", 1, unsent_body),
    ("truncated", 2, truncated),
    ("half-close", 1, half_close),
    ("body", 4, hostile_body),
    ("wrong-type", 6, wrong_type),
];

const GWELL_KINDS: &[(&str, u32, KindFn)] = &[
    ("gwell-tampered", 3, gwell_tampered),
    ("gwell-timestamp", 3, gwell_timestamp),
    ("gwell-replay", 1, gwell_replay),
    ("gwell-headers", 2, gwell_headers),
];

const CONTROL_KINDS: &[(&str, u32, KindFn)] = &[
    ("control-world-name", 2, world_name),
    ("control-fault-probe", 3, fault_probe),
    ("control-scenario", 4, scenario),
    ("control-query", 2, control_query),
    ("control-clock", 3, clock_change),
];

/// One case in this many is a big-world case.
const BIG_WORLD_EVERY: u64 = 4_000;
/// One case in this many uploads a voice file just over Sodalife's 20 MB (at a Sodalife index).
const BIG_UPLOAD_EVERY: u64 = 4_000;
/// One case in this many trickles a Sodalife call over half a second (at a Sodalife index):
/// enough to see the server keep answering meanwhile, too slow to be drawn by weight.
const SLOW_UPLOAD_EVERY: u64 = 2_000;

/// The case `(seed, index)` for `target`, at Unix time `now`.
pub fn case(seed: u64, index: u64, target: &Target, now: i64) -> Case {
    let mixed = seed ^ index.wrapping_mul(0x9E37_79B9_7F4A_7C15).rotate_left(17);
    let listener = Listener::ALL[(index % 5) as usize];
    let mut g = Gen {
        rng: StdRng::seed_from_u64(mixed),
        target,
        now,
        listener,
        soda_query: false,
        onenet_keeper: false,
        onenet_required: false,
        tencent_keeper: false,
    };
    let mut kinds: Vec<(&'static str, u32, KindFn)> = COMMON_KINDS.to_vec();
    match listener {
        Listener::Gwell => kinds.extend_from_slice(GWELL_KINDS),
        Listener::Control => kinds.extend_from_slice(CONTROL_KINDS),
        Listener::Sodalife => {
            g.soda_query = g.rng.random_bool(0.5);
            kinds.extend_from_slice(super::soda::KINDS);
        }
        Listener::Onenet => kinds.extend_from_slice(super::onenet::KINDS),
        Listener::Tencent => kinds.extend_from_slice(super::tencent::KINDS),
    }
    // Rare and slow too: a voice upload just over 20 MB (index 7 is a Sodalife index), a
    // OneNET upload of 8 MiB or one byte more (index 8 is a OneNET index).
    if index % BIG_UPLOAD_EVERY == 7 {
        kinds = vec![("soda-big-upload", 1, super::soda::big_upload)];
    } else if index % BIG_UPLOAD_EVERY == 8 {
        kinds = vec![("onenet-big-upload", 1, super::onenet::big_upload)];
    } else if index % SLOW_UPLOAD_EVERY == 12 {
        kinds = vec![("soda-slow", 1, super::soda::slow_upload)];
    }
    // Rare and slow (seconds in a debug build): a world of many generated devices, at fixed
    // indices (a control index, since 5 % 5 == 0) so every run of 4,000 cases has one.
    if index % BIG_WORLD_EVERY == 5 {
        kinds = vec![("control-big-world", 1, big_world)];
    }
    let total: u32 = kinds.iter().map(|k| k.1).sum();
    let mut roll = g.rng.random_range(0..total);
    let (kind, _, build) = kinds
        .iter()
        .find(|k| {
            if roll < k.1 {
                true
            } else {
                roll -= k.1;
                false
            }
        })
        .copied()
        .unwrap_or(kinds[0]);
    let (what, steps, cleanup) = build(&mut g);
    Case {
        seed,
        index,
        listener,
        kind,
        what,
        steps,
        cleanup: cleanup || listener == Listener::Control,
    }
}

impl Gen<'_> {
    pub(super) fn endpoint(&mut self) -> &'static Endpoint {
        let all = table::of(self.listener);
        all[self.rng.random_range(0..all.len())]
    }

    pub(super) fn addr(&self) -> String {
        self.target.addr(self.listener).to_string()
    }

    fn app(&self) -> &GwellApp {
        &self.target.app
    }

    /// A valid value: the table's, with `$name` taken from the server.
    pub(super) fn valid(&mut self, param: &table::Param) -> String {
        let app = self.app();
        let quoted = |s: &str| serde_json::Value::from(s).to_string();
        match param.valid {
            "$appId" => quoted(&app.app_id),
            "$appToken" => quoted(&app.app_token),
            "$accessId" => quoted(&app.access_id),
            "$devId" => quoted(&app.dev_id),
            "$sn" => quoted(&app.sn),
            "$sodaToken" => quoted(&self.target.soda.token),
            "$sodaClientId" => quoted(super::soda_world::TOKEN_APP.0),
            "$sodaClientSecret" => quoted(super::soda_world::TOKEN_APP.1),
            name if name.starts_with("$t") => {
                super::tencent::valid(self, name).unwrap_or_else(|| name.to_string())
            }
            name if name.starts_with("$o") => {
                super::onenet::valid(self, name).unwrap_or_else(|| name.to_string())
            }
            "$sodaSerial" => {
                let serial = if self.rng.random_bool(0.8) {
                    pick(&mut self.rng, super::soda_world::GOOD)
                } else {
                    pick(&mut self.rng, super::soda_world::OTHERS)
                };
                quoted(serial)
            }
            other => other.to_string(),
        }
    }

    /// The endpoint's path with its placeholders filled.
    pub(super) fn path(&mut self, e: &Endpoint) -> String {
        let world = pick(&mut self.rng, table::WORLD_NAMES);
        let fault = pick(&mut self.rng, &["f1", "f999", "%zz", "€", "f1%2F..", ""]);
        let dev = pick(
            &mut self.rng,
            &["42", "43", "%C3%A9", "-1", "99999999999999999999999"],
        );
        let mut path = e
            .path
            .replace("{w}", world)
            .replace("{dev}", dev)
            .replace("{fault}", fault);
        if path.contains("{pic}") {
            path = path.replace("{pic}", &super::soda::picture_key(self));
        }
        if path.contains("{live}") {
            path = path.replace("{live}", &super::soda::live_name(self));
        }
        if e.listener == Listener::Onenet {
            path = super::onenet::fill_path(self, &path);
        }
        if e.listener == Listener::Tencent {
            path = super::tencent::fill_path(self, &path);
        }
        path
    }

    /// A valid-looking JSON body of the endpoint's parameters (a random subset, devInfo keeps
    /// exactly one of sn/devId), with `replace` swapped in for the named one.
    pub(super) fn json_body(&mut self, e: &Endpoint, replace: Option<(&str, String)>) -> Vec<u8> {
        let fields = self.fields(e, replace);
        let fields: Vec<String> = fields
            .into_iter()
            .map(|(name, value)| format!("\"{name}\":{value}"))
            .collect();
        format!("{{{}}}", fields.join(",")).into_bytes()
    }

    /// The body's parameters as (name, JSON text): see [`Gen::json_body`]. A Sodalife token
    /// that travels in the query string is left out.
    pub(super) fn fields(
        &mut self,
        e: &Endpoint,
        replace: Option<(&str, String)>,
    ) -> Vec<(&'static str, String)> {
        let mut fields = Vec::new();
        let drop_id = if self.rng.random_bool(0.5) {
            "sn"
        } else {
            "devId"
        };
        for param in e.params {
            let replaced = replace.as_ref().filter(|(n, _)| *n == param.name);
            if let Some((_, value)) = replaced {
                fields.push((param.name, value.clone()));
                continue;
            }
            if (e.listener == Listener::Gwell && param.name == drop_id)
                || (e.listener == Listener::Control && self.rng.random_bool(0.6))
            {
                continue;
            }
            if e.listener == Listener::Gwell && param.name == "action" && self.rng.random_bool(0.5)
            {
                continue;
            }
            if e.sign == Sign::SodaToken && param.name == "access_token" && self.soda_query {
                continue;
            }
            if e.listener == Listener::Tencent && !super::tencent::sends(self, param) {
                continue;
            }
            let value = self.valid(param);
            fields.push((param.name, value));
        }
        fields
    }

    pub(super) fn body_for(&mut self, e: &Endpoint) -> Vec<u8> {
        self.body_with(e, None)
    }

    /// The endpoint's body with `replace` swapped in for the named parameter.
    pub(super) fn body_with(&mut self, e: &Endpoint, replace: Option<(&str, String)>) -> Vec<u8> {
        match e.body {
            Body::None => Vec::new(),
            Body::Json => self.json_body(e, replace),
            Body::Scenario => b"seed: 3\n".to_vec(),
            Body::Raw => super::onenet::raw_body(self, e),
            Body::Multipart => {
                let mut parts: Vec<multipart::Part> = self
                    .fields(e, replace)
                    .into_iter()
                    .map(|(name, value)| multipart::text(name, form_text(&value).as_bytes()))
                    .collect();
                let voice = multipart::valid_wav(&mut self.rng);
                parts.push(multipart::file(
                    "voice_file",
                    "hello.wav",
                    "audio/wav",
                    voice,
                ));
                multipart::crlf_form(&parts)
            }
        }
    }

    pub(super) fn nonce(&mut self) -> String {
        (self.rng.random::<u64>() >> 1).to_string()
    }

    /// The endpoint's request, valid apart from what the caller bends; signed if it signs.
    pub(super) fn request(&mut self, e: &Endpoint, body: Vec<u8>) -> Req {
        let mut path = self.path(e);
        if e.sign == Sign::SodaToken && self.soda_query {
            path = format!("{path}?access_token={}", self.target.soda.token);
        }
        if e.listener == Listener::Onenet {
            let pairs = super::onenet::query_pairs(self, e);
            path = super::onenet::target(&path, &super::onenet::join(&pairs));
        }
        let mut req = Req::new(e.method, &path, &self.addr(), body);
        self.finish(e, &mut req);
        req
    }

    pub(super) fn finish(&mut self, e: &Endpoint, req: &mut Req) {
        match e.sign {
            Sign::Gwell => {
                let nonce = self.nonce();
                let app = self.app().clone();
                sign_gwell(req, &app, &nonce, &self.now.to_string());
            }
            Sign::OnenetKey => {
                req.header("api-key", super::onenet_world::MASTER_KEY);
                super::onenet::content_type(e, req);
            }
            Sign::Tc3(action) => super::tencent::sign(self, action, req),
            Sign::None | Sign::SodaToken if e.body == Body::Multipart => {
                req.header("Content-Type", multipart::content_type(multipart::BOUNDARY));
            }
            Sign::None | Sign::SodaToken => req.header("Content-Type", "application/json"),
        }
    }

    pub(super) fn step(&self, bytes: Vec<u8>, expect: Expect) -> Step {
        Step {
            listener: self.listener,
            bytes,
            send: Send::Whole,
            head: false,
            expect,
            fault_asked: false,
            liveness: false,
            follow: None,
        }
    }

    pub(super) fn one(&self, req: &Req, expect: Expect) -> Vec<Step> {
        let mut step = self.step(req.to_bytes(), expect);
        step.head = req.method == b"HEAD";
        vec![step]
    }
}

// ---------------------------------------------------------------------------------------------
// Raw HTTP

fn raw_method(g: &mut Gen<'_>) -> Built {
    let e = g.endpoint();
    let body = g.body_for(e);
    let mut req = g.request(e, body);
    let (method, expect): (Vec<u8>, Expect) = match g.rng.random_range(0..9u32) {
        0 => {
            // CONNECT takes an authority as its target.
            req.target = g.addr().into_bytes();
            (b"CONNECT".to_vec(), Expect::Parseable)
        }
        1 => (b"TRACE".to_vec(), Expect::Parseable),
        2 => (
            e.method.to_ascii_lowercase().into_bytes(),
            Expect::Parseable,
        ),
        3 => (
            b"A".repeat(g.rng.random_range(100..20_000usize)),
            Expect::MaybeParsed,
        ),
        4 => (
            pick(&mut g.rng, &["BREW", "PROPFIND", "M-SEARCH", "X"]).into(),
            Expect::Parseable,
        ),
        5 => (b"HEAD".to_vec(), Expect::Parseable),
        6 => (b"OPTIONS".to_vec(), Expect::Parseable),
        7 => (
            pick(
                &mut g.rng,
                &[&b"GE T"[..], b"G\x00T", b"G\xc3\xa9T", b"(GET)", b""],
            )
            .to_vec(),
            Expect::MaybeParsed,
        ),
        _ => (
            pick(&mut g.rng, &["PUT", "DELETE", "PATCH", "GET"]).into(),
            Expect::Parseable,
        ),
    };
    req.method = method;
    let what = format!("method `{}` on {}", values_preview(&req.method), e.path);
    (what, g.one(&req, expect), false)
}

pub(super) fn values_preview(bytes: &[u8]) -> String {
    super::wire::preview(bytes, 40)
}

/// A JSON text as a form field's text: a string's contents, anything else as written.
pub(super) fn form_text(json: &str) -> String {
    match serde_json::from_str::<serde_json::Value>(json) {
        Ok(serde_json::Value::String(s)) => s,
        _ => json.to_string(),
    }
}

fn raw_target(g: &mut Gen<'_>) -> Built {
    let e = g.endpoint();
    let body = g.body_for(e);
    let mut req = g.request(e, body);
    let path = String::from_utf8_lossy(&req.target).to_string();
    let (target, expect): (Vec<u8>, Expect) = match g.rng.random_range(0..12u32) {
        0 => (
            format!("http://{}{path}", g.addr()).into_bytes(),
            Expect::Parseable,
        ),
        1 => (b"*".to_vec(), Expect::MaybeParsed),
        2 => (format!("{path}%zz").into_bytes(), Expect::MaybeParsed),
        3 => (
            format!("{path}/caf%C3%A9/%E2%82%AC/%F0%9F%98%80").into_bytes(),
            Expect::Parseable,
        ),
        4 => (format!("/..{path}/../..").into_bytes(), Expect::Parseable),
        5 => {
            let n = g.rng.random_range(1_000..70_000usize);
            (
                format!("/{}", "a".repeat(n)).into_bytes(),
                Expect::MaybeParsed,
            )
        }
        6 => (path.replace('/', "////").into_bytes(), Expect::Parseable),
        7 => {
            let mut t = path.into_bytes();
            t.extend_from_slice(b"/\xc3\xa9\x80\xff");
            (t, Expect::MaybeParsed)
        }
        8 => (
            format!(
                "{path}?{}",
                "&=&%zz=%00&a[]=1&".repeat(g.rng.random_range(1..2_000usize))
            )
            .into_bytes(),
            Expect::MaybeParsed,
        ),
        9 => (format!("{path}#fragment").into_bytes(), Expect::MaybeParsed),
        10 => (b"".to_vec(), Expect::MaybeParsed),
        _ => (
            format!("{path}%2F..%2F%2e%2e%5c%00").into_bytes(),
            Expect::Parseable,
        ),
    };
    let what = format!("target `{}`", values_preview(&target));
    req.target = target;
    (what, g.one(&req, expect), false)
}

fn raw_version(g: &mut Gen<'_>) -> Built {
    let e = g.endpoint();
    let body = g.body_for(e);
    let mut req = g.request(e, body);
    let (version, expect) = match g.rng.random_range(0..8u32) {
        0 | 1 => ("HTTP/1.0", Expect::Parseable),
        2 => ("HTTP/1.2", Expect::MaybeParsed),
        3 => ("HTTP/2.0", Expect::MaybeParsed),
        4 => ("", Expect::MaybeParsed),
        5 => ("http/1.1", Expect::MaybeParsed),
        6 => ("HTTP/11", Expect::MaybeParsed),
        _ => ("HTTP/1.1x", Expect::MaybeParsed),
    };
    req.version = version.as_bytes().to_vec();
    (
        format!("version `{version}` on {}", e.path),
        g.one(&req, expect),
        false,
    )
}

fn raw_headers(g: &mut Gen<'_>) -> Built {
    let e = g.endpoint();
    let body = g.body_for(e);
    let mut req = g.request(e, body);
    let mut asked = false;
    let (what, expect) = match g.rng.random_range(0..10u32) {
        0 => {
            let n = g.rng.random_range(1_000..100_000usize);
            req.header("X-Long", vec![b'v'; n]);
            (format!("a {n}-byte header value"), Expect::MaybeParsed)
        }
        1 => {
            let n = g.rng.random_range(50..3_000usize);
            for i in 0..n {
                req.header(&format!("X-Many-{i}"), "x");
            }
            (format!("{n} headers"), Expect::MaybeParsed)
        }
        2 => {
            req.header("X-Utf8", "€😀é".as_bytes());
            ("a UTF-8 header value".into(), Expect::Parseable)
        }
        3 => {
            let v = values::header_value(&mut g.rng);
            let what = format!("header value `{}`", values_preview(&v));
            // Not X-Camsim-Delay: a whole number there is a delay the client asked for.
            let name = pick(
                &mut g.rng,
                &[
                    "X-Odd",
                    "X-Camsim-Error",
                    "X-TC-Action",
                    "Host",
                    "Content-Type",
                    "Origin",
                ],
            );
            req.header(name, v);
            asked = name == "X-Camsim-Error";
            (what, Expect::MaybeParsed)
        }
        4 => {
            req.headers.push((b"Bad Name".to_vec(), b"x".to_vec()));
            ("a header name with a space".into(), Expect::MaybeParsed)
        }
        5 => {
            req.headers.push((b"X-\xc3\xa9".to_vec(), b"x".to_vec()));
            ("a non-ASCII header name".into(), Expect::MaybeParsed)
        }
        6 => {
            req.headers
                .retain(|(n, _)| !n.eq_ignore_ascii_case(b"host"));
            ("no Host".into(), Expect::Parseable)
        }
        7 => {
            req.header("Host", "evil.example:1");
            ("two Host headers".into(), Expect::MaybeParsed)
        }
        8 => {
            req.header("Expect", "100-continue");
            ("Expect: 100-continue".into(), Expect::Parseable)
        }
        _ => {
            req.header("Connection", "Upgrade");
            req.header("Upgrade", pick(&mut g.rng, &["h2c", "websocket", "€"]));
            ("an Upgrade request".into(), Expect::MaybeParsed)
        }
    };
    let mut steps = g.one(&req, expect);
    steps[0].fault_asked = asked;
    (format!("{what} on {}", e.path), steps, false)
}

fn raw_framing(g: &mut Gen<'_>) -> Built {
    let e = g.endpoint();
    let body = g.body_for(e);
    let mut req = g.request(e, body.clone());
    let len = body.len();
    let mut send = Send::Whole;
    let what = match g.rng.random_range(0..10u32) {
        0 => {
            req.header("Content-Length", len.to_string());
            "Content-Length twice, equal"
        }
        1 => {
            req.header("Content-Length", (len + 1).to_string());
            send = Send::HalfClose;
            "Content-Length twice, conflicting"
        }
        2 => {
            req.content_length = false;
            let v = pick(
                &mut g.rng,
                &[
                    "-1",
                    "abc",
                    "+5",
                    " 5",
                    "18446744073709551616",
                    "0x10",
                    "5, 6",
                    "",
                ],
            );
            req.header("Content-Length", v);
            send = Send::HalfClose;
            "an invalid Content-Length"
        }
        3 => {
            req.header("Transfer-Encoding", "chunked");
            send = Send::HalfClose;
            "Content-Length and Transfer-Encoding"
        }
        4 => {
            req.content_length = false;
            req.header(
                "Transfer-Encoding",
                pick(
                    &mut g.rng,
                    &["gzip", "chunked, gzip", "identity", "chunked, chunked", "€"],
                ),
            );
            send = Send::HalfClose;
            "an odd Transfer-Encoding"
        }
        5 => {
            req.content_length = false;
            req.header("Transfer-Encoding", "chunked");
            let size = pick(
                &mut g.rng,
                &[
                    "zz",
                    "ffffffffffffffffffff",
                    "-1",
                    "1;ext=\"€\"",
                    " 5",
                    "5 5",
                ],
            );
            req.body = format!("{size}\r\nhello\r\n0\r\n\r\n").into_bytes();
            send = Send::HalfClose;
            "a bad chunk size"
        }
        6 => {
            req.content_length = false;
            req.header("Transfer-Encoding", "chunked");
            req.body = [
                format!("{:x}\r\n", len + 10).as_bytes(),
                &body,
                b"\r\n0\r\n\r\n",
            ]
            .concat();
            send = Send::HalfClose;
            "a chunk longer than announced"
        }
        7 => {
            req.content_length = false;
            req.header("Transfer-Encoding", "chunked");
            req.body = [format!("{len:x}\r\n").as_bytes(), &body, b"\r\n"].concat();
            send = Send::HalfClose;
            "chunked without the last chunk"
        }
        8 => {
            req.content_length = false;
            req.header("Transfer-Encoding", "chunked");
            let mut chunked = Vec::with_capacity(body.len() * 7 + 32);
            for b in body.iter() {
                chunked.extend_from_slice(b"1\r\n");
                chunked.push(*b);
                chunked.extend_from_slice(b"\r\n");
            }
            chunked.extend_from_slice("0\r\nX-Trailer: €\r\n\r\n".as_bytes());
            req.body = chunked;
            "one-byte chunks with a trailer"
        }
        _ => {
            req.content_length = false;
            req.header("Content-Length", (len + 100).to_string());
            send = Send::HalfClose;
            "a body shorter than its Content-Length"
        }
    };
    // Framing this bent is for hyper's parser to judge; an honest chunked body is parseable.
    let expect = if what.starts_with("one-byte") || what.starts_with("Content-Length twice, equal")
    {
        Expect::Parseable
    } else {
        Expect::MaybeParsed
    };
    let mut steps = g.one(&req, expect);
    steps[0].send = send;
    (format!("{what} on {}", e.path), steps, false)
}

fn unsent_body(g: &mut Gen<'_>) -> Built {
    let e = g.endpoint();
    let sent = values::random_bytes(&mut g.rng, 0..100);
    let mut req = g.request(e, sent);
    req.content_length = false;
    // Over every limit: 17 MiB passes Sodalife's 20 MB upload limit, so uploads get 21 MiB.
    let over = if e.body == Body::Multipart {
        21 * 1024 * 1024
    } else {
        17 * 1024 * 1024
    };
    let announced = pick(&mut g.rng, &[1u64 << 30, 1 << 40, 200 * 1024 * 1024, over]);
    req.header("Content-Length", announced.to_string());
    let what = format!(
        "{announced} bytes announced, a few sent, on {} {}",
        e.method, e.path
    );
    (what, g.one(&req, Expect::UnsentBody), false)
}

fn truncated(g: &mut Gen<'_>) -> Built {
    let e = g.endpoint();
    let body = g.body_for(e);
    let req = g.request(e, body);
    let bytes = req.to_bytes();
    let cut = g.rng.random_range(1..bytes.len());
    let mut step = g.step(bytes[..cut].to_vec(), Expect::MaybeParsed);
    step.send = Send::HalfClose;
    (
        format!("cut after {cut} of {} bytes, then half-closed", bytes.len()),
        vec![step],
        false,
    )
}

fn half_close(g: &mut Gen<'_>) -> Built {
    let e = g.endpoint();
    let body = g.body_for(e);
    let req = g.request(e, body);
    let mut steps = g.one(&req, Expect::Parseable);
    steps[0].send = Send::HalfClose;
    (
        format!("a whole {} {} then half-closed", e.method, e.path),
        steps,
        false,
    )
}

// ---------------------------------------------------------------------------------------------
// Bodies

fn hostile_body(g: &mut Gen<'_>) -> Built {
    let e = g.endpoint();
    let (body, expect) = if e.body == Body::Scenario {
        let (_, text, refuse) = scenario_text(g);
        (
            text,
            if refuse {
                Expect::Refused
            } else {
                Expect::Parseable
            },
        )
    } else {
        (values::broken_body(&mut g.rng), Expect::Parseable)
    };
    let what = format!(
        "body `{}` to {} {}",
        values_preview(&body),
        e.method,
        e.path
    );
    let req = g.request(e, body);
    (what, g.one(&req, expect), false)
}

fn wrong_type(g: &mut Gen<'_>) -> Built {
    let with_params: Vec<&Endpoint> = table::of(g.listener)
        .into_iter()
        .filter(|e| !e.params.is_empty())
        .collect();
    if with_params.is_empty() {
        return hostile_body(g);
    }
    let e = with_params[g.rng.random_range(0..with_params.len())];
    let param = &e.params[g.rng.random_range(0..e.params.len())];
    let value = values::json_value(&mut g.rng, param.kind);
    let body = g.body_with(e, Some((param.name, value.clone())));
    let what = format!(
        "{} = `{}` on {} {}",
        param.name,
        super::wire::preview(value.as_bytes(), 40),
        e.method,
        e.path
    );
    let req = g.request(e, body);
    (what, g.one(&req, Expect::Parseable), false)
}

// ---------------------------------------------------------------------------------------------
// Gwell

fn gwell_endpoint(g: &mut Gen<'_>) -> &'static Endpoint {
    let all = table::of(Listener::Gwell);
    all[g.rng.random_range(0..all.len())]
}

fn gwell_tampered(g: &mut Gen<'_>) -> Built {
    let e = gwell_endpoint(g);
    let body = g.json_body(e, None);
    let path = e.path.to_string();
    let mut req = Req::new(e.method, &path, &g.addr(), body.clone());
    let app = g.app().clone();
    let nonce = g.nonce();
    let ts = g.now.to_string();
    let what = match g.rng.random_range(0..6u32) {
        0 => {
            let wrong = GwellApp {
                app_key: "not-the-key".into(),
                ..app.clone()
            };
            sign_gwell(&mut req, &wrong, &nonce, &ts);
            "signed with a wrong key"
        }
        1 => {
            sign_gwell(&mut req, &app, &nonce, &ts);
            req.body.push(b' ');
            "body changed after signing"
        }
        2 => {
            sign_gwell(&mut req, &app, &nonce, &ts);
            let sig = req.headers.last_mut().expect("signature header");
            let flip = g.rng.random_range(0..sig.1.len());
            sig.1[flip] = if sig.1[flip] == b'A' { b'B' } else { b'A' };
            "one signature character changed"
        }
        3 => {
            req.headers[0].1 = b"other.host:1".to_vec();
            sign_gwell(&mut req, &app, &nonce, &ts);
            req.headers[0].1 = g.addr().into_bytes();
            "signed for another Host"
        }
        4 => {
            sign_gwell(&mut req, &app, &nonce, &ts);
            let sig = req.headers.last_mut().expect("signature header");
            sig.1 = values::header_value(&mut g.rng);
            if sig.1.is_empty() || sig.1.iter().any(|b| *b < 0x20 || *b >= 0x7f) {
                sig.1 = b"!!!!".to_vec();
            }
            "a signature that is not Base64"
        }
        _ => {
            sign_gwell(&mut req, &app, &nonce, &ts);
            for (name, value) in req.headers.iter_mut() {
                if name.as_slice() == b"X-IotVideo-Nonce" {
                    value.push(b'1');
                }
            }
            "nonce changed after signing"
        }
    };
    (
        format!("{what} on {}", e.path),
        g.one(&req, Expect::GwellCode(10007)),
        false,
    )
}

fn gwell_timestamp(g: &mut Gen<'_>) -> Built {
    let e = gwell_endpoint(g);
    let body = g.json_body(e, None);
    let mut req = Req::new(e.method, e.path, &g.addr(), body);
    let now = i128::from(g.now);
    // (timestamp text, known to be outside the ±300 s window)
    let (ts, outside): (String, bool) = match g.rng.random_range(0..14u32) {
        0 => (i64::MIN.to_string(), true),
        1 => (i64::MAX.to_string(), true),
        2 => ((now - (1i128 << 63)).to_string(), true),
        3 => ((now + (1i128 << 63)).to_string(), true),
        4 => ((now - 301).to_string(), true),
        // +301 plus a margin for the time between signing and camsim reading its clock.
        5 => ((now + 306).to_string(), true),
        6 => ("".to_string(), true),
        7 => ("abc".to_string(), true),
        8 => ("99999999999999999999999".to_string(), true),
        9 => ("1e9".to_string(), true),
        10 => ((now * 1000).to_string(), true),
        11 => ("-0".to_string(), true),
        12 => (format!("+{now}"), false),
        _ => (format!("{now}.5"), true),
    };
    let app = g.app().clone();
    let nonce = g.nonce();
    sign_gwell(&mut req, &app, &nonce, &ts);
    let expect = if outside {
        Expect::GwellCode(10007)
    } else {
        Expect::Parseable
    };
    (
        format!("timestamp `{ts}` (now {now}) on {}", e.path),
        g.one(&req, expect),
        false,
    )
}

fn gwell_replay(g: &mut Gen<'_>) -> Built {
    let e = gwell_endpoint(g);
    let body = g.json_body(e, None);
    let mut req = Req::new(e.method, e.path, &g.addr(), body);
    let app = g.app().clone();
    let nonce = g.nonce();
    sign_gwell(&mut req, &app, &nonce, &g.now.to_string());
    let first = g.step(req.to_bytes(), Expect::Parseable);
    let second = g.step(req.to_bytes(), Expect::GwellCode(10007));
    (
        format!("the same signed {} twice (nonce {nonce})", e.path),
        vec![first, second],
        false,
    )
}

fn gwell_headers(g: &mut Gen<'_>) -> Built {
    let e = gwell_endpoint(g);
    let body = g.json_body(e, None);
    let mut req = Req::new(e.method, e.path, &g.addr(), body);
    let app = g.app().clone();
    let nonce = match g.rng.random_range(0..6u32) {
        0 => String::new(),
        1 => "9".repeat(g.rng.random_range(20..5_000usize)),
        2 => "-1".into(),
        3 => "abc€".into(),
        _ => g.nonce(),
    };
    sign_gwell(&mut req, &app, &nonce, &g.now.to_string());
    let mut fault_asked = false;
    let what = match g.rng.random_range(0..4u32) {
        0 => {
            let v = pick(
                &mut g.rng,
                &[
                    "",
                    "0",
                    "10007",
                    "10015",
                    "-1",
                    "99999999999999999999",
                    "abc",
                    " 10015 ",
                    "10026",
                    "€",
                ],
            );
            req.header("X-Camsim-Error", v);
            fault_asked = true;
            format!(
                "X-Camsim-Error `{v}`, nonce `{}`",
                super::wire::preview(nonce.as_bytes(), 20)
            )
        }
        1 => {
            // Whole numbers stay small: a valid delay is waited for, by design.
            let v = pick(
                &mut g.rng,
                &[
                    "",
                    "-1",
                    "1e3",
                    "18446744073709551616",
                    "0",
                    "250",
                    "abc",
                    "1.5",
                    "€",
                ],
            );
            req.header("X-Camsim-Delay", v);
            format!("X-Camsim-Delay `{v}`")
        }
        2 => {
            for (name, value) in req.headers.iter_mut() {
                if name.as_slice() == b"X-IotVideo-AccessID" {
                    *value = pick(
                        &mut g.rng,
                        &[
                            &b""[..],
                            b"x",
                            b"\xc3\xa9",
                            b"0000175a370efbbe852dc1cd1b0b877eX",
                        ],
                    )
                    .to_vec();
                }
            }
            "a bent X-IotVideo-AccessID".to_string()
        }
        _ => format!("nonce `{}`", super::wire::preview(nonce.as_bytes(), 20)),
    };
    let mut steps = g.one(&req, Expect::MaybeParsed);
    steps[0].fault_asked = fault_asked;
    (format!("{what} on {}", e.path), steps, false)
}

// ---------------------------------------------------------------------------------------------
// Control API

fn control_request(g: &Gen<'_>, method: &str, path: &str, body: Vec<u8>) -> Vec<u8> {
    let mut req = Req::new(method, path, g.target.addr(Listener::Control), body);
    req.header("Content-Type", "application/json");
    req.to_bytes()
}

/// Create a world under a name that needs percent-encoding, find it, delete it.
fn world_name(g: &mut Gen<'_>) -> Built {
    let name = pick(
        &mut g.rng,
        &[
            "caf%C3%A9",
            "a%20b",
            "%2F",
            "a%2Fb",
            "%E2%82%AC",
            "x%25y",
            "%F0%9F%98%80",
            "%00",
            "%zz",
        ],
    );
    let create = control_request(
        g,
        "POST",
        &format!("/_camsim/worlds?name={name}"),
        b"seed: 3\n".to_vec(),
    );
    // The name as the query string decodes it, percent-encoded again as a path segment.
    let decoded = form_urlencoded::parse(format!("name={name}").as_bytes())
        .next()
        .map(|(_, v)| v.into_owned())
        .unwrap_or_default();
    let segment = path_segment(&decoded);
    let find = control_request(g, "GET", &format!("/_camsim/worlds/{segment}"), Vec::new());
    let delete = control_request(
        g,
        "DELETE",
        &format!("/_camsim/worlds/{segment}"),
        Vec::new(),
    );
    let steps = vec![
        g.step(create, Expect::Parseable),
        g.step(find, Expect::Reachable),
        g.step(delete, Expect::Parseable),
    ];
    (
        format!("world `?name={name}` created, then GET and DELETE /_camsim/worlds/{segment}"),
        steps,
        true,
    )
}

/// `text` percent-encoded for a path segment: every byte but the unreserved ones.
fn path_segment(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// Post a fault rule with an odd effect to the sandbox, then fire it with a signed request.
fn fault_probe(g: &mut Gen<'_>) -> Built {
    let (effect, status, drop, malformed) = match g.rng.random_range(0..6u32) {
        0 | 1 => {
            let s = pick(
                &mut g.rng,
                &[
                    100i64, 101, 102, 150, 199, 200, 204, 301, 304, 404, 418, 500, 503, 599, 600,
                    0, -1, 1000, 65536,
                ],
            );
            (format!("\"status\":{s}"), Some(s), false, false)
        }
        2 => {
            let c = pick(
                &mut g.rng,
                &[
                    "10015",
                    "10007",
                    "0",
                    "\"10010\"",
                    "99999",
                    "-1",
                    "\"x\"",
                    "1e3",
                    "null",
                ],
            );
            (format!("\"error\":{c}"), None, false, false)
        }
        3 => ("\"drop\":true".to_string(), None, true, false),
        4 => ("\"malformed\":true".to_string(), None, false, true),
        _ => {
            let d = pick(
                &mut g.rng,
                &[
                    "0",
                    "1",
                    "300",
                    "-1",
                    "1e20",
                    "18446744073709551616",
                    "\"5\"",
                ],
            );
            (format!("\"delayMs\":{d}"), None, false, false)
        }
    };
    // Mostly a rule that fires, so its effect is seen; sometimes odd odds and counts.
    let sure = g.rng.random_bool(0.7);
    let (probability, times) = if sure {
        ("", ",\"times\":1")
    } else {
        (
            pick(
                &mut g.rng,
                &[
                    "",
                    ",\"probability\":1.0",
                    ",\"probability\":1.5",
                    ",\"probability\":-0.1",
                    ",\"probability\":1e-400",
                    ",\"probability\":\"1\"",
                ],
            ),
            pick(
                &mut g.rng,
                &[
                    ",\"times\":1",
                    ",\"times\":0",
                    ",\"times\":-1",
                    ",\"times\":4294967296",
                    "",
                ],
            ),
        )
    };
    let rule = format!("{{\"endpoint\":\"gwell.devInfo\",{effect}{probability}{times}}}");
    let post = control_request(
        g,
        "POST",
        &format!("/_camsim/worlds/{}/faults", table::SANDBOX_WORLD),
        rule.clone().into_bytes(),
    );
    // The probe: a correct devInfo of the sandbox app.
    let app = g.target.sandbox.clone();
    let body = format!(
        "{{\"appId\":\"{}\",\"appToken\":\"{}\",\"accessId\":\"{}\",\"devId\":\"{}\"}}",
        app.app_id, app.app_token, app.access_id, app.dev_id
    );
    let mut req = Req::new(
        "POST",
        "/openapi/custCloud/oss/devInfo",
        g.target.addr(Listener::Gwell),
        body.into_bytes(),
    );
    let nonce = g.nonce();
    sign_gwell(&mut req, &app, &nonce, &g.now.to_string());
    let mut probe = g.step(
        req.to_bytes(),
        Expect::AfterFault {
            status,
            drop,
            malformed,
            sure,
        },
    );
    probe.listener = Listener::Gwell;
    let steps = vec![g.step(post, Expect::Parseable), probe];
    (
        format!("fault rule {rule}, then a signed devInfo"),
        steps,
        true,
    )
}

/// A scenario for POST worlds: broken YAML, a bounded alias bomb, or a valid JSON scenario
/// with one field made hostile (generate counts included).
/// Scenario texts camsim must refuse (400): unparseable, or asking for more generated
/// devices than a world may have (10^9 must never be attempted), or a time that is not one.
const MUST_REFUSE: &[&str] = &[
    "seed: [",
    "gwell: {apps: [",
    "name: 'unterminated",
    "clock: {at: now€}",
    "clock: {mode: frozen, at: \"now€\"}",
    "gwell: {apps: [{generate: [{count: 1000000000}]}]}",
    "gwell: {apps: [{generate: [{count: 1000001}]}]}",
    "gwell: {apps: [{generate: [{count: 4294967296}]}]}",
    "gwell: {apps: [{generate: [{count: -1}]}]}",
];

/// Generate counts camsim must refuse in a scenario.
const COUNTS_REFUSED: &[&str] = &[
    "1000000000",
    "4294967296",
    "-1",
    "0",
    "1.5",
    "\"many\"",
    "1000001",
];

/// A hostile scenario: what it is, its text, and whether camsim must refuse it (400).
fn scenario_text(g: &mut Gen<'_>) -> (String, Vec<u8>, bool) {
    match g.rng.random_range(0..4u32) {
        0 => {
            let text = pick(
                &mut g.rng,
                &[
                    "seed: [",
                    "gwell: {apps: [",
                    "\tseed: 1",
                    "name: 'unterminated",
                    "a: &a [*a]",
                    "seed: 1\nseed: 2",
                    "---\n---\nseed: 1",
                    "%YAML 9.9\n---\nseed: 1",
                    "seed: !!binary aGk=",
                    "? [a, b]\n: c",
                    "seed: 1\n\0",
                    "\u{feff}seed: 1",
                    "clock: {at: now€}",
                    "clock: {mode: frozen, at: \"now€\"}",
                    "clock: {offsetSeconds: 9223372036854775807}",
                    "journal: {capacity: 1000000000000, bodyLimit: 1000000000000}",
                    "journal: {capacity: 18446744073709551615}",
                    "gwell: {apps: [{generate: [{count: 1000000000}]}]}",
                    "gwell: {apps: [{generate: [{count: 1000001}]}]}",
                    "gwell: {apps: [{generate: [{count: 4294967296}]}]}",
                    "gwell: {apps: [{generate: [{count: -1}]}]}",
                    "gwell: {apps: [{generate: [{count: 10, idStart: \"9223372036854775800\"}]}]}",
                    "gwell: {apps: [{generate: [{count: 10, onlineRatio: 1e400}]}]}",
                ],
            );
            (
                format!("scenario `{}`", super::wire::preview(text.as_bytes(), 60)),
                text.as_bytes().to_vec(),
                MUST_REFUSE.contains(&text),
            )
        }
        1 => {
            let mut text = String::from(
                "a: &a [\"xxxxxxxxxx\",\"x\",\"x\",\"x\",\"x\",\"x\",\"x\",\"x\",\"x\",\"x\"]\n",
            );
            for (name, prev) in [("b", "a"), ("c", "b"), ("d", "c"), ("e", "d")] {
                let refs = vec![format!("*{prev}"); 10].join(",");
                text.push_str(&format!("{name}: &{name} [{refs}]\n"));
            }
            (
                "a YAML alias bomb of 100,000 strings".into(),
                text.into_bytes(),
                true,
            )
        }
        2 => (
            "random bytes as a scenario".into(),
            values::random_bytes(&mut g.rng, 1..2048),
            false,
        ),
        _ => {
            let field = pick(
                &mut g.rng,
                &[
                    "seed",
                    "name",
                    "clock.mode",
                    "clock.at",
                    "clock.offsetSeconds",
                    "journal.capacity",
                    "journal.bodyLimit",
                    "rateLimits",
                    "app.appId",
                    "user.accessId",
                    "device.devId",
                    "device.battery",
                    "device.bindTime",
                    "generate.count",
                    "generate.idStart",
                    "generate.onlineRatio",
                    "fault.status",
                    "fault.probability",
                    "fault.delayMs",
                ],
            );
            let kind = match field {
                "clock.at" | "device.bindTime" => Kind::Time,
                "seed"
                | "generate.count"
                | "journal.capacity"
                | "journal.bodyLimit"
                | "fault.status"
                | "fault.delayMs"
                | "device.battery"
                | "clock.offsetSeconds" => Kind::Int,
                "generate.onlineRatio" | "fault.probability" => Kind::Float,
                _ => Kind::Text,
            };
            let value = if field == "generate.count" && g.rng.random_bool(0.5) {
                // Counts the server must refuse (or build without blocking its other clients).
                pick(
                    &mut g.rng,
                    &[
                        "1000000000",
                        "4294967296",
                        "-1",
                        "0",
                        "1.5",
                        "\"many\"",
                        "1000001",
                        "100000",
                    ],
                )
                .to_string()
            } else {
                values::json_value(&mut g.rng, kind)
            };
            let v = |f: &str, valid: &str| {
                if f == field {
                    value.clone()
                } else {
                    valid.to_string()
                }
            };
            let text = format!(
                "{{\"seed\":{},\"name\":{},\"clock\":{{\"mode\":{},\"at\":{},\"offsetSeconds\":{}}},\
                 \"journal\":{{\"capacity\":{},\"bodyLimit\":{}}},\"rateLimits\":{},\
                 \"gwell\":{{\"apps\":[{{\"appId\":{},\"users\":[{{\"accessId\":{}}}],\
                 \"devices\":[{{\"devId\":{},\"sn\":\"S7\",\"owner\":\"-1\",\"battery\":{},\"bindTime\":{}}}],\
                 \"generate\":[{{\"count\":{},\"idStart\":{},\"onlineRatio\":{}}}]}}]}},\
                 \"faults\":[{{\"endpoint\":\"gwell.devInfo\",\"status\":{},\"probability\":{},\"delayMs\":{}}}]}}",
                v("seed", "5"),
                v("name", &format!("\"hostile-{}\"", g.rng.random::<u32>())),
                v("clock.mode", "\"real\""),
                v("clock.at", "\"now\""),
                v("clock.offsetSeconds", "0"),
                v("journal.capacity", "100"),
                v("journal.bodyLimit", "100"),
                v("rateLimits", "true"),
                v(
                    "app.appId",
                    &format!("\"hostile{:025}\"", g.rng.random::<u32>())
                ),
                v("user.accessId", "\"-1\""),
                v("device.devId", "\"7\""),
                v("device.battery", "50"),
                v("device.bindTime", "\"now-1d\""),
                v("generate.count", "3"),
                v("generate.idStart", "\"9000\""),
                v("generate.onlineRatio", "0.5"),
                v("fault.status", "503"),
                v("fault.probability", "0.5"),
                v("fault.delayMs", "1"),
            );
            (
                format!(
                    "scenario with {field} = `{}`",
                    super::wire::preview(value.as_bytes(), 40)
                ),
                text.into_bytes(),
                field == "generate.count" && COUNTS_REFUSED.contains(&value.as_str()),
            )
        }
    }
}

fn scenario(g: &mut Gen<'_>) -> Built {
    let (what, body, refuse) = scenario_text(g);
    let expect = if refuse {
        Expect::Refused
    } else {
        Expect::Parseable
    };
    let query = pick(
        &mut g.rng,
        &[
            "",
            "?name=",
            "?name=default",
            "?name=hostile-sandbox",
            "?name=%zz",
            "?name=a&name=b",
        ],
    );
    let bytes = control_request(g, "POST", &format!("/_camsim/worlds{query}"), body);
    (
        format!("POST /_camsim/worlds{query} with {what}"),
        vec![g.step(bytes, expect)],
        true,
    )
}

fn control_query(g: &mut Gen<'_>) -> Built {
    let with_query: Vec<&Endpoint> = table::of(Listener::Control)
        .into_iter()
        .filter(|e| !e.query.is_empty())
        .collect();
    let e = with_query[g.rng.random_range(0..with_query.len())];
    let param = &e.query[g.rng.random_range(0..e.query.len())];
    let value = pick(
        &mut g.rng,
        &[
            "-1",
            "99999999999999999999",
            "abc",
            "%zz",
            "%C3%A9",
            "%00",
            "",
            "1e3",
            "18446744073709551615",
            "%E2%82",
        ],
    );
    let path = g.path(e);
    let repeat = if g.rng.random_bool(0.2) {
        format!("&{}=1", param.name)
    } else {
        String::new()
    };
    let target = format!("{path}?{}={value}{repeat}", param.name);
    let body = g.body_for(e);
    let bytes = control_request(g, e.method, &target, body);
    (
        format!("{} {target}", e.method),
        vec![g.step(bytes, Expect::Parseable)],
        false,
    )
}

/// A clock change on the sandbox or default world: hostile `at`, `advance`, `freeze`.
fn clock_change(g: &mut Gen<'_>) -> Built {
    let world = pick(&mut g.rng, &[table::SANDBOX_WORLD, "default"]);
    let body = match g.rng.random_range(0..4u32) {
        0 => format!("{{\"at\":{}}}", values::json_value(&mut g.rng, Kind::Time)),
        1 => format!(
            "{{\"advance\":{}}}",
            values::json_value(&mut g.rng, Kind::Span)
        ),
        2 => format!(
            "{{\"advance\":{}}}",
            pick(
                &mut g.rng,
                &[
                    "1e300",
                    "-1e300",
                    "9223372036854775807",
                    "-9223372036854775808",
                    "9.3e15",
                    "\"9223372036854775807s\"",
                    "\"-9223372036854775808d\"",
                    "\"106751991167300d\"",
                    "1e-300",
                    "0"
                ]
            )
        ),
        _ => format!(
            "{{\"freeze\":{},\"at\":{},\"advance\":{}}}",
            values::json_value(&mut g.rng, Kind::Bool),
            values::json_value(&mut g.rng, Kind::Time),
            values::json_value(&mut g.rng, Kind::Span)
        ),
    };
    let path = format!("/_camsim/worlds/{world}/clock");
    let bytes = control_request(g, "POST", &path, body.clone().into_bytes());
    let what = format!("POST {path} {}", super::wire::preview(body.as_bytes(), 80));
    (what, vec![g.step(bytes, Expect::Parseable)], true)
}

/// A scenario with 150,000 generated devices (legal today; the limit may come down): refused
/// or built, but either way the control API must keep answering meanwhile.
fn big_world(g: &mut Gen<'_>) -> Built {
    let count = pick(&mut g.rng, &[150_000u32, 1_000_000_000]);
    let body = format!(
        "gwell: {{apps: [{{users: [{{accessId: \"-1\"}}], generate: [{{count: {count}, idStart: \"9000\"}}]}}]}}"
    );
    let bytes = control_request(g, "POST", "/_camsim/worlds", body.into_bytes());
    let expect = if count > 1_000_000 {
        Expect::Refused
    } else {
        Expect::Parseable
    };
    let mut step = g.step(bytes, expect);
    step.liveness = true;
    (
        format!("POST /_camsim/worlds generating {count} devices, health asked meanwhile"),
        vec![step],
        true,
    )
}
