//! `GET /wilayah/{code}/rapor.zip?tahun=YYYY` — the scorecard's evidence pack for the officials
//! who may view the region (`scorecard_pack` writes it): the workbook of scores, reasons and
//! evidence links, and the SKM reports (PDF) behind the units' scores — every unit's for a
//! kabupaten/kota, a province's own units' for a province (each kabupaten/kota has its own pack).

use crate::scorecard_pack::{workbook, write_zip, Entry, PackUnit};
use crate::web::downloads::report_bytes;
use crate::web::form::{Answer, Ctx, Refusal};
use crate::web::state::AppState;
use app::dashboard::FollowUpAction;
use app::evidence::{photo_path, MediumRecord};
use app::figures::RegionReading;
use app::model::RegionLevel;
use app::scorecard::{cells, due_words, fill, kind_name, period_label, requested_year};
use app::time::jakarta_today;
use axum::extract::Path;
use axum::http::{header, StatusCode};
use axum::response::IntoResponse;
use axum::routing::get;
use axum::Router;
use chrono::Datelike;
use ikm_domain::rubric::Indicator;
use ikm_domain::scorecard::{period_checks, Why};
use ikm_domain::{Lang, Period};

pub fn routes() -> Router<AppState> {
    Router::new().route("/wilayah/{code}/rapor.zip", get(pack))
}

/// An address as the workbook shows it: absolute when the public address is configured.
fn address(public_url: Option<&str>, path: &str) -> String {
    match public_url {
        Some(base) => format!("{}{path}", base.trim_end_matches('/')),
        None => path.to_string(),
    }
}

fn medium_line(m: &MediumRecord, public_url: Option<&str>, lang: Lang) -> String {
    let mut line = format!(
        "{} — {}: {} ({})",
        period_label(&m.period, lang),
        kind_name(m.kind, lang),
        m.name,
        m.on.format("%d-%m-%Y")
    );
    if let Some(link) = &m.link {
        line.push_str(&format!(" {link}"));
    }
    if let Some(photo) = &m.photo {
        line.push_str(&format!(" {}", address(public_url, &photo_path(photo))));
    }
    line
}

fn action_line(a: &FollowUpAction, public_url: Option<&str>, lang: Lang) -> String {
    let s = &app::i18n::texts(lang).scorecard;
    let mut line = format!(
        "{} — {} ({})",
        period_label(&a.period, lang),
        a.action,
        a.status.label(lang)
    );
    if let Some(day) = a.done_on {
        line.push_str(&format!(", {} {}", s.done_on, day.format("%d-%m-%Y")));
    }
    for text in [&a.evidence.note, &a.evidence.link].into_iter().flatten() {
        line.push_str(&format!(" · {text}"));
    }
    if let Some(photo) = &a.evidence.photo {
        line.push_str(&format!(" · {}", address(public_url, &photo_path(photo))));
    }
    line
}

fn report_name(code: &str, period: &str) -> String {
    format!("laporan/laporan-skm-{code}-{period}.pdf")
}

async fn pack(Path(region): Path<String>, ctx: Ctx) -> Answer {
    let today = jakarta_today();
    let year = requested_year(Some(ctx.get("tahun").as_str()), today.year());
    let page = format!("/wilayah/{region}/rapor?tahun={year}");
    ctx.viewer(&page, |v| v.can_view_region(&region))?;
    let lang = ctx.lang();
    let s = &app::i18n::texts(lang).scorecard;
    let store = ctx.state.store.as_ref();
    let public_url = ctx.state.web.public_url.as_deref();
    let place = RegionReading::locate(store, &region)
        .await?
        .ok_or(Refusal::NotFound)?;
    let rubric = app::store::scorecards::rubric_in_force(store).await?;
    let book = app::scorecard::read(store, place, year).await?;
    let reading = &book.reading;
    let province = reading.region.level == RegionLevel::Province;
    let region_name = |code: &str| {
        reading
            .children
            .iter()
            .find(|c| c.code == code)
            .map_or(reading.region.name.clone(), |c| c.name.clone())
    };
    let mut units = Vec::new();
    // The reports behind the scores: each published period of the year, and the period that
    // makes a unit's survey per the regulation.
    let mut reports: Vec<(String, Period)> = Vec::new();
    for scored in book.scored(&rubric, today) {
        let unit = &reading.units[scored.index];
        let year_of = &book.units[scored.index];
        let actions = book.actions(unit.id);
        let evidence = book.evidence(unit.id);
        let mut periods: Vec<String> = year_of
            .publications
            .iter()
            .map(|p| p.period.clone())
            .collect();
        if let Some(best) = period_checks(year_of).into_iter().find(|c| c.per_rule()) {
            if !periods.contains(&best.period) {
                periods.push(best.period);
            }
        }
        let report_files: Vec<String> =
            periods.iter().map(|p| report_name(&unit.code, p)).collect();
        let public_page = address(public_url, &format!("/publik/{}", unit.code));
        let published = !year_of.publications.is_empty();
        let done: Vec<String> = actions
            .iter()
            .filter(|a| a.done_on.is_some() || !a.evidence.is_empty())
            .map(|a| action_line(a, public_url, lang))
            .collect();
        let per_indicator: Vec<Vec<String>> = Indicator::ALL
            .iter()
            .map(|indicator| match indicator {
                Indicator::Conducted => {
                    let mut lines = report_files.clone();
                    if published {
                        lines.push(public_page.clone());
                    }
                    lines
                }
                Indicator::Media => {
                    let mut lines: Vec<String> = Vec::new();
                    if published {
                        lines.push(format!("{}: {public_page}", s.public_page));
                    }
                    lines.extend(
                        evidence
                            .media
                            .iter()
                            .map(|(_, m)| medium_line(m, public_url, lang)),
                    );
                    lines
                }
                Indicator::FollowupShare | Indicator::FollowupSpeed => done.clone(),
                Indicator::Complaints => {
                    let finding = scored.score.get(Indicator::Complaints);
                    match finding.map(|f| &f.why) {
                        Some(Why::Complaints { total, .. }) if *total > 0 => {
                            vec![public_page.clone()]
                        }
                        _ => Vec::new(),
                    }
                }
            })
            .collect();
        if !province || unit.region_code == reading.region.code {
            reports.extend(
                periods
                    .iter()
                    .filter_map(|p| Period::parse(p).map(|p| (unit.code.clone(), p))),
            );
        }
        units.push(PackUnit {
            code: unit.code.clone(),
            name: unit.name.clone(),
            region_name: region_name(&unit.region_code),
            cells: cells(&scored.score, lang),
            mean: scored.score.mean(),
            due: scored
                .due
                .iter()
                .map(|d| due_words(d, year, &actions, lang))
                .collect(),
            evidence: per_indicator,
        });
    }
    let failed = |error: std::io::Error| {
        tracing::error!(%error, %region, "writing an evidence pack failed");
        ctx.refuse(StatusCode::SERVICE_UNAVAILABLE, s.pack_failed)
    };
    let title = fill(
        "{title} {year} · {name}",
        &[
            ("title", s.title.to_string()),
            ("year", year.to_string()),
            ("name", reading.region.name.clone()),
        ],
    );
    let xlsx = workbook(&title, &units, lang).map_err(|e| failed(std::io::Error::other(e)))?;
    let mut entries = vec![Entry {
        name: format!("rapor-skm-{region}-{year}.xlsx"),
        bytes: xlsx,
    }];
    for (code, period) in reports {
        let Some(facts) = app::report::load(store, &code, period, today).await? else {
            continue;
        };
        let bytes = report_bytes(store, app::report::build(&facts))
            .await
            .map_err(failed)?;
        entries.push(Entry {
            name: report_name(&code, &period.key()),
            bytes,
        });
    }
    let file = tokio::task::spawn_blocking(move || {
        let file = tempfile::tempfile()?;
        let mut file = write_zip(file, entries.into_iter().map(Ok))?;
        use std::io::Seek;
        file.rewind()?;
        Ok::<_, std::io::Error>(file)
    })
    .await
    .map_err(|e| failed(std::io::Error::other(e)))?
    .map_err(failed)?;
    let size = file.metadata().map_err(failed)?.len();
    let body = axum::body::Body::from_stream(tokio_util::io::ReaderStream::new(
        tokio::fs::File::from_std(file),
    ));
    let headers = [
        (header::CONTENT_TYPE, "application/zip".to_string()),
        (
            header::CONTENT_DISPOSITION,
            format!("attachment; filename=\"rapor-skm-{region}-{year}.zip\""),
        ),
        (header::CONTENT_LENGTH, size.to_string()),
    ];
    Ok((headers, body).into_response())
}
