//! The TF (micro SD) card (cmdIds 30 status / 31 format, mount, umount). What the card holds
//! comes from the camera's timeline (`sim::timeline::sd_card`); the device adds whether the
//! card is mounted. An unmounted card is still there and sound (state 1) but cannot be used
//! (mode 0) or measured (0 KB).

use super::payload::{Fields, Invalid};
use crate::sim::timeline::{SdCard, SdStatus};
use serde_json::{Value, json};

/// What cmdId 31 asks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Op {
    Format,
    Mount,
    Umount,
}

/// Reads cmdId 31's `cmd` (`opt` required).
pub fn parse(cmd: Option<&Value>) -> Result<Op, Invalid> {
    let opt = Fields::of(cmd)?
        .choice("opt", &["format", "mount", "umount"])?
        .ok_or(Invalid)?;
    Ok(match opt {
        "format" => Op::Format,
        "mount" => Op::Mount,
        _ => Op::Umount,
    })
}

/// The `cmd` object of cmdId 30: `state` 0 no card, 1 normal, 3 full (2 "abnormal" never
/// happens to a simulated card); `blocks` and `available` in KB; `mode` 2 read-write, 0 when
/// there is no card or it is unmounted.
pub fn to_json(card: &SdCard, mounted: bool) -> Value {
    let kb = |mb: u64| mb.saturating_mul(1024);
    let (state, blocks, available, mode) = match card.status {
        SdStatus::None => (0, 0, 0, 0),
        _ if !mounted => (1, 0, 0, 0),
        SdStatus::Normal => (
            1,
            kb(card.capacity_mb),
            kb(card.capacity_mb.saturating_sub(card.used_mb)),
            2,
        ),
        SdStatus::Full => (3, kb(card.capacity_mb), 0, 2),
    };
    json!({ "state": state, "blocks": blocks, "available": available, "mode": mode })
}
