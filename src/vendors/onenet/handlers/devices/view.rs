//! A device as sections 1.4 (one device, with its keys) and 1.5 (a page of devices) show it:
//! the examples' fields in their order, then the others the device has. A field the device
//! was never given is left out, as OneNET's device API leaves it out.

use crate::vendors::onenet::state::{Location, OnenetDevice};
use crate::vendors::onenet::time::format_time;
use serde::Serialize;
use serde_json::Value;

#[derive(Debug, Serialize)]
pub struct DeviceView<'a> {
    /// A numeric string, as 1.4 and 1.5 show it.
    pub id: &'a str,
    pub online: bool,
    pub protocol: &'a str,
    pub title: &'a str,
    #[serde(skip_serializing_if = "str::is_empty")]
    pub desc: &'a str,
    pub private: bool,
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    pub tags: &'a [String],
    #[serde(skip_serializing_if = "Option::is_none")]
    pub location: Option<Location>,
    pub create_time: String,
    /// When it last came online; never for a device that never connected.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_login: Option<String>,
    pub auth_info: &'a Value,
    pub channel_count: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub area: Option<&'a Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub other: Option<&'a Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub idsn: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub route_to: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub interval: Option<&'a Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub activate_code: Option<&'a str>,
    /// 1.4 only: the device's api-keys.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub keys: Option<Vec<KeyView<'a>>>,
}

#[derive(Debug, Serialize)]
pub struct KeyView<'a> {
    pub title: &'a str,
    pub key: &'a str,
}

impl<'a> DeviceView<'a> {
    /// `device` as a list row (no keys); `online` is its camera's.
    pub fn row(device: &'a OnenetDevice, online: bool) -> DeviceView<'a> {
        DeviceView {
            id: &device.id,
            online,
            protocol: &device.protocol,
            title: &device.title,
            desc: &device.desc,
            private: device.private,
            tags: &device.tags,
            location: device.location,
            create_time: format_time(device.created_at),
            last_login: device.last_login.map(format_time),
            auth_info: &device.auth_info,
            channel_count: device.channels.len(),
            area: device.area.as_ref(),
            other: device.other.as_ref(),
            url: device.url.as_deref(),
            idsn: device.idsn.as_deref(),
            route_to: device.route_to.as_deref(),
            interval: device.interval.as_ref(),
            activate_code: device.activate_code.as_deref(),
            keys: None,
        }
    }

    /// `device` in full, keys included.
    pub fn detail(device: &'a OnenetDevice, online: bool) -> DeviceView<'a> {
        let keys = device
            .keys
            .iter()
            .map(|(title, key)| KeyView { title, key })
            .collect();
        DeviceView {
            keys: Some(keys),
            ..DeviceView::row(device, online)
        }
    }
}
