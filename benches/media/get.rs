//! One media link under load (a live playlist, a live segment, a picture): the same `GET` of
//! the link's path and query, again and again, as [`Requests`] for the load client, against
//! camsim and against a bare server sending the same bytes.

use super::vendor::Requests;
use bytes::Bytes;
use http_body_util::Full;
use reqwest::Url;

/// What a good answer is.
pub enum Expect {
    /// HTTP 200 and a body that starts so: a live playlist (`#EXTM3U`: its window slides every
    /// 2 s) or a picture of the present moment (a JPEG's `FF D8 FF`: a live cover changes every
    /// second).
    Starts(&'static [u8]),
    /// HTTP 200 and exactly these bytes (a segment, a picture taken once).
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
                Expect::Starts(magic) => body.starts_with(magic),
                Expect::Bytes(bytes) => body == &bytes[..],
            }
    }
}
