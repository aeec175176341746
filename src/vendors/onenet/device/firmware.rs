//! Firmware upgrades (cmdId 11): the device takes the notice at once and reports the new
//! version once it has downloaded and flashed it, `UPGRADE_SECS` of world time later. A second
//! notice while one is pending replaces it.

use super::payload::{Fields, Invalid};
use serde_json::Value;

/// Proposal: world seconds from the notice to the new version (download, flash, reboot).
pub const UPGRADE_SECS: i64 = 120;
/// Proposal: the longest package URL and version taken, in characters.
pub const MAX_URL_CHARS: usize = 1024;
pub const MAX_VERSION_CHARS: usize = 64;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Upgrade {
    pub version: String,
    /// When the device runs `version`, Unix seconds.
    pub done_at: i64,
}

/// Reads cmdId 11's `cmd` (`url`, `ver`, `md5` all required; `md5` 32 hex digits).
pub fn parse(cmd: Option<&Value>, now: i64) -> Result<Upgrade, Invalid> {
    let f = Fields::of(cmd)?;
    f.required_text("url", MAX_URL_CHARS)?;
    let version = f.required_text("ver", MAX_VERSION_CHARS)?;
    let md5 = f.required_text("md5", 32)?;
    if md5.len() != 32 || !md5.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(Invalid);
    }
    Ok(Upgrade {
        version: version.trim().to_string(),
        done_at: now.saturating_add(UPGRADE_SECS),
    })
}

/// The pending upgrade's version once it is done by `now` (and no longer pending).
pub fn finished(pending: &mut Option<Upgrade>, now: i64) -> Option<String> {
    if pending.as_ref().is_some_and(|u| u.done_at <= now) {
        return pending.take().map(|u| u.version);
    }
    None
}
