//! Snapshots (cmdId 32): the device takes a picture and uploads it; the platform lists it under
//! the name the reply gives.

use super::payload::{Fields, Invalid};
use serde_json::Value;

/// The sensor's largest picture, which seed 003 makes the default size.
pub const MAX_SIZE: (i64, i64) = (1280, 720);
pub const DEFAULT_QUALITY: i64 = 100;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Request {
    pub width: u32,
    pub height: u32,
}

/// Reads cmdId 32's optional `cmd`: `width` and `height` up to the sensor's, `quality` 1–100
/// (checked; the picture is served at the size asked, whatever the quality).
pub fn parse(cmd: Option<&Value>) -> Result<Request, Invalid> {
    let f = Fields::optional(cmd)?;
    let int = |key: &str, max: i64, default: i64| match f {
        Some(f) => Ok(f.int(key, 1..=max)?.unwrap_or(default)),
        None => Ok(default),
    };
    let number = |n: i64| u32::try_from(n).map_err(|_| Invalid);
    int("quality", 100, DEFAULT_QUALITY)?;
    Ok(Request {
        width: number(int("width", MAX_SIZE.0, MAX_SIZE.0)?)?,
        height: number(int("height", MAX_SIZE.1, MAX_SIZE.1)?)?,
    })
}

/// Proposal: the name a snapshot is uploaded (and listed) under.
pub fn name(picture_id: &str) -> String {
    format!("snap_{picture_id}")
}
