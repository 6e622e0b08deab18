//! Reading a cookie out of a `Cookie:` header (the session, the language, the survey's device).

/// The value of a cookie in a `Cookie:` header.
pub fn cookie<'a>(header: &'a str, name: &str) -> Option<&'a str> {
    header
        .split(';')
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cookie_is_found_by_its_whole_name() {
        let header = "ikm_sesi=abc; ikm_lang=en;ikm_device=x=y";
        assert_eq!(cookie(header, "ikm_lang"), Some("en"));
        assert_eq!(cookie(header, "ikm_sesi"), Some("abc"));
        assert_eq!(cookie(header, "ikm_device"), Some("x=y"));
        assert_eq!(cookie(header, "ikm"), None);
    }
}
