//! `POST /_camsim/worlds/{w}/clock`: freeze, move or advance a world's clock, all checked
//! before anything changes so a refused request leaves the clock as it was.

use super::model::{Advance, ClockChange};
use super::{Answer, bad_request, json_body, ok};
use crate::api::request::ApiRequest;
use crate::sim::Sim;
use crate::sim::clock::{self, OutOfRange};
use crate::sim::spec::{TimeSpec, is_span_shaped, parse_span, span_too_long};

pub(super) fn change(sim: &Sim, req: &ApiRequest) -> Answer {
    let change: ClockChange = json_body(req)?;
    let out_of_range =
        |field: &str, e: OutOfRange| bad_request(format!("{field}: {e}"), Some(field));
    let advance_ms = match &change.advance {
        None => None,
        // `as` saturates; anything that large is refused by the range check below.
        Some(Advance::Seconds(s)) => Some((s * 1000.0).round() as i64),
        Some(Advance::Span(text)) => {
            let (sign, body) = match text.trim().strip_prefix('-') {
                Some(rest) => (-1, rest),
                None => (1, text.trim().trim_start_matches('+')),
            };
            let secs = parse_span(body).ok_or_else(|| {
                let why = if is_span_shaped(body) {
                    span_too_long(text)
                } else {
                    format!("`{text}` is not seconds or a span like -10m, 2h, 1d")
                };
                bad_request(format!("advance: {why}"), Some("advance"))
            })?;
            Some(sign * secs * 1000)
        }
    };
    // Checked before anything changes, so a refused request leaves the clock as it was.
    let target_ms = match change.at {
        None => None,
        Some(at) => {
            let at_ms = match at {
                TimeSpec::Unix(s) => s * 1000,
                TimeSpec::FromNow(delta) => sim.clock.now_ms().saturating_add(delta * 1000),
            };
            let target = at_ms.saturating_add(advance_ms.unwrap_or(0));
            if !clock::in_range_ms(target) {
                let field = if clock::in_range_ms(at_ms) {
                    "advance"
                } else {
                    "at"
                };
                return Err(out_of_range(field, OutOfRange));
            }
            Some(target)
        }
    };
    if let Some(freeze) = change.freeze {
        sim.clock.set_frozen(freeze);
    }
    match (target_ms, advance_ms) {
        (Some(target), _) => sim.clock.set(target).map_err(|e| out_of_range("at", e))?,
        (None, Some(ms)) => sim
            .clock
            .advance(ms)
            .map_err(|e| out_of_range("advance", e))?,
        (None, None) => {}
    }
    ok(&sim.clock.view())
}
