//! The integration test binary: camsim over real HTTP. One module per area.

mod journal_stream;
mod support;

mod admin;
mod faults;
mod gwell;
mod hardening;
mod journal;
mod layers;
mod lifecycle;
mod onenet_alarms;
mod onenet_commands;
mod onenet_control;
mod onenet_devices;
mod onenet_keys;
mod onenet_media;
mod onenet_media_play;
mod onenet_misc;
mod onenet_vod;
mod robustness;
mod scenarios;
mod sodalife;
mod sodalife_devices;
mod sodalife_media_play;
mod tencent_control;
mod tencent_device;
mod tencent_events;
mod tencent_faults;
mod tencent_history;
mod tencent_media;
mod tencent_packages;
mod tencent_protocol;
mod tencent_sdk;
mod tencent_users;
mod timeline;
mod wire;
