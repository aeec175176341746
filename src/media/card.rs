//! The test card every picture and video frame shows: a band in the device's own colour with its
//! id, colour bars in a device-specific order, a clock line (world time at the camera's UTC
//! offset, channel), a marker sweeping once a second so video visibly moves, and along the
//! bottom a strip of black and white cells that spells the epoch second in binary, so a test
//! can read the time back from a decoded frame.

use super::Subject;
use chrono::{DateTime, FixedOffset};
use font8x8::legacy::BASIC_LEGACY;

/// Smallest and largest pictures camsim draws; sizes outside are clamped.
pub const MIN_SIZE: Size = Size {
    width: 160,
    height: 90,
};
pub const MAX_SIZE: Size = Size {
    width: 1920,
    height: 1080,
};

/// A picture size, even in both directions (H.264's 4:2:0 needs it).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Size {
    pub width: u16,
    pub height: u16,
}

impl Size {
    /// The size clamped to what camsim draws and rounded down to even numbers.
    pub fn bounded(width: u32, height: u32) -> Size {
        let clamp = |v: u32, lo: u16, hi: u16| {
            let v = v.clamp(u32::from(lo), u32::from(hi));
            u16::try_from(v & !1).unwrap_or(hi)
        };
        Size {
            width: clamp(width, MIN_SIZE.width, MAX_SIZE.width),
            height: clamp(height, MIN_SIZE.height, MAX_SIZE.height),
        }
    }

    /// `1280x720`, `1280*720` or `720p` read as a size (clamped); anything else is `None`.
    pub fn parse(text: &str) -> Option<Size> {
        let text = text.trim();
        let (w, h) = match text.to_ascii_lowercase().as_str() {
            "1080p" => (1920, 1080),
            "720p" => (1280, 720),
            "480p" => (854, 480),
            "360p" => (640, 360),
            other => {
                let (w, h) = other.split_once(['x', '*'])?;
                (w.trim().parse().ok()?, h.trim().parse().ok()?)
            }
        };
        Some(Size::bounded(w, h))
    }

    fn pixels(self) -> usize {
        usize::from(self.width) * usize::from(self.height)
    }
}

/// Cells of the time strip: a white and a black guard, then 32 bits of the epoch second.
pub const STRIP_CELLS: u32 = 34;

/// The RGB (8 bits each, row by row) test card of `subject` at world time `at_ms`.
pub fn draw(subject: &Subject, at_ms: i64, size: Size) -> Vec<u8> {
    let mut card = Canvas::new(size);
    let tint = tint(subject);
    let w = u32::from(size.width);
    let h = u32::from(size.height);
    let band = h / 6;
    let strip = strip_rows(h);
    let clock_top = h * 2 / 3;

    // The device's band and id.
    card.fill(0, 0, w, band, tint);
    let label = format!("{}  CH{}", subject.device, subject.channel);
    card.text_fitting(&label, band, 0, [255, 255, 255]);

    // Colour bars, in an order that depends on the device.
    const BARS: [[u8; 3]; 7] = [
        [191, 191, 191],
        [191, 191, 0],
        [0, 191, 191],
        [0, 191, 0],
        [191, 0, 191],
        [191, 0, 0],
        [0, 0, 191],
    ];
    let rotate = (super::subject_hash(subject) % 7) as usize;
    for (i, x0) in (0..7u32).map(|i| (i, i * w / 7)) {
        let x1 = (i + 1) * w / 7;
        let colour = BARS[(i as usize + rotate) % 7];
        card.fill(x0, band, x1 - x0, clock_top - band, colour);
    }

    // A marker sweeping across the bars once a second: video moves even on a frozen second.
    let ms = at_ms.rem_euclid(1000) as u32;
    let marker = (h / 12).max(4);
    let x = ms * w.saturating_sub(marker) / 1000;
    card.fill(
        x,
        clock_top.saturating_sub(marker * 2),
        marker,
        marker,
        [255, 255, 255],
    );

    // The clock line.
    card.fill(0, clock_top, w, h - clock_top, [24, 24, 24]);
    let clock = clock_text(at_ms, subject.utc_offset_minutes);
    card.text_fitting(&clock, h - clock_top - strip, clock_top, [255, 255, 255]);

    // The time strip.
    let second = at_ms.div_euclid(1000) as u32;
    for cell in 0..STRIP_CELLS {
        let on = match cell {
            0 => true,
            1 => false,
            bit => second >> (STRIP_CELLS - 1 - bit) & 1 == 1,
        };
        let x0 = cell * w / STRIP_CELLS;
        let x1 = (cell + 1) * w / STRIP_CELLS;
        let colour = if on { [255, 255, 255] } else { [0, 0, 0] };
        card.fill(x0, h - strip, x1 - x0, strip, colour);
    }
    card.rgb
}

/// The epoch second a card's time strip spells, read from a decoded RGB frame (a test's
/// oracle): `None` when the guards are not where they should be.
pub fn read_strip(rgb: &[u8], size: Size) -> Option<u32> {
    let w = u32::from(size.width);
    let h = u32::from(size.height);
    let strip = strip_rows(h);
    let y = h - strip / 2 - 1;
    let luma = |cell: u32| {
        let x = (cell * w + w / 2) / STRIP_CELLS;
        let at = (y as usize * w as usize + x as usize) * 3;
        let px = rgb.get(at..at + 3)?;
        Some(px.iter().map(|&c| u32::from(c)).sum::<u32>() / 3)
    };
    if luma(0)? < 160 || luma(1)? > 96 {
        return None;
    }
    (2..STRIP_CELLS).try_fold(0u32, |acc, cell| {
        Some(acc << 1 | u32::from(luma(cell)? >= 128))
    })
}

/// Rows of the time strip at the bottom of a card `height` rows tall (`draw` and `read_strip`
/// agree on it).
fn strip_rows(height: u32) -> u32 {
    (height / 24).max(4)
}

/// `2026-11-22 16:00:00 +08:00`, the camera's own clock.
fn clock_text(at_ms: i64, utc_offset_minutes: i32) -> String {
    let offset = utc_offset_minutes
        .checked_mul(60)
        .and_then(FixedOffset::east_opt)
        .unwrap_or_else(|| FixedOffset::east_opt(0).expect("zero offset"));
    match DateTime::from_timestamp_millis(at_ms) {
        Some(t) => t
            .with_timezone(&offset)
            .format("%Y-%m-%d %H:%M:%S %:z")
            .to_string(),
        None => "----------".to_string(),
    }
}

/// The device's own colour, dark enough for white text.
fn tint(subject: &Subject) -> [u8; 3] {
    let h = super::subject_hash(subject);
    let channel = |shift: u32| 40 + ((h >> shift) & 0xFF) as u8 % 120;
    [channel(0), channel(8), channel(16)]
}

struct Canvas {
    size: Size,
    rgb: Vec<u8>,
}

impl Canvas {
    fn new(size: Size) -> Canvas {
        Canvas {
            size,
            rgb: vec![0; size.pixels() * 3],
        }
    }

    /// Fills a rectangle, clipped to the canvas.
    fn fill(&mut self, x: u32, y: u32, w: u32, h: u32, colour: [u8; 3]) {
        let width = u32::from(self.size.width);
        let height = u32::from(self.size.height);
        let (x1, y1) = (
            x.saturating_add(w).min(width),
            y.saturating_add(h).min(height),
        );
        for row in y.min(height)..y1 {
            let start = (row as usize * width as usize + x.min(width) as usize) * 3;
            let end = (row as usize * width as usize + x1 as usize) * 3;
            for px in self.rgb[start..end].chunks_exact_mut(3) {
                px.copy_from_slice(&colour);
            }
        }
    }

    /// `text` centred vertically in the band of `height` rows from `top`, as large as fits,
    /// from a small left margin; characters past the right edge are left out.
    fn text_fitting(&mut self, text: &str, height: u32, top: u32, colour: [u8; 3]) {
        let width = u32::from(self.size.width);
        let chars = text.chars().count().max(1) as u32;
        let margin = (width / 40).max(2);
        let by_width = width.saturating_sub(margin * 2) / (chars * 8);
        let by_height = height * 3 / 4 / 8;
        let scale = by_width.min(by_height).max(1);
        let y = top + height.saturating_sub(8 * scale) / 2;
        for (i, c) in text.chars().enumerate() {
            let x = margin + i as u32 * 8 * scale;
            if x + 8 * scale > width {
                break;
            }
            self.glyph(c, x, y, scale, colour);
        }
    }

    fn glyph(&mut self, c: char, x: u32, y: u32, scale: u32, colour: [u8; 3]) {
        let rows = BASIC_LEGACY
            .get(c as usize)
            .copied()
            .unwrap_or(BASIC_LEGACY[usize::from(b'?')]);
        for (dy, bits) in rows.iter().enumerate() {
            for dx in 0..8u32 {
                if bits >> dx & 1 == 1 {
                    let px = x + dx * scale;
                    let py = y + dy as u32 * scale;
                    self.fill(px, py, scale, scale, colour);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn subject(device: &str) -> Subject {
        Subject {
            device: device.into(),
            channel: 1,
            utc_offset_minutes: 480,
            seed: 7,
        }
    }

    #[test]
    fn the_strip_reads_back_the_second() {
        let size = Size::bounded(320, 180);
        for at in [0, 1_763_798_400_123, 4_294_967_295_000] {
            let rgb = draw(&subject("C1"), at, size);
            assert_eq!(read_strip(&rgb, size), Some((at / 1000) as u32));
        }
    }

    #[test]
    fn cards_differ_by_device_and_time_and_repeat_exactly() {
        let size = Size::bounded(160, 90);
        let a = draw(&subject("C1"), 1000, size);
        assert_eq!(a, draw(&subject("C1"), 1000, size));
        assert_ne!(a, draw(&subject("C2"), 1000, size));
        assert_ne!(a, draw(&subject("C1"), 2000, size));
        assert_eq!(a.len(), 160 * 90 * 3);
    }

    #[test]
    fn hostile_sizes_times_and_names_are_drawn() {
        for (w, h) in [(0, 0), (u32::MAX, u32::MAX), (161, 91)] {
            let size = Size::bounded(w, h);
            assert!(size.width.is_multiple_of(2) && size.height.is_multiple_of(2));
            let mut s = subject("ça-va-😀-and-a-very-long-device-identifier-indeed");
            s.utc_offset_minutes = i32::MAX;
            let rgb = draw(&s, i64::MIN, size);
            assert_eq!(rgb.len(), size.pixels() * 3);
            draw(&s, i64::MAX, size);
        }
        assert_eq!(Size::parse("1280*720"), Some(Size::bounded(1280, 720)));
        assert_eq!(Size::parse("720P"), Some(Size::bounded(1280, 720)));
        assert_eq!(Size::parse("wide"), None);
    }
}
