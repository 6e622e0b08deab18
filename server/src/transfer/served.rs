//! A unit's daily served counts from a file (issue #32): the units that count the people they serve
//! but issue no invitations upload a CSV or XLSX of two columns, the day and how many were served
//! (`tanggal,jumlah`; a header row is optional, `;` separates as well as `,`). Pure: the web form
//! reads the file, this checks every row, and the store keeps the days all or nothing.

use chrono::NaiveDate;

/// The most days one file may hold (ten years).
pub const MAX_DAYS: usize = 3_660;

/// The most people one day may count.
pub const MAX_PER_DAY: u64 = 1_000_000;

/// Problems listed back at most.
pub const PROBLEMS_SHOWN: usize = 5;

/// What is wrong with one row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RowProblem {
    /// The day is not a date in a known form.
    Date(String),
    /// The count is not a whole number from 0 to [`MAX_PER_DAY`].
    Count(String),
    /// The day has not come yet.
    Future(NaiveDate),
    /// The day is before 2000.
    TooOld(NaiveDate),
    /// The day is in the file twice.
    Repeated(NaiveDate),
}

/// Why a file's counts were not taken.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ServedFileError {
    /// No row with a day.
    Empty,
    /// More than [`MAX_DAYS`] days.
    TooMany,
    /// The CSV cannot be read at all.
    Unreadable(String),
    /// Rows that are wrong: the spreadsheet's line and the problem (the first
    /// [`PROBLEMS_SHOWN`]), and how many there are in all.
    Rows(Vec<(u64, RowProblem)>, usize),
}

const DATE_NAMES: [&str; 5] = ["tanggal", "tgl", "date", "day", "hari"];
const COUNT_NAMES: [&str; 7] = [
    "jumlah",
    "dilayani",
    "served",
    "count",
    "total",
    "jumlah dilayani",
    "people served",
];

/// A day as people write it: `2026-11-02`, `02/11/2026`, `02-11-2026`, or a spreadsheet's
/// `2026-11-02T00:00:00`.
pub fn parse_day(text: &str) -> Option<NaiveDate> {
    let text = text.trim();
    let text = text.split_once('T').map_or(text, |(day, _)| day);
    ["%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%Y/%m/%d"]
        .iter()
        .find_map(|f| NaiveDate::parse_from_str(text, f).ok())
}

/// A count as people write it: `84`, `1.234` or `1 234` (grouped in thousands).
pub fn parse_count(text: &str) -> Option<u64> {
    let plain: String = text.trim().chars().filter(|c| *c != ' ').collect();
    let grouped = plain.contains('.')
        && plain
            .split('.')
            .enumerate()
            .all(|(i, g)| g.chars().all(|c| c.is_ascii_digit()) && (i == 0 || g.len() == 3));
    let digits = if grouped {
        plain.replace('.', "")
    } else {
        plain
    };
    if digits.is_empty() || !digits.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok().filter(|n| *n <= MAX_PER_DAY)
}

fn column(header: &[String], names: &[&str]) -> Option<usize> {
    header
        .iter()
        .position(|h| names.contains(&h.trim().to_lowercase().as_str()))
}

/// The days and counts of a CSV (an XLSX as `transfer::xlsx_to_csv` writes it), each day at most
/// once and none after `today`; every wrong row is reported with its line.
pub fn parse_served(
    csv: &[u8],
    today: NaiveDate,
) -> Result<Vec<(NaiveDate, u64)>, ServedFileError> {
    let first_line = csv.split(|b| *b == b'\n').next().unwrap_or_default();
    let delimiter = if first_line.contains(&b';') && !first_line.contains(&b',') {
        b';'
    } else {
        b','
    };
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(csv);
    let mut records = Vec::new();
    for (index, record) in reader.records().enumerate() {
        let record = record.map_err(|e| ServedFileError::Unreadable(e.to_string()))?;
        let cells: Vec<String> = record.iter().map(str::to_string).collect();
        if cells.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        records.push((index as u64 + 1, cells));
    }
    let Some((_, first)) = records.first() else {
        return Err(ServedFileError::Empty);
    };
    // A first row that names its columns says where the day and the count are.
    let (day_at, count_at, skip) = match (column(first, &DATE_NAMES), column(first, &COUNT_NAMES)) {
        (Some(d), Some(c)) => (d, c, 1),
        _ if first.first().and_then(|c| parse_day(c)).is_none() => (0, 1, 1),
        _ => (0, 1, 0),
    };
    let rows = &records[skip..];
    if rows.is_empty() {
        return Err(ServedFileError::Empty);
    }
    if rows.len() > MAX_DAYS {
        return Err(ServedFileError::TooMany);
    }
    let oldest = NaiveDate::from_ymd_opt(2000, 1, 1).unwrap_or(NaiveDate::MIN);
    let mut days = Vec::with_capacity(rows.len());
    let mut seen = std::collections::HashSet::new();
    let mut problems = Vec::new();
    for (line, cells) in rows {
        let cell = |i: usize| cells.get(i).map_or("", String::as_str);
        let problem = match (parse_day(cell(day_at)), parse_count(cell(count_at))) {
            (None, _) => Some(RowProblem::Date(cell(day_at).trim().to_string())),
            (_, None) => Some(RowProblem::Count(cell(count_at).trim().to_string())),
            (Some(day), _) if day > today => Some(RowProblem::Future(day)),
            (Some(day), _) if day < oldest => Some(RowProblem::TooOld(day)),
            (Some(day), _) if !seen.insert(day) => Some(RowProblem::Repeated(day)),
            (Some(day), Some(count)) => {
                days.push((day, count));
                None
            }
        };
        if let Some(problem) = problem {
            problems.push((*line, problem));
        }
    }
    if !problems.is_empty() {
        let total = problems.len();
        problems.truncate(PROBLEMS_SHOWN);
        return Err(ServedFileError::Rows(problems, total));
    }
    days.sort();
    Ok(days)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).expect("a day")
    }

    const TODAY: (i32, u32, u32) = (2026, 11, 30);

    fn parse(text: &str) -> Result<Vec<(NaiveDate, u64)>, ServedFileError> {
        parse_served(text.as_bytes(), day(TODAY.0, TODAY.1, TODAY.2))
    }

    #[test]
    fn days_and_counts_are_read_with_or_without_a_header_in_the_forms_people_write() {
        let expected = vec![(day(2026, 11, 2), 84), (day(2026, 11, 3), 1_234)];
        assert_eq!(
            parse("tanggal,jumlah\n2026-11-02,84\n2026-11-03,1.234\n"),
            Ok(expected.clone())
        );
        assert_eq!(
            parse("2026-11-03,1234\n02/11/2026,84\n"),
            Ok(expected.clone())
        );
        assert_eq!(
            parse("Tanggal;Jumlah dilayani\n02-11-2026;84\n\n03-11-2026;1 234\n"),
            Ok(expected.clone())
        );
        // Columns found by name, in any order, beside others.
        assert_eq!(
            parse("catatan,Jumlah,Tanggal\nramai,84,2026-11-02\n,1234,2026-11-03T00:00:00\n"),
            Ok(expected)
        );
    }

    #[test]
    fn every_wrong_row_is_named_by_its_line_and_nothing_is_taken() {
        let file = "tanggal,jumlah\n2026-11-02,84\n31/02/2026,10\n2026-11-04,-3\n2026-11-05,2.5\n\
                    2026-12-01,9\n2026-11-02,7\n1999-12-31,1\n2026-11-09,2000000\n";
        let Err(ServedFileError::Rows(problems, total)) = parse(file) else {
            panic!("refused");
        };
        assert_eq!(total, 7);
        assert_eq!(
            problems,
            vec![
                (3, RowProblem::Date("31/02/2026".into())),
                (4, RowProblem::Count("-3".into())),
                (5, RowProblem::Count("2.5".into())),
                (6, RowProblem::Future(day(2026, 12, 1))),
                (7, RowProblem::Repeated(day(2026, 11, 2))),
            ]
        );
    }

    #[test]
    fn an_empty_or_header_only_file_is_refused() {
        assert_eq!(parse(""), Err(ServedFileError::Empty));
        assert_eq!(parse("tanggal,jumlah\n\n"), Err(ServedFileError::Empty));
    }

    #[test]
    fn counts_are_whole_and_grouped_only_by_thousands() {
        assert_eq!(parse_count(" 84 "), Some(84));
        assert_eq!(parse_count("12.345"), Some(12_345));
        assert_eq!(parse_count("1.000.000"), Some(1_000_000));
        assert_eq!(parse_count("1.000.001"), None);
        assert_eq!(parse_count("12.34"), None);
        assert_eq!(parse_count(""), None);
        assert_eq!(parse_count("sepuluh"), None);
    }
}
