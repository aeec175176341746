//! Scenario files: the YAML (or JSON) that describes a world. The file puts together what every
//! world has (name, seed, clock, journal, rate limits, fault rules; their types live in
//! `sim::spec`) and one section per vendor, whose types the vendor owns (`vendors::<v>::scenario`
//! or `model`). This module parses the file (unknown keys rejected, places kept for `camsim
//! check`), and builds worlds from it (`Recipe`). Semantic checks live in `check.rs`.

pub mod check;

use crate::sim::Ids;
use crate::sim::faults::FaultSpec;
use crate::sim::ids::name_hash;
use crate::sim::spec::{ClockSpec, JournalSpec, Problem, yes};
use crate::sim::timeline::TimelineSpec;
use crate::sim::world::{Build, Recipe, World};
use crate::vendors::model::Model;
use crate::vendors::{gwell, onenet, sodalife, tencent};
use serde::Deserialize;
use serde_saphyr::Spanned;

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
    /// How every camera's history is generated, unless its own `timeline:` says otherwise.
    #[serde(default)]
    pub timeline: Option<Spanned<TimelineSpec>>,
    #[serde(default)]
    pub gwell: <gwell::Gwell as Model>::Spec,
    #[serde(default)]
    pub sodalife: <sodalife::Sodalife as Model>::Spec,
    #[serde(default)]
    pub onenet: <onenet::Onenet as Model>::Spec,
    #[serde(default)]
    pub tencent: <tencent::Tencent as Model>::Spec,
    #[serde(default)]
    pub faults: Vec<Spanned<FaultSpec>>,
}

/// Work done on each vendor's section in turn, with the vendor's types.
pub trait SectionJob {
    fn section<M: Model>(&mut self, spec: &M::Spec);
}

impl Scenario {
    /// Every vendor's section, in the vendors' order: where a new vendor's section is listed
    /// (besides its field above).
    pub fn each_section(&self, job: &mut impl SectionJob) {
        job.section::<gwell::Gwell>(&self.gwell);
        job.section::<sodalife::Sodalife>(&self.sodalife);
        job.section::<onenet::Onenet>(&self.onenet);
        job.section::<tencent::Tencent>(&self.tencent);
    }
}

/// A scenario without `timeline:`: every key at its default.
static NO_TIMELINE_KEYS: TimelineSpec = TimelineSpec {
    recording: None,
    events_per_day: None,
    event_kinds: None,
    retention_days: None,
    sd_card_mb: None,
    utc_offset_minutes: None,
};

/// Builds each vendor's part of a world and stores its state there.
struct Builder<'a> {
    build: Build<'a>,
}

impl SectionJob for Builder<'_> {
    fn section<M: Model>(&mut self, spec: &M::Spec) {
        let state = M::build(spec, &mut self.build);
        self.build.world.set_model(state);
    }
}

impl Recipe for Scenario {
    fn seed(&self) -> Option<u64> {
        self.seed
    }

    fn clock(&self) -> &ClockSpec {
        &self.clock
    }

    fn journal(&self) -> &JournalSpec {
        &self.journal
    }

    fn faults(&self) -> Vec<FaultSpec> {
        self.faults.iter().map(|f| f.value.clone()).collect()
    }

    fn build(&self, name: &str, seed: u64, now_secs: i64) -> World {
        let mut world = World::new(self.rate_limits);
        // Credentials a scenario leaves out are drawn from the seed and the world's name, so
        // two worlds created from one file still claim different credentials.
        let credential_ids = Ids::new(seed ^ name_hash(name));
        let mut builder = Builder {
            build: Build {
                world: &mut world,
                seed,
                now_secs,
                credential_ids: &credential_ids,
                timeline: self
                    .timeline
                    .as_ref()
                    .map_or(&NO_TIMELINE_KEYS, |t| &t.value),
            },
        };
        self.each_section(&mut builder);
        world
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
                       timeline, gwell, sodalife, onenet, tencent, faults), not a list or a single value"
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
