//! The lens switch (cmdIds 39 get / 40 set): a closed lens is a privacy mode, so the device then
//! refuses snapshots (cmdId 32); recordings already on the card stay readable.

use super::payload::{Fields, Invalid};
use serde_json::{Value, json};

const STATES: [&str; 2] = ["on", "off"];

/// The `cmd` object of cmdId 39.
pub fn to_json(open: bool) -> Value {
    json!({ "status": if open { "on" } else { "off" } })
}

/// Whether cmdId 40's `cmd` opens the lens; `status` is required.
pub fn parse(cmd: Option<&Value>) -> Result<bool, Invalid> {
    let status = Fields::of(cmd)?.choice("status", &STATES)?.ok_or(Invalid)?;
    Ok(status == "on")
}
