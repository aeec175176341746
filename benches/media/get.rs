//! One media link under load (a live playlist, a live segment, a picture): the same `GET` of
//! the link's path and query, again and again, as [`Requests`] for the load client, against
//! camsim and against a bare server sending the same bytes.

use super::vendor::Requests;
use bytes::Bytes;
use http_body_util::Full;
use reqwest::Url;

/// What a good answer is.
pub enum Expect {
    /// HTTP 200 and a playlist (the live window slides, so the bytes change every 2 s).
    Playlist,
    /// HTTP 200 and exactly these bytes (a segment or a picture never changes).
    Bytes(Bytes),
}

pub struct MediaGet {
    /// `/openlive/…/123.ts?…`: the link without its origin.
    path: String,
    expect: Expect,
}

impl MediaGet {
    /// The link's origin (`http://127.0.0.1:port`, where the load goes) and its request plan.
    pub fn of(link: &str, expect: Expect) -> Result<(String, MediaGet), String> {
        let url = Url::parse(link).map_err(|e| format!("media link {link}: {e}"))?;
        let origin = url.origin().ascii_serialization();
        let path = match url.query() {
            Some(query) => format!("{}?{query}", url.path()),
            None => url.path().to_string(),
        };
        Ok((origin, MediaGet { path, expect }))
    }
}

impl Requests for MediaGet {
    fn request(&self, host: &str, _n: u64) -> http::Request<Full<Bytes>> {
        http::Request::get(self.path.as_str())
            .header("Host", host)
            .body(Full::new(Bytes::new()))
            .expect("a valid request")
    }

    fn success(&self, _n: u64, status: u16, body: &[u8]) -> bool {
        status == 200
            && match &self.expect {
                Expect::Playlist => body.starts_with(b"#EXTM3U"),
                Expect::Bytes(bytes) => body == &bytes[..],
            }
    }
}
