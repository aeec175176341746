//! Fault rules: one shape for errors on demand, whether they come from a scenario's `faults:`,
//! the control API, or `X-Camsim-*` headers. A rule matches requests (vendor, endpoint id,
//! device, OneNET cmdId, parameter values) and does one thing to the answer, limited by
//! `after`, `times` and a seeded `probability`. Which codes exist is the vendors' business:
//! validation asks a [`FaultCatalog`] so this module never imports vendor code.

use super::{Ids, VendorId};
use parking_lot::Mutex;
use serde::{Deserialize, Deserializer, Serialize};
use std::collections::BTreeMap;
use std::sync::atomic::{AtomicUsize, Ordering};

/// Statuses a fault may answer with: a 1xx is not a final answer (hyper sends 101 as an
/// upgrade and anything else as an empty 500), and HTTP has nothing past 599.
pub const ANSWER_STATUSES: std::ops::RangeInclusive<u16> = 200..=599;

/// Rules one world holds at most: every request walks them, and a world's memory is bounded.
pub const MAX_RULES: usize = 1_000;

/// The longest injected delay (rule `delayMs`, header `X-Camsim-Delay`): ten minutes is past
/// any client's timeout; a request that should never be answered is what `hang` is for.
pub const MAX_DELAY_MS: u64 = 600_000;

/// What a fault rule needs to know about vendors, supplied by the vendors module.
pub trait FaultCatalog {
    /// Whether `id` (e.g. `gwell.devInfo`) is an endpoint id of `vendor`.
    fn has_endpoint(&self, vendor: VendorId, id: &str) -> bool;
    /// Every code `vendor` can answer, as a client sees it.
    fn codes(&self, vendor: VendorId) -> Vec<String>;
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Default)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct FaultSpec {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vendor: Option<VendorId>,
    /// Endpoint id as `camsim routes` lists it, e.g. `gwell.devInfo`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub endpoint: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub device: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cmd_id: Option<i64>,
    /// Request parameters (JSON body or query) that must have these values.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub params: BTreeMap<String, serde_json::Value>,

    /// Answer this vendor code, rendered exactly as the vendor renders it.
    #[serde(
        default,
        deserialize_with = "code_as_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub error: Option<String>,
    /// Replaces the catalogue message of `error`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
    /// Answer this HTTP status with a gateway-style body instead of the vendor's answer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<u16>,
    /// Wait this long (real milliseconds) before the answer; alone or with another effect.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub delay_ms: Option<u64>,
    /// Close the connection without answering.
    #[serde(default, skip_serializing_if = "is_false")]
    pub drop: bool,
    /// Never answer (the connection stays open until the client or camsim gives up).
    #[serde(default, skip_serializing_if = "is_false")]
    pub hang: bool,
    /// Answer HTTP 200 with the real body cut in half (invalid JSON).
    #[serde(default, skip_serializing_if = "is_false")]
    pub malformed: bool,

    /// Fire at most this many times.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub times: Option<u32>,
    /// Let this many matching requests through first.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub after: u32,
    /// Fire on a matching request with this probability (seeded by the world's seed).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub probability: Option<f64>,
}

fn is_false(b: &bool) -> bool {
    !*b
}

fn is_zero(n: &u32) -> bool {
    *n == 0
}

/// Vendor codes are numbers for some vendors and strings for others; keep them as text
/// (fault rules and journal filters both take either).
pub(crate) fn code_as_string<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Code {
        Int(i64),
        Text(String),
    }
    Ok(Option::<Code>::deserialize(d)?.map(|c| match c {
        Code::Int(n) => n.to_string(),
        Code::Text(s) => s,
    }))
}

/// What a fired rule does to the answer.
#[derive(Debug, Clone, PartialEq)]
pub enum Effect {
    /// Answer normally (a delay-only rule).
    Pass,
    Error {
        code: String,
        message: Option<String>,
    },
    Status(u16),
    Drop,
    Hang,
    Malformed,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Decision {
    /// The rule id, or `header` for X-Camsim-* headers.
    pub rule: String,
    pub delay_ms: Option<u64>,
    pub effect: Effect,
}

impl FaultSpec {
    /// The vendor the rule is for: stated, or read off the endpoint id's prefix.
    pub fn effective_vendor(&self) -> Option<VendorId> {
        self.vendor.or_else(|| {
            self.endpoint
                .as_deref()
                .and_then(|e| e.split('.').next())
                .and_then(VendorId::parse)
        })
    }

    pub fn effect(&self) -> Effect {
        if let Some(code) = &self.error {
            Effect::Error {
                code: code.clone(),
                message: self.message.clone(),
            }
        } else if let Some(status) = self.status {
            Effect::Status(status)
        } else if self.drop {
            Effect::Drop
        } else if self.hang {
            Effect::Hang
        } else if self.malformed {
            Effect::Malformed
        } else {
            Effect::Pass
        }
    }

    /// Every problem with this rule, each naming the field, in the order fields are written.
    pub fn problems(&self, catalog: &dyn FaultCatalog) -> Vec<String> {
        let mut out = Vec::new();
        let vendor = self.effective_vendor();
        if let (Some(stated), Some(endpoint)) = (self.vendor, &self.endpoint) {
            if !catalog.has_endpoint(stated, endpoint) {
                out.push(format!(
                    "endpoint: `{endpoint}` is not an endpoint id of {stated}"
                ));
            }
        } else if let Some(endpoint) = &self.endpoint {
            match vendor {
                Some(v) if catalog.has_endpoint(v, endpoint) => {}
                _ => out.push(format!(
                    "endpoint: `{endpoint}` is not an endpoint id (see `camsim routes`)"
                )),
            }
        }
        let effects = [
            self.error.is_some(),
            self.status.is_some(),
            self.drop,
            self.hang,
            self.malformed,
        ]
        .iter()
        .filter(|set| **set)
        .count();
        if effects > 1 {
            out.push(
                "a rule does one thing: set only one of error, status, drop, hang, malformed"
                    .to_string(),
            );
        }
        if effects == 0 && self.delay_ms.is_none() {
            out.push(
                "a rule needs an effect: error, status, delayMs, drop, hang or malformed"
                    .to_string(),
            );
        }
        if let Some(code) = &self.error {
            match vendor {
                None => out.push(
                    "error: a rule with an error code needs `vendor` (or a vendor's `endpoint`)"
                        .to_string(),
                ),
                Some(v) => {
                    let codes = catalog.codes(v);
                    if !codes.iter().any(|c| c == code) {
                        out.push(format!(
                            "error: `{code}` is not a {v} code; valid codes: {}",
                            codes.join(", ")
                        ));
                    }
                }
            }
        }
        if self.message.is_some() && self.error.is_none() {
            out.push("message: only meaningful with `error`".to_string());
        }
        if let Some(status) = self.status
            && !ANSWER_STATUSES.contains(&status)
        {
            out.push(format!(
                "status: {status} is not a status an answer can carry (200-599; 1xx are not answers)"
            ));
        }
        if let Some(ms) = self.delay_ms.filter(|ms| *ms > MAX_DELAY_MS) {
            out.push(format!(
                "delayMs: {ms} is over the {MAX_DELAY_MS} ms (10 minute) maximum; `hang: true` never answers"
            ));
        }
        if let Some(p) = self.probability
            && !(0.0..=1.0).contains(&p)
        {
            out.push(format!("probability: {p} is not between 0 and 1"));
        }
        if self.times == Some(0) {
            out.push("times: 0 would never fire; omit the rule instead".to_string());
        }
        out
    }
}

/// The facts about one request that rules match on.
pub struct RequestFacts<'a> {
    pub vendor: VendorId,
    pub endpoint: &'a str,
    pub device: Option<&'a str>,
    pub cmd_id: Option<i64>,
    /// Looks up a request parameter, rendered as text.
    pub param: &'a dyn Fn(&str) -> Option<String>,
}

fn value_text(v: &serde_json::Value) -> String {
    match v {
        serde_json::Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

impl FaultSpec {
    fn matches(&self, facts: &RequestFacts<'_>) -> bool {
        self.effective_vendor().is_none_or(|v| v == facts.vendor)
            && self.endpoint.as_deref().is_none_or(|e| e == facts.endpoint)
            && self
                .device
                .as_deref()
                .is_none_or(|d| facts.device == Some(d))
            && self.cmd_id.is_none_or(|c| facts.cmd_id == Some(c))
            && self
                .params
                .iter()
                .all(|(name, want)| (facts.param)(name).as_deref() == Some(&value_text(want)))
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Source {
    Scenario,
    Control,
}

/// A rule as listed by the control API.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct Rule {
    pub id: String,
    pub source: Source,
    #[serde(flatten)]
    pub spec: FaultSpec,
    /// Requests that matched the rule's conditions.
    pub matched: u32,
    /// Times the rule acted.
    pub fired: u32,
}

#[derive(Debug, Default)]
struct Inner {
    rules: Vec<Rule>,
    next_id: u64,
}

#[derive(Debug, Default)]
pub struct Faults {
    inner: Mutex<Inner>,
    /// Rule count, readable without the lock: most requests meet a world without rules.
    count: AtomicUsize,
}

impl Faults {
    pub fn new(specs: &[FaultSpec]) -> Faults {
        let faults = Faults::default();
        faults.replace(specs);
        faults
    }

    /// Drops every rule and installs `specs` as scenario rules, numbering from 1 again.
    pub fn replace(&self, specs: &[FaultSpec]) {
        let mut inner = self.inner.lock();
        inner.rules.clear();
        inner.next_id = 0;
        for spec in specs {
            Self::push(&mut inner, spec.clone(), Source::Scenario);
        }
        self.count.store(inner.rules.len(), Ordering::Release);
    }

    fn push(inner: &mut Inner, spec: FaultSpec, source: Source) -> Rule {
        inner.next_id += 1;
        let rule = Rule {
            id: format!("f{}", inner.next_id),
            source,
            spec,
            matched: 0,
            fired: 0,
        };
        inner.rules.push(rule.clone());
        rule
    }

    /// Adds a control-API rule (already validated by the caller).
    /// Adds a rule, unless the world already holds [`MAX_RULES`] (then `None`).
    pub fn add(&self, spec: FaultSpec) -> Option<Rule> {
        let mut inner = self.inner.lock();
        if inner.rules.len() >= MAX_RULES {
            return None;
        }
        let rule = Self::push(&mut inner, spec, Source::Control);
        self.count.store(inner.rules.len(), Ordering::Release);
        Some(rule)
    }

    pub fn list(&self) -> Vec<Rule> {
        self.inner.lock().rules.clone()
    }

    pub fn get(&self, id: &str) -> Option<Rule> {
        self.inner.lock().rules.iter().find(|r| r.id == id).cloned()
    }

    pub fn remove(&self, id: &str) -> bool {
        let mut inner = self.inner.lock();
        let before = inner.rules.len();
        inner.rules.retain(|r| r.id != id);
        self.count.store(inner.rules.len(), Ordering::Release);
        inner.rules.len() != before
    }

    pub fn clear(&self) -> usize {
        let mut inner = self.inner.lock();
        let n = inner.rules.len();
        inner.rules.clear();
        self.count.store(0, Ordering::Release);
        n
    }

    pub fn is_empty(&self) -> bool {
        self.count.load(Ordering::Acquire) == 0
    }

    /// The first rule that matches and fires decides; rules are tried in the order added.
    pub fn decide(&self, facts: &RequestFacts<'_>, ids: &Ids) -> Option<Decision> {
        let mut inner = self.inner.lock();
        for rule in inner.rules.iter_mut() {
            if !rule.spec.matches(facts) {
                continue;
            }
            rule.matched += 1;
            if rule.matched <= rule.spec.after {
                continue;
            }
            if rule.spec.times.is_some_and(|t| rule.fired >= t) {
                continue;
            }
            if let Some(p) = rule.spec.probability
                && !ids.chance(p)
            {
                continue;
            }
            rule.fired += 1;
            return Some(Decision {
                rule: rule.id.clone(),
                delay_ms: rule.spec.delay_ms,
                effect: rule.spec.effect(),
            });
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn facts<'a>(param: &'a dyn Fn(&str) -> Option<String>) -> RequestFacts<'a> {
        RequestFacts {
            vendor: VendorId::Gwell,
            endpoint: "gwell.devInfo",
            device: Some("42"),
            cmd_id: None,
            param,
        }
    }

    #[test]
    fn after_and_times_bound_a_rule() {
        let spec = FaultSpec {
            endpoint: Some("gwell.devInfo".into()),
            error: Some("10015".into()),
            after: 1,
            times: Some(2),
            ..Default::default()
        };
        let faults = Faults::new(&[spec]);
        let ids = Ids::new(1);
        let none = |_: &str| None;
        let fired: Vec<bool> = (0..5)
            .map(|_| faults.decide(&facts(&none), &ids).is_some())
            .collect();
        assert_eq!(fired, [false, true, true, false, false]);
    }

    #[test]
    fn params_compare_as_text() {
        let spec = FaultSpec {
            params: [("sn".to_string(), serde_json::json!("ABC"))].into(),
            drop: true,
            ..Default::default()
        };
        let faults = Faults::new(&[spec]);
        let ids = Ids::new(1);
        let abc = |n: &str| (n == "sn").then(|| "ABC".to_string());
        let other = |_: &str| Some("XYZ".to_string());
        assert!(faults.decide(&facts(&other), &ids).is_none());
        assert_eq!(
            faults.decide(&facts(&abc), &ids).map(|d| d.effect),
            Some(Effect::Drop)
        );
    }
}
