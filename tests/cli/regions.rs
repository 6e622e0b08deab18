//! `ikm regions import FILE`: Indonesia's tree loaded over Lampung's (codes are keys: the
//! province renamed keeps its units, the rest added), a renamed region keeps its units and its
//! history, a code missing from the file is reported and kept, a bad line is named and changes
//! nothing; on SQLite and PostgreSQL.

use crate::support::{ikm, repo_root, TempDb};
use crate::{stderr, stdout};

fn national() -> String {
    repo_root()
        .join("server/data/regions-indonesia.csv")
        .to_str()
        .expect("utf-8 path")
        .to_string()
}

#[test]
fn indonesias_tree_loads_over_lampungs_and_a_rename_keeps_the_units() {
    // A database as `migrate` leaves it: Lampung's tree.
    let db = TempDb::new();
    let migrated = ikm(&db.url, &["migrate"]);
    assert!(stdout(&migrated).contains("16 regions"));

    let dry = ikm(&db.url, &["regions", "import", &national(), "--dry-run"]);
    assert!(dry.status.success(), "{}", stderr(&dry));
    let text = stdout(&dry);
    assert!(
        text.contains("536 new, 1 renamed, 15 unchanged (dry run"),
        "{text}"
    );
    assert!(
        text.contains("18: \"Provinsi Lampung\" would be renamed \"Lampung\""),
        "{text}"
    );
    let migrated = ikm(&db.url, &["migrate"]);
    assert!(
        stdout(&migrated).contains("16 regions"),
        "nothing changed by a dry run"
    );

    let done = ikm(&db.url, &["regions", "import", &national()]);
    assert!(done.status.success(), "{}", stderr(&done));
    assert!(
        stdout(&done).contains("536 new, 1 renamed, 15 unchanged."),
        "{}",
        stdout(&done)
    );
    let migrated = ikm(&db.url, &["migrate"]);
    assert!(
        stdout(&migrated).contains("552 regions"),
        "migrate keeps the imported tree: {}",
        stdout(&migrated)
    );
    let again = ikm(&db.url, &["regions", "import", &national()]);
    assert!(
        stdout(&again).contains("0 new, 0 renamed, 552 unchanged."),
        "{}",
        stdout(&again)
    );

    // The demo's units and a year of their answers, in the national tree.
    let seeded = ikm(&db.url, &["seed-demo"]);
    assert!(seeded.status.success(), "{}", stderr(&seeded));

    // A renamed kota keeps its units; a code the file lacks is reported, never dropped.
    let dir = tempfile::tempdir().expect("dir");
    let renamed = dir.path().join("renamed.csv");
    std::fs::write(
        &renamed,
        "code,name,level,parent_code\n18,Lampung,province,\n18.71,Kota Tapis Berseri,city,18\n",
    )
    .expect("write");
    let out = ikm(
        &db.url,
        &["regions", "import", renamed.to_str().expect("path")],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(text.contains("0 new, 1 renamed, 1 unchanged."), "{text}");
    assert!(
        text.contains("18.71: \"Kota Bandar Lampung\" renamed \"Kota Tapis Berseri\""),
        "{text}"
    );
    assert!(
        text.contains("550 region(s) in the database are not in the file; kept"),
        "{text}"
    );
    assert!(text.contains("18.72 Kota Metro ("), "{text}");
    let csv = dir.path().join("18.71.csv");
    let export = ikm(
        &db.url,
        &[
            "export",
            "--region",
            "18.71",
            "--format",
            "csv",
            "--output",
            csv.to_str().expect("path"),
        ],
    );
    assert!(export.status.success(), "{}", stderr(&export));
    let rows = std::fs::read_to_string(&csv)
        .expect("the export")
        .lines()
        .count();
    assert!(
        rows > 100,
        "the renamed kota's answers are all still there: {rows}"
    );
    let migrated = ikm(&db.url, &["migrate"]);
    assert!(stdout(&migrated).contains("552 regions"), "nothing deleted");
}

#[test]
fn a_bad_line_is_named_and_nothing_changes() {
    let db = TempDb::new();
    assert!(ikm(&db.url, &["migrate"]).status.success());
    let dir = tempfile::tempdir().expect("dir");
    let bad = dir.path().join("bad.csv");
    std::fs::write(
        &bad,
        "code,name,level,parent_code\n11,Aceh,province,\n11.01,Kabupaten Aceh Selatan,kabupaten,11\n\
         19.01,Kabupaten Bangka,regency,19\n",
    )
    .expect("write");
    let out = ikm(&db.url, &["regions", "import", bad.to_str().expect("path")]);
    assert!(!out.status.success());
    let err = stderr(&out);
    assert!(
        err.contains("line 3: the level \"kabupaten\" is not province, regency or city"),
        "{err}"
    );
    assert!(err.contains("1 bad line(s)"), "{err}");
    assert!(!err.contains("panicked"), "{err}");
    let orphan = dir.path().join("orphan.csv");
    std::fs::write(
        &orphan,
        "code,name,level,parent_code\n11,Aceh,province,\n19.01,Kabupaten Bangka,regency,19\n",
    )
    .expect("write");
    let out = ikm(
        &db.url,
        &["regions", "import", orphan.to_str().expect("path")],
    );
    assert!(!out.status.success());
    assert!(
        stderr(&out).contains(
            "line 3: the province 19 of 19.01 is neither in the file nor in the database"
        ),
        "{}",
        stderr(&out)
    );
    let migrated = ikm(&db.url, &["migrate"]);
    assert!(
        stdout(&migrated).contains("16 regions"),
        "nothing changed: {}",
        stdout(&migrated)
    );
    let missing = ikm(&db.url, &["regions", "import", "/no/such/file.csv"]);
    assert!(!missing.status.success());
    assert!(stderr(&missing).contains("cannot read /no/such/file.csv"));
}
