//! The SKM report ("Laporan Hasil Survei Kepuasan Masyarakat") of a unit — or of a region, over all
//! its units, for kabupaten/kota and province officials — and a period, laid out as units hand it
//! in: a cover, BAB I Pendahuluan, BAB II Pengumpulan Data, BAB III Hasil, BAB IV Analisis, BAB V
//! Penutup.
//!
//! [`build`] turns a unit's figures ([`ReportFacts`], every number from the IKM engine) into a
//! [`ReportDoc`]: headings, paragraphs, lists and tables of plain text. Both renderings read that one
//! document — the print page (`pages::report`, HTML with A4 print CSS) and the PDF
//! (`server/src/report_pdf.rs`) — so they cannot say different things. The report is an official
//! document in Bahasa Indonesia; only the page around it follows the viewer's language.

use crate::dashboard::{
    ActionCheck, Breakdown, BreakdownRow, Dimension, FollowUpAction, Headline, TrendPoint,
};
use crate::letterhead::Letterhead;
use crate::report_chart::{Chart, ChartItem, ChartKind};
use chrono::NaiveDate;
use ikm_domain::decimal::{group_thousands, scaled_to_id_string};
use ikm_domain::period::long_date;
use ikm_domain::{Hundredths, Lang, Mutu, Period, Unsur};
use serde::{Deserialize, Serialize};

const ID: Lang = Lang::Id;

/// A whole report: its cover and five chapters.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReportDoc {
    /// "LAPORAN HASIL SURVEI KEPUASAN MASYARAKAT".
    pub title: String,
    /// The running header of every page: unit and period.
    pub header: String,
    /// The kop surat over the cover (the unit's, else its region's); `None`: none recorded.
    #[serde(default)]
    pub letterhead: Option<Letterhead>,
    pub cover: Vec<Block>,
    pub chapters: Vec<Chapter>,
}

/// "BAB III HASIL" and what it holds; every chapter starts on a new page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Chapter {
    /// "BAB III".
    pub number: String,
    /// "HASIL SURVEI".
    pub title: String,
    pub blocks: Vec<Block>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Block {
    /// A numbered section title ("3.2 Nilai per Unsur").
    Heading(String),
    Paragraph(String),
    Bullets(Vec<String>),
    Table(Table),
    /// A chart of the figures of the table before it (`crate::report_chart`).
    Chart(Chart),
    /// The place, date and signature lines at the end.
    Signature(Vec<String>),
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Table {
    /// "Tabel 3.2 Nilai per unsur pelayanan".
    pub caption: String,
    pub columns: Vec<Column>,
    pub rows: Vec<Vec<String>>,
    /// Rows set apart at the bottom (sums, the IKM).
    pub totals: Vec<Vec<String>>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Column {
    pub label: String,
    /// Relative width.
    pub weight: usize,
    /// Right-aligned (figures).
    pub numeric: bool,
}

fn column(label: &str, weight: usize, numeric: bool) -> Column {
    Column {
        label: label.to_string(),
        weight,
        numeric,
    }
}

/// What a report is made from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReportFacts {
    pub unit_code: String,
    pub unit_name: String,
    pub region_name: String,
    /// The unit's active services.
    pub services: Vec<String>,
    pub period: Period,
    /// People served per year (the Krejcie–Morgan population), when known.
    pub population_per_year: Option<u64>,
    pub headline: Headline,
    /// This period and those before it, oldest first.
    pub trend: Vec<TrendPoint>,
    pub breakdowns: Vec<Breakdown>,
    /// The follow-up plan of this period.
    pub actions: Vec<FollowUpAction>,
    /// Last period's plan and how its unsur moved since.
    pub previous_actions: Vec<ActionCheck>,
    /// The day the report was made (Asia/Jakarta).
    pub made_on: NaiveDate,
    /// A region's or an MPP's report: its units or tenants side by side. `None` for a unit's
    /// report.
    pub members: Option<Members>,
    /// A unit's invitations of the period (`None`: a region's or an MPP's report, or a unit that
    /// issued none).
    #[serde(default)]
    pub invitations: Option<crate::invitation::InvitationCounts>,
    /// What the period's comments were about (a unit's report; `None` for a region's or an MPP's).
    #[serde(default)]
    pub themes: Option<ikm_domain::themes::summary::ThemeSummary>,
    /// The letterhead the report is printed under, and who signs it.
    #[serde(default)]
    pub letterhead: Option<Letterhead>,
}

/// Whose figures a pooled report sets side by side.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum MemberKind {
    /// A region's units (and, for a province, its kabupaten/kota's).
    Units,
    /// An MPP's tenants (its booths), from the answers given in the hall.
    Tenants,
}

/// The units of a region's report, or the tenants of an MPP's.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Members {
    pub kind: MemberKind,
    /// Each with its respondents and IKM (hidden below five respondents), best first.
    pub rows: Vec<BreakdownRow>,
    /// The plain mean of their converted IKMs (each weighs the same), beside the pooled IKM.
    pub mean: Option<ikm_domain::region::MeanOfUnits>,
}

impl Members {
    /// What one of them is called in the text ("unit pelayanan", "gerai").
    fn noun(&self) -> &'static str {
        match self.kind {
            MemberKind::Units => "unit pelayanan",
            MemberKind::Tenants => "gerai (tenant)",
        }
    }
}

impl ReportFacts {
    /// Respondents whose answers count in the period.
    fn respondents(&self) -> u64 {
        self.headline.result.as_ref().map_or(0, |r| r.respondents)
    }
}

fn figure(h: Hundredths) -> String {
    h.to_id_string()
}

fn count(n: u64) -> String {
    group_thousands(n, Some('.'))
}

/// `part` of `whole` as a percentage with one decimal ("45,3%").
fn percent(part: u64, whole: u64) -> String {
    if whole == 0 {
        return "–".to_string();
    }
    let tenths = (u128::from(part) * 1000 + u128::from(whole) / 2) / u128::from(whole);
    scaled_to_id_string(tenths as i64, 1) + "%"
}

fn grade_words(mutu: Mutu) -> String {
    format!("{} ({})", mutu.letter(), mutu.label(ID))
}

/// The report of one unit and period.
pub fn build(facts: &ReportFacts) -> ReportDoc {
    let period = facts.period.label(ID);
    ReportDoc {
        title: "LAPORAN HASIL SURVEI KEPUASAN MASYARAKAT".to_string(),
        header: format!("Laporan SKM · {} · {period}", facts.unit_name),
        letterhead: facts.letterhead.clone(),
        cover: cover(facts, &period),
        chapters: vec![
            introduction(facts),
            collection(facts),
            results(facts),
            analysis(facts),
            closing(facts),
        ],
    }
}

fn cover(facts: &ReportFacts, period: &str) -> Vec<Block> {
    let mut blocks = vec![
        Block::Heading(facts.unit_name.clone()),
        Block::Paragraph(facts.region_name.clone()),
        Block::Paragraph(format!("Periode: {period}")),
    ];
    if let Some(result) = &facts.headline.result {
        blocks.push(Block::Paragraph(format!(
            "Indeks Kepuasan Masyarakat: {} — mutu pelayanan {}",
            figure(result.converted),
            grade_words(result.mutu)
        )));
    }
    blocks.push(Block::Paragraph(format!(
        "Disusun {} berdasarkan Peraturan Menteri PANRB Nomor 14 Tahun 2017.",
        long_date(facts.made_on, ID)
    )));
    blocks
}

fn chapter(number: &str, title: &str, blocks: Vec<Block>) -> Chapter {
    Chapter {
        number: number.to_string(),
        title: title.to_string(),
        blocks,
    }
}

fn introduction(facts: &ReportFacts) -> Chapter {
    let mut scope = vec![
        format!(
            "Unit pelayanan: {} ({})",
            facts.unit_name, facts.region_name
        ),
        format!("Periode survei: {}", facts.period.label(ID)),
    ];
    if let Some(members) = &facts.members {
        let (place, noun, one) = match members.kind {
            MemberKind::Units => ("Wilayah", "Unit pelayanan", "unit"),
            MemberKind::Tenants => ("Mal Pelayanan Publik", "Gerai (tenant)", "gerai"),
        };
        scope[0] = format!("{place}: {} ({})", facts.unit_name, facts.region_name);
        scope.push(format!(
            "{noun}: {} {one}, {} di antaranya mendapat jawaban pada periode ini",
            members.rows.len(),
            members.rows.iter().filter(|u| u.respondents > 0).count()
        ));
        if members.kind == MemberKind::Tenants {
            scope.push(
                "Jawaban yang dihitung: yang diberikan di gedung MPP (kode QR MPP, tablet kios \
                 MPP); jawaban di kantor masing-masing instansi masuk laporan instansi itu."
                    .into(),
            );
        }
    } else if facts.services.is_empty() {
        scope.push("Jenis layanan: seluruh layanan unit".to_string());
    } else {
        scope.push(format!("Jenis layanan: {}", facts.services.join("; ")));
    }
    chapter(
        "BAB I",
        "PENDAHULUAN",
        vec![
            Block::Heading("1.1 Latar Belakang".into()),
            Block::Paragraph(
                "Undang-Undang Nomor 25 Tahun 2009 tentang Pelayanan Publik mewajibkan setiap \
                 penyelenggara pelayanan publik menilai kinerjanya secara berkala. Peraturan Menteri \
                 Pendayagunaan Aparatur Negara dan Reformasi Birokrasi Nomor 14 Tahun 2017 menetapkan \
                 pedoman Survei Kepuasan Masyarakat (SKM): sembilan unsur pelayanan yang dinilai \
                 penerima layanan, cara menghitung Indeks Kepuasan Masyarakat (IKM), dan kewajiban \
                 mempublikasikan hasilnya."
                    .into(),
            ),
            Block::Heading("1.2 Maksud dan Tujuan".into()),
            Block::Paragraph(
                "Survei ini mengukur tingkat kepuasan masyarakat atas pelayanan yang diterimanya, \
                 menemukan unsur pelayanan yang perlu diperbaiki, dan menjadi dasar rencana tindak \
                 lanjut serta perbandingan kinerja dari periode ke periode."
                    .into(),
            ),
            Block::Heading("1.3 Ruang Lingkup".into()),
            Block::Bullets(scope),
        ],
    )
}

fn rows_of(facts: &ReportFacts, dimension: Dimension) -> &[crate::dashboard::BreakdownRow] {
    facts
        .breakdowns
        .iter()
        .find(|b| b.dimension == dimension)
        .map_or(&[], |b| b.rows.as_slice())
}

/// Respondents per breakdown cell and their share of all `respondents`.
fn share_table(caption: String, label: &str, rows: &[BreakdownRow], respondents: u64) -> Table {
    Table {
        caption,
        columns: vec![
            column(label, 3, false),
            column("Responden", 1, true),
            column("Persentase", 1, true),
        ],
        rows: rows
            .iter()
            .map(|r| {
                vec![
                    r.label.clone(),
                    count(r.respondents),
                    percent(r.respondents, respondents),
                ]
            })
            .collect(),
        totals: Vec::new(),
    }
}

fn collection(facts: &ReportFacts) -> Chapter {
    let respondents = facts.respondents();
    let channels = rows_of(facts, Dimension::Channel);
    let mut blocks = vec![
        Block::Heading("2.1 Metode Pengumpulan Data".into()),
        Block::Paragraph(
            "Data dikumpulkan dengan kuesioner sembilan unsur pelayanan sesuai Peraturan Menteri \
             PANRB Nomor 14 Tahun 2017. Setiap unsur dinilai dengan skala 1 sampai 4 (1 = tidak \
             sesuai/tidak baik, 4 = sangat sesuai/sangat baik). Responden mengisi kuesioner sesaat \
             setelah menerima layanan: melalui kode QR di ponsel sendiri, tablet kios di lokasi \
             layanan, tautan web, atau kuesioner kertas yang kemudian dimasukkan petugas."
                .into(),
        ),
    ];
    if !channels.is_empty() {
        let mut table = share_table(
            "Tabel 2.1 Responden menurut cara pengisian".into(),
            "Cara pengisian",
            channels,
            respondents,
        );
        table.totals = vec![vec![
            "Jumlah".into(),
            count(respondents),
            percent(respondents, respondents),
        ]];
        blocks.push(Block::Table(table));
    }
    blocks.push(Block::Heading("2.2 Tempat dan Waktu".into()));
    let place = match &facts.members {
        Some(m) if m.kind == MemberKind::Tenants => format!(
            "{} gerai di {} ({})",
            m.rows.len(),
            facts.unit_name,
            facts.region_name
        ),
        Some(m) => format!("{} {} di {}", m.rows.len(), m.noun(), facts.unit_name),
        None => format!("{} ({})", facts.unit_name, facts.region_name),
    };
    // A period not over yet on the day the report is made runs until that day, not its end.
    let until = if facts.period.to > facts.made_on {
        format!("hari ini ({})", long_date(facts.made_on, ID))
    } else {
        long_date(facts.period.to, ID)
    };
    blocks.push(Block::Paragraph(format!(
        "Survei dilaksanakan di {place} dari {} sampai {until}.",
        long_date(facts.period.from, ID),
    )));
    blocks.push(Block::Heading("2.3 Populasi dan Sampel".into()));
    blocks.push(Block::Paragraph(sample_text(facts, respondents)));
    if let Some(counts) = facts.invitations.filter(|c| c.issued > 0) {
        blocks.push(Block::Paragraph(invitation_text(&counts, respondents)));
    }
    blocks.push(Block::Heading("2.4 Unsur yang Dinilai".into()));
    blocks.push(Block::Table(Table {
        caption: "Tabel 2.2 Sembilan unsur pelayanan".into(),
        columns: vec![
            column("Kode", 1, false),
            column("Unsur pelayanan", 6, false),
        ],
        rows: Unsur::ALL
            .iter()
            .map(|u| vec![format!("U{}", u.number()), u.name(ID).to_string()])
            .collect(),
        totals: Vec::new(),
    }));
    chapter("BAB II", "PENGUMPULAN DATA", blocks)
}

/// The period's invitations in words: issued, answered, the response rate, the invited share.
fn invitation_text(counts: &crate::invitation::InvitationCounts, respondents: u64) -> String {
    let percent =
        |v: Option<Hundredths>| v.map_or("–".to_string(), |p| format!("{}%", figure(p)));
    format!(
        "Selain kode QR terbuka, unit memberikan tautan survei sekali pakai (undangan) kepada orang \
         yang dilayani: {} undangan dibuat pada periode ini dan {} di antaranya dijawab (tingkat \
         tanggapan {}). Jawaban melalui undangan adalah {} dari seluruh responden.",
        count(counts.issued),
        count(counts.answered),
        percent(counts.response_rate()),
        percent(counts.invited_share(respondents)),
    )
}

fn sample_text(facts: &ReportFacts, respondents: u64) -> String {
    let Some(adequacy) = &facts.headline.adequacy else {
        return format!(
            "Jumlah orang yang dilayani per tahun belum diisi untuk unit ini, sehingga jumlah \
             sampel minimum menurut tabel Krejcie dan Morgan belum dapat ditentukan. Jumlah \
             responden periode ini {} orang.",
            count(respondents)
        );
    };
    let source = if facts.headline.population_counted {
        let uploaded = facts.invitations.map_or(0, |c| c.uploaded_days);
        let counted_from = match (
            uploaded > 0,
            facts.invitations.is_some_and(|c| c.issued > 0),
        ) {
            (true, true) => {
                "jumlah orang dilayani per hari yang dicatat unit dan undangan survei yang dibuat"
            }
            (true, false) => "jumlah orang dilayani per hari yang dicatat unit",
            _ => "undangan survei yang dibuat, satu untuk setiap orang yang dilayani",
        };
        let per_served = facts
            .invitations
            .and_then(|c| c.respondents_per_served(respondents))
            .map_or(String::new(), |p| {
                format!(" Responden adalah {}% dari orang yang dilayani.", figure(p))
            });
        format!("tercatat dari {counted_from}).{per_served}")
    } else {
        let per_year = facts.population_per_year.unwrap_or(adequacy.population);
        format!(
            "dari {} orang per tahun, sebanding dengan lama periode).",
            count(per_year)
        )
    };
    let verdict = if adequacy.adequate {
        "Jumlah responden telah memenuhi sampel minimum.".to_string()
    } else {
        format!(
            "Jumlah responden belum memenuhi sampel minimum; masih kurang {} responden, sehingga \
             hasil periode ini perlu dibaca dengan hati-hati.",
            count(adequacy.shortfall())
        )
    };
    format!(
        "Populasi adalah penerima layanan selama periode survei: {} orang ({source} Menurut tabel \
         Krejcie dan Morgan yang dipakai Peraturan Menteri PANRB Nomor 14 Tahun 2017, sampel \
         minimum untuk populasi tersebut adalah {} responden. Jumlah responden periode ini {} \
         orang. {verdict}",
        count(adequacy.population),
        count(adequacy.required),
        count(adequacy.respondents)
    )
}

/// A converted score as a bar or point, written as the tables write it ("–" when hidden).
fn graded_item(label: String, converted: Option<Hundredths>) -> ChartItem {
    ChartItem {
        label,
        value: converted.map(Hundredths::as_f64),
        shown: converted.map_or("–".into(), figure),
        interval: None,
    }
}

/// The respondents of a breakdown as bars, each written "12 (45,3%)" as its table row says.
fn share_chart(caption: String, rows: &[BreakdownRow], respondents: u64) -> Chart {
    Chart {
        caption,
        kind: ChartKind::CountBars,
        items: rows
            .iter()
            .map(|r| ChartItem {
                label: r.label.clone(),
                value: Some(r.respondents as f64),
                shown: format!(
                    "{} ({})",
                    count(r.respondents),
                    percent(r.respondents, respondents)
                ),
                interval: None,
            })
            .collect(),
        note: None,
    }
}

/// Members shown one by one in a chart at most; beyond, the highest and lowest halves of it.
pub const CHART_MEMBERS: usize = 30;

/// A region's units (an MPP's tenants) as bars, best first as in their table: every one with an
/// IKM when they fit, else the highest and the lowest fifteen.
fn members_chart(members: &Members, caption: String) -> Chart {
    let shown: Vec<&BreakdownRow> = members
        .rows
        .iter()
        .filter(|r| r.figures.is_some())
        .collect();
    let item = |r: &&BreakdownRow| graded_item(r.label.clone(), r.figures.map(|(c, _)| c));
    let (items, note) = if shown.len() <= CHART_MEMBERS {
        (shown.iter().map(item).collect(), None)
    } else {
        let half = CHART_MEMBERS / 2;
        let items = shown[..half]
            .iter()
            .chain(&shown[shown.len() - half..])
            .map(item)
            .collect();
        (
            items,
            Some(format!(
                "{half} tertinggi dan {half} terendah dari {} {} dengan IKM; selengkapnya dalam \
                 tabel di atas.",
                count(shown.len() as u64),
                members.noun()
            )),
        )
    };
    Chart {
        caption,
        kind: ChartKind::GradedBars,
        items,
        note,
    }
}

fn results(facts: &ReportFacts) -> Chapter {
    let mut blocks = vec![Block::Heading("3.1 Profil Responden".into())];
    let respondents = facts.respondents();
    let profile = [
        (Dimension::Gender, "Jenis kelamin"),
        (Dimension::AgeGroup, "Kelompok usia"),
        (Dimension::Education, "Pendidikan terakhir"),
        (Dimension::Occupation, "Pekerjaan utama"),
        (Dimension::Service, "Jenis layanan yang diterima"),
    ];
    let mut number = 0;
    let mut charts = 0;
    for (dimension, label) in profile {
        let rows = rows_of(facts, dimension);
        if rows.is_empty() {
            continue;
        }
        number += 1;
        blocks.push(Block::Table(share_table(
            format!(
                "Tabel 3.{number} Responden menurut {}",
                label.to_lowercase()
            ),
            label,
            rows,
            respondents,
        )));
        charts += 1;
        blocks.push(Block::Chart(share_chart(
            format!(
                "Grafik 3.{charts} Responden menurut {}",
                label.to_lowercase()
            ),
            rows,
            respondents,
        )));
    }
    if facts.members.is_some() {
        blocks.push(Block::Paragraph(
            "Profil responden (jenis kelamin, usia, pendidikan, pekerjaan dan jenis layanan) \
             dirinci dalam laporan tiap unit pelayanan."
                .into(),
        ));
    } else if number == 0 {
        blocks.push(Block::Paragraph(
            "Belum ada responden pada periode ini.".into(),
        ));
    }
    blocks.push(Block::Heading("3.2 Nilai per Unsur Pelayanan".into()));
    let Some(result) = &facts.headline.result else {
        blocks.push(Block::Paragraph(
            "Belum ada jawaban pada periode ini, sehingga IKM belum dapat dihitung.".into(),
        ));
        return chapter("BAB III", "HASIL SURVEI", blocks);
    };
    blocks.push(Block::Paragraph(
        "Nilai rata-rata (NRR) tiap unsur adalah jumlah nilai unsur itu dibagi jumlah responden yang \
         menjawabnya. NRR tertimbang adalah NRR × 1/9; jumlahnya adalah IKM (skala 1–4), yang \
         dikonversi ke skala 25–100 dengan dikalikan 25."
            .into(),
    ));
    let rows = result
        .unsur
        .iter()
        .map(|r| {
            let three = |v: Option<i64>| v.map_or("–".to_string(), |v| scaled_to_id_string(v, 3));
            vec![
                format!("U{} {}", r.unsur.number(), r.unsur.name(ID)),
                count(r.score_sum),
                count(r.answered),
                three(r.nrr_scaled(3)),
                three(r.weighted_nrr_scaled(3)),
                r.graded.map_or("–".into(), |g| figure(g.converted)),
                r.graded.map_or("–".into(), |g| g.mutu.letter().to_string()),
            ]
        })
        .collect();
    blocks.push(Block::Table(Table {
        caption: format!("Tabel 3.{} Nilai per unsur pelayanan", number + 1),
        columns: vec![
            column("Unsur", 9, false),
            column("Jumlah nilai", 4, true),
            column("Menjawab", 4, true),
            column("NRR", 4, true),
            column("NRR × 1/9", 4, true),
            column("Konversi", 4, true),
            column("Mutu", 3, true),
        ],
        rows,
        totals: vec![
            vec![
                "IKM (jumlah NRR × 1/9)".into(),
                String::new(),
                String::new(),
                String::new(),
                figure(result.ikm),
                figure(result.converted),
                result.mutu.letter().to_string(),
            ],
            vec![
                "Responden".into(),
                count(result.respondents),
                String::new(),
                String::new(),
                String::new(),
                String::new(),
                String::new(),
            ],
        ],
    }));
    charts += 1;
    blocks.push(Block::Chart(Chart {
        caption: format!("Grafik 3.{charts} Nilai konversi per unsur pelayanan dan mutunya"),
        kind: ChartKind::GradedBars,
        items: result
            .unsur
            .iter()
            .map(|r| {
                graded_item(
                    format!("U{} {}", r.unsur.number(), r.unsur.name(ID)),
                    r.graded.map(|g| g.converted),
                )
            })
            .collect(),
        note: None,
    }));
    blocks.push(Block::Heading("3.3 Indeks Kepuasan Masyarakat".into()));
    blocks.push(Block::Paragraph(format!(
        "IKM {} pada {} adalah {} (skala 1–4), atau {} setelah dikonversi (skala 25–100), dengan \
         mutu pelayanan {}.",
        facts.unit_name,
        facts.period.label(ID),
        figure(result.ikm),
        figure(result.converted),
        grade_words(result.mutu)
    )));
    blocks.push(Block::Table(grade_table(number + 2)));
    if let Some(members) = &facts.members {
        let (heading, caption, label) = match members.kind {
            MemberKind::Units => (
                "3.4 IKM per Unit Pelayanan",
                "IKM per unit pelayanan",
                "Unit pelayanan",
            ),
            MemberKind::Tenants => (
                "3.4 IKM per Gerai (Tenant)",
                "IKM per gerai dari jawaban di MPP",
                "Gerai (tenant)",
            ),
        };
        if let Some(mean) = members.mean {
            blocks.push(Block::Paragraph(format!(
                "Angka di atas adalah IKM gabungan: seluruh jawaban dihitung bersama, sehingga {} \
                 yang lebih ramai lebih berbobot. Rata-rata IKM {} {} (masing-masing berbobot \
                 sama) adalah {}, mutu {}.",
                members.noun(),
                mean.units,
                members.noun(),
                figure(mean.converted),
                grade_words(mean.mutu)
            )));
        }
        blocks.push(Block::Heading(heading.into()));
        blocks.push(Block::Table(Table {
            caption: format!("Tabel 3.{} {caption}", number + 3),
            columns: vec![
                column(label, 6, false),
                column("Responden", 2, true),
                column("IKM", 2, true),
                column("Mutu", 1, true),
            ],
            rows: members
                .rows
                .iter()
                .map(|u| {
                    vec![
                        u.label.clone(),
                        count(u.respondents),
                        u.figures.map_or("–".into(), |(c, _)| figure(c)),
                        u.figures
                            .map_or("–".into(), |(_, m)| m.letter().to_string()),
                    ]
                })
                .collect(),
            totals: Vec::new(),
        }));
        blocks.push(Block::Paragraph(format!(
            "IKM {} dengan kurang dari lima responden tidak ditampilkan (tanda –).",
            members.noun()
        )));
        blocks.push(Block::Chart(members_chart(
            members,
            format!("Grafik 3.{} {caption}", charts + 1),
        )));
    }
    chapter("BAB III", "HASIL SURVEI", blocks)
}

/// The regulation's table of grades.
fn grade_table(number: usize) -> Table {
    Table {
        caption: format!("Tabel 3.{number} Nilai persepsi, interval, mutu dan kinerja"),
        columns: vec![
            column("Nilai persepsi", 2, true),
            column("Interval konversi", 3, true),
            column("Mutu", 1, true),
            column("Kinerja unit pelayanan", 3, false),
        ],
        rows: [Mutu::D, Mutu::C, Mutu::B, Mutu::A]
            .iter()
            .map(|m| {
                let (low, high) = m.converted_range();
                vec![
                    m.perception().to_string(),
                    format!("{} – {}", figure(low), figure(high)),
                    m.letter().to_string(),
                    m.label(ID).to_string(),
                ]
            })
            .collect(),
        totals: Vec::new(),
    }
}

fn unsur_value(result: &ikm_domain::IkmResult, unsur: Unsur) -> String {
    result
        .get(unsur)
        .graded
        .map_or("–".into(), |g| figure(g.converted))
}

/// The themes citizens wrote about most (`ikm_domain::themes`), beside the weakest unsur.
fn theme_blocks(
    themes: &ikm_domain::themes::summary::ThemeSummary,
    weakest: Option<Unsur>,
) -> Vec<Block> {
    let top = themes.top(3);
    if top.is_empty() {
        return vec![Block::Paragraph(format!(
            "Dari {} komentar warga pada periode ini, tidak ada yang membahas unsur pelayanan \
             tertentu.",
            count(themes.comments)
        ))];
    }
    let intro = format!(
        "Tema yang paling sering muncul dalam {} komentar warga pada periode ini (dibaca otomatis \
         per unsur; satu komentar dapat membahas beberapa unsur):",
        count(themes.comments)
    );
    let lines = top
        .iter()
        .map(|t| {
            let share = t
                .share(themes.comments)
                .map_or("–".into(), |s| s.to_id_string());
            let score = t.mean_score().map_or(String::new(), |m| {
                format!("; nilai unsur dari penulisnya {}", m.to_id_string())
            });
            format!(
                "U{} {}: {} komentar ({share}%){score}",
                t.theme.number(),
                t.theme.name(ID),
                count(t.comments)
            )
        })
        .collect();
    let mut blocks = vec![Block::Paragraph(intro), Block::Bullets(lines)];
    if let Some(worst) = weakest.filter(|w| top[0].theme == *w) {
        blocks.push(Block::Paragraph(format!(
            "U{} {}, unsur dengan nilai terendah, juga paling sering dibahas warga: perbaikannya \
             paling mendesak.",
            worst.number(),
            worst.name(ID)
        )));
    }
    blocks
}

fn analysis(facts: &ReportFacts) -> Chapter {
    let mut blocks = vec![Block::Heading("4.1 Unsur Tertinggi dan Terendah".into())];
    match &facts.headline.result {
        Some(result) => {
            let strongest = result.strongest();
            let weakest = result.weakest();
            let tie = match (strongest, weakest) {
                (Some(best), Some(worst)) => {
                    result.get(best).cmp_nrr(result.get(worst)) == std::cmp::Ordering::Equal
                }
                _ => false,
            };
            if tie {
                blocks.push(Block::Paragraph(
                    "Semua unsur yang dijawab mendapat nilai yang sama.".into(),
                ));
            } else if let (Some(best), Some(worst)) = (strongest, weakest) {
                blocks.push(Block::Paragraph(format!(
                    "Unsur dengan nilai tertinggi adalah U{} {} ({}). Unsur dengan nilai terendah \
                     adalah U{} {} ({}); unsur inilah yang paling perlu diperbaiki.",
                    best.number(),
                    best.name(ID),
                    unsur_value(result, best),
                    worst.number(),
                    worst.name(ID),
                    unsur_value(result, worst)
                )));
            }
        }
        None => blocks.push(Block::Paragraph(
            "Belum ada jawaban pada periode ini.".into(),
        )),
    }
    if let Some(themes) = &facts.themes {
        blocks.extend(theme_blocks(themes, facts.headline.weakest));
    }
    blocks.push(Block::Heading("4.2 Rencana Tindak Lanjut".into()));
    if let Some(members) = &facts.members {
        let lowest: Vec<String> = members
            .rows
            .iter()
            .rev()
            .filter_map(|u| {
                u.figures
                    .map(|(c, _)| format!("{} ({})", u.label, figure(c)))
            })
            .take(3)
            .collect();
        let who = match members.kind {
            MemberKind::Units => "tiap unit pelayanan",
            MemberKind::Tenants => "tiap instansi pemilik gerai bersama pengelola MPP",
        };
        let plan = format!("Rencana tindak lanjut disusun dan dipantau oleh {who}.");
        blocks.push(Block::Paragraph(if lowest.is_empty() {
            plan
        } else {
            let noun = match members.kind {
                MemberKind::Units => "Unit",
                MemberKind::Tenants => "Gerai",
            };
            format!(
                "{plan} {noun} dengan IKM terendah periode ini, yang paling perlu didampingi: {}.",
                lowest.join("; ")
            )
        }));
    } else if facts.actions.is_empty() {
        blocks.push(Block::Paragraph(
            "Belum ada rencana tindak lanjut yang dicatat untuk periode ini.".into(),
        ));
    } else {
        blocks.push(Block::Table(Table {
            caption: "Tabel 4.1 Rencana tindak lanjut periode ini".into(),
            columns: action_columns(),
            rows: facts.actions.iter().map(action_row).collect(),
            totals: Vec::new(),
        }));
    }
    if !facts.previous_actions.is_empty() {
        let mut columns = action_columns();
        columns.push(column("Sebelum → sesudah", 2, true));
        blocks.push(Block::Table(Table {
            caption: format!(
                "Tabel 4.2 Tindak lanjut {} dan perubahan nilai unsurnya",
                facts.period.previous().label(ID)
            ),
            columns,
            rows: facts
                .previous_actions
                .iter()
                .map(|check| {
                    let mut row = action_row(&check.action);
                    let value = |v: Option<Hundredths>| v.map_or("–".into(), figure);
                    row.push(format!("{} → {}", value(check.before), value(check.after)));
                    row
                })
                .collect(),
            totals: Vec::new(),
        }));
    }
    blocks.push(Block::Heading(
        "4.3 Perkembangan dari Periode ke Periode".into(),
    ));
    blocks.push(Block::Table(Table {
        caption: "Tabel 4.3 IKM periode ini dan periode sebelumnya".into(),
        columns: vec![
            column("Periode", 3, false),
            column("Responden", 2, true),
            column("IKM", 2, true),
            column("Mutu", 1, true),
        ],
        rows: facts
            .trend
            .iter()
            .map(|p| {
                vec![
                    p.label.clone(),
                    count(p.respondents),
                    p.converted.map_or("–".into(), figure),
                    p.converted.map_or("–".into(), |c| {
                        Mutu::from_converted(c).letter().to_string()
                    }),
                ]
            })
            .collect(),
        totals: Vec::new(),
    }));
    blocks.push(Block::Chart(Chart {
        caption: "Grafik 4.1 IKM per periode dengan rentang ketelitian 95%".into(),
        kind: ChartKind::Trend,
        items: facts
            .trend
            .iter()
            .map(|p| {
                // This period's interval as section 4.4 gives it (corrected for the population
                // when it is known); earlier periods' without that correction.
                let interval = if p.key == facts.period.key() {
                    facts.headline.interval
                } else {
                    p.interval
                };
                ChartItem {
                    interval: interval
                        .filter(|_| p.converted.is_some())
                        .map(|i| (i.low.as_f64(), i.high.as_f64())),
                    ..graded_item(p.label.clone(), p.converted)
                }
            })
            .collect(),
        note: Some(
            "Garis tegak: rentang tempat IKM seluruh penerima layanan berada dengan tingkat \
             kepercayaan 95%."
                .into(),
        ),
    }));
    let h = &facts.headline;
    blocks.push(Block::Paragraph(match (h.change, h.previous) {
        (Some(change), Some(before)) => format!(
            "Dibandingkan {} ({}), IKM {} sebesar {} poin.",
            h.previous_label,
            figure(before),
            if change.0 >= 0 { "naik" } else { "turun" },
            scaled_to_id_string(change.0.abs(), 2)
        ),
        _ => format!("Tidak ada IKM {} untuk dibandingkan.", h.previous_label),
    }));
    blocks.push(Block::Heading("4.4 Ketelitian Hasil".into()));
    blocks.push(Block::Paragraph(match &h.interval {
        Some(interval) => format!(
            "Karena tidak semua penerima layanan mengisi survei, IKM ini adalah perkiraan: dengan \
             tingkat kepercayaan 95%, IKM seluruh penerima layanan pada periode ini berada antara \
             {} dan {}.",
            figure(interval.low),
            figure(interval.high)
        ),
        None => "Responden terlalu sedikit untuk menghitung rentang ketelitian IKM.".into(),
    }));
    chapter("BAB IV", "ANALISIS", blocks)
}

fn action_columns() -> Vec<Column> {
    vec![
        column("Unsur", 3, false),
        column("Kegiatan", 5, false),
        column("Penanggung jawab", 3, false),
        column("Target", 2, false),
        column("Status", 2, false),
    ]
}

fn action_row(action: &FollowUpAction) -> Vec<String> {
    vec![
        format!("U{} {}", action.unsur.number(), action.unsur.name(ID)),
        action.action.clone(),
        action.owner.clone(),
        long_date(action.due, ID),
        action.status.label(ID).to_string(),
    ]
}

fn closing(facts: &ReportFacts) -> Chapter {
    let mut blocks = vec![Block::Heading("5.1 Kesimpulan".into())];
    let mut advice = Vec::new();
    match &facts.headline.result {
        Some(result) => {
            blocks.push(Block::Paragraph(format!(
                "Berdasarkan {} responden, kinerja pelayanan {} pada {} berada pada mutu {} dengan \
                 IKM {}.",
                count(result.respondents),
                facts.unit_name,
                facts.period.label(ID),
                grade_words(result.mutu),
                figure(result.converted)
            )));
            let mut ranked: Vec<_> = result.unsur.iter().filter(|r| r.answered > 0).collect();
            ranked.sort_by(|a, b| a.cmp_nrr(b));
            // The (at most three) lowest unsur below the IKM: those pulling it down.
            let below: Vec<_> = ranked
                .iter()
                .filter(|r| r.graded.is_some_and(|g| g.converted < result.converted))
                .take(3)
                .collect();
            if below.is_empty() {
                advice.push("Mempertahankan mutu seluruh unsur pelayanan.".into());
            }
            for r in below {
                advice.push(format!(
                    "Memperbaiki unsur U{} {} (nilai {}).",
                    r.unsur.number(),
                    r.unsur.name(ID),
                    unsur_value(result, r.unsur)
                ));
            }
        }
        None => blocks.push(Block::Paragraph(
            "Belum ada jawaban pada periode ini, sehingga kinerja pelayanan belum dapat dinilai."
                .into(),
        )),
    }
    if facts
        .headline
        .adequacy
        .as_ref()
        .is_some_and(|a| !a.adequate)
    {
        advice.push(
            "Menambah jumlah responden sampai sampel minimum terpenuhi (kode QR di setiap loket, \
             kios, atau kuesioner kertas)."
                .into(),
        );
    }
    advice.push(
        "Menindaklanjuti masukan masyarakat dan mempublikasikan hasil survei beserta rencana \
         tindak lanjutnya."
            .into(),
    );
    blocks.push(Block::Heading("5.2 Saran".into()));
    blocks.push(Block::Bullets(advice));
    blocks.push(Block::Signature(signature(facts)));
    chapter("BAB V", "PENUTUP", blocks)
}

/// The place and day, who signs, room for the signature, the name (or a line to write it on)
/// and the NIP when the letterhead has them.
fn signature(facts: &ReportFacts) -> Vec<String> {
    let fields = facts.letterhead.as_ref().map(|l| &l.fields);
    let mut lines = vec![
        format!("{}, {}", facts.region_name, long_date(facts.made_on, ID)),
        match facts.members.as_ref().map(|m| m.kind) {
            Some(MemberKind::Units) => "Pejabat penanggung jawab".to_string(),
            Some(MemberKind::Tenants) => format!("Pengelola {}", facts.unit_name),
            None => format!("Kepala {}", facts.unit_name),
        },
        String::new(),
        String::new(),
    ];
    match fields.filter(|f| !f.head_name.is_empty()) {
        Some(f) => lines.push(f.head_name.clone()),
        None => lines.push("(................................................)".into()),
    }
    if let Some(f) = fields.filter(|f| !f.head_nip.is_empty()) {
        lines.push(format!("NIP. {}", f.head_nip));
    }
    lines
}

/// Every piece of text of a report in reading order (for tests and search).
pub fn text_of(doc: &ReportDoc) -> Vec<String> {
    fn blocks(blocks: &[Block], out: &mut Vec<String>) {
        for block in blocks {
            match block {
                Block::Heading(t) | Block::Paragraph(t) => out.push(t.clone()),
                Block::Bullets(items) | Block::Signature(items) => out.extend(items.clone()),
                Block::Chart(chart) => {
                    out.push(chart.caption.clone());
                    out.extend(chart.note.clone());
                }
                Block::Table(table) => {
                    out.push(table.caption.clone());
                    out.extend(table.columns.iter().map(|c| c.label.clone()));
                    for row in table.rows.iter().chain(&table.totals) {
                        out.extend(row.clone());
                    }
                }
            }
        }
    }
    let mut out = Vec::new();
    if let Some(letterhead) = &doc.letterhead {
        let f = &letterhead.fields;
        out.extend(f.lines.clone());
        out.extend([f.address.clone(), f.contact.clone()]);
    }
    out.push(doc.title.clone());
    blocks(&doc.cover, &mut out);
    for chapter in &doc.chapters {
        out.push(chapter.number.clone());
        out.push(chapter.title.clone());
        blocks(&chapter.blocks, &mut out);
    }
    out
}

/// The letterhead a report prints: the unit's own (when `unit`), else its region's, else its
/// province's.
#[cfg(feature = "ssr")]
async fn letterhead_for(
    store: &dyn crate::store::Store,
    unit: Option<&str>,
    region: &str,
) -> crate::store::StoreResult<Option<Letterhead>> {
    use crate::letterhead::LetterheadOwner;
    let province = crate::access::province_of(region);
    let mut regions = vec![region.to_string()];
    if province != region {
        regions.push(province.to_string());
    }
    store
        .nearest_letterhead(&LetterheadOwner::chain(unit, &regions))
        .await
}

/// The facts of a unit's report for a period (`None`: no such unit). Labels are in Bahasa
/// Indonesia whatever the viewer's language: the report is the official document.
#[cfg(feature = "ssr")]
pub async fn load(
    store: &dyn crate::store::Store,
    code: &str,
    period: Period,
    today: NaiveDate,
) -> crate::store::StoreResult<Option<ReportFacts>> {
    use crate::figures::{unit_figures, PeriodFigures};
    let Some(record) = store.unit_record(code).await? else {
        return Ok(None);
    };
    let Some(unit) = store.unit(code).await? else {
        return Ok(None);
    };
    let population_per_year = record.fields.population_per_year;
    let invitations = store
        .invitation_counts(unit.id, period.from, period.to)
        .await?;
    let themes = store.theme_summary(unit.id, period.from, period.to).await?;
    let PeriodFigures {
        headline,
        trend,
        breakdowns,
        actions,
        previous_actions,
    } = unit_figures(
        store,
        unit.id,
        invitations.served,
        population_per_year,
        period,
        ID,
    )
    .await?;
    let letterhead = letterhead_for(store, Some(code), &record.fields.region_code).await?;
    Ok(Some(ReportFacts {
        unit_code: record.code,
        unit_name: record.fields.name,
        region_name: record.region_name,
        services: record
            .services
            .into_iter()
            .filter(|s| s.active)
            .map(|s| s.name)
            .collect(),
        period,
        population_per_year,
        headline,
        trend,
        breakdowns,
        actions,
        previous_actions,
        made_on: today,
        members: None,
        invitations: Some(invitations),
        themes: Some(themes),
        letterhead,
    }))
}

/// The facts of a region's report (every unit of the region and, for a province, of its
/// kabupaten/kota): the pooled tally of all their valid answers through the engine, and each unit's
/// own figures. `None`: no such region.
#[cfg(feature = "ssr")]
pub async fn load_region(
    store: &dyn crate::store::Store,
    code: &str,
    period: Period,
    today: NaiveDate,
) -> crate::store::StoreResult<Option<ReportFacts>> {
    use crate::dashboard::{headline, trend_point};
    use crate::figures::{RegionReading, TREND_PERIODS};
    use crate::store::Counted;

    let Some(place) = RegionReading::locate(store, code).await? else {
        return Ok(None);
    };
    let trend_periods = period.last(TREND_PERIODS);
    let asked: Vec<(Period, Counted)> = [
        (period, Counted::Valid),
        (period, Counted::Flagged),
        (period.previous(), Counted::Valid),
    ]
    .into_iter()
    .chain(trend_periods.iter().map(|p| (*p, Counted::Valid)))
    .collect();
    let reading = place.load(store, &asked).await?;
    let (region, units) = (&reading.region, &reading.units);
    let parent = reading
        .parent
        .as_ref()
        .map_or_else(|| "Indonesia".to_string(), |p| p.name.clone());
    let every = |_: &crate::dashboard::RegionUnit| true;
    let all = reading.pooled(period, Counted::Valid, every);
    let flagged = reading.pooled(period, Counted::Flagged, every);
    let before = reading.pooled(period.previous(), Counted::Valid, every);
    // The summed population, when every unit's is known.
    let population: Option<u64> = units
        .iter()
        .map(|u| u.population_per_year)
        .sum::<Option<u64>>()
        .filter(|_| !units.is_empty());
    let trend = trend_periods
        .iter()
        .map(|p| trend_point(p, &reading.pooled(*p, Counted::Valid, every), ID))
        .collect();
    let now =
        |u: &crate::dashboard::RegionUnit| reading.tally(u.id, period, Counted::Valid).clone();
    let members = members(
        MemberKind::Units,
        units.iter().map(|u| (u.name.clone(), now(u))).collect(),
    );
    let letterhead = letterhead_for(store, None, &region.code).await?;
    Ok(Some(ReportFacts {
        unit_code: region.code.clone(),
        unit_name: region.name.clone(),
        region_name: parent,
        services: Vec::new(),
        period,
        population_per_year: population,
        headline: headline(&period, &all, &flagged, &before, None, population, ID),
        trend,
        breakdowns: Vec::new(),
        actions: Vec::new(),
        previous_actions: Vec::new(),
        made_on: today,
        members: Some(members),
        invitations: None,
        themes: None,
        letterhead,
    }))
}

#[cfg(any(feature = "ssr", test))]
/// A region's units or an MPP's tenants for its report, each from its tally of the period: best
/// first, those without answers listed too (with none), and the mean of their IKMs.
fn members(kind: MemberKind, tallies: Vec<(String, ikm_domain::Tally)>) -> Members {
    use crate::dashboard::breakdown;
    let mean = ikm_domain::region::RegionIkm::of(tallies.iter().map(|(_, t)| t)).mean_of_units;
    let empty: Vec<String> = tallies
        .iter()
        .filter(|(_, t)| t.is_empty())
        .map(|(name, _)| name.clone())
        .collect();
    let mut rows = breakdown(Dimension::Service, tallies).rows;
    rows.extend(empty.into_iter().map(|label| BreakdownRow {
        label,
        respondents: 0,
        figures: None,
    }));
    rows.sort_by(|a, b| {
        b.figures
            .map(|f| f.0)
            .cmp(&a.figures.map(|f| f.0))
            .then(b.respondents.cmp(&a.respondents))
            .then(a.label.cmp(&b.label))
    });
    Members { kind, rows, mean }
}

/// The facts of an MPP's report: the pooled tally of every answer given in the hall through the
/// engine, the mean of its tenants beside it, and each tenant's own figures from its answers given
/// there (a tenant that left before the period, with none in it, is not listed). `None`: no such
/// MPP.
#[cfg(feature = "ssr")]
pub async fn load_mpp(
    store: &dyn crate::store::Store,
    code: &str,
    period: Period,
    today: NaiveDate,
) -> crate::store::StoreResult<Option<ReportFacts>> {
    use crate::dashboard::{headline, trend_point};
    use crate::figures::TREND_PERIODS;
    use crate::mpp::MppFigures;
    use crate::store::Counted;

    let Some(detail) = store.mpp(code).await? else {
        return Ok(None);
    };
    let id = detail.mpp.id;
    let read = |p: Period, counted: Counted| store.mpp_tallies(id, p.from, p.to, counted);
    let now = read(period, Counted::Valid).await?;
    let flagged = MppFigures::of(&read(period, Counted::Flagged).await?).pooled;
    let before = MppFigures::of(&read(period.previous(), Counted::Valid).await?).pooled;
    let mut trend = Vec::new();
    for p in period.last(TREND_PERIODS) {
        let pooled = MppFigures::of(&read(p, Counted::Valid).await?).pooled;
        trend.push(trend_point(&p, &pooled, ID));
    }
    let tally_of = |unit_id: i64| {
        now.iter()
            .find(|(id, _)| *id == unit_id)
            .map(|(_, t)| t.clone())
            .unwrap_or_default()
    };
    let tenants: Vec<(String, ikm_domain::Tally)> = detail
        .tenants
        .iter()
        .map(|t| (t, tally_of(t.unit_id)))
        .filter(|(t, tally)| t.serving() || !tally.is_empty())
        .map(|(t, tally)| (t.name.clone(), tally))
        .collect();
    // The people the hall serves: the tenants' own figures summed, when each is known.
    let population: Option<u64> = detail
        .serving()
        .map(|t| t.population_per_year)
        .sum::<Option<u64>>()
        .filter(|_| detail.serving().next().is_some());
    let all = MppFigures::of(&now).pooled;
    let letterhead = letterhead_for(store, None, &detail.mpp.fields.region_code).await?;
    Ok(Some(ReportFacts {
        unit_code: detail.mpp.code.clone(),
        unit_name: detail.mpp.fields.name.clone(),
        region_name: detail.mpp.region_name.clone(),
        services: Vec::new(),
        period,
        population_per_year: population,
        headline: headline(&period, &all, &flagged, &before, None, population, ID),
        trend,
        breakdowns: Vec::new(),
        actions: Vec::new(),
        previous_actions: Vec::new(),
        made_on: today,
        members: Some(members(MemberKind::Tenants, tenants)),
        invitations: None,
        themes: None,
        letterhead,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dashboard::{breakdown, headline, ActionStatus};
    use ikm_domain::{Answers, IkmResult, Score, Tally};

    fn answers(scores: [u8; 9]) -> Answers {
        Answers::complete(scores.map(|v| Score::new(v).expect("1..=4")))
    }

    fn facts(valid: &Tally, previous: &Tally, population: Option<u64>) -> ReportFacts {
        let period = Period::quarter(2026, 3).expect("q3");
        ReportFacts {
            unit_code: "1871-disdukcapil".into(),
            unit_name: "Disdukcapil Kota Bandar Lampung".into(),
            region_name: "Kota Bandar Lampung".into(),
            services: vec!["KTP-el".into(), "Kartu Keluarga".into()],
            period,
            population_per_year: population,
            headline: headline(
                &period,
                valid,
                &Tally::default(),
                previous,
                None,
                population,
                ID,
            ),
            trend: Vec::new(),
            breakdowns: vec![breakdown(
                Dimension::Gender,
                vec![
                    ("Perempuan".into(), Tally::of(&vec![answers([4; 9]); 3])),
                    ("Laki-laki".into(), Tally::of(&vec![answers([3; 9]); 1])),
                ],
            )],
            actions: vec![FollowUpAction {
                id: 1,
                period: period.key(),
                unsur: Unsur::Waktu,
                action: "Tambah loket".into(),
                owner: "Kabid".into(),
                due: NaiveDate::from_ymd_opt(2026, 12, 31).expect("date"),
                status: ActionStatus::Berjalan,
                theme: None,
                done_on: None,
                evidence: Default::default(),
            }],
            previous_actions: Vec::new(),
            made_on: NaiveDate::from_ymd_opt(2026, 11, 28).expect("date"),
            members: None,
            invitations: None,
            themes: None,
            letterhead: None,
        }
    }

    fn table<'a>(doc: &'a ReportDoc, caption: &str) -> &'a Table {
        doc.chapters
            .iter()
            .flat_map(|c| &c.blocks)
            .find_map(|b| match b {
                Block::Table(t) if t.caption.contains(caption) => Some(t),
                _ => None,
            })
            .unwrap_or_else(|| panic!("no table {caption}"))
    }

    #[test]
    fn a_period_not_over_runs_until_the_day_the_report_is_made() {
        let valid = Tally::of(&vec![answers([4; 9]); 3]);
        let over = text_of(&build(&facts(&valid, &Tally::default(), None))).join(" ");
        assert!(over.contains("sampai 30 September 2026."), "{over}");
        let mut running = facts(&valid, &Tally::default(), None);
        running.period = Period::quarter(2026, 4).expect("q4");
        running.made_on = NaiveDate::from_ymd_opt(2026, 12, 6).expect("date");
        let words = text_of(&build(&running)).join(" ");
        assert!(
            words.contains("sampai hari ini (6 Desember 2026)."),
            "{words}"
        );
        assert!(!words.contains("sampai 31 Desember 2026"), "{words}");
    }

    #[test]
    fn five_chapters_in_the_order_units_hand_them_in() {
        let valid = Tally::of(&vec![answers([4, 3, 2, 4, 3, 3, 4, 3, 3]); 4]);
        let doc = build(&facts(&valid, &Tally::default(), Some(1000)));
        let titles: Vec<_> = doc
            .chapters
            .iter()
            .map(|c| format!("{} {}", c.number, c.title))
            .collect();
        assert_eq!(
            titles,
            [
                "BAB I PENDAHULUAN",
                "BAB II PENGUMPULAN DATA",
                "BAB III HASIL SURVEI",
                "BAB IV ANALISIS",
                "BAB V PENUTUP"
            ]
        );
        assert!(doc.header.contains("Triwulan III 2026"));
        assert!(doc.header.contains("Disdukcapil Kota Bandar Lampung"));
    }

    #[test]
    fn the_unsur_table_is_the_engines_figures() {
        let list = [
            answers([4, 3, 2, 4, 3, 3, 4, 3, 3]),
            answers([3, 3, 2, 4, 4, 3, 4, 2, 1]),
            answers([4, 4, 3, 4, 3, 3, 4, 3, 2]),
        ];
        let valid = Tally::of(&list);
        let engine = IkmResult::of(&valid).expect("result");
        let doc = build(&facts(&valid, &Tally::default(), None));
        let t = table(&doc, "Nilai per unsur");
        assert_eq!(t.rows.len(), 9);
        // U3: 2 + 2 + 3 = 7 over 3 answers: NRR 2,333, weighted 0,259, converted 58,33 (D).
        assert_eq!(
            t.rows[2],
            [
                "U3 Waktu Penyelesaian",
                "7",
                "3",
                "2,333",
                "0,259",
                "58,33",
                "D"
            ]
        );
        assert_eq!(t.totals[0][4], engine.ikm.to_id_string());
        assert_eq!(t.totals[0][5], engine.converted.to_id_string());
        assert_eq!(t.totals[0][6], engine.mutu.letter());
        assert_eq!(t.totals[1][1], "3");
        let words = text_of(&doc).join(" ");
        // U9: 3 + 1 + 2 = 6 over 3 = NRR 2, converted 50,00: the weakest.
        assert!(
            words.contains("Unsur dengan nilai terendah adalah U9 Sarana dan prasarana (50,00)")
        );
        assert!(words.contains("Memperbaiki unsur U9 Sarana dan prasarana (nilai 50,00)."));
        assert!(words.contains("U4 Biaya/Tarif (100,00)"), "the strongest");
    }

    #[test]
    fn bab_iv_lists_the_top_themes_beside_the_weakest_unsur() {
        let list = [
            answers([4, 3, 2, 4, 3, 3, 4, 3, 3]),
            answers([3, 3, 2, 4, 4, 3, 4, 2, 1]),
            answers([4, 4, 3, 4, 3, 3, 4, 3, 2]),
        ];
        let valid = Tally::of(&list);
        let mut f = facts(&valid, &Tally::default(), None);
        let mut themes = ikm_domain::themes::summary::ThemeSummary::default();
        let low_sarana = [
            Some(3),
            Some(3),
            Some(2),
            Some(4),
            Some(3),
            Some(3),
            Some(4),
            Some(2),
            Some(1),
        ];
        themes.add(&[Unsur::Sarana], &low_sarana);
        themes.add(&[Unsur::Sarana, Unsur::Waktu], &low_sarana);
        themes.add(&[], &low_sarana);
        f.themes = Some(themes);
        let doc = build(&f);
        let bab_iv = doc
            .chapters
            .iter()
            .find(|c| c.number == "BAB IV")
            .expect("BAB IV");
        let words = text_of(&ReportDoc {
            chapters: vec![bab_iv.clone()],
            cover: Vec::new(),
            ..doc.clone()
        })
        .join(" ");
        assert!(words.contains("dalam 3 komentar warga"), "{words}");
        // Sarana 2 of 3 comments (66,67 %), its writers scored it 1 each; waktu 1 (33,33 %).
        assert!(
            words.contains(
                "U9 Sarana dan prasarana: 2 komentar (66,67%); nilai unsur dari penulisnya 1,00"
            ),
            "{words}"
        );
        assert!(
            words.contains("U3 Waktu Penyelesaian: 1 komentar (33,33%)"),
            "{words}"
        );
        assert!(words.contains(
            "U9 Sarana dan prasarana, unsur dengan nilai terendah, juga paling sering dibahas"
        ));
        // Without comments read (a region's report), nothing is said of themes.
        let plain = text_of(&build(&facts(&valid, &Tally::default(), None))).join(" ");
        assert!(!plain.contains("komentar warga pada periode ini"));
    }

    #[test]
    fn the_sample_paragraph_says_whether_enough_people_answered() {
        let few = Tally::of(&vec![answers([3; 9]); 10]);
        let words = text_of(&build(&facts(&few, &Tally::default(), Some(3650)))).join(" ");
        // 92 days of 3 650 a year = 920 people.
        let required = ikm_domain::sample::minimum_sample(920);
        assert!(words.contains("selama periode survei: 920 orang (dari 3.650 orang per tahun"));
        assert!(
            words.contains(&format!("adalah {required} responden")),
            "{words}"
        );
        assert!(
            words.contains(&format!("masih kurang {} responden", required - 10)),
            "{words}"
        );
        assert!(words.contains("Semua unsur yang dijawab mendapat nilai yang sama."));
        assert!(words.contains("Mempertahankan mutu seluruh unsur pelayanan."));
        assert!(
            words.contains("Menambah jumlah responden"),
            "advice to collect more"
        );

        let unknown = text_of(&build(&facts(&few, &Tally::default(), None))).join(" ");
        assert!(unknown.contains("belum diisi untuk unit ini"));
        assert!(!unknown.contains("Menambah jumlah responden"));
    }

    #[test]
    fn the_analysis_compares_with_the_previous_period_and_explains_the_interval() {
        let now = Tally::of(&[
            answers([4; 9]),
            answers([3; 9]),
            answers([4; 9]),
            answers([3; 9]),
        ]);
        let before = Tally::of(&vec![answers([3; 9]); 5]);
        let f = facts(&now, &before, Some(3650));
        let interval = f.headline.interval.expect("four respondents");
        let doc = build(&f);
        let words = text_of(&doc).join(" ");
        assert!(
            words.contains("Dibandingkan Triwulan II 2026 (75,00), IKM naik sebesar 12,50 poin.")
        );
        assert!(words.contains(&format!(
            "tingkat kepercayaan 95%, IKM seluruh penerima layanan pada periode ini berada antara {} dan {}.",
            interval.low.to_id_string(),
            interval.high.to_id_string()
        )));
        let plan = table(&doc, "Rencana tindak lanjut");
        assert_eq!(
            plan.rows[0],
            [
                "U3 Waktu Penyelesaian",
                "Tambah loket",
                "Kabid",
                "31 Desember 2026",
                "Berjalan"
            ]
        );
        let profile = table(&doc, "jenis kelamin");
        assert_eq!(profile.rows[0], ["Perempuan", "3", "75,0%"]);
    }

    #[test]
    fn a_regions_report_lists_its_units_best_first_and_hides_small_ones() {
        let valid = Tally::of(&vec![answers([3; 9]); 12]);
        let mut f = facts(&valid, &Tally::default(), None);
        f.unit_name = "Kota Bandar Lampung".into();
        f.region_name = "Lampung".into();
        f.breakdowns = Vec::new();
        f.actions = Vec::new();
        f.members = Some(members(
            MemberKind::Units,
            vec![
                (
                    "Puskesmas Kedaton".into(),
                    Tally::of(&vec![answers([4; 9]); 3]),
                ),
                ("Disdukcapil".into(), Tally::of(&vec![answers([3; 9]); 8])),
            ],
        ));
        let doc = build(&f);
        let units = table(&doc, "IKM per unit pelayanan");
        assert_eq!(units.rows[0], ["Disdukcapil", "8", "75,00", "C"]);
        assert_eq!(units.rows[1], ["Puskesmas Kedaton", "3", "–", "–"]);
        let words = text_of(&doc).join(" ");
        assert!(words.contains("Wilayah: Kota Bandar Lampung (Lampung)"));
        assert!(words.contains("Unit pelayanan: 2 unit, 2 di antaranya mendapat jawaban"));
        assert!(words.contains("Survei dilaksanakan di 2 unit pelayanan di Kota Bandar Lampung"));
        assert!(words.contains("dirinci dalam laporan tiap unit pelayanan"));
        assert!(words.contains(
            "IKM terendah periode ini, yang paling perlu didampingi: Disdukcapil (75,00)."
        ));
        assert!(words.contains(
            "Rata-rata IKM 2 unit pelayanan (masing-masing berbobot sama) adalah 87,50, mutu B"
        ));
        assert!(words.contains("Pejabat penanggung jawab"));
        assert!(!words.contains("Belum ada responden"));
    }

    #[test]
    fn an_mpps_report_lists_its_tenants_and_signs_as_the_mpps_manager() {
        let valid = Tally::of(&vec![answers([4; 9]); 10]);
        let mut f = facts(&valid, &Tally::default(), None);
        f.unit_name = "MPP Kota Bandar Lampung".into();
        f.breakdowns = Vec::new();
        f.actions = Vec::new();
        f.members = Some(members(
            MemberKind::Tenants,
            vec![
                (
                    "Gerai Imigrasi".into(),
                    Tally::of(&vec![answers([4; 9]); 6]),
                ),
                ("Gerai Samsat".into(), Tally::default()),
                ("Gerai BPJS".into(), Tally::of(&vec![answers([4; 9]); 4])),
            ],
        ));
        let doc = build(&f);
        let tenants = table(&doc, "IKM per gerai dari jawaban di MPP");
        assert_eq!(tenants.rows[0], ["Gerai Imigrasi", "6", "100,00", "A"]);
        assert_eq!(tenants.rows[1], ["Gerai BPJS", "4", "–", "–"]);
        assert_eq!(tenants.rows[2], ["Gerai Samsat", "0", "–", "–"]);
        let words = text_of(&doc).join(" ");
        assert!(
            words.contains("Mal Pelayanan Publik: MPP Kota Bandar Lampung (Kota Bandar Lampung)")
        );
        assert!(words.contains("Gerai (tenant): 3 gerai, 2 di antaranya mendapat jawaban"));
        assert!(words.contains("yang diberikan di gedung MPP"));
        assert!(words.contains("Survei dilaksanakan di 3 gerai di MPP Kota Bandar Lampung"));
        assert!(words.contains("Rata-rata IKM 2 gerai (tenant)"));
        assert!(words.contains("tiap instansi pemilik gerai bersama pengelola MPP"));
        assert!(words.contains("Pengelola MPP Kota Bandar Lampung"));
        assert!(!words.contains("Kepala MPP"));
    }

    #[test]
    fn a_unit_that_invites_says_how_many_answered_in_chapter_two() {
        let valid = Tally::of(&vec![answers([3; 9]); 8]);
        let mut f = facts(&valid, &Tally::default(), None);
        f.invitations = Some(crate::invitation::InvitationCounts {
            issued: 1_200,
            answered: 400,
            invited_answers: 2,
            ..Default::default()
        });
        let words = text_of(&build(&f)).join(" ");
        assert!(
            words.contains(
                "1.200 undangan dibuat pada periode ini dan 400 di antaranya dijawab (tingkat \
                 tanggapan 33,33%). Jawaban melalui undangan adalah 25,00% dari seluruh responden."
            ),
            "{words}"
        );
        // None issued: not a word about invitations.
        f.invitations = Some(crate::invitation::InvitationCounts::default());
        assert!(!text_of(&build(&f)).join(" ").contains("undangan"));
    }

    #[test]
    fn a_counted_population_is_named_as_counted_in_chapter_two() {
        let valid = Tally::of(&vec![answers([3; 9]); 8]);
        let mut f = facts(&valid, &Tally::default(), Some(36_500));
        let counts = crate::invitation::InvitationCounts {
            served: Some(40),
            uploaded_days: 20,
            ..Default::default()
        };
        f.invitations = Some(counts);
        f.headline = headline(
            &f.period,
            &valid,
            &Tally::default(),
            &Tally::default(),
            counts.served,
            f.population_per_year,
            ID,
        );
        let words = text_of(&build(&f)).join(" ");
        // 40 people served, not 36 500 a year prorated; Krejcie–Morgan's 36 for 40.
        assert!(
            words.contains(
                "Populasi adalah penerima layanan selama periode survei: 40 orang (tercatat dari \
                 jumlah orang dilayani per hari yang dicatat unit). Responden adalah 20,00% dari \
                 orang yang dilayani. Menurut tabel Krejcie dan Morgan yang dipakai Peraturan \
                 Menteri PANRB Nomor 14 Tahun 2017, sampel minimum untuk populasi tersebut adalah \
                 36 responden. Jumlah responden periode ini 8 orang."
            ),
            "{words}"
        );
    }

    #[test]
    fn a_period_without_answers_says_so_in_every_chapter_that_needs_them() {
        let doc = build(&facts(&Tally::default(), &Tally::default(), None));
        let words = text_of(&doc).join(" ");
        assert!(words.contains("IKM belum dapat dihitung"));
        assert!(words.contains("kinerja pelayanan belum dapat dinilai"));
        assert!(words.contains("Tidak ada IKM Triwulan II 2026 untuk dibandingkan."));
        assert!(words.contains("Responden terlalu sedikit"));
    }
}
