//! Media camsim serves for the links vendors hand out (pictures, live streams). For now small
//! valid placeholders of the right type: a JPEG whose colour and pattern tell devices apart, a
//! live HLS playlist that has no segment yet, an FLV header. Vendor-neutral: a vendor picks what
//! to serve; this module only makes the bytes.

use jpeg_encoder::{ColorType, Encoder};

/// Placeholder picture size.
const WIDTH: u16 = 64;
const HEIGHT: u16 = 36;

/// A small JPEG for `device` at `at` (world seconds): the same inputs give the same bytes.
pub fn placeholder_jpeg(device: &str, at: i64) -> Vec<u8> {
    let tint = crate::sim::ids::name_hash(device);
    let [r, g, b] = [(tint >> 16) as u8, (tint >> 8) as u8, tint as u8];
    let stripe = (at.rem_euclid(60) as u16) * WIDTH / 60;
    let mut pixels = Vec::with_capacity(usize::from(WIDTH) * usize::from(HEIGHT) * 3);
    for y in 0..HEIGHT {
        for x in 0..WIDTH {
            let on = x == stripe || y == HEIGHT / 2;
            pixels.extend_from_slice(&if on { [255, 255, 255] } else { [r, g, b] });
        }
    }
    let mut out = Vec::new();
    match Encoder::new(&mut out, 80).encode(&pixels, WIDTH, HEIGHT, ColorType::Rgb) {
        Ok(()) => out,
        Err(_) => Vec::new(),
    }
}

/// A live HLS playlist whose media sequence follows the world clock, with no segment yet
/// (players wait for one); real segments come with the media work.
pub fn placeholder_live_playlist(now_secs: i64) -> String {
    format!(
        "#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-TARGETDURATION:2\n#EXT-X-MEDIA-SEQUENCE:{}\n",
        now_secs.max(0) / 2
    )
}

/// An FLV file header (version 1, audio and video) and the first PreviousTagSize.
pub const FLV_HEADER: &[u8] = b"FLV\x01\x05\x00\x00\x00\x09\x00\x00\x00\x00";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_placeholder_is_a_jpeg_that_differs_per_device() {
        let a = placeholder_jpeg("C0001", 10);
        assert_eq!(&a[..2], &[0xFF, 0xD8], "JPEG start of image");
        assert_eq!(&a[a.len() - 2..], &[0xFF, 0xD9], "JPEG end of image");
        assert_eq!(a, placeholder_jpeg("C0001", 10));
        assert_ne!(a, placeholder_jpeg("C0002", 10));
    }
}
