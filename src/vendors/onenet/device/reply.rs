//! The device's answers: ODVP result codes (the C SDK's `error.h`) and the reply JSON shapes every
//! command shares (`{"cmdId","channel_id","result"}`); command-specific bodies are built by each
//! command's module.

use super::DeviceReply;
use super::payload::ChannelArg;
use serde_json::{Map, Value, json};

/// ODVP device result: done.
pub const OK: i64 = 0;
/// ODVP device result: the named channel does not exist.
pub const NO_CHANNEL: i64 = 1;
/// ODVP device result: the file (recording, TF card) does not exist.
pub const NO_FILE: i64 = 2;
/// ODVP device result: command error; the C SDK answers it to anything it does not handle.
pub const COMMAND_ERROR: i64 = 5;

/// Who a reply is for: the command id and the channel as the request named it.
#[derive(Debug, Clone, Copy)]
pub struct Addressee {
    pub cmd_id: i64,
    /// Echoed in replies of channel commands only.
    pub channel: Option<i64>,
}

impl Addressee {
    pub fn new(cmd_id: i64, channel: ChannelArg, channel_command: bool) -> Addressee {
        let channel = match channel {
            ChannelArg::Given(c) if channel_command => Some(c),
            _ => None,
        };
        Addressee { cmd_id, channel }
    }

    /// `{"cmdId":N[,"channel_id":C]}` followed by `rest`.
    pub fn body(&self, rest: Value) -> Value {
        let mut out = Map::new();
        out.insert("cmdId".into(), json!(self.cmd_id));
        if let Some(c) = self.channel {
            out.insert("channel_id".into(), json!(c));
        }
        if let Value::Object(rest) = rest {
            out.extend(rest);
        }
        Value::Object(out)
    }

    /// A get's answer: `{"cmdId","channel_id","cmd":<cmd>}`.
    pub fn got(&self, cmd: Value) -> DeviceReply {
        reply(OK, &self.body(json!({ "cmd": cmd })))
    }

    /// A set's success: `{"cmdId","channel_id","result":1}`.
    pub fn done(&self) -> DeviceReply {
        self.result(OK, 1)
    }

    /// A failure with `code`: `{"cmdId","channel_id","result":0}`.
    pub fn failed(&self, code: i64) -> DeviceReply {
        self.result(code, 0)
    }

    /// `{"cmdId"[,"channel_id"],"result"}`, written straight from a struct: the commonest
    /// reply, built on every set command.
    fn result(&self, resp_code: i64, result: u8) -> DeviceReply {
        #[derive(serde::Serialize)]
        struct Outcome {
            #[serde(rename = "cmdId")]
            cmd_id: i64,
            #[serde(skip_serializing_if = "Option::is_none")]
            channel_id: Option<i64>,
            result: u8,
        }
        let outcome = Outcome {
            cmd_id: self.cmd_id,
            channel_id: self.channel,
            result,
        };
        DeviceReply {
            resp_code,
            data: serde_json::to_vec(&outcome).unwrap_or_default(),
            effect: None,
        }
    }
}

/// A reply with `data` serialized.
pub fn reply(resp_code: i64, data: &Value) -> DeviceReply {
    DeviceReply {
        resp_code,
        data: serde_json::to_vec(data).unwrap_or_default(),
        effect: None,
    }
}

/// The answer to a body that is no command: "command error", with `{"cmdId":N,"result":0}` when
/// the id could be read and no data otherwise (the C SDK then sends an empty payload).
pub fn unreadable(cmd_id: Option<i64>) -> DeviceReply {
    match cmd_id {
        Some(id) => reply(COMMAND_ERROR, &json!({ "cmdId": id, "result": 0 })),
        None => DeviceReply {
            resp_code: COMMAND_ERROR,
            data: Vec::new(),
            effect: None,
        },
    }
}
