//! `/dasbor/{code}/laporan?periode=…` — the period's SKM report as a print page: the document of
//! `crate::report` in HTML, laid out for A4 by the print CSS (`.report` in `style/main.css`): every
//! chapter on a new page, tables kept whole where they fit, the unit and period at the top of every
//! printed page (a repeated table header, which browsers print on each page). The PDF of the same
//! document is `/dasbor/{code}/laporan.pdf` (`server/src/report_pdf.rs`).

use crate::components::staff::guarded;
use crate::error::LoadError;
use crate::i18n::t;
use crate::letterhead::{logo_path, Letterhead};
use crate::report::{Block, ReportDoc, Table};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReportPage {
    /// The page the report comes from (the dashboard or the region comparison, same period).
    pub back: String,
    /// The same report as a PDF.
    pub pdf: String,
    pub doc: ReportDoc,
}

#[server(endpoint = "laporan")]
pub async fn load_report(
    code: String,
    periode: Option<String>,
    dari: Option<String>,
    sampai: Option<String>,
) -> Result<Option<ReportPage>, LoadError> {
    use crate::guard::viewed_unit;
    use crate::periods::period_query;
    use crate::periods::requested_period;
    use crate::time::jakarta_today;

    let store = crate::store::use_store()?;
    let failed = crate::store::unavailable("loading the report");
    if viewed_unit(store.as_ref(), &code, "loading the report")
        .await?
        .is_none()
    {
        return Ok(None);
    }
    let today = jakarta_today();
    let (period, _) = requested_period(&periode, &dari, &sampai);
    let Some(facts) = crate::report::load(store.as_ref(), &code, period, today)
        .await
        .map_err(failed)?
    else {
        return Ok(None);
    };
    let query = period_query(&period);
    Ok(Some(ReportPage {
        back: format!("/dasbor/{code}?{query}"),
        pdf: format!("/dasbor/{code}/laporan.pdf?{query}"),
        doc: crate::report::build(&facts),
    }))
}

/// A region's report (`/wilayah/{code}/laporan`), for the officials who may view the region.
#[server(endpoint = "laporan-wilayah")]
pub async fn load_region_report(
    code: String,
    periode: Option<String>,
    dari: Option<String>,
    sampai: Option<String>,
) -> Result<Option<ReportPage>, LoadError> {
    use crate::guard::require;
    use crate::periods::period_query;
    use crate::periods::requested_period;
    use crate::time::jakarta_today;

    let store = crate::store::use_store()?;
    let failed = crate::store::unavailable("loading a region's report");
    require(|v| v.can_view_region(&code))?;
    let today = jakarta_today();
    let (period, _) = requested_period(&periode, &dari, &sampai);
    let Some(facts) = crate::report::load_region(store.as_ref(), &code, period, today)
        .await
        .map_err(failed)?
    else {
        crate::guard::set_status(http::StatusCode::NOT_FOUND);
        return Ok(None);
    };
    let query = period_query(&period);
    Ok(Some(ReportPage {
        back: format!("/wilayah/{code}?{query}"),
        pdf: format!("/wilayah/{code}/laporan.pdf?{query}"),
        doc: crate::report::build(&facts),
    }))
}

/// An MPP's report (`/mpp/{code}/laporan`): the answers given in the hall, with its tenants table,
/// for its manager and its region's staff.
#[server(endpoint = "laporan-mpp")]
pub async fn load_mpp_report(
    code: String,
    periode: Option<String>,
    dari: Option<String>,
    sampai: Option<String>,
) -> Result<Option<ReportPage>, LoadError> {
    use crate::periods::period_query;
    use crate::periods::requested_period;
    use crate::time::jakarta_today;

    let store = crate::store::use_store()?;
    let failed = crate::store::unavailable("loading an MPP's report");
    let Some(detail) = store.mpp(&code).await.map_err(failed)? else {
        crate::guard::set_status(http::StatusCode::NOT_FOUND);
        return Ok(None);
    };
    let region = detail.mpp.fields.region_code.clone();
    crate::guard::require(|v| v.can_view_mpp(&code, &region))?;
    let (period, _) = requested_period(&periode, &dari, &sampai);
    let Some(facts) = crate::report::load_mpp(store.as_ref(), &code, period, jakarta_today())
        .await
        .map_err(failed)?
    else {
        return Ok(None);
    };
    let query = period_query(&period);
    Ok(Some(ReportPage {
        back: format!("/mpp/{code}?{query}"),
        pdf: format!("/mpp/{code}/laporan.pdf?{query}"),
        doc: crate::report::build(&facts),
    }))
}

/// The print page of whichever report `load` reads (a unit's or a region's), for the route's code
/// and period.
fn print_page<F, Fut>(load: F) -> impl IntoView
where
    F: Fn(String, Option<String>, Option<String>, Option<String>) -> Fut
        + Send
        + Sync
        + Copy
        + 'static,
    Fut: std::future::Future<Output = Result<Option<ReportPage>, LoadError>> + Send + 'static,
{
    let text = t();
    let params = use_params_map();
    let query = use_query_map();
    let data = Resource::new(
        move || {
            let q = query.read();
            (
                params.read().get("code").unwrap_or_default(),
                q.get("periode"),
                q.get("dari"),
                q.get("sampai"),
            )
        },
        move |(code, periode, dari, sampai)| load(code, periode, dari, sampai),
    );
    view! {
        <Suspense fallback=move || view! { <p>{text.loading}</p> }>
            {move || Suspend::new(async move {
                guarded(data.await, |page: ReportPage| view! { <Report page /> })
            })}
        </Suspense>
    }
}

#[component]
pub fn ReportPrintPage() -> impl IntoView {
    print_page(load_report)
}

#[component]
pub fn RegionReportPrintPage() -> impl IntoView {
    print_page(load_region_report)
}

#[component]
pub fn MppReportPrintPage() -> impl IntoView {
    print_page(load_mpp_report)
}

#[component]
fn Report(page: ReportPage) -> impl IntoView {
    let text = t();
    let p = &text.public;
    let doc = page.doc;
    view! {
        <Title text=doc.header.clone() />
        <nav class="report-tools" aria-label=p.report>
            <p><a href=page.back.clone()>{p.report_back}</a></p>
            <p>{p.report_hint}</p>
            <p>
                <a class="button" href=page.pdf.clone() download>
                    {p.report_pdf}
                </a>
            </p>
        </nav>
        // A layout table: its header row is printed again at the top of every page.
        <table class="report-frame" role="presentation">
            <thead>
                <tr>
                    <td class="report-running">{doc.header.clone()}</td>
                </tr>
            </thead>
            <tbody>
                <tr>
                    <td>
                        <article class="report" data-testid="report">
                            <section class="report-cover">
                                {doc.letterhead.clone().map(letterhead)}
                                <h1>{doc.title.clone()}</h1>
                                {doc.cover.into_iter().map(block).collect_view()}
                            </section>
                            {doc
                                .chapters
                                .into_iter()
                                .map(|chapter| {
                                    view! {
                                        <section class="report-chapter">
                                            <h2>
                                                <span>{chapter.number}</span>
                                                " "
                                                <span>{chapter.title}</span>
                                            </h2>
                                            {chapter.blocks.into_iter().map(block).collect_view()}
                                        </section>
                                    }
                                })
                                .collect_view()}
                        </article>
                    </td>
                </tr>
            </tbody>
        </table>
    }
}

/// The width charts are laid out at, in points: the A4 page's text column (the PDF's too).
const CHART_WIDTH: f32 = 481.9;

/// The kop surat: logo, name lines, address and contact, over a double rule.
fn letterhead(letterhead: Letterhead) -> impl IntoView {
    let f = letterhead.fields;
    let mut lines = f.lines.into_iter();
    let first = lines.next().unwrap_or_default();
    view! {
        <header class="report-letterhead" data-testid="letterhead">
            {letterhead.logo.map(|token| view! {
                <img class="report-logo" src=logo_path(&token) alt="" />
            })}
            <div class="report-letterhead-text">
                <p class="report-letterhead-first">{first}</p>
                {lines.map(|l| view! { <p class="report-letterhead-name">{l}</p> }).collect_view()}
                {(!f.address.is_empty()).then(|| view! { <p>{f.address.clone()}</p> })}
                {(!f.contact.is_empty()).then(|| view! { <p>{f.contact.clone()}</p> })}
            </div>
        </header>
    }
}

fn block(block: Block) -> AnyView {
    match block {
        Block::Heading(text) => view! { <h3>{text}</h3> }.into_any(),
        Block::Paragraph(text) => view! { <p>{text}</p> }.into_any(),
        Block::Bullets(items) => view! {
            <ul>{items.into_iter().map(|i| view! { <li>{i}</li> }).collect_view()}</ul>
        }
        .into_any(),
        Block::Table(table) => report_table(table),
        // Drawn by the same layout as the PDF's (`crate::report_chart`), a text-free SVG string
        // from the document's own figures: its words are escaped there.
        // On a phone the chart scrolls sideways in its own box, which says so (a labelled region).
        Block::Chart(chart) => view! {
            <figure class="report-figure">
                <figcaption>{chart.caption.clone()}</figcaption>
                <div
                    class="report-chart-box table-scroll"
                    role="region"
                    tabindex="0"
                    aria-label=chart.caption.clone()
                    inner_html=crate::report_chart::to_svg(&chart, CHART_WIDTH)
                ></div>
            </figure>
        }
        .into_any(),
        Block::Signature(lines) => view! {
            <div class="report-signature">
                {lines.into_iter().map(|l| view! { <p>{l}</p> }).collect_view()}
            </div>
        }
        .into_any(),
    }
}

fn report_table(table: Table) -> AnyView {
    let numeric: Vec<bool> = table.columns.iter().map(|c| c.numeric).collect();
    let cell_class = move |i: usize| {
        if numeric.get(i).copied().unwrap_or(false) {
            "num"
        } else {
            ""
        }
    };
    let row = move |cells: Vec<String>| {
        cells
            .into_iter()
            .enumerate()
            .map(|(i, c)| view! { <td class=cell_class(i)>{c}</td> })
            .collect_view()
    };
    let row_total = row.clone();
    view! {
        <table class="report-table">
            <caption>{table.caption}</caption>
            <thead>
                <tr>
                    {table
                        .columns
                        .into_iter()
                        .map(|c| {
                            view! {
                                <th scope="col" class=if c.numeric { "num" } else { "" }>
                                    {c.label}
                                </th>
                            }
                        })
                        .collect_view()}
                </tr>
            </thead>
            <tbody>
                {table.rows.into_iter().map(|r| view! { <tr>{row(r)}</tr> }).collect_view()}
            </tbody>
            {(!table.totals.is_empty())
                .then(|| {
                    view! {
                        <tbody class="report-totals">
                            {table
                                .totals
                                .into_iter()
                                .map(|r| view! { <tr>{row_total(r)}</tr> })
                                .collect_view()}
                        </tbody>
                    }
                })}
        </table>
    }
    .into_any()
}
