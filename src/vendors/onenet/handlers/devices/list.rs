//! Section 1.5's filters, read from the query and checked before any device is looked at:
//! `key_words` (left match on id or title), `tag`, `online`, `private`, `device_id` (a comma
//! list of at most 100 ids; the PHP SDK's `device_ids` too), `auth_info` (JSON or text),
//! `begin`/`end` (creation time, days or seconds, Beijing time) and `title` (left match, case
//! ignored).

use crate::api::request::ApiRequest;
use crate::vendors::onenet::errors::{OnenetError, errno};
use crate::vendors::onenet::params::{self, shown};
use crate::vendors::onenet::state::OnenetDevice;
use crate::vendors::onenet::time::Written;
use crate::vendors::onenet::validate;
use serde_json::Value;

/// Most ids `device_id` may list.
pub const MAX_LISTED_IDS: usize = 100;

#[derive(Debug, Default)]
pub struct Filter {
    key_words: Option<String>,
    tag: Option<String>,
    online: Option<bool>,
    private: Option<bool>,
    ids: Option<Vec<String>>,
    auth_info: Option<Value>,
    /// Created at or after (Unix seconds).
    begin: Option<i64>,
    /// Created before (Unix seconds).
    end: Option<i64>,
    title: Option<String>,
}

/// A comma list of device ids: blanks between commas and repeated ids are skipped; each id
/// is 1-20 digits; at most `max` different ids.
pub fn id_list(text: &str, name: &str, max: usize) -> Result<Vec<String>, OnenetError> {
    let mut ids: Vec<String> = Vec::new();
    for piece in text.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        if !validate::is_digits(piece, 20) {
            return Err(OnenetError::because(
                errno::INVALID,
                format!("{name}: `{}` is not a device id", shown(piece)),
            ));
        }
        if ids.iter().any(|id| id == piece) {
            continue;
        }
        if ids.len() == max {
            return Err(OnenetError::because(
                errno::INVALID,
                format!("{name}: more than {max} ids"),
            ));
        }
        ids.push(piece.to_string());
    }
    if ids.is_empty() {
        return Err(OnenetError::because(
            errno::INVALID,
            format!("{name}: no device id"),
        ));
    }
    Ok(ids)
}

impl Filter {
    pub fn of(req: &ApiRequest) -> Result<Filter, OnenetError> {
        let ids = match params::optional(req, "device_id") {
            Some(text) => Some(id_list(&text, "device_id", MAX_LISTED_IDS)?),
            None => match params::optional(req, "device_ids") {
                Some(text) => Some(id_list(&text, "device_ids", MAX_LISTED_IDS)?),
                None => None,
            },
        };
        let auth_info = params::optional(req, "auth_info").map(|text| {
            serde_json::from_str::<Value>(&text).unwrap_or_else(|_| Value::String(text.into()))
        });
        let begin = match params::optional(req, "begin") {
            Some(_) => Some(params::time(req, "begin")?.0),
            None => None,
        };
        let end = match params::optional(req, "end") {
            Some(_) => {
                let (end, written) = params::time(req, "end")?;
                // A day-only end takes in that whole day.
                Some(match written {
                    Written::Day => end.saturating_add(86_400),
                    Written::Second => end.saturating_add(1),
                })
            }
            None => None,
        };
        if let (Some(b), Some(e)) = (begin, end)
            && e <= b
        {
            return Err(OnenetError::because(errno::INVALID, "end is before begin"));
        }
        Ok(Filter {
            key_words: params::optional(req, "key_words").map(|k| k.to_lowercase()),
            tag: params::optional(req, "tag").map(|t| t.into_owned()),
            online: params::optional_bool(req, "online")?,
            private: params::optional_bool(req, "private")?,
            ids,
            auth_info,
            begin,
            end,
            title: params::optional(req, "title").map(|t| t.to_lowercase()),
        })
    }

    /// Whether `device` (online or not) passes every filter given.
    pub fn passes(&self, device: &OnenetDevice, online: bool) -> bool {
        let title = || device.title.to_lowercase();
        self.key_words
            .as_ref()
            .is_none_or(|k| device.id.starts_with(k.as_str()) || title().starts_with(k.as_str()))
            && self.tag.as_ref().is_none_or(|t| device.tags.contains(t))
            && self.online.is_none_or(|o| o == online)
            && self.private.is_none_or(|p| p == device.private)
            && self.ids.as_ref().is_none_or(|ids| ids.contains(&device.id))
            && self
                .auth_info
                .as_ref()
                .is_none_or(|a| *a == device.auth_info)
            && self.begin.is_none_or(|b| device.created_at >= b)
            && self.end.is_none_or(|e| device.created_at < e)
            && self
                .title
                .as_ref()
                .is_none_or(|t| title().starts_with(t.as_str()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn id_lists_take_100_ids_and_no_more() {
        let hundred: Vec<String> = (0..100).map(|i| (1000 + i).to_string()).collect();
        assert_eq!(
            id_list(&hundred.join(","), "d", 100).map(|v| v.len()),
            Ok(100)
        );
        let more = format!("{},9999", hundred.join(","));
        assert_eq!(id_list(&more, "d", 100).map_err(|e| e.errno), Err(6));
        assert_eq!(id_list("1,,2,", "d", 100).map(|v| v.len()), Ok(2));
        assert_eq!(id_list("1,x", "d", 100).map_err(|e| e.errno), Err(6));
        assert_eq!(id_list(",", "d", 100).map_err(|e| e.errno), Err(6));
    }
}
