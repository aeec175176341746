//! The shared vocabulary of scenario files: times, ids, places in the file (`Problem`), and the
//! sections every world has (clock, journal). Each vendor's own section lives in its folder;
//! the whole file is put together in the top-level `scenario` module.

use super::clock::{self, ClockMode};
use chrono::DateTime;
use serde::{Deserialize, Deserializer};
use std::fmt;

pub(crate) fn yes() -> bool {
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
// Places in a file

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

    /// At the value `s` was read from.
    pub fn at_value<T>(s: &serde_saphyr::Spanned<T>, message: impl Into<String>) -> Problem {
        Problem::at(&s.referenced, message)
    }

    /// `{field}: {value} is out of range {lo}-{hi}`, at the value, when it is outside.
    pub fn out_of_range<T: PartialOrd + std::fmt::Display>(
        s: &serde_saphyr::Spanned<T>,
        field: &str,
        lo: T,
        hi: T,
    ) -> Option<Problem> {
        (s.value < lo || s.value > hi).then(|| {
            Problem::at_value(s, format!("{field}: {} is out of range {lo}-{hi}", s.value))
        })
    }

    /// At `loc` when known, else at the file's start.
    pub fn near(loc: Option<serde_saphyr::Location>, message: impl Into<String>) -> Problem {
        match loc {
            Some(l) => Problem::at(&l, message),
            None => Problem::at_start(message),
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
}
