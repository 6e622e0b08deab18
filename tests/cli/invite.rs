//! `ikm invite`: a sheet of invitation slips — one per invitation issued, twelve to an A4 page, each
//! with the code a citizen types — and its refusals.

use crate::support::{ikm, TempDb};
use std::process::Command;

/// The text of each page of the PDF at `path`.
fn pages(path: &std::path::Path) -> Vec<String> {
    let pdf = lopdf::Document::load(path).expect("the PDF parses");
    pdf.get_pages()
        .keys()
        .map(|n| pdf.extract_text(&[*n]).expect("page text"))
        .collect()
}

fn invite(db: &TempDb, args: &[&str]) -> std::process::Output {
    let mut all = vec!["invite"];
    all.extend_from_slice(args);
    ikm(&db.url, &all)
}

#[test]
fn a_sheet_of_slips_holds_one_slip_per_invitation_and_each_code_is_stored() {
    let db = TempDb::seeded();
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("undangan.pdf");
    let path = file.to_str().expect("path");
    let out = invite(
        &db,
        &[
            "--unit",
            "1871-rsud",
            "--count",
            "13",
            "--output",
            path,
            "--base-url",
            "https://ikm.example",
        ],
    );
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(said.contains("13 invitations of 1871-rsud"), "{said}");
    assert!(said.contains("(2 pages)"), "{said}");
    let pages = pages(&file);
    assert_eq!(pages.len(), 2);
    let slips: Vec<usize> = pages
        .iter()
        .map(|p| p.matches("Mohon nilai pelayanan kami").count())
        .collect();
    assert_eq!(slips, [12, 1]);
    // Each slip's code is a stored invitation of the unit (checked through its link).
    let codes: Vec<String> = pages
        .iter()
        .flat_map(|p| p.split_whitespace().map(str::to_string).collect::<Vec<_>>())
        .filter(|w| app::invitation::normalize(w).as_deref() == Some(w.as_str()))
        .collect();
    assert_eq!(codes.len(), 13, "{pages:?}");
    let rt = tokio::runtime::Runtime::new().expect("runtime");
    rt.block_on(async {
        let store = ikm::storage::open(&db.url)
            .await
            .expect("the test opens the database");
        let unit = store.unit("1871-rsud").await.expect("store").expect("unit");
        for code in &codes {
            let invitation = store
                .invitation(code)
                .await
                .expect("store")
                .expect("stored");
            assert_eq!(invitation.unit_id, unit.id);
            assert!(invitation.response_id.is_none());
        }
    });
}

#[test]
fn a_sheet_is_refused_with_the_reason_for_a_bad_count_unit_or_address() {
    let db = TempDb::seeded();
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("x.pdf");
    let path = file.to_str().expect("path");
    let base = ["--base-url", "https://ikm.example"];
    for (args, words) in [
        (
            vec!["--unit", "1871-rsud", "--count", "501", "--output", path],
            "--count must be 1 to 500",
        ),
        (
            vec!["--unit", "tidak-ada", "--output", path],
            "no active unit has the code",
        ),
    ] {
        let mut all = args.clone();
        all.extend_from_slice(&base);
        let out = invite(&db, &all);
        assert!(!out.status.success());
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(words), "{err}");
    }
    let out = Command::new(crate::support::ikm_bin())
        .args(["invite", "--unit", "1871-rsud", "--output", path])
        .env("DATABASE_URL", &db.url)
        .env_remove("IKM_PUBLIC_URL")
        .output()
        .expect("runs");
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("--base-url"));
    assert!(!file.exists(), "nothing written");
}
