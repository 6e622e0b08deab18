//! Charts drawn on the server, no JavaScript: their words are HTML text at the page's own size (it
//! never shrinks or grows with the width, and long names wrap instead of being cut), and only their
//! shapes scale: bars and intervals are boxes placed in percent of the scale, a trend's line is an
//! SVG stretched to its box with strokes that keep their width. Each has a title for screen readers
//! and the same figures in a table beside it. Values are the engine's converted scores (25–100);
//! the grade boundaries (65,00 · 76,61 · 88,31) are marked on each row's track, never across text.

use ikm_domain::{Hundredths, Mutu};
use leptos::prelude::*;

/// Grade boundaries on the converted scale: where C, B and A begin (`Mutu::converted_range`).
fn boundaries() -> [(f64, &'static str); 3] {
    [Mutu::C, Mutu::B, Mutu::A].map(|m| (m.converted_range().0.as_f64(), m.letter()))
}

/// The colour of a grade (readable on white, and never the only cue: the letter is written too).
pub fn grade_colour(mutu: Mutu) -> &'static str {
    match mutu {
        Mutu::A => "#1b7a3d",
        Mutu::B => "#0b5394",
        Mutu::C => "#a15c00",
        Mutu::D => "#b00020",
    }
}

/// Where `v` lies on the scale `lo..=hi`, in percent (0 at `lo`).
fn percent(v: f64, lo: f64, hi: f64) -> f64 {
    ((v.clamp(lo, hi) - lo) / (hi - lo) * 100.0).clamp(0.0, 100.0)
}

/// The grade boundaries inside `lo..hi` as ticks on a row's track.
fn ticks(lo: f64, hi: f64) -> impl IntoView {
    boundaries()
        .iter()
        .filter(|(v, _)| *v > lo && *v < hi)
        .map(|(v, _)| {
            view! { <span class="tick" style=format!("left: {:.2}%", percent(*v, lo, hi))></span> }
        })
        .collect_view()
}

/// Under a chart: the scale's ends and the grade letters at their boundaries.
fn scale(lo: f64, hi: f64, ends: bool) -> impl IntoView {
    view! {
        <div class="chart-scale" aria-hidden="true">
            {ends.then(|| view! {
                <span class="chart-axis" style="left: 0">{Hundredths((lo * 100.0) as i64).to_id_string()}</span>
                <span class="chart-axis end" style="right: 0">{Hundredths((hi * 100.0) as i64).to_id_string()}</span>
            })}
            {boundaries()
                .iter()
                .filter(|(v, _)| *v > lo && *v < hi)
                .map(|(v, letter)| view! {
                    <span class="chart-axis grade" style=format!("left: {:.2}%", percent(*v, lo, hi))>{*letter}</span>
                })
                .collect_view()}
        </div>
    }
}

/// One bar: label, converted value and grade (none when nobody answered), highlighted or not.
#[derive(Debug, Clone, PartialEq)]
pub struct Bar {
    pub label: String,
    pub value: Option<(Hundredths, Mutu)>,
    pub highlight: bool,
}

/// Horizontal bars on the converted scale 25–100 (the lowest possible score to the highest), a row
/// per bar: the label on its own line (long Indonesian unsur names stay readable on a phone), the
/// bar under it with value and grade at its end.
#[component]
pub fn BarChart(
    /// Unique on the page (names the chart's title element).
    id: String,
    title: String,
    description: &'static str,
    bars: Vec<Bar>,
) -> impl IntoView {
    let (lo, hi) = (25.0, 100.0);
    view! {
        <figure class="chart bar-chart" aria-labelledby=format!("{id}-title")>
            <figcaption class="visually-hidden" id=format!("{id}-title")>{format!("{title}. {description}")}</figcaption>
            {bars
                .into_iter()
                .map(|bar| {
                    let (width, colour, value) = match bar.value {
                        Some((v, mutu)) => (
                            percent(v.as_f64(), lo, hi),
                            if bar.highlight { "#b00020" } else { grade_colour(mutu) },
                            format!("{} {}", v.to_id_string(), mutu.letter()),
                        ),
                        None => (0.0, "#4a5560", "—".to_string()),
                    };
                    view! {
                        <div class="chart-row" class:strong=bar.highlight>
                            <span class="chart-label">{bar.label}</span>
                            <div class="chart-line">
                                <div class="track" aria-hidden="true">
                                    {ticks(lo, hi)}
                                    <span class="bar" style=format!("width: {width:.2}%; background: {colour}")></span>
                                </div>
                                <span class="chart-value">{value}</span>
                            </div>
                        </div>
                    }
                })
                .collect_view()}
            <div class="chart-line">{scale(lo, hi, false)}<span class="chart-value spacer" aria-hidden="true">"00,00 A"</span></div>
        </figure>
    }
}

/// A line over periods on the converted scale, points labelled with their value; a period without
/// answers breaks the line. `compact` draws a small multiple (no point labels, the first and last
/// period named).
#[component]
pub fn LineChart(
    /// Unique on the page (names the chart's title element).
    id: String,
    title: String,
    description: &'static str,
    points: Vec<(String, Option<Hundredths>)>,
    #[prop(optional)] compact: bool,
) -> impl IntoView {
    let values: Vec<f64> = points
        .iter()
        .filter_map(|(_, v)| v.map(Hundredths::as_f64))
        .collect();
    let low = values.iter().copied().fold(100.0_f64, f64::min);
    let high = values.iter().copied().fold(25.0_f64, f64::max);
    // Show at least ten points of range, within 25–100.
    let (lo, hi) = if values.is_empty() {
        (25.0, 100.0)
    } else {
        let mid = (low + high) / 2.0;
        let half = ((high - low) / 2.0 + 3.0).max(5.0);
        ((mid - half).max(25.0), (mid + half).min(100.0))
    };
    let n = points.len().max(1);
    // Points sit in the middle of equal columns, so each period's name can sit under its point.
    let px = move |i: usize| (i as f64 + 0.5) / n as f64 * 100.0;
    // The vertical position from the top, in percent of the plot's height.
    let py = move |v: f64| 100.0 - percent(v, lo, hi);
    let mut segments: Vec<String> = Vec::new();
    let mut current = String::new();
    for (i, (_, v)) in points.iter().enumerate() {
        match v {
            Some(v) => current.push_str(&format!("{:.2},{:.2} ", px(i), py(v.as_f64()))),
            None if !current.is_empty() => segments.push(std::mem::take(&mut current)),
            None => {}
        }
    }
    if !current.is_empty() {
        segments.push(current);
    }
    let named: Vec<(usize, String)> = points
        .iter()
        .enumerate()
        .filter(|(i, _)| !compact || *i == 0 || *i + 1 == n)
        .map(|(i, (label, _))| (i, label.clone()))
        .collect();
    let class = if compact {
        "chart line-chart compact"
    } else {
        "chart line-chart"
    };
    view! {
        <figure class=class aria-labelledby=format!("{id}-title")>
            <figcaption class=if compact { "" } else { "visually-hidden" } id=format!("{id}-title")>
                {if compact { title.clone() } else { format!("{title}. {description}") }}
            </figcaption>
            <div class="plot">
                <svg viewBox="0 0 100 100" preserveAspectRatio="none" aria-hidden="true" focusable="false">
                    {boundaries()
                        .iter()
                        .filter(|(v, _)| *v > lo && *v < hi)
                        .map(|(v, _)| view! {
                            <line x1="0" x2="100" y1=py(*v) y2=py(*v) class="boundary" />
                        })
                        .collect_view()}
                    {segments
                        .into_iter()
                        .map(|s| view! { <polyline points=s class="line" fill="none" /> })
                        .collect_view()}
                </svg>
                {boundaries()
                    .iter()
                    .filter(|(v, _)| *v > lo && *v < hi)
                    .map(|(v, letter)| view! {
                        <span class="chart-axis grade-mark" aria-hidden="true" style=format!("top: {:.2}%", py(*v))>{*letter}</span>
                    })
                    .collect_view()}
                {points
                    .iter()
                    .enumerate()
                    .filter_map(|(i, (_, v))| v.map(|v| (i, v)))
                    .map(|(i, v)| {
                        let at = format!("left: {:.2}%; top: {:.2}%", px(i), py(v.as_f64()));
                        view! {
                            <span class="dot" style=at.clone()></span>
                            {(!compact).then(|| view! { <span class="chart-value at" style=at>{v.to_id_string()}</span> })}
                        }
                    })
                    .collect_view()}
            </div>
            <div class="periods" style=format!("grid-template-columns: repeat({n}, minmax(0, 1fr))")>
                {named
                    .into_iter()
                    .map(|(i, label)| {
                        // A small multiple names its first and last period, each over half the width.
                        let (place, column) = match (compact, i) {
                            (true, 0) => ("", format!("1 / span {}", n.div_ceil(2))),
                            (true, _) => ("end", format!("{} / -1", n.div_ceil(2) + 1)),
                            (false, _) => ("", (i + 1).to_string()),
                        };
                        view! {
                            <span class=format!("chart-axis {place}") style=format!("grid-column: {column}")>{label}</span>
                        }
                    })
                    .collect_view()}
            </div>
        </figure>
    }
}

/// One row of an interval chart: the value with its 95% interval.
#[derive(Debug, Clone, PartialEq)]
pub struct Interval {
    pub label: String,
    pub value: Hundredths,
    pub mutu: Mutu,
    pub low: Option<Hundredths>,
    pub high: Option<Hundredths>,
    /// Drawn pale: not ranked (too few respondents).
    pub muted: bool,
}

/// A dot per row with its 95% interval as a line, on a shared scale fitted to the values: where two
/// rows' lines overlap, the difference between them is not yet real (they visibly tie). Each row's
/// name wraps above its line, its value and grade beside the name.
#[component]
pub fn IntervalChart(
    /// Unique on the page (names the chart's title element).
    id: String,
    title: String,
    description: &'static str,
    rows: Vec<Interval>,
) -> impl IntoView {
    let ends: Vec<f64> = rows
        .iter()
        .flat_map(|r| [r.low.unwrap_or(r.value), r.high.unwrap_or(r.value)])
        .map(Hundredths::as_f64)
        .collect();
    let lo = (ends.iter().copied().fold(100.0_f64, f64::min) - 2.0)
        .max(25.0)
        .floor();
    let hi = (ends.iter().copied().fold(25.0_f64, f64::max) + 2.0)
        .min(100.0)
        .ceil();
    let (lo, hi) = if hi - lo < 5.0 {
        ((hi - 5.0).max(25.0), (lo + 5.0).min(100.0))
    } else {
        (lo, hi)
    };
    view! {
        <figure class="chart interval-chart" aria-labelledby=format!("{id}-title")>
            <figcaption class="visually-hidden" id=format!("{id}-title")>{format!("{title}. {description}")}</figcaption>
            {rows
                .into_iter()
                .map(|r| {
                    let colour = if r.muted { "#7b8794" } else { grade_colour(r.mutu) };
                    let a = percent(r.low.unwrap_or(r.value).as_f64(), lo, hi);
                    let b = percent(r.high.unwrap_or(r.value).as_f64(), lo, hi);
                    let dot = percent(r.value.as_f64(), lo, hi);
                    view! {
                        <div class="chart-row" class:muted=r.muted>
                            <p class="chart-head">
                                <span class="chart-label">{r.label}</span>
                                " "
                                <span class="chart-value">{format!("{} {}", r.value.to_id_string(), r.mutu.letter())}</span>
                            </p>
                            <div class="track interval" aria-hidden="true">
                                {ticks(lo, hi)}
                                <span class="range" style=format!("left: {a:.2}%; width: {:.2}%; background: {colour}", (b - a).max(0.5))></span>
                                <span class="dot" style=format!("left: {dot:.2}%; background: {colour}")></span>
                            </div>
                        </div>
                    }
                })
                .collect_view()}
            {scale(lo, hi, true)}
        </figure>
    }
}
