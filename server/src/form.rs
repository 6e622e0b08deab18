//! The fields of a posted HTML form, as every form handler reads them.

/// `(name, value)` pairs in the order posted (a name may repeat).
pub type Fields = Vec<(String, String)>;

/// The first value posted under `name`, exactly as sent (passwords are never trimmed).
pub fn raw<'a>(fields: &'a Fields, name: &str) -> Option<&'a str> {
    fields
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
}

/// The first value under `name`, trimmed; `None` when missing or blank.
pub fn value<'a>(fields: &'a Fields, name: &str) -> Option<&'a str> {
    raw(fields, name).map(str::trim).filter(|v| !v.is_empty())
}
