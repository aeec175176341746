//! Wi-Fi (cmdIds 41 list / 42 set password): the device sees a fixed set of access points and
//! keeps a password per point it was given one for.

use super::payload::{Fields, Invalid};
use serde_json::{Value, json};
use std::collections::BTreeMap;

/// Proposal: the access points every simulated device sees, as a Chinese home camera would.
pub const ACCESS_POINTS: [&str; 3] = ["CMCC-5G2A", "ChinaNet-7B1C", "TP-LINK_3F80"];
/// WPA allows 63 characters of passphrase or 64 hex digits.
pub const MAX_PASSWORD_CHARS: usize = 64;

/// The `cmd` object of cmdId 41.
pub fn to_json() -> Value {
    json!({ "list": ACCESS_POINTS })
}

/// Applies cmdId 42's `cmd`: `wifi_id` must be a listed access point, `wifi_pw` a string
/// (empty for an open network).
pub fn apply(passwords: &mut BTreeMap<String, String>, cmd: Option<&Value>) -> Result<(), Invalid> {
    let f = Fields::of(cmd)?;
    let ap = f.choice("wifi_id", &ACCESS_POINTS)?.ok_or(Invalid)?;
    let password = f.text("wifi_pw", MAX_PASSWORD_CHARS)?.ok_or(Invalid)?;
    passwords.insert(ap.to_string(), password.to_string());
    Ok(())
}
