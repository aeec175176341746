//! Temporary: replaced by the muxer branch.
use super::frames::Chunk;
pub fn mux_ts(_chunk: &Chunk) -> Vec<u8> {
    Vec::new()
}
