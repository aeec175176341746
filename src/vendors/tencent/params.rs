//! An action's parameters, from a JSON body (`POST`, the SDKs' default) or the query string
//! (`GET`, and a form-encoded `POST`), where arrays travel flattened as `Name.0=..&Name.1=..`.
//! Read once, before the world is locked; each getter answers Tencent's code naming the
//! parameter: `MissingParameter`, `InvalidParameter` (wrong type), `UnknownParameter` (a name the
//! action does not take).

use super::actions::Action;
use super::errors::{TencentError, code};
use crate::api::request::ApiRequest;
use indexmap::IndexMap;
use serde_json::{Map, Value};

/// Longest query string a `GET` may carry (Tencent: GET requests up to 32 KB).
pub const MAX_QUERY_BYTES: usize = 32 * 1024;
/// Most items a list parameter may hold (camsim's bound; Tencent publishes none).
pub const MAX_LIST_ITEMS: usize = 100;

#[derive(Debug, Clone, Default)]
pub struct Params {
    members: Map<String, Value>,
    /// Read from text (query or form): every value is a string, integers are parsed from it.
    textual: bool,
}

/// What `prepare` keeps for the handler: the parameters, or why they could not be read.
pub type Parsed = Result<Params, TencentError>;

impl Params {
    /// The parameters of `req` for `action`, every name checked against the ones it takes.
    pub fn parse(action: Action, req: &ApiRequest) -> Parsed {
        let form = req.header(http::header::CONTENT_TYPE).is_some_and(|t| {
            t.trim_start()
                .to_ascii_lowercase()
                .starts_with("application/x-www-form-urlencoded")
        });
        let params = if req.method == http::Method::GET {
            if req.raw_query.len() > MAX_QUERY_BYTES {
                return Err(TencentError::new(
                    code::REQUEST_SIZE_LIMIT_EXCEEDED,
                    format!("A GET request's query string may be at most {MAX_QUERY_BYTES} bytes."),
                    format!("GET 请求的查询字符串不得超过 {MAX_QUERY_BYTES} 字节。"),
                ));
            }
            Params::from_form(form_urlencoded::parse(req.raw_query.as_bytes()))?
        } else if form {
            Params::from_form(form_urlencoded::parse(&req.body))?
        } else {
            Params::from_json(&req.body)?
        };
        let takes = action.parameters();
        if let Some(unknown) = params
            .members
            .keys()
            .find(|k| !takes.iter().any(|(name, _)| name == k))
        {
            return Err(TencentError::unknown_parameter(unknown));
        }
        // Like Tencent's gateway: every required parameter is there before any value is judged.
        if let Some((missing, _)) = takes
            .iter()
            .find(|(name, required)| *required && !params.given(name))
        {
            return Err(TencentError::missing(missing));
        }
        Ok(params)
    }

    fn from_json(body: &[u8]) -> Parsed {
        if body.iter().all(u8::is_ascii_whitespace) {
            return Ok(Params::default());
        }
        match serde_json::from_slice::<Value>(body) {
            Ok(Value::Object(members)) => Ok(Params {
                members,
                textual: false,
            }),
            Ok(_) => Err(TencentError::new(
                code::INVALID_PARAMETER,
                "The request body must be a JSON object.",
                "请求 body 必须是 JSON 对象。",
            )),
            Err(e) => Err(TencentError::new(
                code::INVALID_PARAMETER,
                format!("The request body is not valid JSON: {e}."),
                format!("请求 body 不是合法的 JSON：{e}。"),
            )),
        }
    }

    /// `Name=v` pairs; `Name.N=v` gathered into the list `Name` in index order.
    fn from_form<'a>(
        pairs: impl Iterator<Item = (std::borrow::Cow<'a, str>, std::borrow::Cow<'a, str>)>,
    ) -> Parsed {
        let mut members = Map::new();
        // Looked up by name, in the order first seen: a body may start a million lists, and
        // searching the ones before for each would cost their number squared.
        let mut lists: IndexMap<String, Vec<(usize, String)>> = IndexMap::new();
        for (key, value) in pairs {
            let indexed = key
                .rsplit_once('.')
                .and_then(|(name, n)| Some((name, n.parse::<usize>().ok()?)));
            match indexed {
                Some((name, index)) => {
                    let items = lists.entry(name.to_string()).or_default();
                    if items.len() >= MAX_LIST_ITEMS {
                        return Err(too_many(name));
                    }
                    items.push((index, value.into_owned()));
                }
                None => {
                    members.insert(key.into_owned(), Value::String(value.into_owned()));
                }
            }
        }
        for (name, mut items) in lists {
            items.sort_by_key(|(index, _)| *index);
            let list = items.into_iter().map(|(_, v)| Value::String(v)).collect();
            members.insert(name, Value::Array(list));
        }
        Ok(Params {
            members,
            textual: true,
        })
    }

    /// The value, `null` counting as not given.
    fn get(&self, name: &str) -> Option<&Value> {
        self.members.get(name).filter(|v| !v.is_null())
    }

    /// Whether a value was given: not absent, `null`, `""` or `[]`.
    fn given(&self, name: &str) -> bool {
        match self.get(name) {
            None => false,
            Some(Value::String(s)) => !s.is_empty(),
            Some(Value::Array(items)) => !items.is_empty(),
            Some(_) => true,
        }
    }

    /// Whether the parameter was given at all.
    pub fn has(&self, name: &str) -> bool {
        self.get(name).is_some()
    }

    /// A string parameter; `""` counts as not given.
    pub fn opt_str(&self, name: &str) -> Result<Option<&str>, TencentError> {
        match self.get(name) {
            None => Ok(None),
            Some(Value::String(s)) => Ok(Some(s.as_str()).filter(|s| !s.is_empty())),
            Some(_) => Err(TencentError::wrong_type(name, "a String", "String")),
        }
    }

    pub fn str(&self, name: &str) -> Result<&str, TencentError> {
        self.opt_str(name)?
            .ok_or_else(|| TencentError::missing(name))
    }

    /// An integer parameter (a JSON integer, or its digits in a query).
    pub fn opt_int(&self, name: &str) -> Result<Option<i64>, TencentError> {
        let wrong = || TencentError::wrong_type(name, "an Integer", "Integer");
        match self.get(name) {
            None => Ok(None),
            Some(Value::Number(n)) if !self.textual => n.as_i64().map(Some).ok_or_else(wrong),
            Some(Value::String(s)) if self.textual => {
                if s.is_empty() {
                    return Ok(None);
                }
                s.trim().parse::<i64>().map(Some).map_err(|_| wrong())
            }
            Some(_) => Err(wrong()),
        }
    }

    pub fn int(&self, name: &str) -> Result<i64, TencentError> {
        self.opt_int(name)?
            .ok_or_else(|| TencentError::missing(name))
    }

    /// An integer that may not be negative (times, sizes, channel ids: uint64 in the SDKs).
    pub fn opt_uint(&self, name: &str) -> Result<Option<i64>, TencentError> {
        match self.opt_int(name)? {
            Some(n) if n < 0 => Err(TencentError::invalid_value(
                name,
                &format!("{n} is negative"),
                &format!("{n} 为负数"),
            )),
            other => Ok(other),
        }
    }

    pub fn uint(&self, name: &str) -> Result<i64, TencentError> {
        self.opt_uint(name)?
            .ok_or_else(|| TencentError::missing(name))
    }

    /// A list of strings (a JSON array, or `Name.N` in a query); required and non-empty.
    pub fn str_list(&self, name: &str) -> Result<Vec<&str>, TencentError> {
        let wrong = || TencentError::wrong_type(name, "an Array of String", "String 数组");
        let items = match self.get(name) {
            None => return Err(TencentError::missing(name)),
            Some(Value::Array(items)) => items,
            Some(_) => return Err(wrong()),
        };
        if items.is_empty() {
            return Err(TencentError::missing(name));
        }
        if items.len() > MAX_LIST_ITEMS {
            return Err(too_many(name));
        }
        items
            .iter()
            .map(|item| item.as_str().ok_or_else(wrong))
            .collect()
    }
}

fn too_many(name: &str) -> TencentError {
    TencentError::invalid_value(
        name,
        &format!("more than {MAX_LIST_ITEMS} items"),
        &format!("超过 {MAX_LIST_ITEMS} 项"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use bytes::Bytes;
    use http::{HeaderMap, Method};

    fn request(method: Method, uri: &str, body: &str) -> ApiRequest {
        let mut headers = HeaderMap::new();
        headers.insert(
            "x-tc-action",
            "DescribeCloudStorageThumbnailList".parse().unwrap(),
        );
        ApiRequest::new(method, uri, headers, Bytes::from(body.to_string()))
    }

    #[test]
    fn json_and_query_forms_read_alike() {
        let action = Action::DescribeCloudStorageThumbnailList;
        let post = request(
            Method::POST,
            "/",
            r#"{"ProductId": "P1", "DeviceName": "d 1", "ThumbnailList": ["/a", "/b"]}"#,
        );
        let get = request(
            Method::GET,
            "/?ProductId=P1&DeviceName=d+1&ThumbnailList.1=%2Fb&ThumbnailList.0=%2Fa",
            "",
        );
        for req in [post, get] {
            let p = Params::parse(action, &req).expect("parses");
            assert_eq!(p.str("ProductId").unwrap(), "P1");
            assert_eq!(p.str("DeviceName").unwrap(), "d 1");
            assert_eq!(p.str_list("ThumbnailList").unwrap(), vec!["/a", "/b"]);
        }
    }

    #[test]
    fn bad_parameters_are_named_with_tencents_codes() {
        let action = Action::DescribeCloudStorageTime;
        let parse = |body: &str| Params::parse(action, &request(Method::POST, "/", body));
        let unknown = parse(r#"{"ProductId":"P","Nope":1}"#).unwrap_err();
        assert_eq!(unknown.code, "UnknownParameter");
        let p =
            parse(r#"{"ProductId":7,"DeviceName":"d","Date":"x","StartTime":"9","EndTime":-1}"#)
                .unwrap();
        assert_eq!(p.str("ProductId").unwrap_err().code, "InvalidParameter");
        assert_eq!(p.opt_int("StartTime").unwrap_err().code, "InvalidParameter");
        assert_eq!(
            p.opt_uint("EndTime").unwrap_err().code,
            "InvalidParameterValue"
        );
        // Every required parameter is checked before any value: the first missing one is named.
        for (body, missing) in [
            (r#"{"ProductId":"P","DeviceName":"d"}"#, "Date"),
            (
                r#"{"ProductId":"P","DeviceName":"","Date":"x"}"#,
                "DeviceName",
            ),
            (
                r#"{"ProductId":null,"DeviceName":"d","Date":"x"}"#,
                "ProductId",
            ),
            ("", "ProductId"),
        ] {
            let e = parse(body).unwrap_err();
            assert_eq!(e.code, "MissingParameter", "{body}");
            assert!(
                e.message(super::super::errors::Language::EnUs)
                    .contains(missing),
                "{body}"
            );
        }
        assert_eq!(parse("[1]").unwrap_err().code, "InvalidParameter");
        assert_eq!(parse("{").unwrap_err().code, "InvalidParameter");
        assert!(
            Params::parse(
                Action::DescribeFreeCloudStorageNum,
                &request(Method::POST, "/", "")
            )
            .is_ok()
        );
    }
}
