//! PTZ (cmdId 7): steps, moves along world time, limits, auto scan.

use super::*;
use crate::sim::camera::Ptz;

fn ptz(d: &mut Device, stop: i64, cmd: i64, speed: Option<i64>) {
    let mut body = json!({ "cmdId": 7, "channel_id": 1, "cmd": { "stop": stop, "cmd": cmd } });
    if let Some(speed) = speed {
        body["cmd"]["speed"] = json!(speed);
    }
    assert_eq!(d.send(body).code, 0);
}

fn at(pan: i32, tilt: i32, zoom: u32) -> Ptz {
    Ptz { pan, tilt, zoom }
}

#[test]
fn a_step_moves_a_fixed_amount_scaled_by_speed() {
    let mut d = Device::new();
    ptz(&mut d, 2, 14, None);
    assert_eq!(d.camera.ptz, at(8, 0, 1));
    ptz(&mut d, 2, 17, Some(1));
    assert_eq!(d.camera.ptz, at(6, -2, 1));
    ptz(&mut d, 2, 1, Some(7));
    assert_eq!(d.camera.ptz, at(6, -2, 3));
    ptz(&mut d, 2, 2, Some(4));
    assert_eq!(d.camera.ptz, at(6, -2, 2));
}

#[test]
fn a_start_moves_with_world_time_until_a_stop() {
    let mut d = Device::new();
    ptz(&mut d, 0, 14, Some(2));
    d.advance(3);
    // A stop takes any command and speed.
    let stop =
        d.send(json!({ "cmdId": 7, "channel_id": 1, "cmd": { "stop": 1, "cmd": 0, "speed": 99 } }));
    assert_eq!(stop.code, 0);
    assert_eq!(d.camera.ptz, at(30, 0, 1));
    d.advance(100);
    d.settle();
    assert_eq!(d.camera.ptz, at(30, 0, 1));
}

#[test]
fn the_next_command_ends_a_running_move_where_it_is() {
    let mut d = Device::new();
    ptz(&mut d, 0, 11, None);
    d.advance(2);
    ptz(&mut d, 0, 13, None);
    assert_eq!(d.camera.ptz, at(0, 40, 1));
    d.advance(1);
    ptz(&mut d, 2, 12, Some(1));
    assert_eq!(d.camera.ptz, at(-20, 38, 1));
    d.advance(5);
    d.settle();
    assert_eq!(d.camera.ptz, at(-20, 38, 1));
}

#[test]
fn settle_shows_a_running_move_at_now_and_moves_stop_at_the_limits() {
    let mut d = Device::new();
    ptz(&mut d, 0, 16, Some(7));
    d.advance(2);
    d.settle();
    assert_eq!(d.camera.ptz, at(70, 70, 1));
    d.advance(1);
    d.settle();
    assert_eq!(d.camera.ptz, at(105, 90, 1));
    d.advance(1_000_000_000);
    d.settle();
    assert_eq!(d.camera.ptz, at(180, 90, 1));
    ptz(&mut d, 0, 17, Some(7));
    d.advance(i64::MAX / 4);
    d.settle();
    assert_eq!(d.camera.ptz, at(-180, -90, 1));
}

#[test]
fn zoom_runs_one_level_a_second_at_speed_four_between_one_and_ten() {
    let mut d = Device::new();
    ptz(&mut d, 0, 1, None);
    d.advance(3);
    d.settle();
    assert_eq!(d.camera.ptz.zoom, 4);
    d.advance(60);
    d.settle();
    assert_eq!(d.camera.ptz.zoom, 10);
    ptz(&mut d, 0, 2, Some(1));
    d.advance(3);
    d.settle();
    assert_eq!(d.camera.ptz.zoom, 10);
    d.advance(1);
    d.settle();
    assert_eq!(d.camera.ptz.zoom, 9);
    d.advance(1000);
    d.settle();
    assert_eq!(d.camera.ptz.zoom, 1);
}

#[test]
fn focus_and_iris_change_nothing_visible_and_stop_a_move() {
    let mut d = Device::new();
    ptz(&mut d, 0, 14, None);
    d.advance(1);
    for cmd in 3..=6 {
        ptz(&mut d, 0, cmd, None);
        ptz(&mut d, 2, cmd, None);
    }
    assert_eq!(d.camera.ptz, at(20, 0, 1));
    d.advance(10);
    d.settle();
    assert_eq!(d.camera.ptz, at(20, 0, 1));
}

#[test]
fn auto_scan_pans_to_each_end_and_back() {
    let mut d = Device::new();
    ptz(&mut d, 2, 12, Some(5));
    ptz(&mut d, 0, 22, Some(4));
    let tilt = d.camera.ptz.tilt;
    // 20°/s: from 0 right to 180 in 9 s, back to -180 18 s later.
    d.advance(9);
    d.settle();
    assert_eq!(d.camera.ptz, at(180, tilt, 1));
    d.advance(4);
    d.settle();
    assert_eq!(d.camera.ptz, at(100, tilt, 1));
    d.advance(14);
    d.settle();
    assert_eq!(d.camera.ptz, at(-180, tilt, 1));
    d.advance(1);
    d.settle();
    assert_eq!(d.camera.ptz, at(-160, tilt, 1));
    ptz(&mut d, 1, 22, None);
    d.advance(30);
    d.settle();
    assert_eq!(d.camera.ptz, at(-160, tilt, 1));
}
