//! `ApiResponse`: what a handler or an error renders, before it becomes HTTP. The only place
//! that builds a hyper `Response`. It carries the vendor code for the journal.

use crate::api::body::Body;
use crate::media::Job;
use crate::media::live::LiveFeed;
use bytes::Bytes;
use http::{HeaderName, HeaderValue, Response, StatusCode};
use serde::Serialize;

/// Exactly this, without `; charset=utf-8`: the Tencent Python SDK refuses anything else.
pub const JSON: &str = "application/json";

#[derive(Debug)]
pub struct ApiResponse {
    pub status: StatusCode,
    pub content_type: &'static str,
    /// Empty until [`ApiResponse::finish`] while a body is [`Later`].
    pub body: Bytes,
    /// The vendor's result code as the client reads it, for the journal.
    pub code: Option<Box<str>>,
    pub headers: Vec<(HeaderName, HeaderValue)>,
    later: Option<Later>,
    /// A media answer's parts (boxed: most answers are JSON and carry none).
    media: Option<Box<MediaPart>>,
}

#[derive(Debug, Default)]
struct MediaPart {
    /// Media still to render (off the workers, after the world lock), or a live feed to start.
    pending: Option<Media>,
    /// Cut the body in half once it exists (fault `malformed` on a media answer).
    cut: bool,
    /// A live stream's bytes, once the pipeline has started its feed.
    stream: Option<tokio::sync::mpsc::Receiver<Bytes>>,
    /// Media to make ahead, after answering (the next live segment).
    warm: Option<Job>,
}

/// What a media answer still needs from the pipeline.
#[derive(Debug)]
pub enum Media {
    Render(Job),
    Live(LiveFeed),
}

/// A body serialised after the world lock is released: a big answer (a devList of thousands
/// of devices) is built from owned values under the lock and written out after it, so other
/// requests to the world do not wait for the serialiser.
struct Later(Box<dyn FnOnce() -> Bytes + Send>);

impl std::fmt::Debug for Later {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Later")
    }
}

/// `value` as JSON; an encoding failure (never expected) is said in the body.
fn encode<T: Serialize>(value: &T) -> Bytes {
    // Room for a typical answer up front: growing the buffer is most of serialising's cost.
    let mut body = Vec::with_capacity(1024);
    let body = serde_json::to_writer(&mut body, value)
        .map(|()| body)
        .unwrap_or_else(|e| {
            format!(r#"{{"error":"camsim could not encode its answer: {e}"}}"#).into_bytes()
        });
    Bytes::from(body)
}

impl ApiResponse {
    pub fn json<T: Serialize>(status: StatusCode, value: &T) -> ApiResponse {
        ApiResponse {
            status,
            content_type: JSON,
            body: encode(value),
            code: None,
            headers: Vec::new(),
            later: None,
            media: None,
        }
    }

    /// JSON of an owned `value`, serialised by [`ApiResponse::finish`] (see [`Later`]).
    pub fn json_later<T: Serialize + Send + 'static>(status: StatusCode, value: T) -> ApiResponse {
        ApiResponse {
            status,
            content_type: JSON,
            body: Bytes::new(),
            code: None,
            headers: Vec::new(),
            later: Some(Later(Box::new(move || encode(&value)))),
            media: None,
        }
    }

    /// Writes out a body left for later; the pipeline calls it once the world lock is gone.
    pub fn finish(mut self) -> ApiResponse {
        if let Some(later) = self.later.take() {
            self.body = (later.0)();
        }
        self
    }

    pub fn text(
        status: StatusCode,
        content_type: &'static str,
        body: impl Into<Bytes>,
    ) -> ApiResponse {
        ApiResponse {
            status,
            content_type,
            body: body.into(),
            code: None,
            headers: Vec::new(),
            later: None,
            media: None,
        }
    }

    /// 200 with `job`'s media, rendered by the pipeline after the world lock is released.
    pub fn media(job: Job) -> ApiResponse {
        let mut answer = ApiResponse::text(StatusCode::OK, job.content_type(), Bytes::new());
        answer.media = Some(Box::new(MediaPart {
            pending: Some(Media::Render(job)),
            ..MediaPart::default()
        }));
        answer
    }

    /// 200 with a live HTTP-FLV stream the pipeline feeds once the world lock is released.
    pub fn live(feed: LiveFeed) -> ApiResponse {
        let mut answer = ApiResponse::text(StatusCode::OK, "video/x-flv", Bytes::new());
        answer.media = Some(Box::new(MediaPart {
            pending: Some(Media::Live(feed)),
            ..MediaPart::default()
        }));
        answer
    }

    /// The media this answer still needs (the pipeline then calls [`ApiResponse::rendered`]
    /// or [`ApiResponse::streaming`]).
    pub fn take_media(&mut self) -> Option<Media> {
        self.media.as_mut().and_then(|m| m.pending.take())
    }

    /// The rendered bytes of a media answer.
    pub fn rendered(mut self, body: Bytes) -> ApiResponse {
        self.body = body;
        if self
            .media
            .as_mut()
            .is_some_and(|m| std::mem::take(&mut m.cut))
        {
            let half = self.body.len() / 2;
            self.body = self.body.slice(..half);
        }
        self
    }

    /// The same answer, with `job` made ahead in the background once it is sent (a live
    /// playlist warms its next segment so players do not wait for its encoding).
    pub fn warming(mut self, job: Job) -> ApiResponse {
        self.media.get_or_insert_default().warm = Some(job);
        self
    }

    /// The media to make ahead, if any.
    pub fn take_warm(&mut self) -> Option<Job> {
        self.media.as_mut().and_then(|m| m.warm.take())
    }

    /// Whether the body is a live stream (it has no length).
    pub fn is_streaming(&self) -> bool {
        self.media.as_ref().is_some_and(|m| m.stream.is_some())
    }

    /// A live answer's stream.
    pub fn streaming(mut self, stream: tokio::sync::mpsc::Receiver<Bytes>) -> ApiResponse {
        self.media.get_or_insert_default().stream = Some(stream);
        self
    }

    /// The same answer with one more header; a value a header cannot carry is left out
    /// (callers pass printable text).
    pub fn with_header(mut self, name: HeaderName, value: &str) -> ApiResponse {
        if let Ok(value) = HeaderValue::from_str(value) {
            self.headers.push((name, value));
        }
        self
    }

    pub fn with_code(mut self, code: impl Into<String>) -> ApiResponse {
        self.code = Some(code.into().into_boxed_str());
        self
    }

    /// What a gateway in front of the vendor answers for `status` (fault rule `status:`).
    pub fn gateway(status: StatusCode) -> ApiResponse {
        let title = format!(
            "{} {}",
            status.as_u16(),
            status.canonical_reason().unwrap_or("Error")
        );
        let body = format!(
            "<html>\r\n<head><title>{title}</title></head>\r\n<body>\r\n<center><h1>{title}</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n"
        );
        ApiResponse::text(status, "text/html", body)
    }

    /// The same answer with its body cut in half: a client sees invalid JSON.
    pub fn malformed(mut self) -> ApiResponse {
        if let Some(media) = self.media.as_mut().filter(|m| m.pending.is_some()) {
            media.cut = true;
            return self;
        }
        let mut this = self.finish();
        let half = this.body.len() / 2;
        this.body = this.body.slice(..half);
        this
    }

    pub fn into_hyper(self) -> Response<Body> {
        // Finished already on the pipeline's path; this keeps any other path from an empty body.
        let this = self.finish();
        let ApiResponse {
            status,
            content_type,
            body,
            headers,
            media,
            ..
        } = this;
        let body = match media.and_then(|m| m.stream) {
            Some(stream) => Body::Channel(stream),
            None => Body::full(body),
        };
        let mut response = Response::new(body);
        *response.status_mut() = status;
        let map = response.headers_mut();
        map.insert(
            http::header::CONTENT_TYPE,
            HeaderValue::from_static(content_type),
        );
        for (name, value) in headers {
            map.append(name, value);
        }
        response
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_body_left_for_later_is_the_same_json_once_finished() {
        let value = serde_json::json!({"code": 0, "list": [1, 2, 3]});
        let now = ApiResponse::json(StatusCode::OK, &value);
        let later = ApiResponse::json_later(StatusCode::OK, value);
        assert!(later.body.is_empty(), "nothing written before finish");
        assert_eq!(later.finish().body, now.body);
    }
}
