//! CORS for every listener, so a browser app in development can call camsim directly:
//! preflights are answered, answers carry the allow headers. All origins are allowed unless
//! `--cors-origin` lists some.

use bytes::Bytes;
use http::{HeaderMap, HeaderValue, Method, Response, StatusCode, header};
use http_body_util::Full;

#[derive(Debug, Clone, Default)]
pub struct Cors {
    /// Empty = every origin.
    origins: Vec<String>,
}

impl Cors {
    pub fn new(origins: Vec<String>) -> Cors {
        Cors { origins }
    }

    fn allowed(&self, origin: &str) -> bool {
        self.origins.is_empty() || self.origins.iter().any(|o| o == origin || o == "*")
    }

    /// The answer to a preflight, or `None` when the request is not one.
    pub fn preflight(&self, method: &Method, headers: &HeaderMap) -> Option<Response<Full<Bytes>>> {
        if method != Method::OPTIONS || !headers.contains_key(header::ACCESS_CONTROL_REQUEST_METHOD)
        {
            return None;
        }
        let mut response = Response::new(Full::new(Bytes::new()));
        *response.status_mut() = StatusCode::NO_CONTENT;
        let out = response.headers_mut();
        self.decorate(headers.get(header::ORIGIN), out);
        if out.contains_key(header::ACCESS_CONTROL_ALLOW_ORIGIN) {
            out.insert(
                header::ACCESS_CONTROL_ALLOW_METHODS,
                HeaderValue::from_static("GET, POST, PUT, PATCH, DELETE, OPTIONS"),
            );
            let requested = headers
                .get(header::ACCESS_CONTROL_REQUEST_HEADERS)
                .cloned()
                .unwrap_or(HeaderValue::from_static("*"));
            out.insert(header::ACCESS_CONTROL_ALLOW_HEADERS, requested);
            out.insert(
                header::ACCESS_CONTROL_MAX_AGE,
                HeaderValue::from_static("600"),
            );
        }
        Some(response)
    }

    /// Adds the allow headers to an answer when the request's `Origin` is allowed.
    pub fn decorate(&self, origin: Option<&HeaderValue>, out: &mut HeaderMap) {
        let Some(origin) = origin else {
            return;
        };
        if !origin.to_str().is_ok_and(|o| self.allowed(o)) {
            return;
        }
        out.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, origin.clone());
        out.insert(header::VARY, HeaderValue::from_static("Origin"));
        out.insert(
            header::ACCESS_CONTROL_EXPOSE_HEADERS,
            HeaderValue::from_static("*"),
        );
    }
}
