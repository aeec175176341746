//! `ApiRequest`: one vendor or control request with its body read once (within a limit), and
//! typed access to its parameters. Decoding problems come back as `DecodeError`, which every
//! vendor turns into its own "invalid parameter" answer naming the parameter.

use super::form::{self, FilePart, FormError, FormLimits};
use bytes::Bytes;
use http::{HeaderMap, Method, Request};
use http_body_util::{BodyExt, Limited};
use hyper::body::Incoming;
use serde::de::value::{MapAccessDeserializer, SeqAccessDeserializer};
use serde::de::{DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::Value;
use std::fmt;
use std::sync::OnceLock;
use std::time::Duration;

pub struct ApiRequest {
    pub method: Method,
    /// Path with repeated slashes collapsed (`//devices` -> `/devices`), as some SDKs send.
    pub path: String,
    /// The query string as sent; [`ApiRequest::query_param`] decodes what it is asked for.
    pub raw_query: String,
    pub headers: HeaderMap,
    /// The body; for a `multipart/form-data` body read as a form, its text fields as a JSON
    /// object (see `api::form`).
    pub body: Bytes,
    /// Files of a multipart body read as a form.
    pub files: Vec<FilePart>,
    members: OnceLock<Result<Members, DecodeError>>,
    /// What a vendor worked out before the world was locked (see `Vendor::prepare`).
    prepared: OnceLock<Box<dyn std::any::Any + Send + Sync>>,
}

/// How a request's body is read.
#[derive(Debug, Clone, Copy)]
pub enum BodyPlan {
    /// Whole, up to `limit` bytes.
    Whole { limit: usize },
    /// A `multipart/form-data` body as a form (`api::form`) within `form`; any other body
    /// whole, up to `limit`.
    Form { limit: usize, form: FormLimits },
}

/// Why a body could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReadError {
    /// The body, or the form field `field`, passed `limit` bytes.
    TooLarge {
        limit: usize,
        field: Option<String>,
    },
    /// A multipart body that is not well-formed.
    Malformed(String),
    Broken,
    /// The body did not arrive whole within the body-read timeout.
    TimedOut,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DecodeError {
    EmptyBody,
    NotJson(String),
    NotObject,
    Missing(String),
    WrongType {
        name: String,
        expected: &'static str,
    },
    Invalid {
        name: String,
        reason: String,
    },
    /// Two parameters that exclude each other were both given.
    Conflict(String, String),
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DecodeError::EmptyBody => f.write_str("request body is empty"),
            DecodeError::NotJson(e) => write!(f, "request body is not valid JSON: {e}"),
            DecodeError::NotObject => f.write_str("request body is not a JSON object"),
            DecodeError::Missing(n) => write!(f, "parameter {n} missing"),
            DecodeError::WrongType { name, expected } => {
                write!(f, "parameter {name} must be {expected}")
            }
            DecodeError::Invalid { name, reason } => write!(f, "parameter {name} {reason}"),
            DecodeError::Conflict(a, b) => {
                write!(f, "parameters {a} and {b} exclude each other: give one")
            }
        }
    }
}

impl ApiRequest {
    /// Reads the request, refusing a body over `limit` bytes without buffering it whole, or one
    /// that takes longer than `timeout` to arrive (a client that announces a body and sends it
    /// slowly, or never, would otherwise hold its connection for good).
    /// On a read error the request comes back with an empty body, for the journal.
    pub async fn read(
        req: Request<Incoming>,
        limit: usize,
        timeout: Duration,
    ) -> (ApiRequest, Option<ReadError>) {
        let (mut request, body) = ApiRequest::head(req);
        let error = request
            .read_body(body, BodyPlan::Whole { limit }, timeout)
            .await;
        (request, error)
    }

    /// The request line and headers; the body is read by [`ApiRequest::read_body`] once the
    /// endpoint, and so how to read it, is known.
    pub fn head(req: Request<Incoming>) -> (ApiRequest, Incoming) {
        let (parts, body) = req.into_parts();
        let raw_query = parts.uri.query().unwrap_or("").to_string();
        let request = ApiRequest {
            method: parts.method,
            path: collapse_slashes(parts.uri.path()),
            raw_query,
            headers: parts.headers,
            body: Bytes::new(),
            files: Vec::new(),
            members: OnceLock::new(),
            prepared: OnceLock::new(),
        };
        (request, body)
    }

    /// Reads the body as `plan` says, within `timeout`; on an error the body stays empty.
    pub async fn read_body(
        &mut self,
        body: Incoming,
        plan: BodyPlan,
        timeout: Duration,
    ) -> Option<ReadError> {
        let (limit, form_limits) = match plan {
            BodyPlan::Whole { limit } => (limit, None),
            BodyPlan::Form { limit, form } => (limit, Some(form)),
        };
        if let Some(form_limits) = form_limits {
            let content_type = self.header(http::header::CONTENT_TYPE);
            match form::boundary(content_type) {
                Some(boundary) => {
                    return self.read_form(body, boundary, form_limits, timeout).await;
                }
                None if content_type.is_some_and(form::is_multipart) => {
                    return Some(ReadError::Malformed(
                        "multipart/form-data without a boundary parameter".into(),
                    ));
                }
                None => {}
            }
        }
        let declared = self.declared_length();
        let too_large = ReadError::TooLarge { limit, field: None };
        if declared.is_some_and(|n| n > limit as u64) {
            return Some(too_large);
        }
        match tokio::time::timeout(timeout, Limited::new(body, limit).collect()).await {
            Ok(Ok(collected)) => {
                self.body = collected.to_bytes();
                None
            }
            Ok(Err(e)) if e.is::<http_body_util::LengthLimitError>() => Some(too_large),
            Ok(Err(_)) => Some(ReadError::Broken),
            Err(_) => Some(ReadError::TimedOut),
        }
    }

    /// The body size the client announced in `Content-Length`, if it did.
    fn declared_length(&self) -> Option<u64> {
        self.header(http::header::CONTENT_LENGTH)?.parse().ok()
    }

    async fn read_form(
        &mut self,
        body: Incoming,
        boundary: String,
        limits: FormLimits,
        timeout: Duration,
    ) -> Option<ReadError> {
        let declared = self.declared_length();
        let whole = usize::try_from(limits.whole).unwrap_or(usize::MAX);
        if declared.is_some_and(|n| n > limits.whole) {
            return Some(ReadError::TooLarge {
                limit: whole,
                field: None,
            });
        }
        match tokio::time::timeout(timeout, form::read(body, boundary, limits)).await {
            Ok(Ok((fields, files))) => {
                self.body = fields;
                self.files = files;
                None
            }
            Ok(Err(FormError::TooLarge { field, limit })) => Some(ReadError::TooLarge {
                limit: usize::try_from(limit).unwrap_or(usize::MAX),
                field,
            }),
            Ok(Err(FormError::Malformed(why))) => Some(ReadError::Malformed(why)),
            Ok(Err(FormError::Broken)) => Some(ReadError::Broken),
            Err(_) => Some(ReadError::TimedOut),
        }
    }

    /// Keeps what a vendor worked out before the world was locked (the first value stays).
    pub fn set_prepared<T: std::any::Any + Send + Sync>(&self, value: T) {
        let _ = self.prepared.set(Box::new(value));
    }

    /// What [`ApiRequest::set_prepared`] kept, if it is a `T`.
    pub fn prepared<T: std::any::Any>(&self) -> Option<&T> {
        self.prepared.get()?.downcast_ref()
    }

    /// A request built in memory (unit tests, the control API's own checks).
    pub fn new(
        method: Method,
        path_and_query: &str,
        headers: HeaderMap,
        body: Bytes,
    ) -> ApiRequest {
        let (path, raw_query) = path_and_query
            .split_once('?')
            .unwrap_or((path_and_query, ""));
        ApiRequest {
            method,
            path: collapse_slashes(path),
            raw_query: raw_query.to_string(),
            headers,
            body,
            files: Vec::new(),
            members: OnceLock::new(),
            prepared: OnceLock::new(),
        }
    }

    /// A header's value as text. Takes a `HeaderName` constant on hot paths (no name parsing)
    /// or a `&str`.
    pub fn header<K: http::header::AsHeaderName>(&self, name: K) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    /// Where the links camsim hands out point: the host the client called, `127.0.0.1` when it
    /// sent no `Host`.
    pub fn link_host(&self) -> &str {
        match self.host() {
            "" => "127.0.0.1",
            host => host,
        }
    }

    /// The Host the client sent (port included), as it signs it.
    pub fn host(&self) -> &str {
        self.header(http::header::HOST).unwrap_or("")
    }

    /// The first value of a query parameter, decoded (borrowed unless it needed decoding: most
    /// requests ask for one or two parameters, so the query is not copied whole).
    pub fn query_param(&self, name: &str) -> Option<std::borrow::Cow<'_, str>> {
        // Keys are compared as sent when they hold nothing to decode, and only the value found
        // is decoded: a handler asks for several parameters, and decoding every pair each time
        // was most of the cost.
        self.raw_query.split('&').find_map(|pair| {
            if pair.is_empty() {
                return None;
            }
            let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
            let matches = if needs_decoding(key) {
                decode_component(key) == name
            } else {
                key == name
            };
            matches.then(|| decode_component(value))
        })
    }

    /// Every query parameter, decoded, in order.
    pub fn query_pairs(
        &self,
    ) -> impl Iterator<Item = (std::borrow::Cow<'_, str>, std::borrow::Cow<'_, str>)> {
        form_urlencoded::parse(self.raw_query.as_bytes())
    }

    /// The body's top-level members, parsed once however often they are asked for.
    fn members(&self) -> Result<&Members, DecodeError> {
        self.members
            .get_or_init(|| {
                if self.body.iter().all(u8::is_ascii_whitespace) {
                    return Err(DecodeError::EmptyBody);
                }
                Members::parse(&self.body).ok_or_else(|| not_an_object(&self.body))
            })
            .as_ref()
            .map_err(Clone::clone)
    }

    /// The body as a JSON object's parameters.
    pub fn params(&self) -> Result<Params<'_>, DecodeError> {
        Ok(Params {
            members: self.members()?,
            body: &self.body,
        })
    }

    /// A top-level parameter from the JSON body or, failing that, the query, as text
    /// (what fault rules match on). Never fails: a bad body simply has no parameters.
    pub fn param_text(&self, name: &str) -> Option<String> {
        let from_body = self.params().ok().and_then(|p| {
            p.get(name).map(|member| match member {
                Member::Null => "null".to_string(),
                Member::Str(text) => text.resolve(&self.body).to_string(),
                Member::Other(value) => value.to_string(),
            })
        });
        from_body.or_else(|| self.query_param(name).map(|v| v.into_owned()))
    }
}

/// A `Host` value without its port: `127.0.0.1:12045` -> `127.0.0.1`, `[::1]:12045` ->
/// `[::1]`; a bare IPv6 address (`::1`) and a host without a port stay whole.
pub fn without_port(host: &str) -> &str {
    match host.rsplit_once(':') {
        Some((name, port))
            if !port.is_empty()
                && port.bytes().all(|b| b.is_ascii_digit())
                && (!name.contains(':') || name.ends_with(']')) =>
        {
            name
        }
        _ => host,
    }
}

/// Whether a query component holds `%` or `+`, which decode to something else.
fn needs_decoding(text: &str) -> bool {
    text.bytes().any(|b| b == b'%' || b == b'+')
}

/// A query component decoded as `application/x-www-form-urlencoded` does (`+` is a space,
/// invalid UTF-8 replaced), borrowed when there is nothing to decode.
fn decode_component(text: &str) -> std::borrow::Cow<'_, str> {
    if !needs_decoding(text) {
        return std::borrow::Cow::Borrowed(text);
    }
    let spaced = text.replace('+', " ");
    let decoded = percent_encoding::percent_decode_str(&spaced).decode_utf8_lossy();
    std::borrow::Cow::Owned(decoded.into_owned())
}

/// Why a body that is not a JSON object was refused, exactly as parsing it into a `Value`
/// says: the error message of serde_json, or [`DecodeError::NotObject`] for valid JSON.
/// Only refused bodies pay for this second parse.
fn not_an_object(body: &[u8]) -> DecodeError {
    match serde_json::from_slice::<Value>(body) {
        Err(e) => DecodeError::NotJson(e.to_string()),
        Ok(_) => DecodeError::NotObject,
    }
}

/// A JSON object body's top-level members, in body order. Every request reads a handful of
/// string parameters, so strings are kept as places in the body (copied only when they hold
/// escapes) and looked up by a scan: no key or value copies and no hashing, which a
/// `Map<String, Value>` costs on every request. Anything else is kept as a `Value`, parsed by
/// the same deserializer as before, so exactly the same bodies are accepted.
#[derive(Debug)]
struct Members(Vec<(Text, Member)>);

#[derive(Debug)]
enum Member {
    Null,
    Str(Text),
    Other(Value),
}

/// A string of the body: where it is, or its unescaped copy.
#[derive(Debug)]
enum Text {
    At(std::ops::Range<usize>),
    Owned(Box<str>),
}

impl Text {
    /// `s` as a place in `body` when it is borrowed from it, else a copy.
    fn of(s: &str, body: &[u8], borrowed: bool) -> Text {
        let start = (s.as_ptr() as usize).wrapping_sub(body.as_ptr() as usize);
        match start.checked_add(s.len()) {
            Some(end) if borrowed && end <= body.len() => Text::At(start..end),
            _ => Text::Owned(s.into()),
        }
    }

    fn resolve<'a>(&'a self, body: &'a [u8]) -> &'a str {
        // The parser checked these bytes are UTF-8 (a string of valid JSON).
        std::str::from_utf8(self.bytes(body)).unwrap_or_default()
    }

    /// The text's bytes, without checking them again (enough to compare a name).
    fn bytes<'a>(&'a self, body: &'a [u8]) -> &'a [u8] {
        match self {
            Text::At(range) => &body[range.clone()],
            Text::Owned(text) => text.as_bytes(),
        }
    }
}

impl Members {
    /// The members of `body` if it is a JSON object, as `serde_json::from_slice` would
    /// accept it; `None` for anything else (the caller finds out why).
    fn parse(body: &[u8]) -> Option<Members> {
        let mut de = serde_json::Deserializer::from_slice(body);
        let members = de.deserialize_map(MembersVisitor { body }).ok()?;
        de.end().ok()?;
        Some(members)
    }
}

/// Builds [`Members`] from the body's top-level object.
struct MembersVisitor<'b> {
    body: &'b [u8],
}

impl<'de> Visitor<'de> for MembersVisitor<'_> {
    type Value = Members;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a JSON object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Members, A::Error> {
        let body = self.body;
        let mut members = Vec::with_capacity(map.size_hint().unwrap_or(8));
        while let Some(Place(name)) = map.next_key_seed(TextSeed { body })? {
            let member = map.next_value_seed(MemberSeed { body })?;
            members.push((name, member));
        }
        Ok(Members(members))
    }
}

/// A member's name, as a [`Text`].
struct TextSeed<'b> {
    body: &'b [u8],
}

/// A name found by [`TextSeed`].
struct Place(Text);

impl<'de> DeserializeSeed<'de> for TextSeed<'_> {
    type Value = Place;

    fn deserialize<D: Deserializer<'de>>(self, de: D) -> Result<Place, D::Error> {
        de.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for TextSeed<'_> {
    type Value = Place;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a member name")
    }

    fn visit_borrowed_str<E>(self, s: &'de str) -> Result<Place, E> {
        Ok(Place(Text::of(s, self.body, true)))
    }

    fn visit_str<E>(self, s: &str) -> Result<Place, E> {
        Ok(Place(Text::of(s, self.body, false)))
    }
}

/// A member's value: strings and null as such, anything else as the `Value` it always was.
struct MemberSeed<'b> {
    body: &'b [u8],
}

impl<'de> DeserializeSeed<'de> for MemberSeed<'_> {
    type Value = Member;

    fn deserialize<D: Deserializer<'de>>(self, de: D) -> Result<Member, D::Error> {
        de.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for MemberSeed<'_> {
    type Value = Member;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_borrowed_str<E>(self, s: &'de str) -> Result<Member, E> {
        Ok(Member::Str(Text::of(s, self.body, true)))
    }

    fn visit_str<E>(self, s: &str) -> Result<Member, E> {
        Ok(Member::Str(Text::of(s, self.body, false)))
    }

    fn visit_unit<E>(self) -> Result<Member, E> {
        Ok(Member::Null)
    }

    fn visit_bool<E>(self, b: bool) -> Result<Member, E> {
        Ok(Member::Other(Value::Bool(b)))
    }

    fn visit_i64<E>(self, n: i64) -> Result<Member, E> {
        Ok(Member::Other(Value::from(n)))
    }

    fn visit_u64<E>(self, n: u64) -> Result<Member, E> {
        Ok(Member::Other(Value::from(n)))
    }

    /// As `Value`'s own visitor: a float that is not finite becomes `null`.
    fn visit_f64<E>(self, n: f64) -> Result<Member, E> {
        Ok(Member::Other(Value::from(n)))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Member, A::Error> {
        serde::Deserialize::deserialize(SeqAccessDeserializer::new(seq)).map(Member::Other)
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Member, A::Error> {
        serde::Deserialize::deserialize(MapAccessDeserializer::new(map)).map(Member::Other)
    }
}

fn collapse_slashes(path: &str) -> String {
    if !path.is_empty() && !path.contains("//") {
        return path.to_string();
    }
    let mut out = String::with_capacity(path.len());
    for c in path.chars() {
        if !(c == '/' && out.ends_with('/')) {
            out.push(c);
        }
    }
    if out.is_empty() {
        out.push('/');
    }
    out
}

/// Typed, named access to a JSON object's fields.
#[derive(Clone, Copy)]
pub struct Params<'a> {
    members: &'a Members,
    body: &'a [u8],
}

impl<'a> Params<'a> {
    /// The member called `name`; the last one when a body repeats a name, as a JSON map keeps.
    fn get(&self, name: &str) -> Option<&'a Member> {
        self.members
            .0
            .iter()
            .rev()
            .find(|(key, _)| key.bytes(self.body) == name.as_bytes())
            .map(|(_, member)| member)
    }

    /// A string parameter; absent, `null` and `""` all count as not given.
    pub fn opt_str(&self, name: &str) -> Result<Option<&'a str>, DecodeError> {
        match self.get(name) {
            None | Some(Member::Null) => Ok(None),
            Some(Member::Str(text)) => Ok(Some(text.resolve(self.body)).filter(|s| !s.is_empty())),
            Some(Member::Other(_)) => Err(DecodeError::WrongType {
                name: name.to_string(),
                expected: "a string",
            }),
        }
    }

    /// An integer parameter sent as a JSON number or as text holding one (`8` or `"8"`: a
    /// vendor's revisions disagree on the type); absent, `null` and `""` count as not given.
    pub fn opt_integer(&self, name: &str) -> Result<Option<i64>, DecodeError> {
        let wrong = || DecodeError::WrongType {
            name: name.to_string(),
            expected: "an integer",
        };
        match self.get(name) {
            None | Some(Member::Null) => Ok(None),
            Some(Member::Str(text)) => match text.resolve(self.body).trim() {
                "" => Ok(None),
                digits => digits.parse().map(Some).map_err(|_| wrong()),
            },
            Some(Member::Other(Value::Number(n))) => n.as_i64().map(Some).ok_or_else(wrong),
            Some(Member::Other(_)) => Err(wrong()),
        }
    }

    pub fn str(&self, name: &str) -> Result<&'a str, DecodeError> {
        self.opt_str(name)?
            .ok_or_else(|| DecodeError::Missing(name.to_string()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ports_come_off_hosts_and_nothing_else() {
        assert_eq!(without_port("127.0.0.1:12045"), "127.0.0.1");
        assert_eq!(without_port("localhost"), "localhost");
        assert_eq!(without_port("[::1]:80"), "[::1]");
        assert_eq!(without_port("::1"), "::1");
        assert_eq!(without_port("host:"), "host:");
        assert_eq!(
            without_port("iotvideo.tencentcloudapi.com"),
            "iotvideo.tencentcloudapi.com"
        );
    }

    #[test]
    fn query_param_reads_as_form_urlencoded_parsing_does() {
        let queries = [
            "a=1&a=2",
            "a%3D=x&a=y",
            "b=%E4%BD%A0%E5%A5%BD",
            "c=+x+&c%2B=1",
            "d&e=",
            "&&e=1",
            "f=%ZZ%4",
            "g=%FF%FE",
            "h=a=b",
            "",
        ];
        for query in queries {
            let req = ApiRequest::new(
                Method::GET,
                &format!("/x?{query}"),
                HeaderMap::new(),
                Bytes::new(),
            );
            for name in ["a", "a=", "b", "c", "c+", "d", "e", "f", "g", "h", "z", ""] {
                let expected = form_urlencoded::parse(query.as_bytes())
                    .find(|(k, _)| k == name)
                    .map(|(_, v)| v.into_owned());
                assert_eq!(
                    req.query_param(name).map(|v| v.into_owned()),
                    expected,
                    "{query} / {name}"
                );
            }
        }
    }

    #[test]
    fn repeated_slashes_collapse() {
        assert_eq!(collapse_slashes("//devices//1"), "/devices/1");
        assert_eq!(collapse_slashes(""), "/");
    }

    #[test]
    fn params_name_the_field_in_errors() {
        let req = ApiRequest::new(
            Method::POST,
            "/x",
            HeaderMap::new(),
            Bytes::from_static(br#"{"a":"x","b":1,"c":""}"#),
        );
        let p = req.params().expect("object");
        assert_eq!(p.str("a"), Ok("x"));
        assert_eq!(p.str("c"), Err(DecodeError::Missing("c".into())));
        assert!(matches!(p.str("b"), Err(DecodeError::WrongType { .. })));
        assert_eq!(req.param_text("b").as_deref(), Some("1"));
    }

    fn request(body: &'static [u8]) -> ApiRequest {
        ApiRequest::new(
            Method::POST,
            "/x",
            HeaderMap::new(),
            Bytes::from_static(body),
        )
    }

    #[test]
    fn params_read_like_a_json_map() {
        let req = request(
            br#"{"a":"x\"y","a2":"\u00e9t\u00e9","n":null,"o":{"k":[1,2.5,"s"]},"a":"last"}"#,
        );
        let p = req.params().expect("object");
        assert_eq!(
            p.str("a"),
            Ok("last"),
            "a repeated name keeps its last value"
        );
        assert_eq!(p.str("a2"), Ok("été"));
        assert_eq!(p.opt_str("n"), Ok(None));
        assert_eq!(p.opt_str("missing"), Ok(None));
        assert_eq!(req.param_text("o").as_deref(), Some(r#"{"k":[1,2.5,"s"]}"#));
        assert_eq!(req.param_text("n").as_deref(), Some("null"));
        let escaped_name = request(br#"{"\u0061":"x"}"#);
        assert_eq!(escaped_name.params().expect("object").str("a"), Ok("x"));
    }

    #[test]
    fn bodies_that_are_no_object_are_refused_as_a_value_parse_says() {
        for body in [
            &b"[1]"[..],
            b"\"text\"",
            b"{\"a\":1",
            b"{\"a\":1} x",
            b"{\"a\":1e999}",
            b"{\"a\":\"\\ud800\"}",
            b"{\"a\":\"\xff\"}",
            b"nope",
        ] {
            let req = request(Box::leak(body.to_vec().into_boxed_slice()));
            let expected = match serde_json::from_slice::<Value>(body) {
                Err(e) => DecodeError::NotJson(e.to_string()),
                Ok(_) => DecodeError::NotObject,
            };
            assert_eq!(req.params().err(), Some(expected), "{body:?}");
        }
        assert_eq!(request(b" \n").params().err(), Some(DecodeError::EmptyBody));
    }
}
