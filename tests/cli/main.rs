//! The `ikm` binary as a person runs it: help, migrate, seed-demo, compute, and bad configuration.

#[path = "../support/mod.rs"]
mod support;

mod backup;
mod crash;
mod invite;
mod regions;
mod servers;
mod transfer;
mod users;

use std::process::{Command, Stdio};
use support::{free_port, ikm, ikm_bin, repo_root, TempDb};

fn stdout(o: &std::process::Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &std::process::Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn help_explains_each_subcommand() {
    let out = ikm("sqlite::memory:", &["--help"]);
    assert!(out.status.success());
    let text = stdout(&out);
    for command in [
        "serve",
        "migrate",
        "seed-demo",
        "compute",
        "import",
        "export",
    ] {
        assert!(text.contains(command), "--help mentions {command}:\n{text}");
    }
}

#[test]
fn migrate_and_seed_work_on_an_empty_database_and_seeding_twice_adds_nothing() {
    let db = TempDb::new();
    let migrated = ikm(&db.url, &["migrate"]);
    assert!(migrated.status.success(), "{}", stderr(&migrated));
    assert!(
        stdout(&migrated).contains("16 regions"),
        "{}",
        stdout(&migrated)
    );

    let first = ikm(&db.url, &["seed-demo"]);
    assert!(first.status.success(), "{}", stderr(&first));
    let second = ikm(&db.url, &["seed-demo"]);
    assert!(second.status.success(), "{}", stderr(&second));
    let (a, b) = (stdout(&first), stdout(&second));
    // Lampung's 165 and the two other provinces' 28 (the national tree comes with them).
    assert!(a.contains("193 new units"), "{a}");
    assert!(!a.contains(" 0 new responses"), "a year of responses: {a}");
    assert!(b.contains("0 new units, 0 new responses"), "{b}");
    // Same totals after the second run: nothing duplicated.
    let totals = |s: &str| s.split_once('(').map(|(_, t)| t.to_string());
    assert_eq!(totals(&a), totals(&b));
    assert!(a.contains("193 units") && a.contains("552 regions"), "{a}");
}

#[test]
fn an_empty_database_url_means_the_default_file_under_data() {
    let dir = tempfile::tempdir().expect("tmp");
    for command in ["migrate", "seed-demo"] {
        let out = Command::new(ikm_bin())
            .arg(command)
            .env("DATABASE_URL", "")
            .env("RUST_LOG", "warn")
            .current_dir(dir.path())
            .stdin(Stdio::null())
            .output()
            .expect("runs");
        assert!(out.status.success(), "{command}: {}", stderr(&out));
    }
    assert!(
        dir.path().join("data/ikm.db").exists(),
        "created data/ikm.db"
    );
}

fn assert_one_clear_sentence(out: &std::process::Output, needle: &str) {
    assert!(!out.status.success(), "must fail");
    let err = stderr(out);
    assert!(
        err.contains(needle),
        "stderr names the problem ({needle}):\n{err}"
    );
    assert!(!err.contains("panicked"), "no panic:\n{err}");
    assert!(!err.contains("RUST_BACKTRACE"), "no backtrace hint:\n{err}");
    assert_eq!(err.trim().lines().count(), 1, "one line:\n{err}");
}

#[test]
fn an_unusable_database_url_stops_serve_with_one_sentence() {
    let port = free_port().to_string();
    let addr = format!("127.0.0.1:{port}");
    let out = ikm(
        "sqlite:///proc/ikm-cannot-be-here/ikm.db",
        &["serve", "--addr", &addr],
    );
    assert_one_clear_sentence(&out, "cannot open the database");
    let out = ikm("mysql://localhost/ikm", &["serve", "--addr", &addr]);
    assert_one_clear_sentence(&out, "DATABASE_URL");
}

#[test]
fn a_port_in_use_stops_serve_with_one_sentence() {
    let taken = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let addr = taken.local_addr().expect("addr").to_string();
    let db = TempDb::new();
    let out = Command::new(ikm_bin())
        .args(["serve", "--addr", &addr])
        .env("DATABASE_URL", &db.url)
        .env("RUST_LOG", "off")
        .stdin(Stdio::null())
        .output()
        .expect("runs");
    assert_one_clear_sentence(&out, &format!("cannot listen on {addr}"));
}

#[test]
fn compute_json_matches_the_published_example_field_for_field() {
    let fixtures = repo_root().join("tests/fixtures");
    let out = ikm(
        "sqlite::memory:",
        &[
            "compute",
            fixtures
                .join("example-a-sekadau-2019.csv")
                .to_str()
                .expect("utf-8 path"),
            "--json",
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let mut got: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let expected: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(fixtures.join("example-a-sekadau-2019.expected.json"))
            .expect("expected file"),
    )
    .expect("expected JSON");
    let interval = got
        .as_object_mut()
        .and_then(|o| o.remove("confidence_interval"))
        .expect("an interval for 20 respondents");
    assert_eq!(got, expected);
    let (lo, hi) = (
        interval[0].as_f64().expect("lo"),
        interval[1].as_f64().expect("hi"),
    );
    assert!(
        lo < 78.61 && 78.61 < hi && lo >= 25.0 && hi <= 100.0,
        "{interval}"
    );
}

#[test]
fn compute_reports_sample_adequacy_and_prints_indonesian_numbers() {
    let file = repo_root().join("tests/fixtures/example-a-sekadau-2019.csv");
    let path = file.to_str().expect("utf-8 path");
    let out = ikm(
        "sqlite::memory:",
        &["compute", path, "--population", "1234", "--json"],
    );
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(
        json["sample"],
        serde_json::json!({"population": 1234, "required": 294, "adequate": false})
    );
    let text = stdout(&ikm(
        "sqlite::memory:",
        &["compute", path, "--population", "1234"],
    ));
    assert!(text.contains("78,61"), "{text}");
    assert!(text.contains("Mutu B (Baik)"), "{text}");
    assert!(text.contains("belum representatif"), "{text}");
    assert!(text.contains("1.234"), "{text}");
}

#[test]
fn compute_names_every_bad_line_and_exits_non_zero() {
    let dir = tempfile::tempdir().expect("tmp");
    let file = dir.path().join("bad.csv");
    std::fs::write(&file, "waktu,sarana\n4,4\n5,4\n4,x\n").expect("write");
    let out = ikm(
        "sqlite::memory:",
        &["compute", file.to_str().expect("path")],
    );
    assert!(!out.status.success());
    let err = stderr(&out);
    assert!(err.contains("baris 3") && err.contains("baris 4"), "{err}");
    assert!(!err.contains("panicked"), "{err}");

    let missing = ikm("sqlite::memory:", &["compute", "/no/such/file.csv"]);
    assert_one_clear_sentence(&missing, "cannot read /no/such/file.csv");
}

#[test]
fn compute_marks_unanswered_unsur_with_answered_zero_only() {
    let dir = tempfile::tempdir().expect("tmp");
    let file = dir.path().join("partial.csv");
    std::fs::write(&file, "u1,u9\n4,\n3,2\n").expect("write");
    let out = ikm(
        "sqlite::memory:",
        &["compute", file.to_str().expect("path"), "--json"],
    );
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let elements = json["elements"].as_array().expect("elements");
    assert_eq!(elements.len(), 9);
    assert_eq!(
        elements[1],
        serde_json::json!({"key": "prosedur", "answered": 0})
    );
    assert_eq!(elements[8]["key"], "sarana");
    assert_eq!(elements[8]["answered"], 1);
    // (3,5 + 2)/2 = 2,75 → 68,75 C
    assert_eq!(json["ikm_converted"], 68.75);
    assert_eq!(json["grade"], "C");
}

/// Every `IKM_…=value` the README shows (its production example, `IKM_TRUST_PROXY=1`) starts the
/// server: a setting the README tells people to write must never stop `ikm serve`.
#[test]
fn the_readmes_example_settings_start_the_server() {
    let readme = std::fs::read_to_string(repo_root().join("README.md")).expect("README");
    let mut env: Vec<(String, String)> = Vec::new();
    for word in readme.split(|c: char| c.is_whitespace() || c == '`' || c == ',' || c == '(') {
        let Some((name, value)) = word.split_once('=') else {
            continue;
        };
        let setting = name.starts_with("IKM_")
            && name.bytes().all(|b| b.is_ascii_uppercase() || b == b'_')
            && !value.is_empty()
            && !value.contains('…');
        // The test's own address; everything else as written.
        if setting && name != "IKM_ADDR" && !env.iter().any(|(n, _)| n == name) {
            env.push((name.to_string(), value.to_string()));
        }
    }
    let names: Vec<&str> = env.iter().map(|(n, _)| n.as_str()).collect();
    assert!(names.contains(&"IKM_TRUST_PROXY"), "{names:?}");
    assert!(names.contains(&"IKM_PUBLIC_URL"), "{names:?}");
    let db = TempDb::seeded();
    // Starting waits until `/healthz` answers, and fails the test if it never does.
    let server = support::ExtraServer::start_with_env(&db.url, &env);
    assert!(server.base.starts_with("http://127.0.0.1:"));
}

/// A raw request on a fresh connection, answered within `within`: the status line.
fn raw_get(base: &str, path: &str, within: std::time::Duration) -> std::io::Result<String> {
    use std::io::{Read, Write};
    let addr = base.trim_start_matches("http://");
    let mut stream = std::net::TcpStream::connect(addr)?;
    stream.set_read_timeout(Some(within))?;
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
    )?;
    let mut answer = Vec::new();
    stream.read_to_end(&mut answer)?;
    let text = String::from_utf8_lossy(&answer);
    Ok(text.lines().next().unwrap_or_default().to_string())
}

/// Clients that open a connection and never finish a request (headers cut off, or a body promised
/// and never sent), more of them than the server keeps open: `/healthz` still answers at once, and
/// a connection whose headers stall is closed after the read timeout.
#[test]
fn slow_clients_beyond_the_connection_cap_do_not_stop_the_server() {
    use std::io::{Read, Write};
    let db = TempDb::seeded();
    let env = [
        ("IKM_MAX_CONNECTIONS".to_string(), "32".to_string()),
        ("IKM_READ_TIMEOUT".to_string(), "3".to_string()),
    ];
    let server = support::ExtraServer::start_with_env(&db.url, &env);
    let addr = server.base.trim_start_matches("http://").to_string();
    let mut slow = Vec::new();
    for i in 0..60 {
        let mut stream = std::net::TcpStream::connect(&addr).expect("connect");
        let request = if i % 2 == 0 {
            format!("GET /healthz HTTP/1.1\r\nHost: {addr}\r\nX-Slow: ")
        } else {
            format!(
                "POST /masuk HTTP/1.1\r\nHost: {addr}\r\nContent-Type: \
                 application/x-www-form-urlencoded\r\nContent-Length: 100\r\n\r\nlogin="
            )
        };
        stream.write_all(request.as_bytes()).expect("write");
        slow.push(stream);
    }
    for _ in 0..5 {
        let started = std::time::Instant::now();
        let status = raw_get(&server.base, "/healthz", std::time::Duration::from_secs(1))
            .expect("healthz answers");
        assert!(status.contains(" 200 "), "{status}");
        assert!(
            started.elapsed() < std::time::Duration::from_secs(1),
            "healthz took {:?}",
            started.elapsed()
        );
    }
    // The server kept no more than its cap: the connections that waited longest were closed.
    let mut closed = 0;
    for stream in &mut slow {
        let _ = stream.set_read_timeout(Some(std::time::Duration::from_millis(100)));
        // Closed: the end of the stream, or a reset (the server closed with the body unread).
        match stream.read(&mut [0u8; 64]) {
            Ok(0) => closed += 1,
            Err(e) if e.kind() == std::io::ErrorKind::ConnectionReset => closed += 1,
            _ => {}
        }
    }
    assert!(
        closed >= 60 - 32,
        "{closed} of 60 hung connections were closed"
    );
    // A connection whose headers never end is closed after the read timeout (3 s here).
    let mut stalled = std::net::TcpStream::connect(&addr).expect("connect");
    stalled
        .write_all(b"GET / HTTP/1.1\r\nX-Slow: ")
        .expect("write");
    stalled
        .set_read_timeout(Some(std::time::Duration::from_secs(10)))
        .expect("timeout");
    let started = std::time::Instant::now();
    let mut rest = Vec::new();
    let _ = stalled.read_to_end(&mut rest);
    let waited = started.elapsed();
    assert!(
        waited >= std::time::Duration::from_secs(2) && waited < std::time::Duration::from_secs(8),
        "closed after {waited:?}"
    );
    drop(slow);
}

#[test]
fn themes_reads_a_csv_of_comments_as_the_server_does() {
    let dir = tempfile::tempdir().expect("tmp");
    let file = dir.path().join("komentar.csv");
    std::fs::write(
        &file,
        "tanggal,comment,nilai\n\
         2026-11-02,\"antri lama bgt, petugas tdk ramah\",2\n\
         2026-11-02,disuruh bayar 50rb biar cepat katanya uang rokok,1\n\
         2026-11-03,,4\n\
         2026-11-03,\"Pelayanan cepat, terima kasih\",4\n",
    )
    .expect("write");
    let out = ikm(
        "sqlite::memory:",
        &["themes", file.to_str().expect("path"), "--json"],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("one JSON array");
    assert_eq!(
        json,
        serde_json::json!([
            {"row": 1, "themes": ["waktu", "perilaku"], "flags": []},
            {"row": 2, "themes": ["waktu", "biaya"], "flags": ["pungli"]},
            {"row": 3, "themes": [], "flags": []},
            {"row": 4, "themes": ["waktu"], "flags": ["pujian"]},
        ])
    );
    // Lines without --json; a file without the column is refused with the reason.
    let text = stdout(&ikm(
        "sqlite::memory:",
        &["themes", file.to_str().expect("path")],
    ));
    assert!(
        text.starts_with("1\twaktu, perilaku\t\n2\twaktu, biaya\tpungli\n"),
        "{text}"
    );
    let bad = dir.path().join("tanpa.csv");
    std::fs::write(&bad, "tanggal,teks\n2026-11-02,lama\n").expect("write");
    let out = ikm("sqlite::memory:", &["themes", bad.to_str().expect("path")]);
    assert!(!out.status.success());
    assert!(
        stderr(&out).contains("no column named `comment`"),
        "{}",
        stderr(&out)
    );
    // Another lexicon, and a broken one named by its line.
    let lexicon = dir.path().join("leksikon.txt");
    std::fs::write(&lexicon, "theme sarana: antri\n").expect("write");
    let out = ikm(
        "sqlite::memory:",
        &[
            "themes",
            file.to_str().expect("path"),
            "--json",
            "--lexicon",
            lexicon.to_str().expect("path"),
        ],
    );
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(json[0]["themes"], serde_json::json!(["sarana"]));
    std::fs::write(&lexicon, "theme harga: mahal\n").expect("write");
    let out = ikm(
        "sqlite::memory:",
        &[
            "themes",
            file.to_str().expect("path"),
            "--lexicon",
            lexicon.to_str().expect("path"),
        ],
    );
    assert!(!out.status.success());
    assert!(stderr(&out).contains("line 1"), "{}", stderr(&out));
}

/// The number on a line of `ikm purge` that starts with `label`.
fn purge_count(text: &str, label: &str) -> u64 {
    text.lines()
        .find(|l| l.trim_start().starts_with(label))
        .and_then(|l| l.split_whitespace().last())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("no {label:?} count in {text}"))
}

#[test]
fn purge_dry_run_says_what_it_would_change_and_changes_nothing() {
    let db = TempDb::seeded();
    // Counted back from 2030, every demo answer of a closed month is past two years.
    let args = ["purge", "--dry-run", "--as-of", "2030-06-01"];
    let out = ikm(&db.url, &args);
    assert!(out.status.success(), "{}", stderr(&out));
    let dry = stdout(&out);
    assert!(
        dry.contains("Retention 730 days") && dry.contains("dry run: nothing changed"),
        "{dry}"
    );
    let profiles = purge_count(&dry, "answers' profiles emptied:");
    assert!(profiles > 1_000, "{dry}");
    assert_eq!(
        stdout(&ikm(&db.url, &args)),
        dry,
        "a dry run changes nothing"
    );

    let out = ikm(&db.url, &["purge", "--as-of", "2030-06-01"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let done = stdout(&out);
    assert!(
        done.contains("Changed (the tallies are unchanged)"),
        "{done}"
    );
    assert_eq!(purge_count(&done, "answers' profiles emptied:"), profiles);
    let after = stdout(&ikm(&db.url, &args));
    for label in [
        "comments masked:",
        "staff notes and replies masked:",
        "answers' profiles emptied:",
        "contacts of those answers deleted:",
        "contacts of comments closed",
    ] {
        assert_eq!(purge_count(&after, label), 0, "{label}: {after}");
    }
    // A retention shorter than the contacts' 90 days is refused with the reason.
    let out = ikm(&db.url, &["purge", "--retention-days", "30"]);
    assert!(!out.status.success());
    assert!(stderr(&out).contains("30"), "{}", stderr(&out));
}

/// The number in `ikm migrate`'s "… N comments read" line.
fn comments_read(out: &std::process::Output) -> u64 {
    let text = stdout(out);
    text.split(" regions, ")
        .nth(1)
        .and_then(|rest| rest.split_whitespace().next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("no comment count in {text}"))
}

#[test]
fn a_new_lexicon_has_every_stored_comment_read_again_and_only_once() {
    let db = TempDb::seeded();
    let dir = tempfile::tempdir().expect("tmp");
    let lexicon = dir.path().join("leksikon-provinsi.txt");
    std::fs::write(
        &lexicon,
        "theme sarana: antri, antre*, parkir\nflag pungli: calo\n",
    )
    .expect("write");
    let path = lexicon.to_str().expect("path");
    // The seeded database was read with the built-in lexicon: nothing to read again.
    let out = ikm(&db.url, &["migrate"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(comments_read(&out), 0);
    // Another lexicon: every stored comment is read again with it, once.
    let out = ikm(&db.url, &["--lexicon", path, "migrate"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let all = comments_read(&out);
    assert!(all > 1_000, "{}", stdout(&out));
    let out = ikm(&db.url, &["--lexicon", path, "migrate"]);
    assert_eq!(comments_read(&out), 0, "the same lexicon: nothing again");
    // Back to the built-in one: read again.
    assert_eq!(comments_read(&ikm(&db.url, &["migrate"])), all);
    // A broken lexicon stops the server from starting, naming the line.
    std::fs::write(&lexicon, "theme sarana: antri\ntema harga: mahal\n").expect("write");
    let out = ikm(
        &db.url,
        &["--lexicon", path, "serve", "--addr", "127.0.0.1:0"],
    );
    assert!(!out.status.success());
    assert!(stderr(&out).contains("line 2"), "{}", stderr(&out));
}
