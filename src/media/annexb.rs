//! H.264 Annex B byte streams cut into NAL units: the TS muxer rewrites them behind fresh start
//! codes (with an AUD in front), the FLV muxer re-frames them with length prefixes.

/// NAL unit types the muxers look at.
pub const NAL_IDR: u8 = 5;
pub const NAL_SEI: u8 = 6;
pub const NAL_SPS: u8 = 7;
pub const NAL_PPS: u8 = 8;
pub const NAL_AUD: u8 = 9;

/// The NAL units of `annexb`, split at 3- and 4-byte start codes, without the start codes and
/// without trailing zero bytes (those belong to the next start code). Bytes before the first
/// start code are not a NAL unit and are dropped, as are empty units.
pub fn nal_units(annexb: &[u8]) -> impl Iterator<Item = &[u8]> {
    let mut rest = after_start_code(annexb);
    std::iter::from_fn(move || {
        loop {
            let current = rest?;
            let (unit, next) = match find_start_code(current) {
                Some((at, len)) => (&current[..at], Some(&current[at + len..])),
                None => (current, None),
            };
            rest = next;
            let unit = trim_trailing_zeros(unit);
            if !unit.is_empty() {
                return Some(unit);
            }
        }
    })
}

/// The `nal_unit_type` of a NAL unit (0, "unspecified", for an empty one).
pub fn nal_type(nal: &[u8]) -> u8 {
    nal.first().map_or(0, |b| b & 0x1F)
}

/// What follows the first start code of `data`, or `None` when it has none.
fn after_start_code(data: &[u8]) -> Option<&[u8]> {
    find_start_code(data).map(|(at, len)| &data[at + len..])
}

/// Where the first `00 00 01` of `data` is and how long it is (3 bytes; a zero before it is
/// left to the previous unit's trailing zeros, which is how a 4-byte start code reads).
fn find_start_code(data: &[u8]) -> Option<(usize, usize)> {
    data.windows(3)
        .position(|w| w == [0, 0, 1])
        .map(|at| (at, 3))
}

fn trim_trailing_zeros(unit: &[u8]) -> &[u8] {
    let end = unit.iter().rposition(|&b| b != 0).map_or(0, |i| i + 1);
    &unit[..end]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn units(data: &[u8]) -> Vec<&[u8]> {
        nal_units(data).collect()
    }

    #[test]
    fn splits_at_three_and_four_byte_start_codes() {
        let data = [
            0, 0, 0, 1, 0x67, 1, 2, 0, 0, 1, 0x68, 3, 0, 0, 0, 1, 0x65, 4, 0, 5,
        ];
        assert_eq!(
            units(&data),
            vec![&[0x67, 1, 2][..], &[0x68, 3], &[0x65, 4, 0, 5]]
        );
        let types: Vec<u8> = nal_units(&data).map(nal_type).collect();
        assert_eq!(types, vec![NAL_SPS, NAL_PPS, NAL_IDR]);
    }

    #[test]
    fn drops_what_is_not_a_unit() {
        assert!(units(&[]).is_empty());
        assert!(units(&[0x65, 1, 2, 3]).is_empty(), "no start code");
        assert!(units(&[0, 0, 1]).is_empty());
        assert!(units(&[0, 0, 1, 0, 0, 0, 1]).is_empty(), "empty units");
        assert_eq!(units(&[9, 9, 0, 0, 1, 0x41, 7]), vec![&[0x41, 7][..]]);
        assert_eq!(units(&[0, 0, 1, 0x41, 0, 0]), vec![&[0x41][..]]);
        assert_eq!(nal_type(&[]), 0);
    }
}
