//! Masked contact details: enough to recognise an address or a number on
//! a shared screen, not enough to read it off. The widget masks what it
//! lists; the proxy masks the e-mail it may show in a user search.

/// The character that stands in for hidden characters.
pub const MASK: char = '•';

/// `trevor@example.com` → `t•••••@example.com`: enough to recognise an
/// address on a shared screen, not enough to read it off.
pub fn mask_email(address: &str) -> String {
    let address = address.trim();
    match address.split_once('@') {
        Some((local, domain)) => {
            let mut chars = local.chars();
            let first = chars.next().map(String::from).unwrap_or_default();
            let hidden: String = chars.map(|_| MASK).collect();
            format!("{first}{hidden}@{domain}")
        }
        None => mask_all_but_last(address, 2),
    }
}

/// `13334446666` → `•••••••6666`: the last four digits only.
pub fn mask_phone(number: &str) -> String {
    mask_all_but_last(number.trim(), 4)
}

fn mask_all_but_last(text: &str, keep: usize) -> String {
    let count = text.chars().count();
    text.chars()
        .enumerate()
        .map(|(i, c)| if i + keep < count { MASK } else { c })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_email_shows_its_first_letter_and_domain_only() {
        assert_eq!(mask_email("trevor@example.com"), "t•••••@example.com");
        assert_eq!(mask_email("a@b.co"), "a@b.co");
    }

    #[test]
    fn a_phone_number_shows_its_last_four_digits_only() {
        assert_eq!(mask_phone("13334446666"), "•••••••6666");
        assert_eq!(mask_phone("123"), "123");
    }
}
