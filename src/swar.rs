//! Eight bytes at a time: tests on a machine word of text that say what its bytes are, for the
//! tokenizer (where a word's letters and digits end) and the JSON writer (whether a string
//! needs escaping), so that the byte tricks and the reasons they are exact stand in one place.

/// 0x01 in every byte.
pub const ONES: u64 = u64::from_le_bytes([0x01; 8]);
/// The top bit of every byte.
pub const HIGHS: u64 = ONES * 0x80;

/// Eight bytes as one word, the first byte the lowest (so `trailing_zeros` finds the first).
/// `eight` must be eight bytes long.
#[inline]
pub fn word(eight: &[u8]) -> u64 {
    let mut w = [0u8; 8];
    w.copy_from_slice(eight);
    u64::from_le_bytes(w)
}

/// The top bit of each byte of `x` set where that byte is ASCII and lies in `lo..=hi` (both
/// below 0x80). Exact for every byte: each is compared with its top bit cleared, so no sum
/// carries into the next.
#[inline]
pub fn within(x: u64, lo: u8, hi: u8) -> u64 {
    let low = x & !HIGHS;
    let at_least_lo = low + ONES * u64::from(0x80 - lo);
    let above_hi = low + ONES * u64::from(0x7f - hi);
    at_least_lo & !above_hi & !x & HIGHS
}

/// Whether a byte of `x` is below `n` (at most 0x80). Exact as a yes or no: a borrow can only
/// mark a byte after one that is truly below `n`, and bytes from 0x80 up are masked out.
#[inline]
pub fn any_below(x: u64, n: u8) -> bool {
    x.wrapping_sub(ONES * u64::from(n)) & !x & HIGHS != 0
}

/// Whether a byte of `x` is `b`.
#[inline]
pub fn any_byte(x: u64, b: u8) -> bool {
    any_below(x ^ (ONES * u64::from(b)), 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each test against the byte it describes, for every byte at every place of a word whose
    /// other bytes vary too.
    #[test]
    fn word_tests_answer_as_byte_tests() {
        for b in 0..=255u8 {
            for fill in [0u8, b' ', b'a', b'Z', 0x1f, 0x7f, 0x80, 0xff] {
                for at in 0..8 {
                    let mut eight = [fill; 8];
                    eight[at] = b;
                    let x = word(&eight);
                    assert_eq!(x.to_le_bytes(), eight);
                    for (lo, hi) in [(0x30, 0x39), (0x41, 0x5a), (0x61, 0x7a), (0, 0x1f)] {
                        let want: u64 = eight
                            .iter()
                            .enumerate()
                            .filter(|(_, &c)| (lo..=hi).contains(&c))
                            .map(|(k, _)| 0x80 << (8 * k))
                            .sum();
                        assert_eq!(within(x, lo, hi), want, "{eight:?} in {lo:#x}..={hi:#x}");
                    }
                    for n in [1, 0x20, 0x80] {
                        assert_eq!(any_below(x, n), eight.iter().any(|&c| c < n), "{eight:?}");
                    }
                    for c in [b'"', b'\\', 0] {
                        assert_eq!(any_byte(x, c), eight.contains(&c), "{eight:?}");
                    }
                }
            }
        }
    }
}
