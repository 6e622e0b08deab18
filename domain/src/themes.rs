//! What a citizen's comment is about (issue #33): zero or more of the nine unsur as themes, and the
//! flags `pungli` (an illegal levy, a bribe, a broker), `keselamatan` (danger to someone) and
//! `pujian` (praise). Read by a lexicon that is data (`data/comment-lexicon.txt`, one readable rule a
//! line; an administrator may load another), over the words as people write them: lowercase, slang
//! read as the word it stands for ("yg", "gk"), each word also by its root (the Sastrawi stemmer),
//! and negation ("tidak ramah" is not praise, "tanpa calo" is no levy). Pure.

use crate::unsur::Unsur;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeSet, HashMap};
use std::sync::OnceLock;

/// The lexicon built in.
pub const BUILT_IN: &str = include_str!("../data/comment-lexicon.txt");

/// How many words before a pungli or pujian term a negator or wish still reaches.
const REACH: usize = 3;

/// A flag of a comment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum CommentFlag {
    Pungli,
    Keselamatan,
    Pujian,
}

impl CommentFlag {
    pub const ALL: [CommentFlag; 3] = [
        CommentFlag::Pungli,
        CommentFlag::Keselamatan,
        CommentFlag::Pujian,
    ];

    pub fn key(self) -> &'static str {
        match self {
            CommentFlag::Pungli => "pungli",
            CommentFlag::Keselamatan => "keselamatan",
            CommentFlag::Pujian => "pujian",
        }
    }

    pub fn parse(key: &str) -> Option<CommentFlag> {
        CommentFlag::ALL.into_iter().find(|f| f.key() == key)
    }
}

/// What a comment was read as.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reading {
    /// In regulation order.
    pub themes: Vec<Unsur>,
    /// In [`CommentFlag::ALL`] order.
    pub flags: Vec<CommentFlag>,
}

impl Reading {
    pub fn has(&self, flag: CommentFlag) -> bool {
        self.flags.contains(&flag)
    }
}

/// One word of a term: the word, or its beginning (`antri*`).
#[derive(Debug, Clone, PartialEq, Eq)]
enum Word {
    Exact(String),
    Prefix(String),
}

/// A term: a word or a phrase.
type Term = Vec<Word>;

/// What a term says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Meaning {
    Theme(Unsur),
    Flag(CommentFlag),
}

/// Why a lexicon could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("line {line}: {problem}")]
pub struct LexiconError {
    pub line: usize,
    pub problem: String,
}

/// The rules, read from a lexicon's text.
#[derive(Debug, Clone, Default)]
pub struct Lexicon {
    slang: HashMap<String, Vec<String>>,
    negators: Vec<Term>,
    wishes: Vec<Term>,
    terms: Vec<(Term, Meaning)>,
}

fn term(text: &str) -> Term {
    text.split_whitespace()
        .map(|w| match w.strip_suffix('*') {
            Some(prefix) => Word::Prefix(prefix.to_lowercase()),
            None => Word::Exact(w.to_lowercase()),
        })
        .collect()
}

fn terms(list: &str) -> Vec<Term> {
    list.split(',')
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .map(term)
        .collect()
}

impl Lexicon {
    /// Reads a lexicon (the format is written at the top of `data/comment-lexicon.txt`).
    pub fn parse(text: &str) -> Result<Lexicon, LexiconError> {
        let mut lexicon = Lexicon::default();
        for (index, line) in text.lines().enumerate() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let problem = |problem: String| LexiconError {
                line: index + 1,
                problem,
            };
            let (head, list) = line
                .split_once(':')
                .ok_or_else(|| problem("a rule is `KIND NAME: term, term`".into()))?;
            let mut head = head.split_whitespace();
            let kind = head.next().unwrap_or_default();
            let name: Vec<&str> = head.collect();
            let name = name.join(" ");
            match kind {
                "slang" if !name.is_empty() => {
                    let words: Vec<String> = name.split_whitespace().map(str::to_string).collect();
                    for written in list.split(',').map(str::trim).filter(|w| !w.is_empty()) {
                        lexicon.slang.insert(written.to_lowercase(), words.clone());
                    }
                }
                "negator" => lexicon.negators.extend(terms(list)),
                "wish" => lexicon.wishes.extend(terms(list)),
                "theme" => {
                    let unsur = Unsur::parse(&name)
                        .ok_or_else(|| problem(format!("no unsur is called {name:?}")))?;
                    lexicon
                        .terms
                        .extend(terms(list).into_iter().map(|t| (t, Meaning::Theme(unsur))));
                }
                "flag" => {
                    let flag = CommentFlag::parse(&name)
                        .ok_or_else(|| problem(format!("no flag is called {name:?}")))?;
                    lexicon
                        .terms
                        .extend(terms(list).into_iter().map(|t| (t, Meaning::Flag(flag))));
                }
                other => {
                    return Err(problem(format!(
                        "{other:?} is not a kind of rule (slang, negator, wish, theme, flag)"
                    )))
                }
            }
        }
        Ok(lexicon)
    }

    /// The lexicon built in.
    pub fn built_in() -> &'static Lexicon {
        static BUILT: OnceLock<Lexicon> = OnceLock::new();
        BUILT.get_or_init(|| Lexicon::parse(BUILT_IN).unwrap_or_default())
    }

    /// The words of `text` as the rules read them: lowercase, split at anything that is not a
    /// letter or digit, slang replaced.
    fn words(&self, text: &str) -> Vec<String> {
        let lower = text.to_lowercase();
        let mut out = Vec::new();
        for raw in lower.split(|c: char| !c.is_alphanumeric()) {
            if raw.is_empty() {
                continue;
            }
            match self.slang.get(raw) {
                Some(words) => out.extend(words.iter().cloned()),
                // Money as people write it ("50rb", "200k", "1jt") reads as the amount's unit.
                None if is_amount(raw) => out.push("ribu".to_string()),
                None => out.push(raw.to_string()),
            }
        }
        out
    }

    /// Reads one comment.
    pub fn read(&self, text: &str) -> Reading {
        let words = self.words(text);
        let roots: Vec<String> = words.iter().map(|w| root(w)).collect();
        // Themes and levies are also found by a word's root ("menunggu": tunggu); praise and
        // danger only as written ("penjelasan" is not "jelas", "pelicin" not "licin").
        let matches_at = |term: &Term, at: usize, by_root: bool| -> bool {
            term.len() <= words.len() - at
                && term.iter().enumerate().all(|(k, w)| {
                    let (word, root) = (&words[at + k], &roots[at + k]);
                    match w {
                        Word::Exact(e) => word == e || (by_root && root == e),
                        Word::Prefix(p) => word.starts_with(p.as_str()),
                    }
                })
        };
        // Whether one of `list` ends within REACH words before `at`.
        let preceded = |list: &[Term], at: usize| -> bool {
            let from = at.saturating_sub(REACH + 1);
            list.iter().any(|t| {
                (from..at).any(|start| start + t.len() <= at && matches_at(t, start, false))
            })
        };
        let mut found: Vec<((usize, usize), Meaning)> = Vec::new();
        for at in 0..words.len() {
            for (term, meaning) in &self.terms {
                let by_root = matches!(
                    meaning,
                    Meaning::Theme(_) | Meaning::Flag(CommentFlag::Pungli)
                );
                if matches_at(term, at, by_root) {
                    found.push(((at, at + term.len()), *meaning));
                }
            }
        }
        // The longest reading of the same kind wins: "ruang tunggu" is a place, not a wait; a
        // levy's words still name its theme ("minta uang": biaya).
        let is_theme = |m: &Meaning| matches!(m, Meaning::Theme(_));
        let within_longer = |(a, b): (usize, usize), meaning: &Meaning| {
            found.iter().any(|((x, y), other)| {
                is_theme(other) == is_theme(meaning) && *x <= a && b <= *y && (y - x) > (b - a)
            })
        };
        let mut themes = BTreeSet::new();
        let mut flags = BTreeSet::new();
        let mut levy_spans: Vec<(usize, usize)> = Vec::new();
        let mut praise: Vec<(usize, usize)> = Vec::new();
        for (span, meaning) in &found {
            if within_longer(*span, meaning) {
                continue;
            }
            let (at, span) = (span.0, *span);
            {
                match meaning {
                    Meaning::Theme(unsur) => {
                        themes.insert(*unsur);
                    }
                    Meaning::Flag(CommentFlag::Pungli) => {
                        if preceded(&self.negators, at) {
                            // A levy denied ("tidak ada pungli", "tanpa calo") is praise.
                            praise.push(span);
                        } else {
                            flags.insert(CommentFlag::Pungli);
                            levy_spans.push(span);
                        }
                    }
                    Meaning::Flag(CommentFlag::Pujian) => {
                        if !preceded(&self.negators, at) && !preceded(&self.wishes, at) {
                            praise.push(span);
                        }
                    }
                    Meaning::Flag(flag) => {
                        flags.insert(*flag);
                    }
                }
            }
        }
        // "uang terima kasih" asked for is a levy, not thanks.
        let inside_levy = |(a, b): (usize, usize)| levy_spans.iter().any(|(x, y)| a < *y && *x < b);
        if praise.iter().any(|span| !inside_levy(*span)) {
            flags.insert(CommentFlag::Pujian);
        }
        Reading {
            themes: Unsur::ALL
                .into_iter()
                .filter(|u| themes.contains(u))
                .collect(),
            flags: CommentFlag::ALL
                .into_iter()
                .filter(|f| flags.contains(f))
                .collect(),
        }
    }
}

/// Whether `word` is an amount of money as people write it: digits and `rb`, `ribu`, `k`, `jt`.
fn is_amount(word: &str) -> bool {
    let digits = word.chars().take_while(char::is_ascii_digit).count();
    digits > 0 && matches!(&word[digits..], "rb" | "ribu" | "k" | "jt" | "juta")
}

/// A word's root by the Sastrawi stemmer ("menunggu" → "tunggu"); the word itself when it is not
/// Indonesian or has no affix.
pub fn root(word: &str) -> String {
    static DICTIONARY: OnceLock<sastrawi::Dictionary> = OnceLock::new();
    let dictionary = DICTIONARY.get_or_init(sastrawi::Dictionary::new);
    sastrawi::Stemmer::new(dictionary)
        .stem_word(word)
        .into_owned()
}

/// The lexicon this process reads with: one an administrator gave ([`use_lexicon`]), else the
/// built-in one.
static IN_USE: OnceLock<Lexicon> = OnceLock::new();

/// Makes `lexicon` the one [`read`] uses for the rest of the process (the server and every command
/// read comments the same way); `false` when one was set already (it stays).
pub fn use_lexicon(lexicon: Lexicon) -> bool {
    IN_USE.set(lexicon).is_ok()
}

/// The lexicon [`read`] uses.
pub fn in_use() -> &'static Lexicon {
    IN_USE.get().unwrap_or_else(|| Lexicon::built_in())
}

/// Reads a comment with the lexicon in use (the built-in one unless an administrator gave
/// another).
pub fn read(text: &str) -> Reading {
    in_use().read(text)
}

pub mod summary;

#[cfg(test)]
mod tests;
