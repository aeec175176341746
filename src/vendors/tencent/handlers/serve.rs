//! The media links the actions hand out, as their hosts answer them: the signed playback
//! playlist and its segments, event thumbnails, image-stream video and audio. A refused link
//! answers like a COS host (403 `AccessDenied`, 404 `NoSuchKey`, XML body).

use crate::api::request::ApiRequest;
use crate::api::response::ApiResponse;
use crate::vendors::Ctx;
use crate::vendors::tencent::errors::{TencentError, media};

pub fn playback(_ctx: &mut Ctx<'_>, _req: &ApiRequest) -> Result<ApiResponse, TencentError> {
    Err(TencentError::media(media::NOT_FOUND, "not served yet"))
}

pub fn thumbnail(_ctx: &mut Ctx<'_>, _req: &ApiRequest) -> Result<ApiResponse, TencentError> {
    Err(TencentError::media(media::NOT_FOUND, "not served yet"))
}

pub fn stream(_ctx: &mut Ctx<'_>, _req: &ApiRequest) -> Result<ApiResponse, TencentError> {
    Err(TencentError::media(media::NOT_FOUND, "not served yet"))
}
