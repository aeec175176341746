//! Which streams section 14 lists, read from the live `accessToken`s handed out
//! (`state.tokens`): each unexpired one of an online device's open channel is a player
//! (14.1), and each channel with at least one is pushing (14.2), since a device pushes while
//! someone plays. Each player
//! plays as its `play_address` asked (`RTMP`, or `HLS` for protocol types 1 and 2); a device
//! pushes RTMP.

use crate::api::request::ApiRequest;
use crate::sim::VendorId;
use crate::sim::camera::Cameras;
use crate::sim::ids::name_hash;
use crate::vendors::onenet::errors::{OnenetError, errno};
use crate::vendors::onenet::params::{self, shown};
use crate::vendors::onenet::state::OnenetState;
use crate::vendors::onenet::state::stat::{StatList, StatRow};
use crate::vendors::onenet::validate;
use std::collections::BTreeMap;

/// Where players are: camsim's clients, on this machine.
const CLIENT_IP: &str = "127.0.0.1";

/// A player: when its token was issued, and how it plays.
type Player = (i64, &'static str);

/// The first page's filters: `deviceid`, `channelid`, and for 14.1 `protocoltype`.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Filter {
    pub device: Option<String>,
    pub channel: Option<u32>,
    /// `RTMP` or `HLS` (14.1 only).
    pub protocol: Option<&'static str>,
}

impl Filter {
    pub fn of(req: &ApiRequest, list: StatList) -> Result<Filter, OnenetError> {
        let device = params::optional(req, "deviceid").map(|d| d.into_owned());
        if let Some(d) = &device
            && !validate::is_digits(d, 20)
        {
            return Err(OnenetError::because(
                errno::INVALID,
                format!("deviceid: `{}` is not a device id", shown(d)),
            ));
        }
        let protocol = match (list, params::optional(req, "protocoltype")) {
            (StatList::Playing, Some(p)) => match p.to_ascii_lowercase().as_str() {
                "rtmp" => Some("RTMP"),
                "hls" => Some("HLS"),
                _ => {
                    return Err(OnenetError::because(
                        errno::INVALID,
                        format!("protocoltype must be rtmp or hls, not `{}`", shown(&p)),
                    ));
                }
            },
            _ => None,
        };
        Ok(Filter {
            device,
            channel: params::channel(req, "channelid")?,
            protocol,
        })
    }
}

/// The rows of `list` for `product` at `now_ms`, by device, channel, then start.
pub fn rows(
    state: &OnenetState,
    cameras: &Cameras,
    list: StatList,
    product: &str,
    filter: &Filter,
    now_ms: i64,
) -> Vec<StatRow> {
    // (device id as a number sorts, channel) -> starts of its players, oldest first.
    let mut playing: BTreeMap<(usize, String, u32), Vec<Player>> = BTreeMap::new();
    for (token, grant) in &state.tokens.grants {
        let live = grant.video.is_none() && grant.channel > 0 && !grant.expired(now_ms);
        let protocol = grant.protocol.unwrap_or("RTMP");
        let wanted = filter.device.as_ref().is_none_or(|d| *d == grant.device)
            && filter.channel.is_none_or(|c| c == grant.channel)
            && (list == StatList::Pushing || filter.protocol.is_none_or(|p| p == protocol));
        if !live || !wanted {
            continue;
        }
        let Some(device) = state.devices.get(&grant.device) else {
            continue;
        };
        let streaming = device.product == product
            && device.channels.contains_key(&grant.channel)
            && !device.closed.contains(&grant.channel)
            && cameras
                .get(VendorId::Onenet, &device.id)
                .is_some_and(|c| c.online);
        if streaming {
            let issued = state.tokens.issued_ms.get(token).copied().unwrap_or(now_ms);
            playing
                .entry((device.id.len(), device.id.clone(), grant.channel))
                .or_default()
                .push((issued, protocol));
        }
    }
    let row = |device: &str, channel: u32, protocol, ip: String, since_ms: i64| StatRow {
        device: device.to_string(),
        channel,
        protocol,
        ip,
        bandwidth: 60_000 + name_hash(&format!("{device}-{channel}")) % 40_000,
        seconds: now_ms.saturating_sub(since_ms).max(0) / 1000,
    };
    let mut out = Vec::new();
    for ((_, device, channel), mut starts) in playing {
        starts.sort_unstable();
        match list {
            StatList::Playing => out.extend(
                starts
                    .iter()
                    .map(|(s, p)| row(&device, channel, p, CLIENT_IP.to_string(), *s)),
            ),
            StatList::Pushing => {
                let first = starts.first().map_or(now_ms, |s| s.0);
                out.push(row(&device, channel, "RTMP", device_ip(&device), first));
            }
        }
    }
    out
}

/// A device's (private) address, the same on every call.
fn device_ip(device: &str) -> String {
    let h = name_hash(device).to_be_bytes();
    format!("10.{}.{}.{}", h[0], h[1], h[2].max(1))
}

#[cfg(test)]
mod tests {
    use super::super::clock;
    use super::*;
    use crate::sim::camera::Camera;
    use crate::vendors::onenet::state::tokens::MediaGrant;
    use crate::vendors::onenet::state::{Channel, OnenetDevice};

    fn world() -> (OnenetState, Cameras) {
        let mut state = OnenetState::default();
        let mut cameras = Cameras::default();
        for id in ["9", "10"] {
            let mut d = OnenetDevice::created(id.into(), "p".into(), "t".into(), 0);
            for c in [1, 2] {
                d.channels.insert(
                    c,
                    Channel {
                        title: "c".into(),
                        desc: String::new(),
                    },
                );
            }
            state.devices.insert(id.into(), d);
            cameras.insert(Camera::new(
                VendorId::Onenet,
                id.into(),
                id.into(),
                "p".into(),
                0,
            ));
        }
        let grants = [
            ("a", "10", 1, None, 1_000),
            ("b", "9", 1, None, 5_000),
            ("c", "9", 1, None, 2_000),
            ("d", "9", 2, Some("video"), 0),
            ("e", "9", 2, None, 0),
            ("f", "10", 2, None, 0),
        ];
        for (token, device, channel, video, issued) in grants {
            let grant = MediaGrant {
                device: device.into(),
                channel,
                video: video.map(str::to_string),
                protocol: None,
                expires_ms: Some(if token == "e" { 50_000 } else { 1_000_000 }),
            };
            state.tokens.grants.insert(token.into(), grant);
            state.tokens.issued_ms.insert(token.into(), issued);
        }
        state.devices.get_mut("10").map(|d| d.closed.insert(2));
        (state, cameras)
    }

    #[test]
    fn players_are_live_grants_of_open_channels_of_online_devices() {
        let (state, cameras) = world();
        let all = Filter::default();
        let rows = rows(&state, &cameras, StatList::Playing, "p", &all, 63_000);
        let seen: Vec<(&str, u32, i64)> = rows
            .iter()
            .map(|r| (r.device.as_str(), r.channel, r.seconds))
            .collect();
        // Expired `e`, VOD `d` and closed channel `f` are not playing; 9 sorts before 10.
        assert_eq!(seen, vec![("9", 1, 61), ("9", 1, 58), ("10", 1, 62)]);
        let pushing = super::rows(&state, &cameras, StatList::Pushing, "p", &all, 63_000);
        assert_eq!(pushing.len(), 2, "one row per channel");
        assert_eq!(pushing[0].seconds, 61, "since its first player");
        assert_eq!(clock(3_723), "01:02:03");
        assert_eq!(clock(100 * 3600), "100:00:00");
    }

    #[test]
    fn filters_narrow_the_list() {
        let (state, cameras) = world();
        let one = Filter {
            device: Some("10".into()),
            ..Filter::default()
        };
        assert_eq!(
            rows(&state, &cameras, StatList::Playing, "p", &one, 63_000).len(),
            1
        );
        let hls = Filter {
            protocol: Some("HLS"),
            ..Filter::default()
        };
        assert!(rows(&state, &cameras, StatList::Playing, "p", &hls, 63_000).is_empty());
        assert!(
            rows(
                &state,
                &cameras,
                StatList::Playing,
                "q",
                &Filter::default(),
                0
            )
            .is_empty()
        );
    }
}
