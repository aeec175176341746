//! Commands sent with `POST /ipc/video/cmds`, kept for `cmd_status` and `cmd_resp` (the older
//! revision's follow-ups), and each device's own settings that commands read and write.
//!
//! A command's fate is drawn when it is sent (from the device's reply behaviour and the
//! world's seeded dice): offline, not sent, sent without a reply wanted, answered after the
//! device's latency (well-formed or garbled), or never answered. Its status is then read
//! lazily: the command is "sending" for the device's send delay; the reply counts as arrived once the latency has passed in real time (what a
//! waiting client sees) or on the world clock (so a test can move the clock instead of
//! waiting). A command is forgotten `KEPT_SECS` of world time after it settled, and at most
//! `MAX_COMMANDS` are kept per world, with at most `MAX_REPLY_BYTES` of replies.

use crate::sim::hashing::FastMap;
use crate::vendors::onenet::device::DeviceSettings;
use std::collections::VecDeque;
use std::time::{Duration, Instant};

/// "The reply is kept 60 s after the device answered" (older revision).
pub const KEPT_SECS: i64 = 60;
/// Commands kept per world, the oldest forgotten first.
pub const MAX_COMMANDS: usize = 10_000;
/// Bytes of device replies kept per world (a page of SD-card files or a cover is kilobytes):
/// the oldest commands are forgotten first beyond it.
pub const MAX_REPLY_BYTES: usize = 16 * 1024 * 1024;

/// `cmd_status` values of section 3.1.
pub mod status {
    pub const OFFLINE: u8 = 0;
    pub const SENDING: u8 = 1;
    pub const SENT: u8 = 2;
    pub const SEND_ERROR: u8 = 3;
    pub const OK: u8 = 4;
    pub const TIMED_OUT: u8 = 5;
    pub const BAD_REPLY: u8 = 6;

    /// The seed's words for each status (`desc` of `cmd_status`).
    pub fn desc(status: u8) -> &'static str {
        match status {
            OFFLINE => "device not online",
            SENDING => "sending",
            SENT => "send ok",
            SEND_ERROR => "send error",
            OK => "ok",
            TIMED_OUT => "time out",
            _ => "resp data error",
        }
    }
}

/// What happens to a command, drawn when it is sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Fate {
    Offline,
    SendFailed,
    /// qos=0: sent, no reply wanted.
    Delivered,
    /// The device answers after `latency`.
    Answered {
        latency: Duration,
        garbled: bool,
        resp_code: i64,
        data: Vec<u8>,
    },
    /// The device never answers (qos=1 times out after the wait).
    Lost,
}

#[derive(Debug, Clone)]
pub struct Command {
    pub uuid: String,
    pub device: String,
    pub qos: u8,
    pub fate: Fate,
    /// World-clock milliseconds and real instant of sending.
    pub sent_ms: i64,
    pub sent_at: Instant,
    /// How long the command stays "sending" (1) before it reaches the device.
    pub send_delay: Duration,
    /// How long the platform waits for a reply (the product's `cmdWaitMs`).
    pub wait: Duration,
}

impl Command {
    /// Time since sending, the longer of real and world time (a moved clock counts).
    fn elapsed(&self, now_ms: i64) -> Duration {
        let world = u64::try_from(now_ms.saturating_sub(self.sent_ms)).unwrap_or(0);
        self.sent_at.elapsed().max(Duration::from_millis(world))
    }

    /// Bytes of the device's reply kept with the command.
    fn reply_len(&self) -> usize {
        match &self.fate {
            Fate::Answered { data, .. } => data.len(),
            _ => 0,
        }
    }

    /// `cmd_status` now.
    pub fn status(&self, now_ms: i64) -> u8 {
        let elapsed = self.elapsed(now_ms);
        match &self.fate {
            Fate::Offline => status::OFFLINE,
            _ if elapsed < self.send_delay => status::SENDING,
            Fate::SendFailed => status::SEND_ERROR,
            Fate::Delivered => status::SENT,
            Fate::Answered {
                latency, garbled, ..
            } if elapsed >= *latency => {
                if *garbled {
                    status::BAD_REPLY
                } else {
                    status::OK
                }
            }
            Fate::Answered { .. } => status::SENT,
            Fate::Lost if elapsed >= self.wait => status::TIMED_OUT,
            Fate::Lost => status::SENT,
        }
    }

    /// The reply, once it arrived well-formed: (resp_code, data).
    pub fn reply(&self, now_ms: i64) -> Option<(i64, &[u8])> {
        match &self.fate {
            Fate::Answered {
                resp_code, data, ..
            } if self.status(now_ms) == status::OK => Some((*resp_code, data)),
            _ => None,
        }
    }

    /// World-clock milliseconds after which the command is forgotten: `KEPT_SECS` after it
    /// settled (answered, timed out, or sent when nothing more can happen).
    fn forget_at_ms(&self) -> i64 {
        let settled = match &self.fate {
            Fate::Answered { latency, .. } => duration_ms(*latency),
            Fate::Lost => duration_ms(self.wait.max(self.send_delay)),
            _ => duration_ms(self.send_delay),
        };
        self.sent_ms
            .saturating_add(settled)
            .saturating_add(KEPT_SECS * 1000)
    }
}

fn duration_ms(d: Duration) -> i64 {
    i64::try_from(d.as_millis()).unwrap_or(i64::MAX)
}

#[derive(Debug, Default)]
pub struct Commands {
    by_uuid: FastMap<String, Command>,
    /// Uuids in the order sent.
    order: VecDeque<String>,
    /// Bytes of the replies kept.
    reply_bytes: usize,
    /// Each device's settings (OSD, plans, TF card, ...), made on its first command.
    pub devices: FastMap<String, DeviceSettings>,
}

impl Commands {
    /// Keeps a new command, forgetting those past their time and the oldest beyond the cap.
    pub fn keep(&mut self, command: Command, now_ms: i64) {
        let incoming = command.reply_len();
        while let Some(oldest) = self.order.front() {
            let expired = self
                .by_uuid
                .get(oldest)
                .is_none_or(|c| c.forget_at_ms() <= now_ms);
            let full = self.order.len() >= MAX_COMMANDS
                || self.reply_bytes.saturating_add(incoming) > MAX_REPLY_BYTES;
            if !expired && !full {
                break;
            }
            if let Some(uuid) = self.order.pop_front()
                && let Some(gone) = self.by_uuid.remove(&uuid)
            {
                self.reply_bytes = self.reply_bytes.saturating_sub(gone.reply_len());
            }
        }
        self.reply_bytes = self.reply_bytes.saturating_add(incoming);
        self.order.push_back(command.uuid.clone());
        self.by_uuid.insert(command.uuid.clone(), command);
    }

    /// The command `uuid` of `device`, unless forgotten.
    pub fn get(&self, device: &str, uuid: &str, now_ms: i64) -> Option<&Command> {
        self.by_uuid
            .get(uuid)
            .filter(|c| c.device == device && c.forget_at_ms() > now_ms)
    }

    /// Forgets every command of a deleted device.
    pub fn forget_device(&mut self, device: &str) {
        self.by_uuid.retain(|_, c| c.device != device);
        self.reply_bytes = self.by_uuid.values().map(Command::reply_len).sum();
        let by_uuid = &self.by_uuid;
        self.order.retain(|u| by_uuid.contains_key(u));
        self.devices.remove(device);
    }

    pub fn len(&self) -> usize {
        self.by_uuid.len()
    }

    pub fn is_empty(&self) -> bool {
        self.by_uuid.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn answered(uuid: &str, bytes: usize) -> Command {
        Command {
            uuid: uuid.to_string(),
            device: "1".to_string(),
            qos: 1,
            fate: Fate::Answered {
                latency: Duration::ZERO,
                garbled: false,
                resp_code: 0,
                data: vec![b'x'; bytes],
            },
            sent_ms: 0,
            sent_at: Instant::now(),
            send_delay: Duration::ZERO,
            wait: Duration::from_secs(5),
        }
    }

    #[test]
    fn replies_kept_stay_within_their_byte_budget_oldest_forgotten_first() {
        let mut commands = Commands::default();
        let mib = 1024 * 1024;
        for i in 0..20 {
            commands.keep(answered(&format!("c{i}"), mib), 0);
        }
        assert!(commands.reply_bytes <= MAX_REPLY_BYTES);
        assert_eq!(commands.len(), MAX_REPLY_BYTES / mib);
        assert!(
            commands.get("1", "c0", 0).is_none(),
            "the oldest went first"
        );
        assert!(commands.get("1", "c19", 0).is_some());
        commands.forget_device("1");
        assert_eq!((commands.len(), commands.reply_bytes), (0, 0));
    }
}
