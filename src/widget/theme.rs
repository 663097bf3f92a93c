//! The widget's stylesheet and its default colours. The stylesheet is
//! compiled in, minified (every shadow root gets a copy); the tests below
//! hold the defaults to WCAG 2.1 AA contrast.

/// `style/widget.css` as written, comments and all.
pub const SOURCE: &str = include_str!("../../style/widget.css");

/// The stylesheet every shadow root gets: [`SOURCE`] without its comments
/// and with each run of whitespace (outside quotes) as one space, done by
/// the compiler, so the bundle carries no comments.
pub const STYLE: &str = match std::str::from_utf8(&MINIFIED) {
    Ok(style) => style,
    Err(_) => panic!("widget.css is UTF-8"),
};

const MINIFIED_LEN: usize = minify(SOURCE.as_bytes(), None);
const MINIFIED: [u8; MINIFIED_LEN] = {
    let mut out = [0; MINIFIED_LEN];
    minify(SOURCE.as_bytes(), Some(&mut out));
    out
};

/// Writes the minified `css` into `out` (when given) and returns its length.
/// A comment counts as whitespace; quoted strings are kept as they are.
const fn minify(css: &[u8], mut out: Option<&mut [u8]>) -> usize {
    let (mut i, mut len) = (0, 0);
    let mut space = false;
    let mut quote = 0u8;
    while i < css.len() {
        let b = css[i];
        if quote == 0 && b == b'/' && i + 1 < css.len() && css[i + 1] == b'*' {
            i += 2;
            while i + 1 < css.len() && !(css[i] == b'*' && css[i + 1] == b'/') {
                i += 1;
            }
            i += 2;
            space = true;
            continue;
        }
        if quote == 0 && b.is_ascii_whitespace() {
            space = true;
            i += 1;
            continue;
        }
        if space && len > 0 {
            if let Some(out) = &mut out {
                out[len] = b' ';
            }
            len += 1;
        }
        space = false;
        if quote == 0 && (b == b'"' || b == b'\'') {
            quote = b;
        } else if b == quote {
            quote = 0;
        }
        if let Some(out) = &mut out {
            out[len] = b;
        }
        len += 1;
        i += 1;
    }
    len
}

/// The default of a custom property as the stylesheet writes it:
/// `var(--pm-text, #1f2328)` → `(0x1f, 0x23, 0x28)`.
pub fn default_colour(property: &str) -> Option<(u8, u8, u8)> {
    let needle = format!("var({property}, #");
    let start = STYLE.find(&needle)? + needle.len();
    let hex = STYLE.get(start..start + 6)?;
    let channel = |i: usize| u8::from_str_radix(&hex[i..i + 2], 16).ok();
    Some((channel(0)?, channel(2)?, channel(4)?))
}

/// WCAG 2.1 contrast ratio of two sRGB colours (1 to 21).
pub fn contrast_ratio(a: (u8, u8, u8), b: (u8, u8, u8)) -> f64 {
    fn luminance((r, g, b): (u8, u8, u8)) -> f64 {
        let linear = |c: u8| {
            let c = f64::from(c) / 255.0;
            if c <= 0.039_28 {
                c / 12.92
            } else {
                ((c + 0.055) / 1.055).powf(2.4)
            }
        };
        0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b)
    }
    let (la, lb) = (luminance(a), luminance(b));
    let (hi, lo) = if la > lb { (la, lb) } else { (lb, la) };
    (hi + 0.05) / (lo + 0.05)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn colour(name: &str) -> (u8, u8, u8) {
        default_colour(name).unwrap_or_else(|| panic!("{name} has a default in widget.css"))
    }

    #[test]
    fn default_text_colours_meet_wcag_aa_on_their_backgrounds() {
        let pairs = [
            ("--pm-text", "--pm-bg"),
            ("--pm-text", "--pm-surface"),
            ("--pm-muted", "--pm-bg"),
            ("--pm-muted", "--pm-surface"),
            ("--pm-danger", "--pm-bg"),
            ("--pm-accent", "--pm-bg"),
            ("--pm-accent-text", "--pm-accent"),
        ];
        for (text, background) in pairs {
            let ratio = contrast_ratio(colour(text), colour(background));
            assert!(
                ratio >= 4.5,
                "{text} on {background}: {ratio:.2}:1 is under 4.5:1"
            );
        }
    }

    #[test]
    fn the_shipped_stylesheet_is_the_source_without_comments_or_extra_space() {
        assert!(!STYLE.contains("/*") && !STYLE.contains('\n') && !STYLE.contains("  "));
        assert!(STYLE.starts_with(":host {"), "{}", &STYLE[..40]);
        assert!(STYLE.contains(r#""Segoe UI""#));
        let words = |css: &str| -> Vec<String> {
            let mut without_comments = String::new();
            let mut rest = css;
            while let Some(start) = rest.find("/*") {
                without_comments.push_str(&rest[..start]);
                without_comments.push(' ');
                rest = rest[start..]
                    .split_once("*/")
                    .map_or("", |(_, after)| after);
            }
            without_comments.push_str(rest);
            without_comments
                .split_whitespace()
                .map(str::to_owned)
                .collect()
        };
        assert_eq!(words(STYLE), words(SOURCE));
        assert_eq!(
            minify(b"a /* x */ b  { c: \"d  e\" }", None),
            "a b { c: \"d  e\" }".len()
        );
    }

    #[test]
    fn input_borders_meet_the_non_text_contrast_minimum() {
        let ratio = contrast_ratio(colour("--pm-border"), colour("--pm-bg"));
        assert!(
            ratio >= 3.0,
            "--pm-border on --pm-bg: {ratio:.2}:1 is under 3:1"
        );
    }
}
