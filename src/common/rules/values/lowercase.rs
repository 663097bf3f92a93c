//! `str::to_lowercase`, exactly, from small tables.
//!
//! The standard library's lowercase table and the two character properties
//! its final-sigma rule needs cost the widget's bundle about 8 KB gzip, for
//! one use: comparing names. The tables here say the same in about half:
//! runs of characters that lowercase by the same distance, and ranges for
//! the properties. The tests compare [`to_lowercase`] with the
//! standard library's on every character, alone and in each context the
//! final-sigma rule looks at, so the two cannot drift apart silently: after
//! a Rust upgrade with a newer Unicode, `tables_are_the_standard_librarys`
//! fails and prints the tables to paste below.

/// `s` lowercased, as `str::to_lowercase` does it: each character by its
/// Unicode lowercase mapping ("İ" becomes two characters), and "Σ" as "ς" at
/// the end of a word, else "σ" (Unicode's Final_Sigma condition).
pub fn to_lowercase(s: &str) -> String {
    if s.is_ascii() {
        return s.to_ascii_lowercase();
    }
    let mut out = String::with_capacity(s.len());
    for (i, c) in s.char_indices() {
        match c {
            'Σ' => {
                let is_word_final = ignorable_then_cased(s[..i].chars().rev())
                    && !ignorable_then_cased(s[i + 'Σ'.len_utf8()..].chars());
                out.push(if is_word_final { 'ς' } else { 'σ' });
            }
            'İ' => out.push_str("i\u{307}"),
            c => out.push(lower(c)),
        }
    }
    out
}

/// Skips case-ignorable characters; is the next one cased?
fn ignorable_then_cased(mut chars: impl Iterator<Item = char>) -> bool {
    chars
        .find(|&c| !in_ranges(CASE_IGNORABLE, c))
        .is_some_and(|c| in_ranges(CASED, c))
}

/// The one-character lowercase mapping of `c` (`c` itself when it has none).
fn lower(c: char) -> char {
    let u = c as u32;
    if c.is_ascii() {
        return c.to_ascii_lowercase();
    }
    for &run in LOWER_RUNS {
        let first = (run & 0x1F_FFFF) as u32;
        let count = ((run >> 21) & 0x7F) as u32;
        let step = ((run >> 28) & 1) as u32 + 1;
        let distance = (run >> 32) as u32 as i32;
        if u >= first && u < first + count * step && (u - first).is_multiple_of(step) {
            return char::from_u32(u.wrapping_add_signed(distance)).unwrap_or(c);
        }
    }
    c
}

/// Is `c` in one of `ranges` (sorted, packed by [`range`])?
fn in_ranges(ranges: &[u32], c: char) -> bool {
    let u = c as u32;
    let after = ranges.partition_point(|&r| r >> 11 <= u);
    after > 0 && u <= (ranges[after - 1] >> 11) + (ranges[after - 1] & 0x7FF)
}

/// `first..=last`, packed in a `u32`: `first` in the high 21 bits, the length
/// less one in the low 11.
const fn range(first: u32, last: u32) -> u32 {
    assert!(first <= last && last - first < 0x800 && last <= 0x10_FFFF);
    first << 11 | (last - first)
}

/// `count` characters from `first`, `step` apart, each lowercased by adding
/// `distance`, packed in a `u64`: `first` (21 bits), `count` (7), `step - 1`
/// (1), and `distance` in the high 32 bits.
const fn run(first: u32, count: u32, step: u32, distance: i32) -> u64 {
    assert!(first <= 0x10_FFFF && count > 0 && count < 0x80 && (step == 1 || step == 2));
    (distance as u32 as u64) << 32 | ((step - 1) as u64) << 28 | (count as u64) << 21 | first as u64
}

/// Every non-ASCII character with a one-character lowercase other than
/// itself ("İ" and "Σ" are handled apart), as runs.
#[rustfmt::skip]
static LOWER_RUNS: &[u64] = &[
    run(0x00C0, 23, 1, 32), run(0x00D8, 7, 1, 32), run(0x0100, 24, 2, 1),
    run(0x0132, 3, 2, 1), run(0x0139, 8, 2, 1), run(0x014A, 23, 2, 1),
    run(0x0178, 1, 1, -121), run(0x0179, 3, 2, 1), run(0x0181, 1, 1, 210),
    run(0x0182, 2, 2, 1), run(0x0186, 1, 1, 206), run(0x0187, 1, 1, 1),
    run(0x0189, 2, 1, 205), run(0x018B, 1, 1, 1), run(0x018E, 1, 1, 79),
    run(0x018F, 1, 1, 202), run(0x0190, 1, 1, 203), run(0x0191, 1, 1, 1),
    run(0x0193, 1, 1, 205), run(0x0194, 1, 1, 207), run(0x0196, 1, 1, 211),
    run(0x0197, 1, 1, 209), run(0x0198, 1, 1, 1), run(0x019C, 1, 1, 211),
    run(0x019D, 1, 1, 213), run(0x019F, 1, 1, 214), run(0x01A0, 3, 2, 1),
    run(0x01A6, 1, 1, 218), run(0x01A7, 1, 1, 1), run(0x01A9, 1, 1, 218),
    run(0x01AC, 1, 1, 1), run(0x01AE, 1, 1, 218), run(0x01AF, 1, 1, 1),
    run(0x01B1, 2, 1, 217), run(0x01B3, 2, 2, 1), run(0x01B7, 1, 1, 219),
    run(0x01B8, 1, 1, 1), run(0x01BC, 1, 1, 1), run(0x01C4, 1, 1, 2),
    run(0x01C5, 1, 1, 1), run(0x01C7, 1, 1, 2), run(0x01C8, 1, 1, 1),
    run(0x01CA, 1, 1, 2), run(0x01CB, 9, 2, 1), run(0x01DE, 9, 2, 1),
    run(0x01F1, 1, 1, 2), run(0x01F2, 2, 2, 1), run(0x01F6, 1, 1, -97),
    run(0x01F7, 1, 1, -56), run(0x01F8, 20, 2, 1), run(0x0220, 1, 1, -130),
    run(0x0222, 9, 2, 1), run(0x023A, 1, 1, 10795), run(0x023B, 1, 1, 1),
    run(0x023D, 1, 1, -163), run(0x023E, 1, 1, 10792), run(0x0241, 1, 1, 1),
    run(0x0243, 1, 1, -195), run(0x0244, 1, 1, 69), run(0x0245, 1, 1, 71),
    run(0x0246, 5, 2, 1), run(0x0370, 2, 2, 1), run(0x0376, 1, 1, 1),
    run(0x037F, 1, 1, 116), run(0x0386, 1, 1, 38), run(0x0388, 3, 1, 37),
    run(0x038C, 1, 1, 64), run(0x038E, 2, 1, 63), run(0x0391, 17, 1, 32),
    run(0x03A4, 8, 1, 32), run(0x03CF, 1, 1, 8), run(0x03D8, 12, 2, 1),
    run(0x03F4, 1, 1, -60), run(0x03F7, 1, 1, 1), run(0x03F9, 1, 1, -7),
    run(0x03FA, 1, 1, 1), run(0x03FD, 3, 1, -130), run(0x0400, 16, 1, 80),
    run(0x0410, 32, 1, 32), run(0x0460, 17, 2, 1), run(0x048A, 27, 2, 1),
    run(0x04C0, 1, 1, 15), run(0x04C1, 7, 2, 1), run(0x04D0, 48, 2, 1),
    run(0x0531, 38, 1, 48), run(0x10A0, 38, 1, 7264), run(0x10C7, 1, 1, 7264),
    run(0x10CD, 1, 1, 7264), run(0x13A0, 80, 1, 38864), run(0x13F0, 6, 1, 8),
    run(0x1C89, 1, 1, 1), run(0x1C90, 43, 1, -3008), run(0x1CBD, 3, 1, -3008),
    run(0x1E00, 75, 2, 1), run(0x1E9E, 1, 1, -7615), run(0x1EA0, 48, 2, 1),
    run(0x1F08, 8, 1, -8), run(0x1F18, 6, 1, -8), run(0x1F28, 8, 1, -8),
    run(0x1F38, 8, 1, -8), run(0x1F48, 6, 1, -8), run(0x1F59, 4, 2, -8),
    run(0x1F68, 8, 1, -8), run(0x1F88, 8, 1, -8), run(0x1F98, 8, 1, -8),
    run(0x1FA8, 8, 1, -8), run(0x1FB8, 2, 1, -8), run(0x1FBA, 2, 1, -74),
    run(0x1FBC, 1, 1, -9), run(0x1FC8, 4, 1, -86), run(0x1FCC, 1, 1, -9),
    run(0x1FD8, 2, 1, -8), run(0x1FDA, 2, 1, -100), run(0x1FE8, 2, 1, -8),
    run(0x1FEA, 2, 1, -112), run(0x1FEC, 1, 1, -7), run(0x1FF8, 2, 1, -128),
    run(0x1FFA, 2, 1, -126), run(0x1FFC, 1, 1, -9), run(0x2126, 1, 1, -7517),
    run(0x212A, 1, 1, -8383), run(0x212B, 1, 1, -8262), run(0x2132, 1, 1, 28),
    run(0x2160, 16, 1, 16), run(0x2183, 1, 1, 1), run(0x24B6, 26, 1, 26),
    run(0x2C00, 48, 1, 48), run(0x2C60, 1, 1, 1), run(0x2C62, 1, 1, -10743),
    run(0x2C63, 1, 1, -3814), run(0x2C64, 1, 1, -10727), run(0x2C67, 3, 2, 1),
    run(0x2C6D, 1, 1, -10780), run(0x2C6E, 1, 1, -10749), run(0x2C6F, 1, 1, -10783),
    run(0x2C70, 1, 1, -10782), run(0x2C72, 1, 1, 1), run(0x2C75, 1, 1, 1),
    run(0x2C7E, 2, 1, -10815), run(0x2C80, 50, 2, 1), run(0x2CEB, 2, 2, 1),
    run(0x2CF2, 1, 1, 1), run(0xA640, 23, 2, 1), run(0xA680, 14, 2, 1),
    run(0xA722, 7, 2, 1), run(0xA732, 31, 2, 1), run(0xA779, 2, 2, 1),
    run(0xA77D, 1, 1, -35332), run(0xA77E, 5, 2, 1), run(0xA78B, 1, 1, 1),
    run(0xA78D, 1, 1, -42280), run(0xA790, 2, 2, 1), run(0xA796, 10, 2, 1),
    run(0xA7AA, 1, 1, -42308), run(0xA7AB, 1, 1, -42319), run(0xA7AC, 1, 1, -42315),
    run(0xA7AD, 1, 1, -42305), run(0xA7AE, 1, 1, -42308), run(0xA7B0, 1, 1, -42258),
    run(0xA7B1, 1, 1, -42282), run(0xA7B2, 1, 1, -42261), run(0xA7B3, 1, 1, 928),
    run(0xA7B4, 8, 2, 1), run(0xA7C4, 1, 1, -48), run(0xA7C5, 1, 1, -42307),
    run(0xA7C6, 1, 1, -35384), run(0xA7C7, 2, 2, 1), run(0xA7CB, 1, 1, -42343),
    run(0xA7CC, 8, 2, 1), run(0xA7DC, 1, 1, -42561), run(0xA7F5, 1, 1, 1),
    run(0xFF21, 26, 1, 32), run(0x10400, 40, 1, 40), run(0x104B0, 36, 1, 40),
    run(0x10570, 11, 1, 39), run(0x1057C, 15, 1, 39), run(0x1058C, 7, 1, 39),
    run(0x10594, 2, 1, 39), run(0x10C80, 51, 1, 64), run(0x10D50, 22, 1, 32),
    run(0x118A0, 32, 1, 32), run(0x16E40, 32, 1, 32), run(0x16EA0, 25, 1, 27),
    run(0x1E900, 34, 1, 34),
];

/// Unicode's Case_Ignorable property.
#[rustfmt::skip]
static CASE_IGNORABLE: &[u32] = &[
    range(0x0027, 0x0027), range(0x002E, 0x002E), range(0x003A, 0x003A), range(0x005E, 0x005E),
    range(0x0060, 0x0060), range(0x00A8, 0x00A8), range(0x00AD, 0x00AD), range(0x00AF, 0x00AF),
    range(0x00B4, 0x00B4), range(0x00B7, 0x00B8), range(0x02B0, 0x036F), range(0x0374, 0x0375),
    range(0x037A, 0x037A), range(0x0384, 0x0385), range(0x0387, 0x0387), range(0x0483, 0x0489),
    range(0x0559, 0x0559), range(0x055F, 0x055F), range(0x0591, 0x05BD), range(0x05BF, 0x05BF),
    range(0x05C1, 0x05C2), range(0x05C4, 0x05C5), range(0x05C7, 0x05C7), range(0x05F4, 0x05F4),
    range(0x0600, 0x0605), range(0x0610, 0x061A), range(0x061C, 0x061C), range(0x0640, 0x0640),
    range(0x064B, 0x065F), range(0x0670, 0x0670), range(0x06D6, 0x06DD), range(0x06DF, 0x06E8),
    range(0x06EA, 0x06ED), range(0x070F, 0x070F), range(0x0711, 0x0711), range(0x0730, 0x074A),
    range(0x07A6, 0x07B0), range(0x07EB, 0x07F5), range(0x07FA, 0x07FA), range(0x07FD, 0x07FD),
    range(0x0816, 0x082D), range(0x0859, 0x085B), range(0x0888, 0x0888), range(0x0890, 0x0891),
    range(0x0897, 0x089F), range(0x08C9, 0x0902), range(0x093A, 0x093A), range(0x093C, 0x093C),
    range(0x0941, 0x0948), range(0x094D, 0x094D), range(0x0951, 0x0957), range(0x0962, 0x0963),
    range(0x0971, 0x0971), range(0x0981, 0x0981), range(0x09BC, 0x09BC), range(0x09C1, 0x09C4),
    range(0x09CD, 0x09CD), range(0x09E2, 0x09E3), range(0x09FE, 0x09FE), range(0x0A01, 0x0A02),
    range(0x0A3C, 0x0A3C), range(0x0A41, 0x0A42), range(0x0A47, 0x0A48), range(0x0A4B, 0x0A4D),
    range(0x0A51, 0x0A51), range(0x0A70, 0x0A71), range(0x0A75, 0x0A75), range(0x0A81, 0x0A82),
    range(0x0ABC, 0x0ABC), range(0x0AC1, 0x0AC5), range(0x0AC7, 0x0AC8), range(0x0ACD, 0x0ACD),
    range(0x0AE2, 0x0AE3), range(0x0AFA, 0x0AFF), range(0x0B01, 0x0B01), range(0x0B3C, 0x0B3C),
    range(0x0B3F, 0x0B3F), range(0x0B41, 0x0B44), range(0x0B4D, 0x0B4D), range(0x0B55, 0x0B56),
    range(0x0B62, 0x0B63), range(0x0B82, 0x0B82), range(0x0BC0, 0x0BC0), range(0x0BCD, 0x0BCD),
    range(0x0C00, 0x0C00), range(0x0C04, 0x0C04), range(0x0C3C, 0x0C3C), range(0x0C3E, 0x0C40),
    range(0x0C46, 0x0C48), range(0x0C4A, 0x0C4D), range(0x0C55, 0x0C56), range(0x0C62, 0x0C63),
    range(0x0C81, 0x0C81), range(0x0CBC, 0x0CBC), range(0x0CBF, 0x0CBF), range(0x0CC6, 0x0CC6),
    range(0x0CCC, 0x0CCD), range(0x0CE2, 0x0CE3), range(0x0D00, 0x0D01), range(0x0D3B, 0x0D3C),
    range(0x0D41, 0x0D44), range(0x0D4D, 0x0D4D), range(0x0D62, 0x0D63), range(0x0D81, 0x0D81),
    range(0x0DCA, 0x0DCA), range(0x0DD2, 0x0DD4), range(0x0DD6, 0x0DD6), range(0x0E31, 0x0E31),
    range(0x0E34, 0x0E3A), range(0x0E46, 0x0E4E), range(0x0EB1, 0x0EB1), range(0x0EB4, 0x0EBC),
    range(0x0EC6, 0x0EC6), range(0x0EC8, 0x0ECE), range(0x0F18, 0x0F19), range(0x0F35, 0x0F35),
    range(0x0F37, 0x0F37), range(0x0F39, 0x0F39), range(0x0F71, 0x0F7E), range(0x0F80, 0x0F84),
    range(0x0F86, 0x0F87), range(0x0F8D, 0x0F97), range(0x0F99, 0x0FBC), range(0x0FC6, 0x0FC6),
    range(0x102D, 0x1030), range(0x1032, 0x1037), range(0x1039, 0x103A), range(0x103D, 0x103E),
    range(0x1058, 0x1059), range(0x105E, 0x1060), range(0x1071, 0x1074), range(0x1082, 0x1082),
    range(0x1085, 0x1086), range(0x108D, 0x108D), range(0x109D, 0x109D), range(0x10FC, 0x10FC),
    range(0x135D, 0x135F), range(0x1712, 0x1714), range(0x1732, 0x1733), range(0x1752, 0x1753),
    range(0x1772, 0x1773), range(0x17B4, 0x17B5), range(0x17B7, 0x17BD), range(0x17C6, 0x17C6),
    range(0x17C9, 0x17D3), range(0x17D7, 0x17D7), range(0x17DD, 0x17DD), range(0x180B, 0x180F),
    range(0x1843, 0x1843), range(0x1885, 0x1886), range(0x18A9, 0x18A9), range(0x1920, 0x1922),
    range(0x1927, 0x1928), range(0x1932, 0x1932), range(0x1939, 0x193B), range(0x1A17, 0x1A18),
    range(0x1A1B, 0x1A1B), range(0x1A56, 0x1A56), range(0x1A58, 0x1A5E), range(0x1A60, 0x1A60),
    range(0x1A62, 0x1A62), range(0x1A65, 0x1A6C), range(0x1A73, 0x1A7C), range(0x1A7F, 0x1A7F),
    range(0x1AA7, 0x1AA7), range(0x1AB0, 0x1ADD), range(0x1AE0, 0x1AEB), range(0x1B00, 0x1B03),
    range(0x1B34, 0x1B34), range(0x1B36, 0x1B3A), range(0x1B3C, 0x1B3C), range(0x1B42, 0x1B42),
    range(0x1B6B, 0x1B73), range(0x1B80, 0x1B81), range(0x1BA2, 0x1BA5), range(0x1BA8, 0x1BA9),
    range(0x1BAB, 0x1BAD), range(0x1BE6, 0x1BE6), range(0x1BE8, 0x1BE9), range(0x1BED, 0x1BED),
    range(0x1BEF, 0x1BF1), range(0x1C2C, 0x1C33), range(0x1C36, 0x1C37), range(0x1C78, 0x1C7D),
    range(0x1CD0, 0x1CD2), range(0x1CD4, 0x1CE0), range(0x1CE2, 0x1CE8), range(0x1CED, 0x1CED),
    range(0x1CF4, 0x1CF4), range(0x1CF8, 0x1CF9), range(0x1D2C, 0x1D6A), range(0x1D78, 0x1D78),
    range(0x1D9B, 0x1DFF), range(0x1FBD, 0x1FBD), range(0x1FBF, 0x1FC1), range(0x1FCD, 0x1FCF),
    range(0x1FDD, 0x1FDF), range(0x1FED, 0x1FEF), range(0x1FFD, 0x1FFE), range(0x200B, 0x200F),
    range(0x2018, 0x2019), range(0x2024, 0x2024), range(0x2027, 0x2027), range(0x202A, 0x202E),
    range(0x2060, 0x2064), range(0x2066, 0x206F), range(0x2071, 0x2071), range(0x207F, 0x207F),
    range(0x2090, 0x209C), range(0x20D0, 0x20F0), range(0x2C7C, 0x2C7D), range(0x2CEF, 0x2CF1),
    range(0x2D6F, 0x2D6F), range(0x2D7F, 0x2D7F), range(0x2DE0, 0x2DFF), range(0x2E2F, 0x2E2F),
    range(0x3005, 0x3005), range(0x302A, 0x302D), range(0x3031, 0x3035), range(0x303B, 0x303B),
    range(0x3099, 0x309E), range(0x30FC, 0x30FE), range(0xA015, 0xA015), range(0xA4F8, 0xA4FD),
    range(0xA60C, 0xA60C), range(0xA66F, 0xA672), range(0xA674, 0xA67D), range(0xA67F, 0xA67F),
    range(0xA69C, 0xA69F), range(0xA6F0, 0xA6F1), range(0xA700, 0xA721), range(0xA770, 0xA770),
    range(0xA788, 0xA78A), range(0xA7F1, 0xA7F4), range(0xA7F8, 0xA7F9), range(0xA802, 0xA802),
    range(0xA806, 0xA806), range(0xA80B, 0xA80B), range(0xA825, 0xA826), range(0xA82C, 0xA82C),
    range(0xA8C4, 0xA8C5), range(0xA8E0, 0xA8F1), range(0xA8FF, 0xA8FF), range(0xA926, 0xA92D),
    range(0xA947, 0xA951), range(0xA980, 0xA982), range(0xA9B3, 0xA9B3), range(0xA9B6, 0xA9B9),
    range(0xA9BC, 0xA9BD), range(0xA9CF, 0xA9CF), range(0xA9E5, 0xA9E6), range(0xAA29, 0xAA2E),
    range(0xAA31, 0xAA32), range(0xAA35, 0xAA36), range(0xAA43, 0xAA43), range(0xAA4C, 0xAA4C),
    range(0xAA70, 0xAA70), range(0xAA7C, 0xAA7C), range(0xAAB0, 0xAAB0), range(0xAAB2, 0xAAB4),
    range(0xAAB7, 0xAAB8), range(0xAABE, 0xAABF), range(0xAAC1, 0xAAC1), range(0xAADD, 0xAADD),
    range(0xAAEC, 0xAAED), range(0xAAF3, 0xAAF4), range(0xAAF6, 0xAAF6), range(0xAB5B, 0xAB5F),
    range(0xAB69, 0xAB6B), range(0xABE5, 0xABE5), range(0xABE8, 0xABE8), range(0xABED, 0xABED),
    range(0xFB1E, 0xFB1E), range(0xFBB2, 0xFBC2), range(0xFE00, 0xFE0F), range(0xFE13, 0xFE13),
    range(0xFE20, 0xFE2F), range(0xFE52, 0xFE52), range(0xFE55, 0xFE55), range(0xFEFF, 0xFEFF),
    range(0xFF07, 0xFF07), range(0xFF0E, 0xFF0E), range(0xFF1A, 0xFF1A), range(0xFF3E, 0xFF3E),
    range(0xFF40, 0xFF40), range(0xFF70, 0xFF70), range(0xFF9E, 0xFF9F), range(0xFFE3, 0xFFE3),
    range(0xFFF9, 0xFFFB), range(0x101FD, 0x101FD), range(0x102E0, 0x102E0), range(0x10376, 0x1037A),
    range(0x10780, 0x10785), range(0x10787, 0x107B0), range(0x107B2, 0x107BA), range(0x10A01, 0x10A03),
    range(0x10A05, 0x10A06), range(0x10A0C, 0x10A0F), range(0x10A38, 0x10A3A), range(0x10A3F, 0x10A3F),
    range(0x10AE5, 0x10AE6), range(0x10D24, 0x10D27), range(0x10D4E, 0x10D4E), range(0x10D69, 0x10D6D),
    range(0x10D6F, 0x10D6F), range(0x10EAB, 0x10EAC), range(0x10EC5, 0x10EC5), range(0x10EFA, 0x10EFF),
    range(0x10F46, 0x10F50), range(0x10F82, 0x10F85), range(0x11001, 0x11001), range(0x11038, 0x11046),
    range(0x11070, 0x11070), range(0x11073, 0x11074), range(0x1107F, 0x11081), range(0x110B3, 0x110B6),
    range(0x110B9, 0x110BA), range(0x110BD, 0x110BD), range(0x110C2, 0x110C2), range(0x110CD, 0x110CD),
    range(0x11100, 0x11102), range(0x11127, 0x1112B), range(0x1112D, 0x11134), range(0x11173, 0x11173),
    range(0x11180, 0x11181), range(0x111B6, 0x111BE), range(0x111C9, 0x111CC), range(0x111CF, 0x111CF),
    range(0x1122F, 0x11231), range(0x11234, 0x11234), range(0x11236, 0x11237), range(0x1123E, 0x1123E),
    range(0x11241, 0x11241), range(0x112DF, 0x112DF), range(0x112E3, 0x112EA), range(0x11300, 0x11301),
    range(0x1133B, 0x1133C), range(0x11340, 0x11340), range(0x11366, 0x1136C), range(0x11370, 0x11374),
    range(0x113BB, 0x113C0), range(0x113CE, 0x113CE), range(0x113D0, 0x113D0), range(0x113D2, 0x113D2),
    range(0x113E1, 0x113E2), range(0x11438, 0x1143F), range(0x11442, 0x11444), range(0x11446, 0x11446),
    range(0x1145E, 0x1145E), range(0x114B3, 0x114B8), range(0x114BA, 0x114BA), range(0x114BF, 0x114C0),
    range(0x114C2, 0x114C3), range(0x115B2, 0x115B5), range(0x115BC, 0x115BD), range(0x115BF, 0x115C0),
    range(0x115DC, 0x115DD), range(0x11633, 0x1163A), range(0x1163D, 0x1163D), range(0x1163F, 0x11640),
    range(0x116AB, 0x116AB), range(0x116AD, 0x116AD), range(0x116B0, 0x116B5), range(0x116B7, 0x116B7),
    range(0x1171D, 0x1171D), range(0x1171F, 0x1171F), range(0x11722, 0x11725), range(0x11727, 0x1172B),
    range(0x1182F, 0x11837), range(0x11839, 0x1183A), range(0x1193B, 0x1193C), range(0x1193E, 0x1193E),
    range(0x11943, 0x11943), range(0x119D4, 0x119D7), range(0x119DA, 0x119DB), range(0x119E0, 0x119E0),
    range(0x11A01, 0x11A0A), range(0x11A33, 0x11A38), range(0x11A3B, 0x11A3E), range(0x11A47, 0x11A47),
    range(0x11A51, 0x11A56), range(0x11A59, 0x11A5B), range(0x11A8A, 0x11A96), range(0x11A98, 0x11A99),
    range(0x11B60, 0x11B60), range(0x11B62, 0x11B64), range(0x11B66, 0x11B66), range(0x11C30, 0x11C36),
    range(0x11C38, 0x11C3D), range(0x11C3F, 0x11C3F), range(0x11C92, 0x11CA7), range(0x11CAA, 0x11CB0),
    range(0x11CB2, 0x11CB3), range(0x11CB5, 0x11CB6), range(0x11D31, 0x11D36), range(0x11D3A, 0x11D3A),
    range(0x11D3C, 0x11D3D), range(0x11D3F, 0x11D45), range(0x11D47, 0x11D47), range(0x11D90, 0x11D91),
    range(0x11D95, 0x11D95), range(0x11D97, 0x11D97), range(0x11DD9, 0x11DD9), range(0x11EF3, 0x11EF4),
    range(0x11F00, 0x11F01), range(0x11F36, 0x11F3A), range(0x11F40, 0x11F40), range(0x11F42, 0x11F42),
    range(0x11F5A, 0x11F5A), range(0x13430, 0x13440), range(0x13447, 0x13455), range(0x1611E, 0x16129),
    range(0x1612D, 0x1612F), range(0x16AF0, 0x16AF4), range(0x16B30, 0x16B36), range(0x16B40, 0x16B43),
    range(0x16D40, 0x16D42), range(0x16D6B, 0x16D6C), range(0x16F4F, 0x16F4F), range(0x16F8F, 0x16F9F),
    range(0x16FE0, 0x16FE1), range(0x16FE3, 0x16FE4), range(0x16FF2, 0x16FF3), range(0x1AFF0, 0x1AFF3),
    range(0x1AFF5, 0x1AFFB), range(0x1AFFD, 0x1AFFE), range(0x1BC9D, 0x1BC9E), range(0x1BCA0, 0x1BCA3),
    range(0x1CF00, 0x1CF2D), range(0x1CF30, 0x1CF46), range(0x1D167, 0x1D169), range(0x1D173, 0x1D182),
    range(0x1D185, 0x1D18B), range(0x1D1AA, 0x1D1AD), range(0x1D242, 0x1D244), range(0x1DA00, 0x1DA36),
    range(0x1DA3B, 0x1DA6C), range(0x1DA75, 0x1DA75), range(0x1DA84, 0x1DA84), range(0x1DA9B, 0x1DA9F),
    range(0x1DAA1, 0x1DAAF), range(0x1E000, 0x1E006), range(0x1E008, 0x1E018), range(0x1E01B, 0x1E021),
    range(0x1E023, 0x1E024), range(0x1E026, 0x1E02A), range(0x1E030, 0x1E06D), range(0x1E08F, 0x1E08F),
    range(0x1E130, 0x1E13D), range(0x1E2AE, 0x1E2AE), range(0x1E2EC, 0x1E2EF), range(0x1E4EB, 0x1E4EF),
    range(0x1E5EE, 0x1E5EF), range(0x1E6E3, 0x1E6E3), range(0x1E6E6, 0x1E6E6), range(0x1E6EE, 0x1E6EF),
    range(0x1E6F5, 0x1E6F5), range(0x1E6FF, 0x1E6FF), range(0x1E8D0, 0x1E8D6), range(0x1E944, 0x1E94B),
    range(0x1F3FB, 0x1F3FF), range(0xE0001, 0xE0001), range(0xE0020, 0xE007F), range(0xE0100, 0xE01EF),
];

/// Unicode's Cased property, among the characters that are not
/// case-ignorable (the only ones the final-sigma rule asks about).
#[rustfmt::skip]
static CASED: &[u32] = &[
    range(0x0041, 0x005A), range(0x0061, 0x007A), range(0x00AA, 0x00AA), range(0x00B5, 0x00B5),
    range(0x00BA, 0x00BA), range(0x00C0, 0x00D6), range(0x00D8, 0x00F6), range(0x00F8, 0x01BA),
    range(0x01BC, 0x01BF), range(0x01C4, 0x0293), range(0x0296, 0x02AF), range(0x0370, 0x0373),
    range(0x0376, 0x0377), range(0x037B, 0x037D), range(0x037F, 0x037F), range(0x0386, 0x0386),
    range(0x0388, 0x038A), range(0x038C, 0x038C), range(0x038E, 0x03A1), range(0x03A3, 0x03F5),
    range(0x03F7, 0x0481), range(0x048A, 0x052F), range(0x0531, 0x0556), range(0x0560, 0x0588),
    range(0x10A0, 0x10C5), range(0x10C7, 0x10C7), range(0x10CD, 0x10CD), range(0x10D0, 0x10FA),
    range(0x10FD, 0x10FF), range(0x13A0, 0x13F5), range(0x13F8, 0x13FD), range(0x1C80, 0x1C8A),
    range(0x1C90, 0x1CBA), range(0x1CBD, 0x1CBF), range(0x1D00, 0x1D2B), range(0x1D6B, 0x1D77),
    range(0x1D79, 0x1D9A), range(0x1E00, 0x1F15), range(0x1F18, 0x1F1D), range(0x1F20, 0x1F45),
    range(0x1F48, 0x1F4D), range(0x1F50, 0x1F57), range(0x1F59, 0x1F59), range(0x1F5B, 0x1F5B),
    range(0x1F5D, 0x1F5D), range(0x1F5F, 0x1F7D), range(0x1F80, 0x1FB4), range(0x1FB6, 0x1FBC),
    range(0x1FBE, 0x1FBE), range(0x1FC2, 0x1FC4), range(0x1FC6, 0x1FCC), range(0x1FD0, 0x1FD3),
    range(0x1FD6, 0x1FDB), range(0x1FE0, 0x1FEC), range(0x1FF2, 0x1FF4), range(0x1FF6, 0x1FFC),
    range(0x2102, 0x2102), range(0x2107, 0x2107), range(0x210A, 0x2113), range(0x2115, 0x2115),
    range(0x2119, 0x211D), range(0x2124, 0x2124), range(0x2126, 0x2126), range(0x2128, 0x2128),
    range(0x212A, 0x212D), range(0x212F, 0x2134), range(0x2139, 0x2139), range(0x213C, 0x213F),
    range(0x2145, 0x2149), range(0x214E, 0x214E), range(0x2160, 0x217F), range(0x2183, 0x2184),
    range(0x24B6, 0x24E9), range(0x2C00, 0x2C7B), range(0x2C7E, 0x2CE4), range(0x2CEB, 0x2CEE),
    range(0x2CF2, 0x2CF3), range(0x2D00, 0x2D25), range(0x2D27, 0x2D27), range(0x2D2D, 0x2D2D),
    range(0xA640, 0xA66D), range(0xA680, 0xA69B), range(0xA722, 0xA76F), range(0xA771, 0xA787),
    range(0xA78B, 0xA78E), range(0xA790, 0xA7DC), range(0xA7F5, 0xA7F6), range(0xA7FA, 0xA7FA),
    range(0xAB30, 0xAB5A), range(0xAB60, 0xAB68), range(0xAB70, 0xABBF), range(0xFB00, 0xFB06),
    range(0xFB13, 0xFB17), range(0xFF21, 0xFF3A), range(0xFF41, 0xFF5A), range(0x10400, 0x1044F),
    range(0x104B0, 0x104D3), range(0x104D8, 0x104FB), range(0x10570, 0x1057A), range(0x1057C, 0x1058A),
    range(0x1058C, 0x10592), range(0x10594, 0x10595), range(0x10597, 0x105A1), range(0x105A3, 0x105B1),
    range(0x105B3, 0x105B9), range(0x105BB, 0x105BC), range(0x10C80, 0x10CB2), range(0x10CC0, 0x10CF2),
    range(0x10D50, 0x10D65), range(0x10D70, 0x10D85), range(0x118A0, 0x118DF), range(0x16E40, 0x16E7F),
    range(0x16EA0, 0x16EB8), range(0x16EBB, 0x16ED3), range(0x1D400, 0x1D454), range(0x1D456, 0x1D49C),
    range(0x1D49E, 0x1D49F), range(0x1D4A2, 0x1D4A2), range(0x1D4A5, 0x1D4A6), range(0x1D4A9, 0x1D4AC),
    range(0x1D4AE, 0x1D4B9), range(0x1D4BB, 0x1D4BB), range(0x1D4BD, 0x1D4C3), range(0x1D4C5, 0x1D505),
    range(0x1D507, 0x1D50A), range(0x1D50D, 0x1D514), range(0x1D516, 0x1D51C), range(0x1D51E, 0x1D539),
    range(0x1D53B, 0x1D53E), range(0x1D540, 0x1D544), range(0x1D546, 0x1D546), range(0x1D54A, 0x1D550),
    range(0x1D552, 0x1D6A5), range(0x1D6A8, 0x1D6C0), range(0x1D6C2, 0x1D6DA), range(0x1D6DC, 0x1D6FA),
    range(0x1D6FC, 0x1D714), range(0x1D716, 0x1D734), range(0x1D736, 0x1D74E), range(0x1D750, 0x1D76E),
    range(0x1D770, 0x1D788), range(0x1D78A, 0x1D7A8), range(0x1D7AA, 0x1D7C2), range(0x1D7C4, 0x1D7CB),
    range(0x1DF00, 0x1DF09), range(0x1DF0B, 0x1DF1E), range(0x1DF25, 0x1DF2A), range(0x1E900, 0x1E943),
    range(0x1F130, 0x1F149), range(0x1F150, 0x1F169), range(0x1F170, 0x1F189),
];

#[cfg(test)]
mod tests {
    use super::*;

    fn chars() -> impl Iterator<Item = char> {
        (0..=0x10_FFFF).filter_map(char::from_u32)
    }

    #[test]
    fn every_character_lowercases_as_the_standard_library_does() {
        for c in chars() {
            let alone = c.to_string();
            assert_eq!(to_lowercase(&alone), alone.to_lowercase(), "{c:?}");
        }
    }

    /// Every context the final-sigma rule reads a character in: before the
    /// sigma (alone, or after a cased letter) and after it. The two before
    /// tell whether the character is case-ignorable, and if not whether it
    /// is cased, so `CASE_IGNORABLE` and `CASED` must agree with the
    /// standard library on every character.
    #[test]
    fn sigma_is_final_exactly_where_the_standard_library_says() {
        for c in chars() {
            for s in [format!("{c}Σ"), format!("A{c}Σ"), format!("AΣ{c}")] {
                assert_eq!(to_lowercase(&s), s.to_lowercase(), "{c:?} in {s:?}");
            }
        }
    }

    #[test]
    fn names_lowercase_as_expected() {
        assert_eq!(to_lowercase("Ödön ÁRPÁD"), "ödön árpád");
        assert_eq!(to_lowercase("ΟΔΥΣΣΕΥΣ"), "οδυσσευς");
        assert_eq!(to_lowercase("İstanbul"), "i\u{307}stanbul");
        assert_eq!(to_lowercase("ǅemal"), "ǆemal");
    }

    /// Builds the three tables from the standard library's own answers and
    /// checks they are the ones below; if not, prints them to paste in.
    #[test]
    fn tables_are_the_standard_librarys() {
        let mut mapped = Vec::new();
        for c in chars().filter(|c| !c.is_ascii() && !matches!(c, 'Σ' | 'İ')) {
            let lower: Vec<char> = c.to_lowercase().collect();
            assert_eq!(lower.len(), 1, "{c:?} lowercases to several characters");
            if lower[0] != c {
                mapped.push((c as u32, lower[0] as i64 - c as i64));
            }
        }
        let mut runs = Vec::new();
        let mut i = 0;
        while i < mapped.len() {
            let (first, distance) = mapped[i];
            let mut best = (1, 1);
            for step in [1, 2] {
                let mut count = 1;
                while count < 0x7F
                    && mapped.get(i + count as usize) == Some(&(first + count * step, distance))
                {
                    count += 1;
                }
                if count > best.0 {
                    best = (count, step);
                }
            }
            runs.push((first, best.0, best.1, distance));
            i += best.0 as usize;
        }
        let sigma_after = |c: char| format!("{c}Σ").to_lowercase().ends_with('ς');
        let sigma_after_cased = |c: char| format!("A{c}Σ").to_lowercase().ends_with('ς');
        let ignorable: Vec<u32> = chars()
            .filter(|&c| !sigma_after(c) && sigma_after_cased(c))
            .map(|c| c as u32)
            .collect();
        let cased: Vec<u32> = chars()
            .filter(|&c| sigma_after(c))
            .map(|c| c as u32)
            .collect();
        let ranges = |set: &[u32]| {
            let mut out = Vec::new();
            let mut i = 0;
            while i < set.len() {
                let first = set[i];
                let mut last = first;
                while i + 1 < set.len() && set[i + 1] == last + 1 && last - first < 0x7FF {
                    i += 1;
                    last += 1;
                }
                out.push((first, last));
                i += 1;
            }
            out
        };
        let (ignorable, cased) = (ranges(&ignorable), ranges(&cased));
        let built_runs: Vec<u64> = runs
            .iter()
            .map(|&(first, count, step, distance)| run(first, count, step, distance as i32))
            .collect();
        let built_ranges =
            |set: &[(u32, u32)]| -> Vec<u32> { set.iter().map(|&(f, l)| range(f, l)).collect() };
        if built_runs == LOWER_RUNS
            && built_ranges(&ignorable) == CASE_IGNORABLE
            && built_ranges(&cased) == CASED
        {
            return;
        }
        let runs: Vec<String> = runs
            .iter()
            .map(|(first, count, step, distance)| {
                format!("run(0x{first:04X}, {count}, {step}, {distance})")
            })
            .collect();
        let text = |set: &[(u32, u32)]| -> Vec<String> {
            set.iter()
                .map(|(first, last)| format!("range(0x{first:04X}, 0x{last:04X})"))
                .collect()
        };
        for (name, items, per_line) in [
            ("LOWER_RUNS", runs, 3),
            ("CASE_IGNORABLE", text(&ignorable), 4),
            ("CASED", text(&cased), 4),
        ] {
            println!("{name}:");
            for line in items.chunks(per_line) {
                println!("    {},", line.join(", "));
            }
        }
        panic!("the tables differ from the standard library's: paste the ones printed above");
    }
}
