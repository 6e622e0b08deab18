//! The tagger against the labelled set (`data/comment-labels.tsv`: 300+ comments written as people
//! write them, each with the themes and flags a reader gives it), and its rules one by one.

use super::*;

const LABELS: &str = include_str!("../../data/comment-labels.tsv");

/// One labelled comment.
struct Labelled {
    text: &'static str,
    themes: BTreeSet<Unsur>,
    flags: BTreeSet<CommentFlag>,
}

fn labelled() -> Vec<Labelled> {
    LABELS
        .lines()
        .skip(1)
        .filter(|l| !l.trim().is_empty())
        .map(|line| {
            let mut cells = line.split('\t');
            let text = cells.next().expect("a comment");
            let list = |cell: Option<&'static str>| -> Vec<&'static str> {
                cell.unwrap_or_default()
                    .split(',')
                    .map(str::trim)
                    .filter(|s| !s.is_empty())
                    .collect()
            };
            let themes = list(cells.next())
                .into_iter()
                .map(|t| Unsur::parse(t).unwrap_or_else(|| panic!("theme {t:?} in {line}")))
                .collect();
            let flags = list(cells.next())
                .into_iter()
                .map(|f| CommentFlag::parse(f).unwrap_or_else(|| panic!("flag {f:?} in {line}")))
                .collect();
            Labelled {
                text,
                themes,
                flags,
            }
        })
        .collect()
}

/// Precision and recall of one label over the set: (true positives, false positives, false
/// negatives).
#[derive(Default, Clone, Copy)]
struct Counts {
    tp: u32,
    fp: u32,
    fn_: u32,
}

impl Counts {
    fn precision(self) -> f64 {
        f64::from(self.tp) / f64::from((self.tp + self.fp).max(1))
    }
    fn recall(self) -> f64 {
        f64::from(self.tp) / f64::from((self.tp + self.fn_).max(1))
    }
}

fn scored() -> (Vec<(String, Counts)>, Vec<String>) {
    let set = labelled();
    let mut by: Vec<(String, Counts)> = Unsur::ALL
        .iter()
        .map(|u| (u.key().to_string(), Counts::default()))
        .chain(
            CommentFlag::ALL
                .iter()
                .map(|f| (f.key().to_string(), Counts::default())),
        )
        .collect();
    let mut misses = Vec::new();
    for item in &set {
        let got = read(item.text);
        let got_themes: BTreeSet<Unsur> = got.themes.iter().copied().collect();
        let got_flags: BTreeSet<CommentFlag> = got.flags.iter().copied().collect();
        let mut count = |key: &str, want: bool, have: bool| {
            let c = &mut by.iter_mut().find(|(k, _)| k == key).expect("key").1;
            match (want, have) {
                (true, true) => c.tp += 1,
                (false, true) => c.fp += 1,
                (true, false) => c.fn_ += 1,
                (false, false) => {}
            }
        };
        for u in Unsur::ALL {
            count(u.key(), item.themes.contains(&u), got_themes.contains(&u));
        }
        for f in CommentFlag::ALL {
            count(f.key(), item.flags.contains(&f), got_flags.contains(&f));
        }
        if got_themes != item.themes || got_flags != item.flags {
            misses.push(format!(
                "{:?}: want {:?} {:?}, got {:?} {:?}",
                item.text, item.themes, item.flags, got.themes, got.flags
            ));
        }
    }
    (by, misses)
}

#[test]
fn the_labelled_set_is_large_and_well_formed() {
    let set = labelled();
    assert!(set.len() >= 300, "{} comments", set.len());
    let levies = set
        .iter()
        .filter(|l| l.flags.contains(&CommentFlag::Pungli))
        .count();
    assert!(levies >= 30, "{levies} levy comments");
    assert!(set
        .iter()
        .any(|l| l.themes.is_empty() && l.flags.is_empty()));
}

#[test]
fn levies_are_found_with_recall_of_0_95_and_precision_of_0_8() {
    let (by, misses) = scored();
    let pungli = by.iter().find(|(k, _)| k == "pungli").expect("pungli").1;
    let levy_misses: Vec<&String> = misses.iter().filter(|m| m.contains("Pungli")).collect();
    assert!(
        pungli.recall() >= 0.95 && pungli.precision() >= 0.8,
        "recall {:.3}, precision {:.3}: {levy_misses:#?}",
        pungli.recall(),
        pungli.precision()
    );
}

#[test]
fn every_theme_and_flag_is_read_well_enough_to_be_useful() {
    let (by, misses) = scored();
    for (key, c) in &by {
        assert!(
            c.precision() >= 0.7 && c.recall() >= 0.7,
            "{key}: precision {:.3}, recall {:.3}\n{misses:#?}",
            c.precision(),
            c.recall()
        );
    }
}

/// Prints the table of docs/COMMENTS.md (`cargo test -p ikm-domain themes::tests::table --
/// --nocapture`) and every comment read otherwise than labelled.
#[test]
fn table() {
    let (by, misses) = scored();
    println!("| label | labelled | found | precision | recall |");
    println!("|---|---|---|---|---|");
    for (key, c) in &by {
        println!(
            "| {key} | {} | {} | {:.2} | {:.2} |",
            c.tp + c.fn_,
            c.tp + c.fp,
            c.precision(),
            c.recall()
        );
    }
    println!(
        "\n{} of {} read otherwise than labelled:",
        misses.len(),
        labelled().len()
    );
    for m in &misses {
        println!("- {m}");
    }
}

#[test]
fn negation_slang_and_roots_are_read() {
    let r = read("petugasnya tdk ramah");
    assert_eq!(r.themes, vec![Unsur::Perilaku]);
    assert!(!r.has(CommentFlag::Pujian));
    assert!(read("petugas ramah sekali").has(CommentFlag::Pujian));
    // A levy denied is praise; a levy asked for is not thanks.
    let denied = read("bebas calo dan tanpa pungutan");
    assert!(!denied.has(CommentFlag::Pungli) && denied.has(CommentFlag::Pujian));
    let asked = read("dimintai uang terima kasih sama petugas");
    assert!(asked.has(CommentFlag::Pungli) && !asked.has(CommentFlag::Pujian));
    // "menunggu" read by its root; "yg" as "yang".
    assert_eq!(read("kelamaan menunggunya").themes, vec![Unsur::Waktu]);
    assert_eq!(
        read("semoga lebih baik lagi").flags,
        Vec::<CommentFlag>::new()
    );
}

#[test]
fn a_lexicon_with_a_wrong_rule_says_which_line() {
    let error = Lexicon::parse("# ok\ntheme waktu: lama\ntheme harga: mahal\n").expect_err("bad");
    assert_eq!(error.line, 3);
    assert!(error.problem.contains("harga"), "{error}");
    let error = Lexicon::parse("waktu lama\n").expect_err("no colon");
    assert_eq!(error.line, 1);
    let error = Lexicon::parse("flag hebat: top\n").expect_err("no such flag");
    assert!(error.problem.contains("hebat"));
    let custom = Lexicon::parse("theme biaya: ongkos\n").expect("custom");
    // Only its own rules: "biaya" is not one of them; "ongkosnya" is read by its root.
    assert_eq!(custom.read("biaya mahal").themes, Vec::<Unsur>::new());
    assert_eq!(custom.read("ongkosnya mahal").themes, vec![Unsur::Biaya]);
}
