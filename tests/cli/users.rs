//! `ikm user add | list | reset-password`, and the promise that a password never appears in clear:
//! not in the database, not in the command's output, not in the server's log (at trace level).

use crate::support::{ikm, ikm_with_input, ExtraServer, TempDb};
use crate::{stderr, stdout};

const PASSWORD: &str = "Rahasia-Pertama-2026";
const NEW_PASSWORD: &str = "Rahasia-Kedua-2026";

fn contains(haystack: &[u8], needle: &str) -> bool {
    haystack
        .windows(needle.len())
        .any(|w| w == needle.as_bytes())
}

async fn status_of_sign_in(base: &str, login: &str, password: &str) -> u16 {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("client")
        .post(format!("{base}/masuk"))
        .form(&[("login", login), ("password", password)])
        .send()
        .await
        .expect("server answers")
        .status()
        .as_u16()
}

#[tokio::test]
async fn the_first_admin_is_made_from_the_command_line_and_no_password_is_ever_in_clear() {
    let db = TempDb::new();
    let add = ikm_with_input(
        &db.url,
        &[
            "user",
            "add",
            "--username",
            "Kepala.Biro",
            "--role",
            "admin",
        ],
        &format!("{PASSWORD}\n"),
    );
    assert!(add.status.success(), "{}", stderr(&add));
    assert!(stdout(&add).contains("kepala.biro"));
    let scoped = ikm_with_input(
        &db.url,
        &[
            "user",
            "add",
            "--username",
            "metro",
            "--role",
            "region",
            "--scope",
            "18.72",
        ],
        "metro-kota-tapis\n",
    );
    assert!(scoped.status.success(), "{}", stderr(&scoped));

    // Refusals name what is wrong, in one line, and create nothing.
    for (args, input, needle) in [
        (
            vec!["--username", "x1", "--role", "root"],
            "panjang-sekali-1\n",
            "unknown role",
        ),
        (
            vec!["--username", "x2", "--role", "region", "--scope", "99.99"],
            "panjang-sekali-1\n",
            "kabupaten/kota code",
        ),
        (
            vec!["--username", "x3", "--role", "unit", "--scope", "tidak-ada"],
            "panjang-sekali-1\n",
            "unit codes",
        ),
        (
            vec!["--username", "x4", "--role", "admin"],
            "pendek\n",
            "at least 10",
        ),
        (
            vec!["--username", "metro", "--role", "admin"],
            "panjang-sekali-1\n",
            "already taken",
        ),
    ] {
        let mut full = vec!["user", "add"];
        full.extend(args);
        let out = ikm_with_input(&db.url, &full, input);
        assert!(!out.status.success(), "{full:?} must fail");
        assert!(stderr(&out).contains(needle), "{full:?}: {}", stderr(&out));
    }
    let list = ikm(&db.url, &["user", "list"]);
    let listed = stdout(&list);
    assert!(listed.contains("kepala.biro\tadmin"), "{listed}");
    assert!(listed.contains("metro\tregion\t18.72"), "{listed}");
    assert_eq!(listed.lines().count(), 2, "{listed}");

    // The password works through a server that logs everything, and is in no log.
    let log = db.dir.path().join("serve.log");
    {
        let server = ExtraServer::start_logged(&db.url, &log);
        assert_eq!(
            status_of_sign_in(&server.base, "kepala.biro", PASSWORD).await,
            303
        );
        assert_eq!(
            status_of_sign_in(&server.base, "kepala.biro", "salah-salah-salah").await,
            401
        );
    }
    let reset = ikm_with_input(
        &db.url,
        &["user", "reset-password", "kepala.biro"],
        &format!("{NEW_PASSWORD}\n"),
    );
    assert!(reset.status.success(), "{}", stderr(&reset));
    {
        let server = ExtraServer::start_logged(&db.url, &db.dir.path().join("serve2.log"));
        assert_eq!(
            status_of_sign_in(&server.base, "kepala.biro", PASSWORD).await,
            401
        );
        assert_eq!(
            status_of_sign_in(&server.base, "kepala.biro", NEW_PASSWORD).await,
            303
        );
    }
    let missing = ikm_with_input(
        &db.url,
        &["user", "reset-password", "siapa"],
        "panjang-sekali-1\n",
    );
    assert!(!missing.status.success());

    let mut places: Vec<(String, Vec<u8>)> = vec![];
    for out in [&add, &scoped, &list, &reset] {
        places.push((
            "command output".into(),
            [out.stdout.clone(), out.stderr.clone()].concat(),
        ));
    }
    for name in ["serve.log", "serve2.log"] {
        let bytes = std::fs::read(db.dir.path().join(name)).expect("log");
        assert!(!bytes.is_empty(), "the server logged at trace level");
        places.push((name.into(), bytes));
    }
    if db.url.starts_with("sqlite:") {
        for entry in std::fs::read_dir(db.dir.path()).expect("dir").flatten() {
            let path = entry.path();
            if path.to_string_lossy().contains("ikm.db") {
                places.push((
                    path.display().to_string(),
                    std::fs::read(&path).expect("db file"),
                ));
            }
        }
    } else {
        // PostgreSQL: every text the accounts and audit tables hold.
        let dump = ikm::storage::open(&db.url).await.expect("open");
        let mut text = String::new();
        for user in dump.users().await.expect("users") {
            let c = dump
                .credentials(&user.username)
                .await
                .expect("store")
                .expect("user");
            assert!(c.password_hash.starts_with("$argon2id$"));
            text.push_str(&c.password_hash);
        }
        for line in dump
            .audit_log(&Default::default(), 1000)
            .await
            .expect("audit")
        {
            text.push_str(&format!("{line:?}"));
        }
        places.push(("accounts and audit tables".into(), text.into_bytes()));
    }
    for (place, bytes) in &places {
        for password in [
            PASSWORD,
            NEW_PASSWORD,
            "metro-kota-tapis",
            "salah-salah-salah",
        ] {
            assert!(!contains(bytes, password), "{password} found in {place}");
        }
    }
}
