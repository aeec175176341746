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
//! `$sodaClientSecret` (the token endpoint's app, see `soda_world.rs`); for OneNET `$o...`
//! values and `{od}`-style placeholders, described above its rows; for Tencent `$t...` values
//! and `{tlink}`, described above its rows. A parameter is `r(...)` when the endpoint cannot
//! do without it (OneNET cases expect errno 7 when it is missing, Tencent's
//! `MissingParameter`).

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
    /// The endpoint refuses a request without it (OneNET: errno 7), whatever else it holds.
    pub required: bool,
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
    /// Bytes the endpoint takes as they are (OneNET commands, `dev_active`, picture and file
    /// uploads): a valid payload for the endpoint, see `onenet::raw_body`.
    Raw,
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
    /// A OneNET `api-key` header: the product's master key (the case kinds of `onenet.rs`
    /// send others). Query parameters are the `query` list; media links carry their token
    /// there instead, and `register_de` its `register_code`.
    OnenetKey,
    /// Tencent Cloud API 3.0: this action in `X-TC-Action` on `POST /`, the `X-TC-*` headers
    /// and a TC3-HMAC-SHA256 `Authorization` with the Tencent world's key, for its clock
    /// (`tencent.rs`; the case kinds there bend every part).
    Tc3(&'static str),
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
    Param {
        name,
        kind,
        valid,
        required: false,
    }
}

/// A parameter the endpoint cannot do without.
const fn r(name: &'static str, kind: Kind, valid: &'static str) -> Param {
    Param {
        name,
        kind,
        valid,
        required: true,
    }
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

// OneNET rows. Valid values starting with `$o` come from the OneNET world (`onenet_world.rs`,
// resolved by `onenet::valid`): `$oProduct` its product, `$oDevice` one of its devices (the
// keeper most often), `$oKeeper` the device whose recordings, pictures and commands the
// other values name, `$oVictim` the device destroying routes name (with `$oVictimPicture`,
// `$oVictimVideoIds`, `$oVictimAlarmIds`), `$oChannel` a channel every device has, tokens
// (`$oLiveToken`, `$oVodToken`, `$oPictureToken`), `$oRegisterCode`, fresh names (`$oNewSn`,
// `$oNewName`, `$oNewFile`, `$oAuthInfo`) and `$omit`: an optional parameter a valid request
// leaves out (only hostile cases send it). Path placeholders: `{od}` a device and `{oc}` a
// channel the link's token opens, `{ov}` the victim, `{os}` a spare device (`/devices/{id}`
// also answers DELETE: a common case that bends the method may delete it), `{opic}` a
// picture file, `{ovideo}` a recording.

const O_PRODUCT: Param = r("product_id", Kind::NumericText, "$oProduct");
const O_DEVICE: Param = r("device_id", Kind::NumericText, "$oDevice");
const O_KEEPER: Param = r("device_id", Kind::NumericText, "$oKeeper");
const O_VICTIM: Param = r("device_id", Kind::NumericText, "$oVictim");
const O_CHANNEL: Param = r("channel_id", Kind::Int, "$oChannel");
const O_START: Param = r("start_time", Kind::Time, "\"2026-11-21\"");
const O_END: Param = r("end_time", Kind::Time, "\"2026-11-22\"");

const DEVICE_CREATE: &[Param] = &[
    r("title", Kind::Text, "\"hostile-cam\""),
    p("desc", Kind::Text, "\"made by a hostile case\""),
    p("tags", Kind::List, "[\"hostile\"]"),
    p(
        "location",
        Kind::Object,
        r#"{"lon":106.55231,"lat":29.53545,"ele":370}"#,
    ),
    p("private", Kind::Bool, "false"),
    p("protocol", Kind::Text, "\"RTMP\""),
    p("auth_info", Kind::Text, "$oAuthInfo"),
    p("other", Kind::Object, r#"{"floor":"3"}"#),
];
const DEVICE_UPDATE: &[Param] = &[
    p("title", Kind::Text, "\"keeper\""),
    p("desc", Kind::Text, "\"updated by a hostile case\""),
    p("tags", Kind::List, "[\"hostile\"]"),
    p("location", Kind::Object, r#"{"lon":106.5,"lat":29.5}"#),
    p("private", Kind::Bool, "false"),
    p("auth_info", Kind::Text, "$oAuthInfo"),
];
const ONE_REGISTER: &[Param] = &[r("register_code", Kind::Text, "$oRegisterCode")];
const ONE_REGISTER_BODY: &[Param] = &[
    r("sn", Kind::Text, "$oNewSn"),
    p("title", Kind::Text, "\"registered\""),
];
const DEVICE_LIST: &[Param] = &[
    p("page", Kind::Int, "1"),
    p("per_page", Kind::Int, "30"),
    p("device_id", Kind::NumericText, "$oDevice"),
    p("key_words", Kind::Text, "\"kee\""),
    p("tag", Kind::Text, "\"hostile\""),
    p("online", Kind::Bool, "true"),
    p("private", Kind::Bool, "false"),
    p("title", Kind::Text, "\"keeper\""),
    p("auth_info", Kind::Text, "\"auth77000001\""),
    p("begin", Kind::Time, "\"2026-01-01\""),
    p("end", Kind::Time, "\"2026-11-22\""),
];
const ONE_DEVICE: &[Param] = &[O_DEVICE];
const ONE_VICTIM_CHANNEL: &[Param] = &[O_VICTIM, r("channel_id", Kind::Int, "2")];
const CHANNEL_ADD: &[Param] = &[
    O_DEVICE,
    r("channel_id", Kind::Int, "7"),
    r("title", Kind::Text, "\"added7\""),
    p("desc", Kind::Text, "\"added by a hostile case\""),
    p("channel_num", Kind::Int, "$omit"),
    p("product_id", Kind::NumericText, "$oProduct"),
];
const CHANNEL_MODIFY: &[Param] = &[
    O_DEVICE,
    O_CHANNEL,
    r("title", Kind::Text, "\"renamed\""),
    p("desc", Kind::Text, "\"renamed by a hostile case\""),
];
const ONE_CMDS: &[Param] = &[
    O_DEVICE,
    p("qos", Kind::Int, "1"),
    p("type", Kind::Int, "0"),
];
const ONE_CMD: &[Param] = &[O_KEEPER, r("cmd_uuid", Kind::Text, "$oCmdUuid")];
const PLAY_ADDRESS: &[Param] = &[
    O_DEVICE,
    O_CHANNEL,
    p("protocol_type", Kind::Int, "1"),
    p("timeout", Kind::Int, "60000"),
];
const PRELOAD: &[Param] = &[
    r("token", Kind::Text, "$oLiveToken"),
    p("idle_time", Kind::Int, "60"),
];
const ONE_LIVE_TOKEN: &[Param] = &[r("token", Kind::Text, "$oLiveToken")];
const ONE_VOD_TOKEN: &[Param] = &[r("token", Kind::Text, "$oVodToken")];
const ONE_PICTURE_TOKEN: &[Param] = &[r("token", Kind::Text, "$oPictureToken")];
const PUSH_ADDRESS: &[Param] = &[
    O_DEVICE,
    r("channel", Kind::Int, "$oChannel"),
    r("isp", Kind::Text, "\"cm\""),
];
const PICTURE_UPLOAD: &[Param] = &[
    O_DEVICE,
    O_CHANNEL,
    r("format", Kind::Text, "\"jpg\""),
    r("name", Kind::Text, "$oNewName"),
    p("desc", Kind::Text, "\"uploaded by a hostile case\""),
];
const PICTURE_LIST: &[Param] = &[
    O_DEVICE,
    p("channel_id", Kind::Int, "$oChannel"),
    p("start_time", Kind::Int, "0"),
    p("end_time", Kind::Int, "1900000000"),
    p("page_start", Kind::Int, "1"),
    p("page_size", Kind::Int, "20"),
];
const PICTURE_ONE: &[Param] = &[O_KEEPER, O_CHANNEL, r("name", Kind::Text, "$oPicture")];
const PICTURE_VICTIM: &[Param] = &[
    O_VICTIM,
    O_CHANNEL,
    r("name", Kind::Text, "$oVictimPicture"),
];
const VOD_ONE: &[Param] = &[O_KEEPER, O_CHANNEL, r("video_id", Kind::Text, "$oVideo")];
const VOD_INFO: &[Param] = &[
    O_KEEPER,
    O_CHANNEL,
    r("video_id", Kind::Text, "$oVideo"),
    p("security", Kind::Int, "0"),
];
const VOD_LIST: &[Param] = &[
    O_DEVICE,
    O_CHANNEL,
    p("start_time", Kind::Time, "\"2026-11-22\""),
    p("end_time", Kind::Time, "\"2026-11-22\""),
    p("name", Kind::Text, "\"mp4\""),
    p("page_start", Kind::Int, "1"),
    p("page_size", Kind::Int, "30"),
    p("security", Kind::Int, "1"),
];
const VOD_DELETE: &[Param] = &[
    r("deviceid", Kind::NumericText, "$oVictim"),
    r("channeled", Kind::Int, "$oChannel"),
];
const VOD_DELETE_BODY: &[Param] = &[r("video", Kind::List, "$oVictimVideoIds")];
const VOD_RENAME_BODY: &[Param] = &[r("name", Kind::Text, "\"renamed by a hostile case\"")];
const ONE_PRODUCT: &[Param] = &[O_PRODUCT];
const ONE_SWITCH_OFF: &[Param] = &[r("type", Kind::Int, "0")];
const ONE_SWITCH_ON: &[Param] = &[r("type", Kind::Int, "1")];
const DEV_STATUS: &[Param] = &[r("devIds", Kind::Text, "\"77000001,77000002,77000003\"")];
const DEV_MESSAGES: &[Param] = &[
    O_DEVICE,
    r("begin_time", Kind::Time, "\"2026-11-20\""),
    O_END,
    p("page", Kind::Int, "1"),
    p("page_size", Kind::Int, "50"),
];
const ACC_SERVICE: &[Param] = &[
    r("net", Kind::Text, "\"CM\""),
    p("device_addr", Kind::Text, "$omit"),
    p("domain", Kind::Int, "0"),
    O_PRODUCT,
    O_DEVICE,
];
const RECORD_TARGET: &[Param] = &[O_PRODUCT, O_DEVICE, O_CHANNEL];
const RECORD_MANUAL: &[Param] = &[
    O_PRODUCT,
    O_DEVICE,
    O_CHANNEL,
    r("action", Kind::Int, "1"),
    p("expired", Kind::Int, "7"),
];
const RECORD_CONFIG_ADD: &[Param] = &[
    O_PRODUCT,
    O_DEVICE,
    O_CHANNEL,
    r("action", Kind::Int, "1"),
    p("cycle", Kind::Int, "7"),
    p("start_time", Kind::Time, "$omit"),
    p("end_time", Kind::Time, "$omit"),
];
const RECORD_CONFIG_UPDATE: &[Param] = &[
    O_PRODUCT,
    O_DEVICE,
    O_CHANNEL,
    p("type", Kind::Int, "1"),
    p("cycle", Kind::Int, "7"),
];
const STAT_ONLINE: &[Param] = &[
    r("productid", Kind::NumericText, "$oProduct"),
    p("page", Kind::Int, "1"),
    p("page_size", Kind::Int, "10"),
    p("page_key", Kind::Text, "$omit"),
    p("deviceid", Kind::NumericText, "$oDevice"),
    p("protocoltype", Kind::Text, "\"rtmp\""),
    p("channelid", Kind::Int, "$oChannel"),
];
const STAT_PUSH: &[Param] = &[
    r("productid", Kind::NumericText, "$oProduct"),
    p("page", Kind::Int, "1"),
    p("page_size", Kind::Int, "10"),
    p("page_key", Kind::Text, "$omit"),
    p("deviceid", Kind::NumericText, "$oDevice"),
    p("channelid", Kind::Int, "$oChannel"),
];
const CLOSE_CAMERA: &[Param] = &[O_PRODUCT, O_VICTIM, r("id", Kind::Int, "$oChannel")];
const FILE_UPLOAD: &[Param] = &[
    O_PRODUCT,
    r("name", Kind::Text, "$oNewFile"),
    p("desc", Kind::Text, "\"uploaded by a hostile case\""),
];
const FILE_ONE: &[Param] = &[O_PRODUCT, r("name", Kind::Text, "$oFile")];
const FILE_LIST: &[Param] = &[
    O_PRODUCT,
    p("name", Kind::Text, "\"hostile\""),
    p("page_start", Kind::Int, "1"),
    p("page_size", Kind::Int, "50"),
];
const ALARM_LIST: &[Param] = &[
    O_PRODUCT,
    p("device_id", Kind::NumericText, "$oDevice"),
    p("channel_id", Kind::Int, "$oChannel"),
    O_START,
    O_END,
    p("alarm_type", Kind::Int, "0"),
    p("alarm_way", Kind::Int, "0"),
    p("alarm_status", Kind::Int, "0"),
    p("protocol", Kind::Int, "0"),
    p("page", Kind::Int, "1"),
    p("per_page", Kind::Int, "10"),
];
const ALARM_INFO: &[Param] = &[
    O_PRODUCT,
    p("device_id", Kind::NumericText, "$oDevice"),
    p("channel_id", Kind::Int, "$oChannel"),
    O_START,
    O_END,
    p("alarm_status", Kind::Int, "0"),
    p("protocol", Kind::Int, "1"),
    p("page", Kind::Int, "1"),
    p("per_page", Kind::Int, "10"),
];
const ALARM_READ_BODY: &[Param] = &[r("alarm_id", Kind::List, "$oAlarmIds")];
const ALARM_DELETE_BODY: &[Param] = &[r("alarm_id", Kind::List, "$oVictimAlarmIds")];
const ALARM_COUNT: &[Param] = &[
    O_PRODUCT,
    p("device_id", Kind::NumericText, "$oDevice"),
    p("channel_id", Kind::Int, "$oChannel"),
];
const ALARM_DAY: &[Param] = &[
    O_PRODUCT,
    p("device_id", Kind::NumericText, "$oDevice"),
    O_START,
    O_END,
];
const STORAGE_DEVICES: &[Param] = &[
    O_PRODUCT,
    p("device_id", Kind::NumericText, "$oDevice"),
    p("dev_name", Kind::Text, "\"kee\""),
    p("page", Kind::Int, "1"),
    p("per_page", Kind::Int, "30"),
];

/// A OneNET route: its query parameters, its body's, and the product's master key.
const fn one(
    method: &'static str,
    path: &'static str,
    query: &'static [Param],
    params: &'static [Param],
    body: Body,
) -> Endpoint {
    Endpoint {
        listener: Listener::Onenet,
        method,
        path,
        query,
        params,
        body,
        sign: Sign::OnenetKey,
    }
}

/// A OneNET media link: a GET with its token in the query, no key.
const fn one_media(path: &'static str, query: &'static [Param]) -> Endpoint {
    Endpoint {
        sign: Sign::None,
        ..one("GET", path, query, &[], Body::None)
    }
}

// Tencent rows. Valid values starting with `$t` come from the Tencent world
// (`tencent_world.rs`, resolved by `tencent::valid`): `$tProduct` the video product,
// `$tDevice` one of its devices (the keeper most often), `$tVictim` the device every action
// that changes a device names (`$tSpare` where its package moves), `$tImageProduct` and
// `$tImageDevice` the image product and its keeper, with `$tThumbnail`, `$tThumbnailList`,
// `$tMultiThumbnail` and `$tEventStart` of one of its events and `$tVictimEvent...` of one
// of the victim's; `$tVideoURL` the keeper's playback base with a range, `$tExpire` an hour
// after the world clock, `$tDayAgo`/`$tNow` the last day, `$tDate`/`$tMonthStart` the
// devices' days, `$tOrder` the keeper's order, `$tNewOrder` a fresh order id; `$omit` an
// optional parameter a valid request leaves out. `{tlink}` is a link (key, file and query)
// of the media row's kind: valid, expired, tampered or unknown.

const TC_PRODUCT: Param = r("ProductId", Kind::Text, "$tProduct");
const TC_DEVICE_NAME: Param = r("DeviceName", Kind::Text, "$tDevice");
const TC_VICTIM: Param = r("DeviceName", Kind::Text, "$tVictim");
const TC_IMAGE_PRODUCT: Param = r("ProductId", Kind::Text, "$tImageProduct");
const TC_IMAGE_DEVICE: Param = r("DeviceName", Kind::Text, "$tImageDevice");
const TC_USER: Param = p("UserId", Kind::Text, "$omit");
const TC_CHANNEL: Param = p("ChannelId", Kind::Int, "$omit");

const TC_CREATE: &[Param] = &[
    TC_PRODUCT,
    TC_VICTIM,
    r("PackageId", Kind::Text, "\"yc1m7d\""),
    p("Override", Kind::Int, "$omit"),
    p("PackageQueue", Kind::Text, "\"end\""),
    p("OrderId", Kind::Text, "$tNewOrder"),
    TC_CHANNEL,
    p("StorageRegion", Kind::Text, "\"ap-guangzhou\""),
];
const TC_CREATE_FREE: &[Param] = &[
    TC_PRODUCT,
    TC_VICTIM,
    r("PackageId", Kind::Text, "\"ye1w3d\""),
    p("Override", Kind::Int, "$omit"),
    p("PackageQueue", Kind::Text, "\"end\""),
    p("OrderId", Kind::Text, "$tNewOrder"),
    TC_CHANNEL,
    p("StorageRegion", Kind::Text, "\"ap-guangzhou\""),
];
const TC_DEVICE: &[Param] = &[TC_PRODUCT, TC_DEVICE_NAME];
const TC_DATE: &[Param] = &[TC_PRODUCT, TC_DEVICE_NAME, TC_USER, TC_CHANNEL];
const TC_TIME: &[Param] = &[
    TC_PRODUCT,
    TC_DEVICE_NAME,
    r("Date", Kind::Text, "$tDate"),
    p("StartTime", Kind::Int, "$omit"),
    p("EndTime", Kind::Int, "$omit"),
    TC_USER,
    TC_CHANNEL,
];
const TC_EVENTS: &[Param] = &[
    TC_PRODUCT,
    TC_DEVICE_NAME,
    p("StartTime", Kind::Int, "$tDayAgo"),
    p("EndTime", Kind::Int, "$tNow"),
    p("Context", Kind::Text, "$omit"),
    p("Size", Kind::Int, "10"),
    p("EventId", Kind::Text, "$omit"),
    TC_USER,
    TC_CHANNEL,
];
const TC_SIGNED_URL: &[Param] = &[
    r("VideoURL", Kind::Text, "$tVideoURL"),
    r("ExpireTime", Kind::Int, "$tExpire"),
    TC_CHANNEL,
];
const TC_THUMBNAIL: &[Param] = &[
    TC_IMAGE_PRODUCT,
    TC_IMAGE_DEVICE,
    r("Thumbnail", Kind::Text, "$tThumbnail"),
];
const TC_STREAM: &[Param] = &[
    TC_IMAGE_PRODUCT,
    TC_IMAGE_DEVICE,
    r("StartTime", Kind::Int, "$tEventStart"),
];
const TC_THUMBNAIL_LIST: &[Param] = &[
    TC_IMAGE_PRODUCT,
    TC_IMAGE_DEVICE,
    r("ThumbnailList", Kind::List, "$tThumbnailList"),
];
const TC_MULTI_THUMBNAIL: &[Param] = &[
    TC_IMAGE_PRODUCT,
    TC_IMAGE_DEVICE,
    r("MultiThumbnail", Kind::Text, "$tMultiThumbnail"),
];
const TC_DELETE_EVENT: &[Param] = &[
    TC_PRODUCT,
    TC_VICTIM,
    r("EventId", Kind::Text, "$tVictimEventId"),
    r("StartTime", Kind::Int, "$tVictimEventStart"),
    r("EndTime", Kind::Int, "$tVictimEventEnd"),
    TC_USER,
    TC_CHANNEL,
];
const TC_VICTIM_SPACE: &[Param] = &[TC_PRODUCT, TC_VICTIM, TC_USER, TC_CHANNEL];
const TC_TRANSFER: &[Param] = &[
    TC_PRODUCT,
    TC_VICTIM,
    r("ToDeviceName", Kind::Text, "$tSpare"),
    p("ToProductId", Kind::Text, "$tProduct"),
];
const TC_USERS: &[Param] = &[
    TC_PRODUCT,
    TC_DEVICE_NAME,
    r("Limit", Kind::Int, "10"),
    r("Offset", Kind::Int, "0"),
];
const TC_BIND: &[Param] = &[
    TC_PRODUCT,
    TC_VICTIM,
    r("UserId", Kind::Text, "\"hostile_user\""),
];
const TC_INHERIT: &[Param] = &[
    TC_PRODUCT,
    TC_VICTIM,
    r("UserId", Kind::Text, "\"user_v\""),
    r("ToUserId", Kind::Text, "\"hostile_heir\""),
];
const TC_CONSUME: &[Param] = &[
    r("StartDate", Kind::Text, "$tMonthStart"),
    r("EndDate", Kind::Text, "$tDate"),
];
const TC_ORDER: &[Param] = &[r("OrderId", Kind::Text, "$tOrder")];

/// A Tencent action: `POST /` with a JSON body, signed with TC3.
const fn tc(action: &'static str, params: &'static [Param]) -> Endpoint {
    Endpoint {
        listener: Listener::Tencent,
        method: "POST",
        path: "/",
        query: &[],
        params,
        body: Body::Json,
        sign: Sign::Tc3(action),
    }
}

use Body::{Json, Multipart, None as NoBody, Raw, Scenario};
use Listener::*;

/// Every endpoint hostile cases aim at. The vendors without endpoints yet get one row for
/// their unknown-endpoint answer; their issues replace it with their real rows. Sodalife's
/// are the eight of `camsim routes` (`sodalife.token` ... `sodalife.live.segment`: the
/// `{live}` row names streams and their segments), OneNET's its 57
/// (`onenet.devices.create` ... `onenet.vod.stream`) and the FLV form of its live link,
/// Tencent's its 24 actions and 3 media links (`tencent.CreateCloudStorage` ...
/// `tencent.streamdata`).
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
    // OneNET: every route of `camsim routes` (`onenet.*`) and the FLV form of the live link.
    one("POST", "/devices", &[], DEVICE_CREATE, Json),
    Endpoint {
        sign: Sign::None,
        ..one(
            "POST",
            "/register_de",
            ONE_REGISTER,
            ONE_REGISTER_BODY,
            Json,
        )
    },
    one("PUT", "/devices/{os}", &[], DEVICE_UPDATE, Json),
    one("GET", "/devices/{os}", &[], &[], NoBody),
    one("GET", "/devices", DEVICE_LIST, &[], NoBody),
    one("DELETE", "/devices/{ov}", &[], &[], NoBody),
    one(
        "GET",
        "/ipc/video/device/QryChannel",
        ONE_DEVICE,
        &[],
        NoBody,
    ),
    one(
        "DELETE",
        "/ipc/video/device/DelChannel",
        ONE_VICTIM_CHANNEL,
        &[],
        NoBody,
    ),
    one(
        "POST",
        "/ipc/video/device/AddChannel",
        CHANNEL_ADD,
        &[],
        NoBody,
    ),
    one(
        "POST",
        "/ipc/video/device/ModifyChannel",
        CHANNEL_MODIFY,
        &[],
        NoBody,
    ),
    one("POST", "/ipc/video/cmds", ONE_CMDS, &[], Raw),
    one("GET", "/ipc/video/cmd_status", ONE_CMD, &[], NoBody),
    one("GET", "/ipc/video/cmd_resp", ONE_CMD, &[], NoBody),
    one("GET", "/ipc/video/play_address", PLAY_ADDRESS, &[], NoBody),
    one("GET", "/live/live_{od}_{oc}/preload", PRELOAD, &[], NoBody),
    one_media("/live_preview/{od}-{oc}", ONE_LIVE_TOKEN),
    one(
        "GET",
        "/ipc/video/get_push_address",
        PUSH_ADDRESS,
        &[],
        NoBody,
    ),
    one("PUT", "/ipc/video/picture/upload", PICTURE_UPLOAD, &[], Raw),
    one(
        "GET",
        "/ipc/video/picture/get_list",
        PICTURE_LIST,
        &[],
        NoBody,
    ),
    one(
        "GET",
        "/ipc/video/picture/get_info",
        PICTURE_ONE,
        &[],
        NoBody,
    ),
    one(
        "DELETE",
        "/ipc/video/picture/delete_pictrue",
        PICTURE_VICTIM,
        &[],
        NoBody,
    ),
    one_media("/ipc/video/picture/{od}/{oc}/{opic}", ONE_PICTURE_TOKEN),
    one(
        "GET",
        "/ipc/video/vod/get_video_info",
        VOD_INFO,
        &[],
        NoBody,
    ),
    one(
        "GET",
        "/ipc/video/vod/get_video_list",
        VOD_LIST,
        &[],
        NoBody,
    ),
    one(
        "POST",
        "/ipc/video/vod/delete_video",
        VOD_DELETE,
        VOD_DELETE_BODY,
        Json,
    ),
    one(
        "PUT",
        "/ipc/video/vod/rename_video",
        VOD_ONE,
        VOD_RENAME_BODY,
        Json,
    ),
    one("GET", "/ipc/video/vod/get_play_token", VOD_ONE, &[], NoBody),
    one(
        "PUT",
        "/ipc/video/trans_encrypt",
        ONE_PRODUCT,
        ONE_SWITCH_OFF,
        Json,
    ),
    one("GET", "/ipc/video/trans_encrypt", ONE_PRODUCT, &[], NoBody),
    one(
        "GET",
        "/ipc/video/device/QryDevStatus",
        DEV_STATUS,
        &[],
        NoBody,
    ),
    one(
        "GET",
        "/ipc/video/device/QryDevMsg",
        DEV_MESSAGES,
        &[],
        NoBody,
    ),
    Endpoint {
        sign: Sign::None,
        ..one("GET", "/ipc/video/boot_address", &[], &[], NoBody)
    },
    one(
        "GET",
        "/ipc/video/device/acc_service",
        ACC_SERVICE,
        &[],
        NoBody,
    ),
    one("POST", "/ipc/video/dev_active", ONE_DEVICE, &[], Raw),
    one(
        "GET",
        "/ipc/video/record/record_video",
        RECORD_MANUAL,
        &[],
        NoBody,
    ),
    one(
        "PUT",
        "/api/record/record_config",
        RECORD_CONFIG_ADD,
        &[],
        NoBody,
    ),
    one(
        "DELETE",
        "/ipc/video/record/delete_config",
        RECORD_TARGET,
        &[],
        NoBody,
    ),
    one(
        "PUT",
        "/ipc/video/record/update_config",
        RECORD_CONFIG_UPDATE,
        &[],
        NoBody,
    ),
    one(
        "GET",
        "/ipc/video/stat/getonlinelist",
        STAT_ONLINE,
        &[],
        NoBody,
    ),
    one("GET", "/ipc/video/stat/getpushlist", STAT_PUSH, &[], NoBody),
    one(
        "PUT",
        "/ipc/video/access_control/closecamera",
        CLOSE_CAMERA,
        ONE_SWITCH_ON,
        Json,
    ),
    one("PUT", "/ipc/video/file/upload", FILE_UPLOAD, &[], Raw),
    one("GET", "/ipc/video/file/download", FILE_ONE, &[], NoBody),
    one("DELETE", "/ipc/video/file/delete", FILE_ONE, &[], NoBody),
    one("GET", "/ipc/video/file/list", FILE_LIST, &[], NoBody),
    one("GET", "/ipc/video/alarm/list", ALARM_LIST, &[], NoBody),
    one("GET", "/ipc/video/alarm/info", ALARM_INFO, &[], NoBody),
    one(
        "POST",
        "/ipc/video/alarm/update_status",
        ONE_PRODUCT,
        ALARM_READ_BODY,
        Json,
    ),
    one("GET", "/ipc/video/alarm/count", ALARM_COUNT, &[], NoBody),
    one(
        "POST",
        "/ipc/video/alarm/delete",
        ONE_PRODUCT,
        ALARM_DELETE_BODY,
        Json,
    ),
    one("GET", "/ipc/video/alarm/day", ALARM_DAY, &[], NoBody),
    one("GET", "/ipc/video/alarm/day_count", ALARM_DAY, &[], NoBody),
    one(
        "GET",
        "/ipc/video/storage/capacity",
        ONE_PRODUCT,
        &[],
        NoBody,
    ),
    one(
        "GET",
        "/ipc/video/storage/qry_dev_list",
        STORAGE_DEVICES,
        &[],
        NoBody,
    ),
    one("GET", "/ipc/video/device/version", ONE_PRODUCT, &[], NoBody),
    one_media("/live/live_{od}_{oc}/index.m3u8", ONE_LIVE_TOKEN),
    one_media("/live/{od}-{oc}.flv", ONE_LIVE_TOKEN),
    one_media("/rvod/{od}_{oc}_{ovideo}/index.m3u8", ONE_VOD_TOKEN),
    // Tencent: the 24 actions of `camsim routes` (`tencent.*`) and its three media links.
    tc("CreateCloudStorage", TC_CREATE),
    tc("DescribeCloudStorageDate", TC_DATE),
    tc("DescribeCloudStorageTime", TC_TIME),
    tc("DescribeCloudStorageEvents", TC_EVENTS),
    tc("GenerateSignedVideoURL", TC_SIGNED_URL),
    tc("DescribeCloudStorageThumbnail", TC_THUMBNAIL),
    tc("DescribeCloudStorageStreamData", TC_STREAM),
    tc("DescribeCloudStorage", TC_DATE),
    tc("DescribeDevice", TC_DEVICE),
    tc("DescribeCloudStorageThumbnailList", TC_THUMBNAIL_LIST),
    tc("DescribeCloudStorageMultiThumbnail", TC_MULTI_THUMBNAIL),
    tc("DeleteCloudStorageEvent", TC_DELETE_EVENT),
    tc("ResetCloudStorageEvent", TC_VICTIM_SPACE),
    tc("ResetCloudStorage", TC_VICTIM_SPACE),
    tc("TransferCloudStorage", TC_TRANSFER),
    tc("DescribeCloudStorageUsers", TC_USERS),
    tc("BindCloudStorageUser", TC_BIND),
    tc("InheritCloudStorageUser", TC_INHERIT),
    tc("DescribeCloudStoragePackageConsumeDetails", TC_CONSUME),
    tc("DescribeCloudStoragePackageConsumeStats", TC_CONSUME),
    tc("DescribeCloudStorageOrder", TC_ORDER),
    tc("CreateFreeCloudStorage", TC_CREATE_FREE),
    tc("DescribeFreeCloudStorageNum", &[]),
    tc("WakeUpDevice", TC_DEVICE),
    ep(Tencent, "GET", "/timeshift/live/{tlink}", &[], NoBody),
    ep(Tencent, "GET", "/thumbnail/{tlink}", &[], NoBody),
    ep(Tencent, "GET", "/imagestream/{tlink}", &[], NoBody),
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
