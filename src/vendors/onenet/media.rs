//! What OneNET's media links show, in one place so the live streams, covers, recordings and
//! pictures of a channel agree: the test card of the device id and channel the API names, with
//! the clock the device's own settings give (cmdIds 28/29), at the resolution its channel
//! encodes (cmdIds 33/34), and the caching headers the media host answers with. Which link
//! serves what is the handlers' business (`handlers/live/media.rs`, `handlers/vod/stream.rs`,
//! `handlers/pictures.rs`).
//!
//! Proposals (the seed says nothing of the media host's headers or sizes):
//! - live playlists, live FLV and covers are `no-cache`; live segments `max-age=60` (they stay
//!   fetchable a minute); recordings' playlists and segments and pictures `max-age=3600`
//!   (immutable, but their token expires).
//! - A picture the timeline invents (an alarm's, a snapshot's) is listed with the size
//!   [`picture_bytes`] estimates, not the length of the JPEG served: counting the real bytes
//!   would mean encoding every picture of a listing, or of a year of storage use.

use super::device::Looks;
use super::state::OnenetState;
use crate::api::response::ApiResponse;
use crate::media::{self, Size, Subject};

/// How the device's channel looks: its factory settings until a command changed them.
pub fn looks(state: &OnenetState, device: &str, channel: u32) -> Looks {
    state
        .commands
        .devices
        .get(device)
        .map(|settings| settings.looks(channel))
        .unwrap_or_default()
}

/// The card of `device`'s `channel` in the world of `seed`.
pub fn subject(seed: u64, device: &str, channel: u32, looks: Looks) -> Subject {
    Subject::new(device, channel, seed).at_offset(looks.utc_offset_minutes)
}

/// The size the channel streams and records at.
pub fn stream_size(looks: Looks) -> Size {
    Size::parse(looks.resolution).unwrap_or(media::SUB_SIZE)
}

/// Bytes a timeline picture of `size` is listed and counted with: `w × h / 50 + 27 × w`,
/// within about 10 % of the card's JPEG at quality 85 from 320×180 to 1280×720 (measured),
/// the same for every picture of that size, and free to compute.
pub fn picture_bytes(size: Size) -> u64 {
    let (w, h) = (u64::from(size.width), u64::from(size.height));
    (w * h / 50).saturating_add(27 * w)
}

/// How long a cache may keep an answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Keep {
    /// Live: ask again every time.
    Never,
    /// A live segment: a minute, as long as it stays fetchable.
    LiveSegment,
    /// A recording or a picture: an hour (the link's token may expire before anything changes).
    Stored,
}

/// `answer` with the media host's `Cache-Control`.
pub fn cached(answer: ApiResponse, keep: Keep) -> ApiResponse {
    let value = match keep {
        Keep::Never => "no-cache",
        Keep::LiveSegment => "max-age=60",
        Keep::Stored => "max-age=3600",
    };
    answer.with_header(http::header::CACHE_CONTROL, value)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::media::{Format, job::picture};

    #[test]
    fn the_estimate_stays_within_a_fifth_of_the_jpeg_served() {
        for (w, h) in [(1280, 720), (960, 540), (640, 480), (640, 360), (320, 180)] {
            let size = Size::bounded(w, h);
            let subject = Subject::new("25045682", 1, 11).at_offset(480);
            let jpeg = picture(&subject, 1_795_334_400_000, size, Format::Jpeg).expect("a JPEG");
            let real = jpeg.len() as f64;
            let estimate = picture_bytes(size) as f64;
            assert!(
                (estimate - real).abs() < real / 5.0,
                "{w}x{h}: estimate {estimate}, real {real}"
            );
        }
    }

    #[test]
    fn a_channel_never_set_streams_at_the_factory_resolution_in_utc8() {
        let state = OnenetState::default();
        let looks = looks(&state, "25045682", 1);
        assert_eq!(stream_size(looks), media::MAIN_SIZE);
        assert_eq!(looks.utc_offset_minutes, 480);
    }
}
