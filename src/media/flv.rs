//! Temporary: replaced by the muxer branch.
use super::frames::Chunk;
pub fn header(_audio: bool) -> Vec<u8> {
    Vec::new()
}
pub fn start_tags(_chunk: &Chunk, _base_ms: i64) -> Vec<u8> {
    Vec::new()
}
pub fn media_tags(_chunk: &Chunk, _base_ms: i64) -> Vec<u8> {
    Vec::new()
}
