//! `ApiResponse`: what a handler or an error renders, before it becomes HTTP. The only place
//! that builds a hyper `Response`. It carries the vendor code for the journal.

use bytes::Bytes;
use http::{HeaderName, HeaderValue, Response, StatusCode};
use http_body_util::Full;
use serde::Serialize;

/// Exactly this, without `; charset=utf-8`: the Tencent Python SDK refuses anything else.
pub const JSON: &str = "application/json";

#[derive(Debug, Clone)]
pub struct ApiResponse {
    pub status: StatusCode,
    pub content_type: &'static str,
    pub body: Bytes,
    /// The vendor's result code as the client reads it, for the journal.
    pub code: Option<String>,
    pub headers: Vec<(HeaderName, HeaderValue)>,
}

impl ApiResponse {
    pub fn json<T: Serialize>(status: StatusCode, value: &T) -> ApiResponse {
        // Room for a typical answer up front: growing the buffer is most of serialising's cost.
        let mut body = Vec::with_capacity(1024);
        let body = serde_json::to_writer(&mut body, value)
            .map(|()| body)
            .unwrap_or_else(|e| {
                format!(r#"{{"error":"camsim could not encode its answer: {e}"}}"#).into_bytes()
            });
        ApiResponse {
            status,
            content_type: JSON,
            body: Bytes::from(body),
            code: None,
            headers: Vec::new(),
        }
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
        }
    }

    pub fn with_code(mut self, code: impl Into<String>) -> ApiResponse {
        self.code = Some(code.into());
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
        let half = self.body.len() / 2;
        self.body = self.body.slice(..half);
        self
    }

    pub fn into_hyper(self) -> Response<Full<Bytes>> {
        let mut response = Response::new(Full::new(self.body));
        *response.status_mut() = self.status;
        let headers = response.headers_mut();
        headers.insert(
            http::header::CONTENT_TYPE,
            HeaderValue::from_static(self.content_type),
        );
        for (name, value) in self.headers {
            headers.append(name, value);
        }
        response
    }
}
