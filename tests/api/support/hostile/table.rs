//! The endpoint table the generator works from: every route a hostile case may aim at, with
//! its method, path, known parameters (name, type, a valid value) and how it is signed. A
//! vendor issue that adds endpoints adds rows here (and, for a new signature scheme, one
//! `Sign` variant); the case kinds in `generate.rs` then cover them with no new code.
//!
//! Path placeholders: `{w}` a world name (the sandbox world or a hostile name), `{dev}` a
//! device of the sandbox world, `{fault}` a fault rule id, `{pic}` a picture key and `{live}`
//! a stream key with its suffix (valid, expired, unknown or odd). Valid values starting with
//! `$` are taken from the running server ([`super::Target`]): `$appId`, `$appToken`,
//! `$accessId`, `$devId`, `$sn`; for Sodalife `$sodaToken` (the suite's access token),
//! `$sodaSerial` (a device that can do everything, now and then another), `$sodaClientId` and
//! `$sodaClientSecret` (the token endpoint's app, see `soda_world.rs`).

/// The five listeners of one camsim.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Listener {
    Control,
    Gwell,
    Sodalife,
    Onenet,
    Tencent,
}

impl Listener {
    pub const ALL: [Listener; 5] = [
        Listener::Control,
        Listener::Gwell,
        Listener::Sodalife,
        Listener::Onenet,
        Listener::Tencent,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Listener::Control => "control",
            Listener::Gwell => "gwell",
            Listener::Sodalife => "sodalife",
            Listener::Onenet => "onenet",
            Listener::Tencent => "tencent",
        }
    }
}

/// A parameter's JSON type, which decides the hostile values tried for it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Free text.
    Text,
    /// A number written as a string (Gwell ids, accessIds).
    NumericText,
    Int,
    Float,
    Bool,
    /// Unix seconds, RFC 3339 or `now±N[smhd]`.
    Time,
    /// Seconds or a span such as `-10m`.
    Span,
    List,
    Object,
}

#[derive(Clone, Copy)]
pub struct Param {
    pub name: &'static str,
    pub kind: Kind,
    /// A valid value as JSON text (`$name` = from the running server).
    pub valid: &'static str,
}

/// How the request body is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Body {
    /// No body.
    None,
    /// A JSON object of the parameters.
    Json,
    /// A scenario (YAML or JSON): POST worlds.
    Scenario,
    /// `multipart/form-data`: the parameters as text fields and a valid voice file as
    /// `voice_file` (Sodalife `sendvoice`).
    Multipart,
}

/// How a request proves who sends it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sign {
    None,
    /// Gwell custCloud `X-IotVideo-*` HMAC-SHA1 over Host, Payload and the headers.
    Gwell,
    /// A Sodalife access token, in the body (seed 002) or the query string (the later
    /// revision), drawn per case; the table lists it as the `access_token` parameter.
    SodaToken,
}

pub struct Endpoint {
    pub listener: Listener,
    pub method: &'static str,
    pub path: &'static str,
    pub query: &'static [Param],
    pub params: &'static [Param],
    pub body: Body,
    pub sign: Sign,
}

const fn p(name: &'static str, kind: Kind, valid: &'static str) -> Param {
    Param { name, kind, valid }
}

const fn ep(
    listener: Listener,
    method: &'static str,
    path: &'static str,
    params: &'static [Param],
    body: Body,
) -> Endpoint {
    Endpoint {
        listener,
        method,
        path,
        query: &[],
        params,
        body,
        sign: Sign::None,
    }
}

const GWELL_COMMON: [Param; 4] = [
    p("action", Kind::Text, "\"devInfo\""),
    p("appId", Kind::Text, "$appId"),
    p("appToken", Kind::Text, "$appToken"),
    p("accessId", Kind::NumericText, "$accessId"),
];

const GWELL_DEV_INFO: [Param; 6] = [
    GWELL_COMMON[0],
    GWELL_COMMON[1],
    GWELL_COMMON[2],
    GWELL_COMMON[3],
    p("sn", Kind::Text, "$sn"),
    p("devId", Kind::NumericText, "$devId"),
];

const GWELL_DEV_LIST: [Param; 4] = [
    p("action", Kind::Text, "\"devList\""),
    GWELL_COMMON[1],
    GWELL_COMMON[2],
    GWELL_COMMON[3],
];

const DEVICE_PATCH: &[Param] = &[
    p("online", Kind::Bool, "true"),
    p("onlineUpdateTime", Kind::Time, "\"now-1h\""),
    p("longOffline", Kind::Bool, "false"),
    p("battery", Kind::Int, "50"),
    p("signal", Kind::Int, "70"),
    p("rssi", Kind::Int, "-60"),
    p("powerMode", Kind::Int, "1"),
    p("powerCharging", Kind::Int, "0"),
    p("noticeStatus", Kind::Int, "1"),
    p("firmwareVer", Kind::Text, "\"1.0.0\""),
    p("deviceType", Kind::Text, "\"IPC\""),
    p("owner", Kind::NumericText, "\"-100\""),
    p("guests", Kind::List, "[]"),
    p("bindTime", Kind::Time, "1700000000"),
    p(
        "storage",
        Kind::Object,
        r#"{"orderId":"VSS1","startTime":"now","endTime":"now+30d","storageDays":7}"#,
    ),
    p("flow", Kind::Object, "null"),
];

const FAULT_RULE: &[Param] = &[
    p("vendor", Kind::Text, "\"gwell\""),
    p("endpoint", Kind::Text, "\"gwell.devInfo\""),
    p("device", Kind::NumericText, "\"42\""),
    p("cmdId", Kind::Int, "1"),
    p("params", Kind::Object, "{}"),
    p("error", Kind::Int, "10015"),
    p("message", Kind::Text, "\"hostile\""),
    p("status", Kind::Int, "503"),
    p("delayMs", Kind::Int, "1"),
    p("drop", Kind::Bool, "false"),
    p("hang", Kind::Bool, "false"),
    p("malformed", Kind::Bool, "false"),
    p("times", Kind::Int, "1"),
    p("after", Kind::Int, "0"),
    p("probability", Kind::Float, "0.5"),
];

const CLOCK_CHANGE: &[Param] = &[
    p("freeze", Kind::Bool, "true"),
    p("at", Kind::Time, "\"now-10m\""),
    p("advance", Kind::Span, "\"90s\""),
];

const JOURNAL_FILTER: &[Param] = &[
    p("vendor", Kind::Text, "\"gwell\""),
    p("endpoint", Kind::Text, "\"gwell.devInfo\""),
    p("device", Kind::NumericText, "\"42\""),
    p("credential", Kind::Text, "\"x\""),
    p("auth", Kind::Text, "\"ok\""),
    p("code", Kind::NumericText, "\"0\""),
    p("status", Kind::Int, "200"),
    p("method", Kind::Text, "\"POST\""),
    p("path", Kind::Text, "\"/\""),
    p("fault", Kind::Text, "\"f1\""),
    p("since", Kind::Int, "0"),
    p("bodyContains", Kind::Text, "\"a\""),
];

const JOURNAL_QUERY: &[Param] = &[
    p("limit", Kind::Int, "5"),
    p("status", Kind::Int, "200"),
    p("since", Kind::Int, "0"),
    p("vendor", Kind::Text, "\"gwell\""),
    p("auth", Kind::Text, "\"ok\""),
];

const TIMELINE_QUERY: &[Param] = &[
    p("from", Kind::Time, "\"now-2h\""),
    p("to", Kind::Time, "\"now\""),
];
const RAISE_EVENT: &[Param] = &[
    p("kind", Kind::Text, "\"doorbell\""),
    p("at", Kind::Time, "\"now-10m\""),
    p("durationSecs", Kind::Int, "20"),
    p("recording", Kind::Bool, "true"),
];

const WORLD_QUERY: &[Param] = &[p("name", Kind::Text, "\"hostile-new\"")];
const DEVICE_QUERY: &[Param] = &[
    p("vendor", Kind::Text, "\"gwell\""),
    p("offset", Kind::Int, "1"),
    p("limit", Kind::Int, "5"),
];

const SODA_TOKEN: &[Param] = &[
    p("grant_type", Kind::Text, "\"client_credentials\""),
    p("client_id", Kind::Text, "$sodaClientId"),
    p("client_secret", Kind::Text, "$sodaClientSecret"),
    p("scope", Kind::Text, "\"iot:public,iot:control\""),
];
const SODA_TOKEN_PARAM: Param = p("access_token", Kind::Text, "$sodaToken");
const SODA_SERIAL: Param = p("device_serial", Kind::Text, "$sodaSerial");
const SODA_DEVICE: &[Param] = &[SODA_TOKEN_PARAM, SODA_SERIAL];
const SODA_PTZ: &[Param] = &[
    SODA_TOKEN_PARAM,
    SODA_SERIAL,
    p("action", Kind::Int, "1"),
    p("command", Kind::NumericText, "\"8\""),
];
const SODA_LIVE: &[Param] = &[
    SODA_TOKEN_PARAM,
    SODA_SERIAL,
    p("protocol", Kind::Text, "\"hls\""),
];

/// A Sodalife camera endpoint: a JSON body (or a form) and a token.
const fn soda(path: &'static str, params: &'static [Param], body: Body) -> Endpoint {
    Endpoint {
        listener: Listener::Sodalife,
        method: "POST",
        path,
        query: &[],
        params,
        body,
        sign: Sign::SodaToken,
    }
}

use Body::{Json, Multipart, None as NoBody, Scenario};
use Listener::*;

/// Every endpoint hostile cases aim at. The vendors without endpoints yet get one row for
/// their unknown-endpoint answer; their issues replace it with their real rows. Sodalife's
/// are the seven of `camsim routes` (`sodalife.token` ... `sodalife.live`).
pub const ENDPOINTS: &[Endpoint] = &[
    Endpoint {
        sign: Sign::Gwell,
        ..ep(
            Gwell,
            "POST",
            "/openapi/custCloud/oss/devInfo",
            &GWELL_DEV_INFO,
            Json,
        )
    },
    Endpoint {
        sign: Sign::Gwell,
        ..ep(
            Gwell,
            "POST",
            "/openapi/custCloud/oss/devList",
            &GWELL_DEV_LIST,
            Json,
        )
    },
    ep(Sodalife, "POST", "/oauth2/access_token", SODA_TOKEN, Json),
    soda("/iot/cameras/capture", SODA_DEVICE, Json),
    soda("/iot/cameras/controlling", SODA_PTZ, Json),
    soda("/iot/cameras/sendvoice", SODA_DEVICE, Multipart),
    soda("/iot/cameras/liveurl", SODA_LIVE, Json),
    ep(Sodalife, "GET", "/pic/{pic}.jpg", &[], NoBody),
    ep(Sodalife, "GET", "/openlive/{live}", &[], NoBody),
    ep(
        Onenet,
        "POST",
        "/camsim-probe",
        &[p("productId", Kind::Text, "\"375201\"")],
        Json,
    ),
    ep(
        Tencent,
        "POST",
        "/",
        &[p("DeviceName", Kind::Text, "\"x\"")],
        Json,
    ),
    ep(Control, "GET", "/_camsim/health", &[], NoBody),
    ep(Control, "GET", "/_camsim/endpoints", &[], NoBody),
    ep(Control, "GET", "/_camsim/worlds", &[], NoBody),
    Endpoint {
        query: WORLD_QUERY,
        ..ep(Control, "POST", "/_camsim/worlds", &[], Scenario)
    },
    ep(Control, "GET", "/_camsim/worlds/{w}", &[], NoBody),
    ep(Control, "DELETE", "/_camsim/worlds/{w}", &[], NoBody),
    ep(Control, "POST", "/_camsim/worlds/{w}/reset", &[], NoBody),
    Endpoint {
        query: DEVICE_QUERY,
        ..ep(Control, "GET", "/_camsim/worlds/{w}/devices", &[], NoBody)
    },
    ep(
        Control,
        "GET",
        "/_camsim/worlds/{w}/devices/gwell/{dev}",
        &[],
        NoBody,
    ),
    ep(
        Control,
        "PATCH",
        "/_camsim/worlds/{w}/devices/gwell/{dev}",
        DEVICE_PATCH,
        Json,
    ),
    Endpoint {
        query: TIMELINE_QUERY,
        ..ep(
            Control,
            "GET",
            "/_camsim/worlds/{w}/devices/gwell/{dev}/timeline",
            &[],
            NoBody,
        )
    },
    ep(
        Control,
        "POST",
        "/_camsim/worlds/{w}/devices/gwell/{dev}/events",
        RAISE_EVENT,
        Json,
    ),
    ep(Control, "GET", "/_camsim/worlds/{w}/faults", &[], NoBody),
    ep(
        Control,
        "POST",
        "/_camsim/worlds/{w}/faults",
        FAULT_RULE,
        Json,
    ),
    ep(Control, "DELETE", "/_camsim/worlds/{w}/faults", &[], NoBody),
    ep(
        Control,
        "GET",
        "/_camsim/worlds/{w}/faults/{fault}",
        &[],
        NoBody,
    ),
    ep(
        Control,
        "DELETE",
        "/_camsim/worlds/{w}/faults/{fault}",
        &[],
        NoBody,
    ),
    ep(Control, "GET", "/_camsim/worlds/{w}/clock", &[], NoBody),
    ep(
        Control,
        "POST",
        "/_camsim/worlds/{w}/clock",
        CLOCK_CHANGE,
        Json,
    ),
    Endpoint {
        query: JOURNAL_QUERY,
        ..ep(Control, "GET", "/_camsim/worlds/{w}/requests", &[], NoBody)
    },
    ep(
        Control,
        "DELETE",
        "/_camsim/worlds/{w}/requests",
        &[],
        NoBody,
    ),
    ep(
        Control,
        "POST",
        "/_camsim/worlds/{w}/requests/count",
        JOURNAL_FILTER,
        Json,
    ),
];

/// The endpoints of one listener.
pub fn of(listener: Listener) -> Vec<&'static Endpoint> {
    ENDPOINTS
        .iter()
        .filter(|e| e.listener == listener)
        .collect()
}

/// The world control cases may change freely (reset after every case): a Gwell app with known
/// credentials, so fault rules can be fired with signed requests.
pub const SANDBOX_WORLD: &str = "hostile-sandbox";
pub const SANDBOX_SCENARIO: &str = r#"
seed: 99
clock: {mode: real}
rateLimits: false
gwell:
  apps:
    - appId: "00000000000000000000000000hostile"
      appToken: "hostile0token"
      appKey: "HostileSigningKey"
      users: [{accessId: "-100"}, {accessId: "-101"}]
      devices: [{devId: "42", sn: "CAM42", owner: "-100"}]
"#;
pub const SANDBOX_APP: (&str, &str, &str, &str, &str, &str) = (
    "00000000000000000000000000hostile",
    "hostile0token",
    "HostileSigningKey",
    "-100",
    "42",
    "CAM42",
);

/// World names a control case puts in `{w}`: the sandbox, the default alias, unknown ones,
/// and names that need percent-encoding in a path (as sent, already encoded).
pub const WORLD_NAMES: &[&str] = &[
    SANDBOX_WORLD,
    SANDBOX_WORLD,
    SANDBOX_WORLD,
    "default",
    "no-such-world",
    "caf%C3%A9",
    "a%20b",
    "%2F",
    "%2e%2e",
    "%zz",
    "..",
    "a%00b",
    "%E2%82%AC",
];
