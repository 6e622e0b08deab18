//! Where a redirect may go: only a path of this site, written so that no browser reads it as another
//! site's address. Used by every `next=` (sign-in, the language switch).

/// The characters a `next` path may hold as sent: RFC 3986's unreserved and sub-delims, `:`, `@`,
/// `/`, `?` and `%` escapes. No space or control character, no backslash, nothing beyond ASCII.
fn allowed(byte: u8) -> bool {
    byte.is_ascii_alphanumeric() || b"-._~!$&'()*+,;=:@/?%".contains(&byte)
}

/// `next` when it is a path of this site that is safe in a `Location` header: made of URL path
/// characters only, and still a path of this site once a browser has decoded its escapes and
/// removed its dot segments (never `//host`, `/\host`, `/<TAB>/host`, `/%2f%2fhost`,
/// `/.//host`, or a Unicode slash).
pub fn local_path(next: &str) -> Option<&str> {
    if !next.starts_with('/') || next.len() > 2_000 || !next.bytes().all(allowed) {
        return None;
    }
    let path = next.split('?').next().unwrap_or(next);
    let decoded = percent_decode(path)?;
    let plain = |b: &u8| b.is_ascii_graphic() && *b != b'\\';
    if !decoded.iter().all(plain) {
        return None;
    }
    let decoded = String::from_utf8(decoded).ok()?;
    if decoded.starts_with("//") || without_dot_segments(&decoded).starts_with("//") {
        return None;
    }
    Some(next)
}

/// The bytes `%XX` escapes stand for; `None` for a broken escape.
fn percent_decode(text: &str) -> Option<Vec<u8>> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = std::str::from_utf8(bytes.get(i + 1..i + 3)?).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    Some(out)
}

/// RFC 3986 § 5.2.4: the path with its `.` and `..` segments resolved, as a browser resolves it.
fn without_dot_segments(path: &str) -> String {
    let mut kept: Vec<&str> = Vec::new();
    let segments: Vec<&str> = path.split('/').skip(1).collect();
    let last = segments.len().saturating_sub(1);
    for (i, segment) in segments.iter().enumerate() {
        match *segment {
            "." => {
                if i == last {
                    kept.push("");
                }
            }
            ".." => {
                kept.pop();
                if i == last {
                    kept.push("");
                }
            }
            other => kept.push(other),
        }
    }
    format!("/{}", kept.join("/"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_of_this_site_pass_unchanged() {
        for good in [
            "/",
            "/admin",
            "/admin/unit/1871-disdukcapil",
            "/s/1871-disdukcapil?layanan=3&loket=A%201",
            "/dasbor/x?periode=2026-T3",
            "/publik?q=Bandar%20Lampung",
            "/wilayah/18.71",
            "/a/./b",
            "/a/../b",
        ] {
            assert_eq!(local_path(good), Some(good), "{good}");
        }
    }

    #[test]
    fn known_open_redirect_bypasses_are_refused() {
        for bad in [
            "",
            "admin",
            "//evil.example",
            "///evil.example",
            "https://evil.example",
            "/\\evil.example",
            "\\/evil.example",
            "/\t/evil.example",
            "/%09/evil:3199/x",
            "/\r\n/evil.example",
            "/%0d%0a/evil.example",
            "/%0a",
            "/%7F",
            "/%2f%2fevil.example",
            "/%2F/evil.example",
            "/%5c/evil.example",
            "/.//evil.example",
            "/./%2f/evil.example",
            "/..//evil.example",
            "/x/..//evil.example",
            "/／evil.example",
            "/%EF%BC%8F%EF%BC%8Fevil.example",
            "/∕∕evil.example",
            "/ /evil.example",
            "/%20/evil.example",
            "/%zz",
            "/%2",
        ] {
            assert_eq!(local_path(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn dot_segments_resolve_as_browsers_do() {
        assert_eq!(without_dot_segments("/a/./b"), "/a/b");
        assert_eq!(without_dot_segments("/a/../b"), "/b");
        assert_eq!(without_dot_segments("/../../x"), "/x");
        assert_eq!(without_dot_segments("/.//x"), "//x");
        assert_eq!(without_dot_segments("/a/.."), "/");
    }
}
