//! `ikm backup` copies a live SQLite database while a server stores answers; `ikm restore` brings
//! it back into a fresh place, where a server serves the same data. Bad files and PostgreSQL get a
//! clear refusal.

use crate::support::{assert_tallies_equal_rows, ikm, postgres_admin_url, Server, TempDb};
use crate::{stderr, stdout};

const UNIT: &str = "1871-disdukcapil";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_backup_of_a_live_database_restores_into_a_fresh_server_with_the_same_data() {
    if postgres_admin_url().is_some() {
        // The PostgreSQL stage: the commands say what to use instead, and touch nothing.
        let db = TempDb::new();
        let dir = tempfile::tempdir().expect("dir");
        let file = dir.path().join("backup.db");
        let out = ikm(&db.url, &["backup", file.to_str().expect("path")]);
        assert!(!out.status.success());
        assert!(stderr(&out).contains("pg_dump"), "{}", stderr(&out));
        assert!(!file.exists());
        return;
    }
    let server = Server::start();
    let store = ikm::storage::open(&server.db.url).await.expect("store");
    let dir = tempfile::tempdir().expect("dir");
    let file = dir.path().join("ikm-backup.db");
    // Answers keep arriving while the backup is made.
    let client = reqwest::Client::new();
    let url = server.url(&format!("/s/{UNIT}"));
    let posting = tokio::spawn(async move {
        for n in 0..60 {
            let mut form: Vec<(String, String)> = ikm_domain::Unsur::ALL
                .iter()
                .map(|u| (u.key().to_string(), (1 + n % 4).to_string()))
                .collect();
            form.push(("id".into(), uuid::Uuid::new_v4().to_string()));
            let reply = client.post(&url).form(&form).send().await.expect("post");
            assert!(reply.status().is_success() || reply.status().is_redirection());
        }
    });
    let out = ikm(&server.db.url, &["backup", file.to_str().expect("path")]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).contains("Backup written"), "{}", stdout(&out));
    posting.await.expect("posting");

    // Never over an existing file.
    let again = ikm(&server.db.url, &["backup", file.to_str().expect("path")]);
    assert!(!again.status.success());
    assert!(
        stderr(&again).contains("already exists"),
        "{}",
        stderr(&again)
    );

    // Restored into a fresh place, it holds what the live database held at the backup's moment:
    // everything seeded, and the answers stored before it (tallies equal to its rows).
    let fresh = TempDb::new();
    let out = ikm(&fresh.url, &["restore", file.to_str().expect("path")]);
    assert!(out.status.success(), "{}", stderr(&out));
    let restored = ikm::storage::open(&fresh.url)
        .await
        .expect("restored opens");
    let live = store.counts().await.expect("counts");
    let copy = restored.counts().await.expect("counts");
    assert_eq!(
        (copy.units, copy.services, copy.regions),
        (live.units, live.services, live.regions)
    );
    assert!(copy.responses <= live.responses && copy.responses + 60 >= live.responses);
    let unit = restored.unit(UNIT).await.expect("store").expect("unit");
    assert_tallies_equal_rows(restored.as_ref(), unit.id).await;
    restored.close().await;
    // A server on the restored database serves the unit's dashboard data and its survey.
    let copy_server = crate::support::ExtraServer::start(&fresh.url);
    let page = reqwest::get(format!("{}/unit/{UNIT}", copy_server.base))
        .await
        .expect("page");
    assert_eq!(page.status(), 200);

    // Files that are not backups are refused, and the database is left as it was.
    let junk = dir.path().join("junk.db");
    std::fs::write(&junk, b"not a database at all").expect("write");
    let out = ikm(&fresh.url, &["restore", junk.to_str().expect("path")]);
    assert!(!out.status.success());
    assert!(
        stderr(&out).contains("is not an IKM backup"),
        "{}",
        stderr(&out)
    );
    let missing = ikm(&fresh.url, &["restore", "/nonexistent/ikm.db"]);
    assert!(
        stderr(&missing).contains("no such file"),
        "{}",
        stderr(&missing)
    );
    let after = ikm::storage::open(&fresh.url).await.expect("still opens");
    assert_eq!(
        after.counts().await.expect("counts").responses,
        copy.responses
    );
}
