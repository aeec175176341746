//! Scenario files: the YAML (or JSON) that describes a world. This module owns the wire types
//! (unknown keys rejected, locations kept for `camsim check`) and parsing. Semantic checks
//! live in `scenario_check.rs`, building a world from a scenario in `world.rs`.

use super::clock::{self, ClockMode};
use super::faults::FaultSpec;
use chrono::DateTime;
use serde::{Deserialize, Deserializer};
use serde_saphyr::Spanned;
use std::fmt;

/// The scenario embedded in the binary, used when `--scenario` is not given.
pub const DEFAULT_SCENARIO: &str = include_str!("../../scenarios/default.yaml");

#[derive(Debug, Clone, Deserialize, Default)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Scenario {
    /// World name; defaults to the file name without extension.
    #[serde(default)]
    pub name: Option<String>,
    /// Drives every random choice in the world. `--seed` overrides it.
    #[serde(default)]
    pub seed: Option<u64>,
    #[serde(default)]
    pub clock: ClockSpec,
    #[serde(default)]
    pub journal: JournalSpec,
    /// `false` turns every vendor's documented rate limit off (load tests, benchmarks).
    #[serde(default = "yes")]
    pub rate_limits: bool,
    #[serde(default)]
    pub gwell: GwellSpec,
    #[serde(default)]
    pub sodalife: SodalifeSpec,
    #[serde(default)]
    pub onenet: OnenetSpec,
    #[serde(default)]
    pub tencent: TencentSpec,
    #[serde(default)]
    pub faults: Vec<Spanned<FaultSpec>>,
}

fn yes() -> bool {
    true
}

#[derive(Debug, Clone, Deserialize, Default)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ClockSpec {
    #[serde(default)]
    pub mode: ClockMode,
    /// Frozen: the instant it stands at. Real: the instant it reads at start, then runs on.
    #[serde(default)]
    pub at: Option<TimeSpec>,
    /// Real mode: seconds added to the system time.
    #[serde(default)]
    pub offset_seconds: i64,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct JournalSpec {
    #[serde(default = "journal_capacity")]
    pub capacity: usize,
    /// Request and response bodies are cut past this many bytes.
    #[serde(default = "journal_body_limit")]
    pub body_limit: usize,
    /// The journal's total bytes (text, kept bodies, per-entry overhead); oldest dropped past it.
    #[serde(default = "journal_max_bytes")]
    pub max_bytes: usize,
}

fn journal_capacity() -> usize {
    super::journal::DEFAULT_CAPACITY
}

fn journal_body_limit() -> usize {
    super::journal::DEFAULT_BODY_LIMIT
}

fn journal_max_bytes() -> usize {
    super::journal::DEFAULT_MAX_BYTES
}

impl Default for JournalSpec {
    fn default() -> Self {
        JournalSpec {
            capacity: journal_capacity(),
            body_limit: journal_body_limit(),
            max_bytes: journal_max_bytes(),
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Gwell

#[derive(Debug, Clone, Deserialize, Default)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct GwellSpec {
    #[serde(default)]
    pub apps: Vec<GwellAppSpec>,
}

/// A Gwell custCloud app: the three credentials Gwell hands out, its users and devices.
#[derive(Debug, Clone, Deserialize, Default)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct GwellAppSpec {
    /// Generated from the seed and world name when absent.
    #[serde(default)]
    pub app_id: Option<Spanned<String>>,
    #[serde(default)]
    pub app_token: Option<String>,
    /// The HMAC-SHA1 signing key.
    #[serde(default)]
    pub app_key: Option<String>,
    #[serde(default)]
    pub users: Vec<GwellUserSpec>,
    #[serde(default)]
    pub devices: Vec<GwellDeviceSpec>,
    #[serde(default)]
    pub generate: Vec<Spanned<GenerateSpec>>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct GwellUserSpec {
    /// Gwell cloud user id: an int64 as text (usually negative).
    pub access_id: Spanned<IdText>,
    #[serde(default)]
    pub name: Option<String>,
}

/// One device; every field of seed 001's deviceInfo / storageInfo / flowInfo tables.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct GwellDeviceSpec {
    /// Gwell device id: an int64 as text (devList sends it as a number).
    pub dev_id: Spanned<IdText>,
    pub sn: Spanned<IdText>,
    /// accessId of the owner; absent = not bound (ownerId 0).
    #[serde(default)]
    pub owner: Option<Spanned<IdText>>,
    /// accessIds the owner shared the device with.
    #[serde(default)]
    pub guests: Vec<Spanned<IdText>>,
    #[serde(default)]
    pub bind_time: Option<TimeSpec>,
    #[serde(default = "default_device_type")]
    pub device_type: String,
    #[serde(default = "default_firmware")]
    pub firmware_ver: String,
    #[serde(default = "yes")]
    pub online: bool,
    #[serde(default)]
    pub online_update_time: Option<TimeSpec>,
    /// Offline for months: devInfo withholds every online field (seed 001 note).
    #[serde(default)]
    pub long_offline: bool,
    /// Percent; absent for a device without a battery. (Spanned, like the other ranged keys,
    /// so `check` can point at the value that is out of range.)
    #[serde(default)]
    pub battery: Option<Spanned<u8>>,
    #[serde(default = "default_signal")]
    pub signal: i64,
    #[serde(default = "default_rssi")]
    pub rssi: i64,
    /// 0 no battery, 1 on battery, 2 battery on external power. Derived from `battery` when absent.
    #[serde(default)]
    pub power_mode: Option<Spanned<u8>>,
    /// 0 not charging (default), 1 charging, 2 low-voltage charging, 3 high-voltage charging.
    #[serde(default)]
    pub power_charging: Option<Spanned<u8>>,
    /// 1 = push notifications on (default), 0 off.
    #[serde(default)]
    pub notice_status: Option<Spanned<u8>>,
    /// Cloud storage package (storageInfo, devList `vss`).
    #[serde(default)]
    pub storage: Option<StorageSpec>,
    /// 4G data package (flowInfo, devList `fourCard`).
    #[serde(default)]
    pub flow: Option<FlowSpec>,
}

fn default_device_type() -> String {
    "IPC".to_string()
}
fn default_firmware() -> String {
    "13.1.0.52".to_string()
}
fn default_signal() -> i64 {
    80
}
fn default_rssi() -> i64 {
    -55
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct StorageSpec {
    pub order_id: String,
    /// 0 full-time recording, 1 event recording.
    #[serde(default)]
    pub pkg_type: u8,
    pub start_time: TimeSpec,
    pub end_time: TimeSpec,
    #[serde(default = "default_storage_days")]
    pub storage_days: u32,
    /// Auto-renewal subscription active.
    #[serde(default)]
    pub sub_status: bool,
    #[serde(default)]
    pub sub_time: Option<TimeSpec>,
    #[serde(default)]
    pub withhold_time: Option<TimeSpec>,
}

fn default_storage_days() -> u32 {
    7
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct FlowSpec {
    pub sim_id: String,
    #[serde(default)]
    pub iccid: Option<String>,
    pub order_id: i64,
    pub start_time: TimeSpec,
    pub end_time: TimeSpec,
    #[serde(default = "default_provider")]
    pub card_provider: String,
    #[serde(default)]
    pub sub_status: bool,
    #[serde(default)]
    pub sub_time: Option<TimeSpec>,
    #[serde(default)]
    pub withhold_time: Option<TimeSpec>,
    /// MB in the package; 0 for an unlimited (time-based) package.
    #[serde(default)]
    pub total_flow: i64,
    /// MB used so far.
    #[serde(default)]
    pub use_flow: i64,
    /// Region the card was activated in; empty = not activated.
    #[serde(default)]
    pub active_region: String,
}

fn default_provider() -> String {
    "中国移动".to_string()
}

/// Creates `count` devices with seeded fake data, for load tests and realistic lists.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct GenerateSpec {
    pub count: u32,
    /// First devId; the others follow consecutively.
    #[serde(default = "default_id_start")]
    pub id_start: IdText,
    /// accessIds the devices are dealt to in turn; default: every user of the app.
    #[serde(default)]
    pub owners: Vec<Spanned<IdText>>,
    #[serde(default = "default_online_ratio")]
    pub online_ratio: f64,
    #[serde(default = "default_long_offline_ratio")]
    pub long_offline_ratio: f64,
    #[serde(default = "default_half")]
    pub battery_ratio: f64,
    #[serde(default = "default_half")]
    pub storage_ratio: f64,
    #[serde(default = "default_flow_ratio")]
    pub flow_ratio: f64,
}

fn default_id_start() -> IdText {
    IdText("7000000000001".to_string())
}
fn default_online_ratio() -> f64 {
    0.8
}
fn default_long_offline_ratio() -> f64 {
    0.05
}
fn default_half() -> f64 {
    0.5
}
fn default_flow_ratio() -> f64 {
    0.2
}

// ---------------------------------------------------------------------------------------------
// Other vendors: credentials only for now, so worlds can claim them; each vendor's own issue
// extends its section.

#[derive(Debug, Clone, Deserialize, Default)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SodalifeSpec {
    #[serde(default)]
    pub clients: Vec<SodalifeClientSpec>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SodalifeClientSpec {
    pub client_id: Spanned<String>,
    pub client_secret: String,
}

#[derive(Debug, Clone, Deserialize, Default)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct OnenetSpec {
    #[serde(default)]
    pub products: Vec<OnenetProductSpec>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct OnenetProductSpec {
    pub product_id: String,
    /// The product-level api-key.
    pub master_key: Spanned<String>,
}

#[derive(Debug, Clone, Deserialize, Default)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct TencentSpec {
    #[serde(default)]
    pub secrets: Vec<TencentSecretSpec>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct TencentSecretSpec {
    pub secret_id: Spanned<String>,
    pub secret_key: String,
}

// ---------------------------------------------------------------------------------------------
// Scalars

/// An identifier written as text or as a bare number (`devId: 5188001415988` works too).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct IdText(pub String);

impl IdText {
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for IdText {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for IdText {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Id;
        impl serde::de::Visitor<'_> for Id {
            type Value = IdText;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an id (a number or text)")
            }
            fn visit_i64<E: serde::de::Error>(self, n: i64) -> Result<IdText, E> {
                Ok(IdText(n.to_string()))
            }
            fn visit_u64<E: serde::de::Error>(self, n: u64) -> Result<IdText, E> {
                Ok(IdText(n.to_string()))
            }
            fn visit_str<E: serde::de::Error>(self, s: &str) -> Result<IdText, E> {
                Ok(IdText(s.to_string()))
            }
            // YAML reads `000123` or `12.5` as a float: the id's own text is lost.
            fn visit_f64<E: serde::de::Error>(self, n: f64) -> Result<IdText, E> {
                Err(E::custom(format!(
                    "`{n}` is not an id; quote ids that start with 0 or hold a dot"
                )))
            }
        }
        d.deserialize_any(Id)
    }
}

/// An instant: Unix seconds, RFC 3339, or relative to the world's start (`now`, `now-3d`,
/// `now+12h`; units s, m, h, d). Relative times keep a scenario believable on any date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TimeSpec {
    Unix(i64),
    FromNow(i64),
}

impl TimeSpec {
    /// Unix seconds, given the world clock's reading when the world was built.
    pub fn at(self, now_secs: i64) -> i64 {
        match self {
            TimeSpec::Unix(s) => s,
            // Both are within the clock's range, so this cannot saturate; it is a backstop.
            TimeSpec::FromNow(delta) => now_secs.saturating_add(delta),
        }
    }

    pub fn parse(text: &str) -> Result<TimeSpec, String> {
        let text = text.trim();
        if let Some(rest) = text.strip_prefix("now") {
            let rest = rest.trim();
            if rest.is_empty() {
                return Ok(TimeSpec::FromNow(0));
            }
            let (sign, amount) = if let Some(a) = rest.strip_prefix('+') {
                (1, a.trim())
            } else if let Some(a) = rest.strip_prefix('-') {
                (-1, a.trim())
            } else {
                return Err(format!(
                    "`{text}`: expected now, now+N<unit> or now-N<unit>"
                ));
            };
            return match parse_span(amount) {
                Some(secs) => Ok(TimeSpec::FromNow(sign * secs)),
                None if is_span_shaped(amount) => Err(span_too_long(text)),
                None => Err(format!("`{text}`: units are s, m, h, d (e.g. now-3d)")),
            };
        }
        if let Ok(n) = text.parse::<i64>() {
            return TimeSpec::unix(n);
        }
        DateTime::parse_from_rfc3339(text)
            .map_err(|_| {
                format!(
                    "`{text}`: expected Unix seconds, RFC 3339 (2026-11-22T08:00:00Z) or now-3d"
                )
            })
            .and_then(|t| TimeSpec::unix(t.timestamp()))
    }

    /// Unix seconds within the world clock's range.
    fn unix(secs: i64) -> Result<TimeSpec, String> {
        if (clock::MIN_SECS..=clock::MAX_SECS).contains(&secs) {
            Ok(TimeSpec::Unix(secs))
        } else {
            Err(format!(
                "`{secs}`: outside the world clock's range (Unix seconds {} to {}, years 1 to 9999)",
                clock::MIN_SECS,
                clock::MAX_SECS
            ))
        }
    }
}

/// Digits and at most one unit letter: what `parse_span` refuses in this shape is too long.
pub fn is_span_shaped(text: &str) -> bool {
    let digits = text.strip_suffix(['s', 'm', 'h', 'd']).unwrap_or(text);
    !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit())
}

/// The message for a span past the clock's range.
pub fn span_too_long(text: &str) -> String {
    format!(
        "`{text}`: longer than the world clock's range allows (at most {} days)",
        clock::MAX_SPAN_SECS / 86_400
    )
}

/// `30d`, `12h`, `10m`, `45s` or bare seconds, up to the longest span the clock allows.
pub fn parse_span(text: &str) -> Option<i64> {
    let (digits, unit) = match text.char_indices().find(|(_, c)| !c.is_ascii_digit()) {
        Some((i, _)) => text.split_at(i),
        None => (text, "s"),
    };
    let n: i64 = digits.parse().ok()?;
    let scale = match unit {
        "s" => 1,
        "m" => 60,
        "h" => 3600,
        "d" => 86_400,
        _ => return None,
    };
    n.checked_mul(scale)
        .filter(|secs| *secs <= clock::MAX_SPAN_SECS)
}

impl<'de> Deserialize<'de> for TimeSpec {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Time;
        impl serde::de::Visitor<'_> for Time {
            type Value = TimeSpec;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a time: Unix seconds, RFC 3339 (2026-11-22T08:00:00Z) or now-3d")
            }
            fn visit_i64<E: serde::de::Error>(self, n: i64) -> Result<TimeSpec, E> {
                TimeSpec::unix(n).map_err(E::custom)
            }
            fn visit_u64<E: serde::de::Error>(self, n: u64) -> Result<TimeSpec, E> {
                let n = i64::try_from(n).unwrap_or(i64::MAX);
                TimeSpec::unix(n).map_err(E::custom)
            }
            fn visit_str<E: serde::de::Error>(self, s: &str) -> Result<TimeSpec, E> {
                TimeSpec::parse(s).map_err(E::custom)
            }
        }
        d.deserialize_any(Time)
    }
}

// ---------------------------------------------------------------------------------------------
// Parsing

/// A problem found in a scenario, with its place in the file when known (1-based).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub line: u64,
    pub column: u64,
    pub message: String,
}

impl Problem {
    pub fn at(loc: &serde_saphyr::Location, message: impl Into<String>) -> Problem {
        Problem {
            line: loc.line().max(1),
            column: loc.column().max(1),
            message: message.into(),
        }
    }

    pub fn at_start(message: impl Into<String>) -> Problem {
        Problem {
            line: 1,
            column: 1,
            message: message.into(),
        }
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: {}", self.line, self.column, self.message)
    }
}

/// Parses YAML (JSON is accepted too, being YAML). Type errors and unknown keys come back
/// with their line and column.
pub fn parse(text: &str) -> Result<Scenario, Problem> {
    serde_saphyr::from_str::<Scenario>(text).map_err(|err| {
        let mut message = plain_message(&err);
        if let serde_saphyr::Error::InvalidScalar { .. } = err.without_snippet()
            && let Some(key) = err.location().and_then(|loc| key_before(text, &loc))
        {
            message = format!("{key}: {message}");
        }
        if message == "expected mapping start"
            && err
                .location()
                .is_some_and(|loc| Some((loc.line(), loc.column())) == first_token(text))
        {
            message = "a scenario is a mapping of keys (name, seed, clock, journal, rateLimits, \
                       gwell, sodalife, onenet, tencent, faults), not a list or a single value"
                .to_string();
        }
        match err.location() {
            Some(loc) => Problem::at(&loc, message),
            None => Problem::at_start(message),
        }
    })
}

/// Line and column (1-based) of the document's first token, past blank lines and comments.
fn first_token(text: &str) -> Option<(u64, u64)> {
    text.lines().enumerate().find_map(|(i, line)| {
        let column = line.chars().position(|c| !c.is_whitespace())?;
        let rest = line.trim_start();
        (!rest.starts_with('#') && rest != "---").then(|| (i as u64 + 1, column as u64 + 1))
    })
}

/// The parser's message without its source snippet (the caller prints file:line:column).
fn plain_message(err: &serde_saphyr::Error) -> String {
    if let serde_saphyr::Error::InvalidScalar { ty, .. } = err.without_snippet() {
        return format!("expected {}", scalar_kind(ty));
    }
    let text = err.without_snippet().to_string();
    // The message proper is the first line; drop a trailing " at line X column Y" if present.
    let first = text.lines().next().unwrap_or("invalid scenario").trim();
    match first.find(" at line ") {
        Some(i) => first[..i].to_string(),
        None => first.to_string(),
    }
}

/// The mapping key written just before `loc` on its line (`battery` in `battery: full`).
fn key_before(text: &str, loc: &serde_saphyr::Location) -> Option<String> {
    let line = text
        .lines()
        .nth(usize::try_from(loc.line()).ok()?.checked_sub(1)?)?;
    let column = usize::try_from(loc.column()).ok()?.checked_sub(1)?;
    let before: String = line.chars().take(column).collect();
    let before = before.trim_end().strip_suffix(':')?;
    let key: String = before
        .chars()
        .rev()
        .take_while(|c| c.is_alphanumeric() || *c == '_')
        .collect::<Vec<char>>()
        .into_iter()
        .rev()
        .collect();
    (!key.is_empty()).then_some(key)
}

/// What a Rust scalar type means to someone writing YAML (`invalid u8` helps nobody).
fn scalar_kind(ty: &str) -> String {
    match ty {
        "bool" | "boolean" => "true or false".to_string(),
        "f32" | "f64" | "floating point" => "a number".to_string(),
        "u8" => "a whole number 0-255".to_string(),
        "u16" => "a whole number 0-65535".to_string(),
        "u32" | "u64" | "usize" => "a whole number, 0 or more".to_string(),
        "i8" | "i16" | "i32" | "i64" | "isize" => "a whole number".to_string(),
        other => format!("a value of type {other}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_and_absolute_times_parse() {
        assert_eq!(TimeSpec::parse("now-3d"), Ok(TimeSpec::FromNow(-259_200)));
        assert_eq!(TimeSpec::parse("now"), Ok(TimeSpec::FromNow(0)));
        assert_eq!(
            TimeSpec::parse("2023-10-08T09:39:20Z"),
            Ok(TimeSpec::Unix(1_696_757_960))
        );
        assert!(TimeSpec::parse("tomorrow").is_err());
        assert!(TimeSpec::parse("now-3w").is_err());
        // Multi-byte text after `now` once panicked (split inside a character).
        assert!(TimeSpec::parse("now€").is_err());
        assert!(TimeSpec::parse("now+€1d").is_err());
        assert!(TimeSpec::parse("now-9223372036854775807s").is_err());
        assert!(TimeSpec::parse("99999999999999").is_err());
    }

    #[test]
    fn unknown_keys_are_reported_with_their_place() {
        let problem = parse("seed: 1\ngwell:\n  apps:\n    - appId: a\n      colour: red\n")
            .expect_err("unknown key");
        assert_eq!((problem.line, problem.column), (5, 7), "{problem}");
        assert!(problem.message.contains("colour"), "{problem}");
    }

    #[test]
    fn wrong_scalar_types_name_the_key_and_what_is_expected() {
        let problem = parse("seed: 1\nrateLimits: maybe\n").expect_err("not a boolean");
        assert_eq!((problem.line, problem.column), (2, 13), "{problem}");
        assert_eq!(problem.message, "rateLimits: expected true or false");

        let problem = parse("clock:\n  at: true\n").expect_err("not a time");
        assert!(problem.message.contains("expected a time"), "{problem}");

        let problem =
            parse("gwell:\n  apps:\n    - users: [{accessId: [1]}]\n").expect_err("not an id");
        assert!(problem.message.contains("expected an id"), "{problem}");
    }

    #[test]
    fn numbers_are_accepted_as_ids() {
        let s = parse(
            "gwell:\n  apps:\n    - users: [{accessId: -9223371980000056044}]\n      devices: [{devId: 5188001415988, sn: ABC}]\n",
        )
        .expect("valid");
        let app = &s.gwell.apps[0];
        assert_eq!(
            app.users[0].access_id.value.as_str(),
            "-9223371980000056044"
        );
        assert_eq!(app.devices[0].dev_id.value.as_str(), "5188001415988");
        assert_eq!(app.devices[0].dev_id.referenced.line(), 4);
    }
}
