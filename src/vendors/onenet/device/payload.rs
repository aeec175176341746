//! Reading a platform command's body: the envelope (`cmdId`, `channel_id`, `type`, `cmd`) and
//! typed fields of `cmd`. Lenient where a real client is known to differ (a numeric-string
//! `cmdId`, seed 003's `"channel_id "` with a trailing space), strict on every value a command
//! acts on: anything else is the device's "command error".

use serde_json::{Map, Value};
use std::ops::RangeInclusive;

/// A value the device cannot act on; the command answers "command error" and changes nothing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Invalid;

/// A body that is not a command at all: not a JSON object, no readable `cmdId`, or a `type`
/// other than the C SDK's `"video"`. `cmd_id` is kept when it could be read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Unreadable {
    pub cmd_id: Option<i64>,
}

/// How the body named a channel.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChannelArg {
    Absent,
    /// Present but not an integer.
    Malformed,
    Given(i64),
}

/// A parsed command envelope.
#[derive(Debug)]
pub struct Command {
    pub id: i64,
    pub channel: ChannelArg,
    /// The `cmd` member, if present and not null.
    pub cmd: Option<Value>,
}

/// Parses a command body.
pub fn parse(payload: &[u8]) -> Result<Command, Unreadable> {
    // The envelope's members straight into a struct (only `cmd` becomes a `Value`): a map of
    // the whole body was most of a command's cost. Unknown members are ignored; a member
    // given twice makes the body unreadable, as no device firmware agrees on which to take.
    #[derive(serde::Deserialize)]
    struct Envelope {
        #[serde(rename = "cmdId", default)]
        cmd_id: Option<Value>,
        #[serde(rename = "type", default)]
        kind: Option<Value>,
        #[serde(rename = "channel_id", default)]
        channel: Option<Value>,
        #[serde(rename = "channel_id ", default)]
        channel_spaced: Option<Value>,
        #[serde(default)]
        cmd: Option<Value>,
    }
    // A struct also reads from a JSON array: only an object is a command.
    let object = payload.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'{');
    let Ok(body) = serde_json::from_slice::<Envelope>(payload)
        .map_err(|_| ())
        .and_then(|b| if object { Ok(b) } else { Err(()) })
    else {
        return Err(Unreadable { cmd_id: None });
    };
    let Some(id) = body.cmd_id.as_ref().and_then(integer) else {
        return Err(Unreadable { cmd_id: None });
    };
    // The C SDK acts only on `"type":"video"`; seed 003's examples leave it out.
    match &body.kind {
        None | Some(Value::Null) => {}
        Some(Value::String(t)) if t == "video" => {}
        Some(_) => return Err(Unreadable { cmd_id: Some(id) }),
    }
    let channel = [&body.channel, &body.channel_spaced]
        .into_iter()
        .find_map(|v| v.as_ref().filter(|v| !v.is_null()))
        .map_or(ChannelArg::Absent, |v| {
            integer(v).map_or(ChannelArg::Malformed, ChannelArg::Given)
        });
    let cmd = body.cmd.filter(|v| !v.is_null());
    Ok(Command { id, channel, cmd })
}

/// An integer, or a string holding one (surrounding blanks ignored).
fn integer(v: &Value) -> Option<i64> {
    match v {
        Value::Number(n) => n.as_i64(),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

/// The fields of a `cmd` object (or of one element of a `cmd` array).
#[derive(Debug, Clone, Copy)]
pub struct Fields<'a>(&'a Map<String, Value>);

impl<'a> Fields<'a> {
    /// `cmd` as an object; absent or of another type is invalid.
    pub fn of(cmd: Option<&'a Value>) -> Result<Fields<'a>, Invalid> {
        match cmd {
            Some(Value::Object(map)) => Ok(Fields(map)),
            _ => Err(Invalid),
        }
    }

    /// `cmd` as an object, or no fields when absent (commands whose `cmd` is optional).
    pub fn optional(cmd: Option<&'a Value>) -> Result<Option<Fields<'a>>, Invalid> {
        match cmd {
            None => Ok(None),
            some => Fields::of(some).map(Some),
        }
    }

    /// A member, `None` when absent or null.
    pub fn get(&self, key: &str) -> Option<&'a Value> {
        self.0.get(key).filter(|v| !v.is_null())
    }

    /// An integer member within `range`; absent is `None`.
    pub fn int(&self, key: &str, range: RangeInclusive<i64>) -> Result<Option<i64>, Invalid> {
        match self.get(key) {
            None => Ok(None),
            Some(v) => v
                .as_i64()
                .filter(|n| range.contains(n))
                .map(Some)
                .ok_or(Invalid),
        }
    }

    /// An integer member within `range` that must be present.
    pub fn required_int(&self, key: &str, range: RangeInclusive<i64>) -> Result<i64, Invalid> {
        self.int(key, range)?.ok_or(Invalid)
    }

    /// A string member of at most `max_chars` characters; absent is `None`.
    pub fn text(&self, key: &str, max_chars: usize) -> Result<Option<&'a str>, Invalid> {
        match self.get(key) {
            None => Ok(None),
            Some(Value::String(s)) if s.chars().count() <= max_chars => Ok(Some(s)),
            Some(_) => Err(Invalid),
        }
    }

    /// A string member that must be present and not blank.
    pub fn required_text(&self, key: &str, max_chars: usize) -> Result<&'a str, Invalid> {
        self.text(key, max_chars)?
            .filter(|s| !s.trim().is_empty())
            .ok_or(Invalid)
    }

    /// A string member that must be one of `choices`; absent is `None`.
    pub fn choice(
        &self,
        key: &str,
        choices: &[&'static str],
    ) -> Result<Option<&'static str>, Invalid> {
        match self.get(key) {
            None => Ok(None),
            Some(Value::String(s)) => choices
                .iter()
                .find(|c| **c == s)
                .copied()
                .map(Some)
                .ok_or(Invalid),
            Some(_) => Err(Invalid),
        }
    }

    /// An array member; absent is `None`.
    pub fn array(&self, key: &str) -> Result<Option<&'a [Value]>, Invalid> {
        match self.get(key) {
            None => Ok(None),
            Some(Value::Array(items)) => Ok(Some(items)),
            Some(_) => Err(Invalid),
        }
    }
}

/// Sets `slot` to `value` when the request gave one: a set command changes only what it names.
pub fn update<T>(slot: &mut T, value: Option<T>) {
    if let Some(v) = value {
        *slot = v;
    }
}
