//! Writes a benchmark's figures into `docs/PERFORMANCE.md`, between `<!-- bench:NAME -->` and
//! `<!-- /bench:NAME -->` (added at the end the first time), with the date and the machine, so the
//! document keeps every benchmark's latest run and the text around them.

use std::path::Path;

/// "2026-11-28, 2 × Intel Xeon …, 7.8 GiB RAM, Linux 6.1".
pub fn machine() -> String {
    let cpu = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|c| {
            c.lines()
                .find_map(|l| l.strip_prefix("model name"))
                .map(|m| m.trim_start_matches([' ', '\t', ':']).to_string())
        })
        .unwrap_or_else(|| "unknown CPU".into());
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let memory = std::fs::read_to_string("/proc/meminfo")
        .ok()
        .and_then(|m| {
            m.lines()
                .find_map(|l| l.strip_prefix("MemTotal:"))
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
        })
        .map_or("? GiB".into(), |kib| {
            format!("{:.1} GiB", kib / 1024.0 / 1024.0)
        });
    let kernel = std::fs::read_to_string("/proc/sys/kernel/osrelease")
        .map(|k| k.trim().to_string())
        .unwrap_or_default();
    format!("{cores} × {cpu}, {memory} RAM, Linux {kernel}")
}

/// Replaces (or appends) the section `name` of the document at `path` with `body`.
pub fn write_section(path: &Path, name: &str, body: &str) -> std::io::Result<()> {
    let doc = std::fs::read_to_string(path).unwrap_or_default();
    let start = format!("<!-- bench:{name} -->");
    let end = format!("<!-- /bench:{name} -->");
    let section = format!("{start}\n{}\n{end}", body.trim_end());
    let updated = match (doc.find(&start), doc.find(&end)) {
        (Some(a), Some(b)) if b > a => format!("{}{section}{}", &doc[..a], &doc[b + end.len()..]),
        _ => format!("{}\n\n{section}\n", doc.trim_end()),
    };
    std::fs::write(path, updated)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_section_is_replaced_in_place_and_the_rest_is_kept() {
        let dir = tempfile::tempdir().expect("dir");
        let path = dir.path().join("PERFORMANCE.md");
        std::fs::write(&path, "# Performance\n\nBy hand.\n").expect("write");
        write_section(&path, "export", "first").expect("append");
        write_section(&path, "views", "views").expect("append");
        write_section(&path, "export", "second").expect("replace");
        let doc = std::fs::read_to_string(&path).expect("read");
        assert!(doc.starts_with("# Performance\n\nBy hand.\n"));
        assert!(doc.contains("<!-- bench:export -->\nsecond\n<!-- /bench:export -->"));
        assert!(!doc.contains("first"));
        assert!(
            doc.find("bench:export").expect("export") < doc.find("bench:views").expect("views")
        );
    }
}
