//! Simulated live HLS players, each doing what hls.js does with a live playlist: fetch it, fetch
//! every segment it lists that was not fetched yet, then fetch the playlist again a second after
//! the last time, until told to stop. Each player has its own HTTP client (its own keep-alive
//! connections, as separate browsers would). Segment URIs resolve against the playlist's URL
//! as a player resolves them (RFC 3986), so relative, root-relative and absolute URIs all work.

use hdrhistogram::Histogram;
use reqwest::Url;
use std::collections::HashSet;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

/// A player fetches its playlist this often.
const RELOAD: Duration = Duration::from_secs(1);
/// A request a player gives up on (a live player would have stalled long before).
const TIMEOUT: Duration = Duration::from_secs(10);

/// What one player (or, merged, all of them) got.
pub struct PlayerTally {
    pub playlists: u64,
    /// Playlists that listed no segment (a live origin with nothing to play).
    pub empty_playlists: u64,
    pub segments: u64,
    pub bytes: u64,
    /// Time to download one segment, microseconds.
    pub segment_us: Histogram<u64>,
    /// The longest time between two new segments showing up in the playlist (after the first).
    pub longest_wait: Duration,
    pub errors: u64,
    pub first_error: Option<String>,
}

impl PlayerTally {
    fn new() -> PlayerTally {
        PlayerTally {
            playlists: 0,
            empty_playlists: 0,
            segments: 0,
            bytes: 0,
            segment_us: Histogram::new_with_bounds(1, 60_000_000, 3).expect("valid bounds"),
            longest_wait: Duration::ZERO,
            errors: 0,
            first_error: None,
        }
    }

    fn error(&mut self, what: String) {
        self.errors += 1;
        self.first_error.get_or_insert(what);
    }

    pub fn merge(mut self, other: PlayerTally) -> PlayerTally {
        self.playlists += other.playlists;
        self.empty_playlists += other.empty_playlists;
        self.segments += other.segments;
        self.bytes += other.bytes;
        self.segment_us
            .add(&other.segment_us)
            .expect("same histogram bounds");
        self.longest_wait = self.longest_wait.max(other.longest_wait);
        self.errors += other.errors;
        self.first_error = self.first_error.or(other.first_error);
        self
    }
}

/// Players started by [`start`], stopped by [`Players::stop`].
pub struct Players {
    stop: Arc<AtomicBool>,
    tasks: Vec<tokio::task::JoinHandle<PlayerTally>>,
    started: Instant,
}

/// One player per playlist URL.
pub fn start(playlists: &[String]) -> Players {
    let stop = Arc::new(AtomicBool::new(false));
    let tasks = playlists
        .iter()
        .map(|url| {
            let (url, stop) = (url.clone(), stop.clone());
            tokio::spawn(async move { play(&url, &stop).await })
        })
        .collect();
    Players {
        stop,
        tasks,
        started: Instant::now(),
    }
}

impl Players {
    /// Stops every player (each finishes what it is fetching) and adds up their tallies;
    /// returns them with how long the players ran.
    pub async fn stop(self) -> Result<(PlayerTally, Duration), String> {
        self.stop.store(true, Ordering::Relaxed);
        let mut total = PlayerTally::new();
        for task in self.tasks {
            let tally = task.await.map_err(|e| format!("a player failed: {e}"))?;
            total = total.merge(tally);
        }
        Ok((total, self.started.elapsed()))
    }
}

async fn play(playlist: &str, stop: &AtomicBool) -> PlayerTally {
    let mut tally = PlayerTally::new();
    let client = match reqwest::Client::builder().timeout(TIMEOUT).build() {
        Ok(client) => client,
        Err(e) => {
            tally.error(format!("no HTTP client: {e}"));
            return tally;
        }
    };
    let base = match Url::parse(playlist) {
        Ok(url) => url,
        Err(e) => {
            tally.error(format!("playlist URL {playlist}: {e}"));
            return tally;
        }
    };
    let mut fetched: HashSet<Url> = HashSet::new();
    let mut last_new: Option<Instant> = None;
    while !stop.load(Ordering::Relaxed) {
        let reloaded = Instant::now();
        match segments_of(&client, &base).await {
            Ok(listed) => {
                tally.playlists += 1;
                if listed.is_empty() {
                    tally.empty_playlists += 1;
                }
                let new: Vec<&Url> = listed.iter().filter(|u| !fetched.contains(*u)).collect();
                if !new.is_empty() {
                    if let Some(last) = last_new {
                        tally.longest_wait = tally.longest_wait.max(last.elapsed());
                    }
                    last_new = Some(Instant::now());
                }
                for url in new {
                    fetch_segment(&client, url, &mut tally).await;
                }
                // Remember only what the window still lists: it slides forever.
                fetched = listed.into_iter().collect();
            }
            Err(e) => tally.error(e),
        }
        let next = reloaded + RELOAD;
        while !stop.load(Ordering::Relaxed) && Instant::now() < next {
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }
    tally
}

/// The playlist's segment URIs, resolved against its URL.
async fn segments_of(client: &reqwest::Client, playlist: &Url) -> Result<Vec<Url>, String> {
    let response = client
        .get(playlist.clone())
        .send()
        .await
        .map_err(|e| format!("playlist {playlist}: {e}"))?;
    let status = response.status();
    let text = response
        .text()
        .await
        .map_err(|e| format!("playlist {playlist}: {e}"))?;
    if status != 200 || !text.starts_with("#EXTM3U") {
        return Err(format!("playlist {playlist}: HTTP {status} {text:.200}"));
    }
    text.lines()
        .map(str::trim)
        .filter(|line| !line.is_empty() && !line.starts_with('#'))
        .map(|uri| {
            playlist
                .join(uri)
                .map_err(|e| format!("playlist {playlist}: segment URI {uri}: {e}"))
        })
        .collect()
}

/// Downloads one segment and checks it is MPEG-TS (whole 188-byte packets, sync bytes).
async fn fetch_segment(client: &reqwest::Client, url: &Url, tally: &mut PlayerTally) {
    let started = Instant::now();
    let outcome = async {
        let response = client.get(url.clone()).send().await?;
        let status = response.status();
        response.bytes().await.map(|body| (status, body))
    }
    .await;
    match outcome {
        Ok((status, body)) if status == 200 && is_ts(&body) => {
            let us = started.elapsed().as_micros() as u64;
            tally.segment_us.saturating_record(us.max(1));
            tally.segments += 1;
            tally.bytes += body.len() as u64;
        }
        Ok((status, body)) => tally.error(format!(
            "segment {url}: HTTP {status}, {} bytes{}",
            body.len(),
            if status == 200 {
                " that are not MPEG-TS"
            } else {
                ""
            }
        )),
        Err(e) => tally.error(format!("segment {url}: {e}")),
    }
}

fn is_ts(body: &[u8]) -> bool {
    !body.is_empty() && body.len().is_multiple_of(188) && body.chunks(188).all(|p| p[0] == 0x47)
}
