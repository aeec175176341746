#!/usr/bin/env python3
"""Drives camsim's Tencent IoT Video cloud storage through the official Tencent Cloud Python SDK
(tencentcloud-sdk-python, iotvideo v20211125), unchanged, aimed at camsim as a user would aim it:
HttpProfile(protocol="http", endpoint="127.0.0.1:PORT").

The world is tests/api/fixtures/tencent-sdk.yaml (a real clock: the SDK signs with the machine's
time). tests/api/tencent_sdk.rs starts camsim, runs this script and checks its output.

Environment:
  CAMSIM_TENCENT_ENDPOINT   host:port of camsim's tencent listener (no scheme)
  CAMSIM_TENCENT_SECRET_ID  a SecretId of that world
  CAMSIM_TENCENT_SECRET_KEY its SecretKey

Usage: tencent_flow.py [--keep-going] [--list] [STEP ...]
  Runs the named steps (all by default), in the script's order, printing `ok <step>` for each
  step that passed and `FAIL <step>: <why>` for one that did not; stops at the first failure
  unless --keep-going. Exit status 0 when every step passed. Later steps use what earlier ones
  found (the flow), so run a step together with the steps before it in its group.
"""

import os
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from datetime import datetime, timedelta, timezone

from tencentcloud.common import credential
from tencentcloud.common.exception.tencent_cloud_sdk_exception import TencentCloudSDKException
from tencentcloud.common.profile.client_profile import ClientProfile
from tencentcloud.common.profile.http_profile import HttpProfile
from tencentcloud.iotvideo.v20211125 import iotvideo_client, models

ENDPOINT = os.environ.get("CAMSIM_TENCENT_ENDPOINT", "127.0.0.1:12045")
SECRET_ID = os.environ.get("CAMSIM_TENCENT_SECRET_ID", "AKIDcamsimTEST000000000000000000001")
SECRET_KEY = os.environ.get("CAMSIM_TENCENT_SECRET_KEY", "camsimTestSecretKey0000000000001")
REGION = "ap-guangzhou"

# The fixture's account and products.
APP_ID = "100008401725"
VIDEO = "AQTV2839QJ"
IMAGE = "H541SOP191"
# Tencent counts cloud-storage days in UTC+8 (the fixture's devices keep that default).
CHINA = timezone(timedelta(hours=8))
DAY = 86400

SIGNATURE_FAILURE_ZH = "请求签名验证失败"
SIGNATURE_FAILURE_EN = (
    "The provided credentials could not be validated. Please check your signature is correct."
)


def client(method="POST", secret_id=SECRET_ID, secret_key=SECRET_KEY, language="zh-CN"):
    """An IotvideoClient aimed at camsim, as the vendor file's section 11 shows."""
    http = HttpProfile(protocol="http", endpoint=ENDPOINT, reqMethod=method, reqTimeout=10)
    profile = ClientProfile(httpProfile=http, language=language)
    return iotvideo_client.IotvideoClient(
        credential.Credential(secret_id, secret_key), REGION, profile
    )


POST = client()
GET = client(method="GET")
ENGLISH = client(language="en-US")


def call(action, via=None, **fields):
    """`action` with the SDK's own request model filled with `fields`; the response model."""
    request = getattr(models, action + "Request")()
    for name, value in fields.items():
        if not hasattr(type(request), name):
            raise AssertionError(f"{action}Request has no field {name}")
        setattr(request, name, value)
    return getattr(via or POST, action)(request)


def refused(action, via=None, **fields):
    """The TencentCloudSDKException `action` raises (it must raise one)."""
    try:
        answer = call(action, via, **fields)
    except TencentCloudSDKException as e:
        expect(e.get_request_id(), f"{action}: the error carries a RequestId")
        return e
    raise AssertionError(f"{action} succeeded: {answer.to_json_string()}")


def expect(condition, what):
    if not condition:
        raise AssertionError(what)


def expect_code(error, code):
    expect(
        error.get_code() == code,
        f"expected {code}, got {error.get_code()}: {error.get_message()}",
    )


def fetch(url):
    """GET of a link camsim handed out, without any proxy: (status, content type, body)."""
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    try:
        with opener.open(url, timeout=10) as r:
            return r.status, r.headers.get("Content-Type", ""), r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.headers.get("Content-Type", ""), e.read()


def now():
    return int(time.time())


def china_date(at):
    return datetime.fromtimestamp(at, CHINA).strftime("%Y-%m-%d")


def all_events(via=None, **query):
    """Every page of DescribeCloudStorageEvents for `query`, following Context until Listover."""
    events, context, pages = [], "", 0
    while True:
        page = call("DescribeCloudStorageEvents", via, Context=context, **query)
        pages += 1
        expect(page.Events is not None, "Events is never null")
        expect(len(page.Events) <= query.get("Size", 10), "a page holds at most Size events")
        events += page.Events
        if page.Listover:
            return events, pages
        expect(page.Context, "a page before the last gives a Context")
        expect(pages < 100, "the pages end")
        context = page.Context


def event_key(e):
    return (e.EventId, e.StartTime, e.EndTime)


# What the steps found, for the steps after them.
flow = {}
STEPS = []


def step(fn):
    STEPS.append(fn)
    return fn


def need(key):
    if key not in flow:
        raise AssertionError(f"needs `{key}` from an earlier step")
    return flow[key]


# --- The protocol: TC3 over POST and GET, languages, the SDK's exception ---------------------


@step
def describe_device_post():
    d = call("DescribeDevice", ProductId=VIDEO, DeviceName="p2p_full")
    expect(d.DeviceName == "p2p_full", f"DeviceName {d.DeviceName}")
    expect(d.Online == 1, f"Online {d.Online}")
    expect(d.EnableState == 1, f"EnableState {d.EnableState}")
    expect(d.DevicePsk, "a DevicePsk")
    expect(len(d.RequestId) == 36, f"RequestId {d.RequestId}")


@step
def describe_device_get():
    d = call("DescribeDevice", GET, ProductId=VIDEO, DeviceName="p2p_full")
    expect(d.DeviceName == "p2p_full" and d.Online == 1, d.to_json_string())


@step
def wake_up_device():
    before = call("DescribeDevice", ProductId=VIDEO, DeviceName="p2p_battery")
    expect(before.Online == 0, f"asleep first: Online {before.Online}")
    call("WakeUpDevice", ProductId=VIDEO, DeviceName="p2p_battery")
    after = call("DescribeDevice", ProductId=VIDEO, DeviceName="p2p_battery")
    expect(after.Online == 1, f"awake: Online {after.Online}")
    expect(abs(after.LoginTime - now()) < 60, f"LoginTime {after.LoginTime} is now")


@step
def unknown_device_is_invalid_parameter():
    e = refused("DescribeDevice", ProductId=VIDEO, DeviceName="no_such_device")
    expect_code(e, "InvalidParameter")
    expect("no_such_device" in e.get_message(), e.get_message())


@step
def unknown_device_in_english():
    e = refused("DescribeDevice", ENGLISH, ProductId=VIDEO, DeviceName="no_such_device")
    expect_code(e, "InvalidParameter")
    expect(e.get_message().isascii() and "no_such_device" in e.get_message(), e.get_message())


@step
def wrong_key_is_signature_failure():
    wrong = client(secret_key="not the key")
    e = refused("DescribeDevice", wrong, ProductId=VIDEO, DeviceName="p2p_full")
    expect_code(e, "AuthFailure.SignatureFailure")
    expect(e.get_message().startswith(SIGNATURE_FAILURE_ZH), e.get_message())


@step
def wrong_key_over_get_in_english():
    wrong = client(method="GET", secret_key="not the key", language="en-US")
    e = refused("DescribeDevice", wrong, ProductId=VIDEO, DeviceName="p2p_full")
    expect_code(e, "AuthFailure.SignatureFailure")
    expect(e.get_message() == SIGNATURE_FAILURE_EN, e.get_message())


@step
def unknown_secret_id_is_not_found():
    stranger = client(secret_id="AKIDcamsimUNKNOWN0000000000000000009")
    e = refused("DescribeDevice", stranger, ProductId=VIDEO, DeviceName="p2p_full")
    expect_code(e, "AuthFailure.SecretIdNotFound")


# --- Seed 004 on a video-stream device: open a package, list, play back ------------------------


@step
def describe_cloud_storage_lapsed():
    s = call("DescribeCloudStorage", ProductId=VIDEO, DeviceName="p2p_lapsed")
    expect(s.Status == 0, f"the week ran out: Status {s.Status}")
    expect(s.Type == 1, f"it was continuous: Type {s.Type}")


@step
def create_cloud_storage():
    call(
        "CreateCloudStorage",
        ProductId=VIDEO,
        DeviceName="p2p_lapsed",
        PackageId="yc1m7d",
        OrderId="sdk-order-1",
    )
    flow["created_at"] = now()


@step
def describe_cloud_storage():
    created = need("created_at")
    s = call("DescribeCloudStorage", ProductId=VIDEO, DeviceName="p2p_lapsed")
    expect(s.Status == 1 and s.Type == 1, f"Status {s.Status} Type {s.Type}")
    expect(abs(s.ExpireTime - (created + 30 * DAY)) < 60, f"a month: ExpireTime {s.ExpireTime}")
    expect(s.ShiftDuration == 7 * DAY, f"ShiftDuration {s.ShiftDuration}")


@step
def describe_cloud_storage_date():
    dates = call("DescribeCloudStorageDate", ProductId=VIDEO, DeviceName="p2p_lapsed").Data
    expect(dates == sorted(set(dates)), f"ascending dates: {dates}")
    for d in dates:
        datetime.strptime(d, "%Y-%m-%d")
    # The lapsed week stored the days before yesterday.
    expect(china_date(now() - 3 * DAY) in dates, f"{china_date(now() - 3 * DAY)} in {dates}")
    flow["dates"] = dates


@step
def describe_cloud_storage_time():
    """The newest listed day with a minute of recording; keeps up to 10 minutes of it to play."""
    for date in reversed(need("dates")):
        data = call(
            "DescribeCloudStorageTime", ProductId=VIDEO, DeviceName="p2p_lapsed", Date=date
        ).Data
        expect("/timeshift/live/" in data.VideoURL, f"VideoURL {data.VideoURL}")
        day_start = int(datetime.strptime(date, "%Y-%m-%d").replace(tzinfo=CHINA).timestamp())
        pieces = data.TimeList or []
        for t in pieces:
            expect(day_start <= t.StartTime < t.EndTime <= day_start + DAY, f"{t} within {date}")
        longest = max(pieces, key=lambda t: t.EndTime - t.StartTime, default=None)
        if longest and longest.EndTime - longest.StartTime >= 60:
            flow["video_url"] = data.VideoURL
            flow["piece"] = (longest.StartTime, min(longest.EndTime, longest.StartTime + 600))
            return
    raise AssertionError(f"no listed date has a minute of recording: {need('dates')}")


@step
def generate_signed_video_url():
    start, end = need("piece")
    url = f"{need('video_url')}?starttime_epoch={start}&endtime_epoch={end}"
    signed = call("GenerateSignedVideoURL", VideoURL=url, ExpireTime=now() + 3600).SignedVideoURL
    expect(signed.startswith("http://"), f"SignedVideoURL {signed}")
    flow["signed_url"] = signed


@step
def fetch_signed_video_url():
    start, end = need("piece")
    status, kind, body = fetch(need("signed_url"))
    expect(status == 200, f"playlist: HTTP {status} {body[:200]!r}")
    expect("mpegurl" in kind.lower(), f"playlist Content-Type {kind}")
    playlist = body.decode()
    expect(playlist.startswith("#EXTM3U"), playlist[:200])
    expect("#EXT-X-ENDLIST" in playlist, "a whole (VOD) playlist")
    lines = playlist.splitlines()
    durations = [l[len("#EXTINF:"):].split(",")[0] for l in lines if l.startswith("#EXTINF:")]
    seconds = sum(float(d) for d in durations)
    expect(abs(seconds - (end - start)) < 1, f"{seconds} s of segments for {end - start} s")
    segment = next(l for l in lines if l and not l.startswith("#"))
    status, kind, _ = fetch(urllib.parse.urljoin(need("signed_url"), segment))
    expect(status == 200 and kind == "video/mp2t", f"segment: HTTP {status} {kind}")


# --- Events of a video-stream device: paging, delete one, reset them ---------------------------


@step
def describe_cloud_storage_events():
    t = now()
    window = dict(ProductId=VIDEO, DeviceName="p2p_full", StartTime=t - DAY, EndTime=t, Size=10)
    events, pages = all_events(**window)
    expect(pages >= 2, f"24 events a day take more than one page of 10: {pages} page(s)")
    keys = [event_key(e) for e in events]
    expect(len(keys) == len(set(keys)), "no event twice across pages")
    for e in events:
        expect(e.StartTime <= e.EndTime and e.EventId, e.to_json_string())
        expect(e.Thumbnail.startswith(f"/{APP_ID}/{VIDEO}/p2p_full/events/"), e.Thumbnail)
    flow["window"], flow["events"] = window, events


@step
def delete_cloud_storage_event():
    window, events = need("window"), need("events")
    gone = next(e for e in events if e.UploadStatus == "Finished")
    call(
        "DeleteCloudStorageEvent",
        ProductId=VIDEO,
        DeviceName="p2p_full",
        EventId=gone.EventId,
        StartTime=gone.StartTime,
        EndTime=gone.EndTime,
    )
    left, _ = all_events(**window)
    expect(event_key(gone) not in [event_key(e) for e in left], "the deleted event is gone")
    expect(len(left) == len(events) - 1, f"{len(left)} events left of {len(events)}")


@step
def reset_cloud_storage_event():
    call("ResetCloudStorageEvent", ProductId=VIDEO, DeviceName="p2p_full")
    left, _ = all_events(**need("window"))
    expect(left == [], f"no event stored after the reset: {len(left)}")


# --- Seed 004 on an image-stream device: events, thumbnails, picture stream --------------------


@step
def image_describe_cloud_storage_date_get():
    dates = call("DescribeCloudStorageDate", GET, ProductId=IMAGE, DeviceName="sp01_event").Data
    expect(china_date(now() - DAY) in dates, f"yesterday in {dates}")


@step
def image_describe_cloud_storage_events():
    t = now()
    events, _ = all_events(
        ProductId=IMAGE, DeviceName="sp01_event", StartTime=t - DAY, EndTime=t, Size=20
    )
    for e in events:
        expect(e.EndTime - e.StartTime <= 10, f"an image-stream event lasts at most 10 s: {e}")
    finished = [e for e in events if e.UploadStatus == "Finished" and e.Thumbnail]
    expect(len(finished) >= 2, f"stored events with thumbnails: {len(finished)}")
    flow["image_events"] = finished


@step
def describe_cloud_storage_thumbnail():
    event = need("image_events")[0]
    t = call(
        "DescribeCloudStorageThumbnail",
        ProductId=IMAGE,
        DeviceName="sp01_event",
        Thumbnail=event.Thumbnail,
    )
    expect(t.ThumbnailURL.startswith("http://"), f"ThumbnailURL {t.ThumbnailURL}")
    expect(t.ExpireTime > now(), f"ExpireTime {t.ExpireTime}")
    flow["thumbnail_url"] = t.ThumbnailURL


@step
def fetch_thumbnail():
    status, kind, body = fetch(need("thumbnail_url"))
    expect(status == 200 and kind == "image/jpeg", f"thumbnail: HTTP {status} {kind}")
    expect(body.startswith(b"\xff\xd8"), "a JPEG")


@step
def describe_cloud_storage_stream_data():
    event = need("image_events")[0]
    s = call(
        "DescribeCloudStorageStreamData",
        ProductId=IMAGE,
        DeviceName="sp01_event",
        StartTime=event.StartTime,
    )
    expect(s.VideoStream.startswith("http://"), f"VideoStream {s.VideoStream}")
    expect(s.AudioStream.startswith("http://"), f"AudioStream {s.AudioStream}")
    flow["streams"] = (s.VideoStream, s.AudioStream)


@step
def fetch_stream_data():
    video, audio = need("streams")
    status, kind, body = fetch(video)
    expect(status == 200 and kind.startswith("video/") and body, f"video: HTTP {status} {kind}")
    status, kind, body = fetch(audio)
    expect(status == 200 and kind.startswith("audio/") and body, f"audio: HTTP {status} {kind}")


@step
def describe_cloud_storage_thumbnail_list_get():
    paths = [e.Thumbnail for e in need("image_events")[:2]]
    infos = call(
        "DescribeCloudStorageThumbnailList",
        GET,
        ProductId=IMAGE,
        DeviceName="sp01_event",
        ThumbnailList=paths,
    ).ThumbnailURLInfoList
    expect(len(infos) == 2, f"one URL per path: {len(infos)}")
    for info in infos:
        expect(info.ThumbnailURL and info.ExpireTime > now(), info.to_json_string())


@step
def describe_cloud_storage_multi_thumbnail():
    paths = [e.Thumbnail for e in need("image_events")[:2]]
    infos = call(
        "DescribeCloudStorageMultiThumbnail",
        ProductId=IMAGE,
        DeviceName="sp01_event",
        MultiThumbnail="|".join(paths),
    ).ThumbnailURLInfoList
    expect(len(infos) == 2, f"one URL per path: {len(infos)}")
    status, kind, _ = fetch(infos[1].ThumbnailURL)
    expect(status == 200 and kind == "image/jpeg", f"thumbnail: HTTP {status} {kind}")


# --- Packages and orders ----------------------------------------------------------------------


@step
def describe_cloud_storage_order():
    created = need("created_at")
    o = call("DescribeCloudStorageOrder", OrderId="sdk-order-1")
    expect(o.Status == 2 and o.PackageId == "yc1m7d", f"running: {o.to_json_string()}")
    expect(abs(o.StartTime - created) < 60, f"StartTime {o.StartTime}")
    expect(o.ExpireTime == o.StartTime + 30 * DAY, f"ExpireTime {o.ExpireTime}")
    expect(o.ChannelId == 0 and o.Price > 0 and o.Amount == o.Price, o.to_json_string())
    lapsed = call("DescribeCloudStorageOrder", OrderId="order-lapsed")
    expect(lapsed.Status == 1 and lapsed.PackageId == "yc1w7d", lapsed.to_json_string())


@step
def reset_cloud_storage():
    call("ResetCloudStorage", ProductId=VIDEO, DeviceName="p2p_reset")
    s = call("DescribeCloudStorage", ProductId=VIDEO, DeviceName="p2p_reset")
    expect(s.Status == 0, f"reset: Status {s.Status}")


@step
def transfer_cloud_storage():
    call(
        "TransferCloudStorage",
        ProductId=VIDEO,
        DeviceName="p2p_gift",
        ToProductId=VIDEO,
        ToDeviceName="p2p_spare",
    )
    to = call("DescribeCloudStorage", ProductId=VIDEO, DeviceName="p2p_spare")
    expect(to.Status == 1 and to.Type == 2, f"the event package moved: {to.to_json_string()}")
    source = call("DescribeCloudStorage", ProductId=VIDEO, DeviceName="p2p_gift")
    expect(source.Status == 0, f"the source has none left: Status {source.Status}")


@step
def create_free_cloud_storage():
    free = call(
        "CreateFreeCloudStorage", ProductId=VIDEO, DeviceName="p2p_none", PackageId="ye1w3d"
    )
    expect(free.Amount == 0, f"nothing paid: Amount {free.Amount}")
    s = call("DescribeCloudStorage", ProductId=VIDEO, DeviceName="p2p_none")
    expect(s.Status == 1 and s.Type == 2, s.to_json_string())
    flow["free_created"] = True


@step
def describe_free_cloud_storage_num():
    need("free_created")
    infos = {p.PackageId: p for p in call("DescribeFreeCloudStorageNum").PackageInfos}
    for package, num, used in (("ye1w3d", 2, 1), ("lye1w3d", 1, 0)):
        info = infos[package]
        expect((info.Num, info.UsedNum) == (num, used), info.to_json_string())


@step
def describe_cloud_storage_package_consume_stats():
    need("created_at")
    need("free_created")
    t = now()
    stats = call(
        "DescribeCloudStoragePackageConsumeStats",
        StartDate=china_date(t - DAY),
        EndDate=china_date(t),
    ).Stats
    counted = {s.PackageId: s for s in stats}
    for package in ("yc1m7d", "ye1w3d"):
        expect(package in counted and counted[package].Cnt >= 1, f"{package} in {stats}")
    expect(all(s.Source == 1 for s in stats), f"Source 1 (prepaid): {stats}")


@step
def describe_cloud_storage_package_consume_details():
    t = now()
    d = call(
        "DescribeCloudStoragePackageConsumeDetails",
        StartDate=china_date(t - DAY),
        EndDate=china_date(t),
    )
    expect(len(d.RequestId) == 36, f"RequestId {d.RequestId}")


# --- Cloud-storage users ----------------------------------------------------------------------


def user_ids():
    u = call(
        "DescribeCloudStorageUsers", ProductId=VIDEO, DeviceName="p2p_users", Limit=10, Offset=0
    )
    ids = [x.UserId for x in u.Users]
    expect(u.TotalCount == len(ids), f"TotalCount {u.TotalCount} for {ids}")
    return ids


@step
def describe_cloud_storage_users():
    expect(user_ids() == ["user_a"], "the fixture's user")


@step
def bind_cloud_storage_user():
    call("BindCloudStorageUser", ProductId=VIDEO, DeviceName="p2p_users", UserId="user_b")
    ids = user_ids()
    expect(ids == ["user_a", "user_b"], f"bound: {ids}")


@step
def inherit_cloud_storage_user():
    call(
        "InheritCloudStorageUser",
        ProductId=VIDEO,
        DeviceName="p2p_users",
        UserId="user_a",
        ToUserId="user_c",
    )
    ids = user_ids()
    expect("user_a" not in ids and "user_c" in ids, f"user_a's storage is user_c's: {ids}")


def main(argv):
    keep_going = "--keep-going" in argv
    names = [a for a in argv if not a.startswith("--")]
    known = [s.__name__ for s in STEPS]
    if "--list" in argv:
        print("\n".join(known))
        return 0
    unknown = [n for n in names if n not in known]
    if unknown:
        print(f"unknown step(s): {' '.join(unknown)}; --list shows them", file=sys.stderr)
        return 2
    failed = 0
    for run in STEPS:
        if names and run.__name__ not in names:
            continue
        try:
            run()
        except Exception as e:  # one line per failed step, whatever it raised
            failed += 1
            print(f"FAIL {run.__name__}: {type(e).__name__}: {e}", flush=True)
            if not keep_going:
                break
        else:
            print(f"ok {run.__name__}", flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
