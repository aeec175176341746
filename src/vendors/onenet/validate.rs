//! What OneNET accepts in names and keys, shared by the API and the scenario checks: section
//! 1's device title (at most 64 characters), section 2's channel title (at most 64 letters and
//! digits), api-keys and device ids.

/// Longest device title (section 1.1).
pub const MAX_DEVICE_TITLE: usize = 64;
/// Longest channel title (sections 2.3 and 2.4).
pub const MAX_CHANNEL_TITLE: usize = 64;
/// Longest api-key camsim accepts in a scenario.
pub const MAX_KEY: usize = 128;

/// Why `title` is not a device title.
pub fn device_title_problem(title: &str) -> Option<String> {
    let n = title.chars().count();
    if title.trim().is_empty() {
        return Some("must not be empty".into());
    }
    (n > MAX_DEVICE_TITLE).then(|| format!("{n} characters, at most {MAX_DEVICE_TITLE}"))
}

/// Why `title` is not a channel title: "only digits, letters or both", at most 64.
pub fn channel_title_problem(title: &str) -> Option<String> {
    let n = title.chars().count();
    if n == 0 {
        return Some("must not be empty".into());
    }
    if n > MAX_CHANNEL_TITLE {
        return Some(format!("{n} characters, at most {MAX_CHANNEL_TITLE}"));
    }
    (!title.chars().all(|c| c.is_ascii_alphanumeric()))
        .then(|| "only letters and digits".to_string())
}

/// Why `key` cannot be an api-key.
pub fn key_problem(key: &str) -> Option<String> {
    let n = key.chars().count();
    if n == 0 || n > MAX_KEY {
        return Some(format!("must be 1-{MAX_KEY} characters"));
    }
    (!key.chars().all(|c| c.is_ascii_graphic()))
        .then(|| "only visible ASCII characters (it travels in a header)".to_string())
}

/// `text` is 1 to `max` ASCII digits.
pub fn is_digits(text: &str, max: usize) -> bool {
    !text.is_empty() && text.len() <= max && text.bytes().all(|b| b.is_ascii_digit())
}
