//! The oracle: whether one step's reply is acceptable, given the case's classification (see
//! the module doc of `hostile.rs`) and, for compound cases, the previous step's reply. Returns
//! the violation as text, or `None`.

use super::table::Listener;
use super::wire::{Answer, Reply};
use super::{Expect, Step};
use serde_json::Value;

/// The violation in `reply` to `step`, if any.
pub fn check(step: &Step, reply: &Reply, previous: Option<&Reply>) -> Option<String> {
    let expect = effective(&step.expect, previous);
    match reply {
        Reply::ConnectFailed(e) => Some(format!("cannot connect: {e}")),
        Reply::TimedOut { .. } => Some("hang: no answer and no close within the deadline".into()),
        Reply::Garbled { why, .. } => Some(format!("answer is not HTTP/1.x: {why}")),
        Reply::Closed { .. } => match expect {
            Expect::MaybeParsed | Expect::UnsentBody => None,
            Expect::AfterFault { drop: true, .. } => None,
            _ => Some("closed without an answer to a parseable request".into()),
        },
        Reply::Answer(answer) => check_answer(step, &expect, answer),
    }
}

/// A compound step's expectation once the previous step's outcome is known.
fn effective(expect: &Expect, previous: Option<&Reply>) -> Expect {
    let previous_status = match previous {
        Some(Reply::Answer(a)) => Some(a.status),
        _ => None,
    };
    match expect {
        Expect::AfterFault { .. } if previous_status != Some(201) => Expect::Parseable,
        Expect::Reachable if !matches!(previous_status, Some(201) | Some(409)) => Expect::Parseable,
        other => other.clone(),
    }
}

fn check_answer(step: &Step, expect: &Expect, answer: &Answer) -> Option<String> {
    let status = answer.status;
    if (100..200).contains(&status) {
        return Some(format!("informational status {status} as the final answer"));
    }
    if let Expect::AfterFault {
        status: Some(asked),
        sure,
        ..
    } = expect
        && (*sure || i64::from(status) == *asked)
    {
        // The rule was accepted, so its status is what the client must see, with a page.
        if i64::from(status) != *asked {
            return Some(format!(
                "fault rule asked for status {asked}, answered {status}"
            ));
        }
        if answer.body.is_empty() && status != 204 && status != 304 && !step.head {
            return Some(format!("fault status {status} answered with an empty body"));
        }
        return None;
    }
    let empty = answer.body.is_empty();
    // What hyper's parser answers by itself, before any request exists: a bare status line.
    if empty
        && matches!(expect, Expect::MaybeParsed | Expect::UnsentBody)
        && (matches!(status, 400..=499) || status == 505)
    {
        return None;
    }
    if step.listener == Listener::Sodalife {
        return super::soda_oracle::check(step, expect, answer);
    }
    if step.listener == Listener::Onenet {
        return super::onenet_oracle::check(step, expect, answer);
    }
    if step.listener == Listener::Tencent {
        return super::tencent_oracle::check(step, expect, answer);
    }
    if status >= 500 && !step.fault_asked {
        return Some(format!("status {status} that no fault asked for"));
    }
    if step.head {
        return match answer.header("content-type") {
            Some(_) => None,
            None => Some(format!("HEAD answer {status} without a Content-Type")),
        };
    }
    if empty {
        return Some(format!("empty answer (status {status})"));
    }
    if let Expect::AfterFault {
        malformed: true, ..
    } = expect
    {
        return None;
    }
    let Ok(json) = serde_json::from_slice::<Value>(&answer.body) else {
        return Some(format!("status {status}: body is not JSON"));
    };
    if let Some(problem) = envelope(step.listener, status, &json) {
        return Some(format!("status {status}: {problem}"));
    }
    match expect {
        Expect::GwellCode(code) if json["code"].as_i64() != Some(*code) => {
            Some(format!("expected Gwell code {code}, got {}", json["code"]))
        }
        Expect::Refused if status != 400 => {
            Some(format!("expected a refusal (400), got status {status}"))
        }
        Expect::Reachable if status != 200 => Some(format!(
            "the world just created is unreachable under that name (status {status})"
        )),
        _ => None,
    }
}

/// What is wrong with `json` as the listener's envelope, if anything.
pub fn envelope(listener: Listener, status: u16, json: &Value) -> Option<String> {
    match listener {
        Listener::Gwell => {
            if json["code"].as_i64().is_none() {
                return Some("gwell answer without an integer `code`".into());
            }
            json["msg"]
                .as_str()
                .is_none()
                .then(|| "gwell answer without a `msg` string".into())
        }
        // Judged whole (catalogue, statuses, media links) by `soda_oracle::check`,
        // `onenet_oracle::check` and `tencent_oracle::check`.
        Listener::Sodalife => None,
        Listener::Onenet => json["errno"]
            .as_i64()
            .is_none()
            .then(|| "onenet answer without an integer `errno`".into()),
        Listener::Tencent => {
            let response = &json["Response"];
            if response["RequestId"].as_str().is_none() {
                return Some("tencent answer without `Response.RequestId`".into());
            }
            let error = &response["Error"];
            (!error.is_null() && error["Code"].as_str().is_none())
                .then(|| "tencent `Response.Error` without a `Code`".into())
        }
        Listener::Control => ((400..500).contains(&status) && json["error"].as_str().is_none())
            .then(|| "control 4xx without an `error` string".into()),
    }
}
