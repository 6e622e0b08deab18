//! Charts drawn as SVG on the server: no JavaScript, legible on a 390 px phone (they scale to the
//! width), each with a text title for screen readers and the same figures in a table beside it.
//! Values are the engine's converted scores (25–100); the grade boundaries (65,00 · 76,61 · 88,31)
//! are drawn as dashed lines.

use ikm_domain::{Hundredths, Mutu};
use leptos::prelude::*;

/// Width of every chart's coordinate system; the SVG scales to its container.
const WIDTH: f64 = 360.0;
/// Grade boundaries on the converted scale.
const BOUNDARIES: [(f64, &str); 3] = [(65.0, "C"), (76.61, "B"), (88.31, "A")];

/// The colour of a grade (readable on white, and never the only cue: the letter is written too).
pub fn grade_colour(mutu: Mutu) -> &'static str {
    match mutu {
        Mutu::A => "#1b7a3d",
        Mutu::B => "#0b5394",
        Mutu::C => "#a15c00",
        Mutu::D => "#b00020",
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
/// per bar: the label on its own line (long
/// Indonesian unsur names stay readable on a phone), the bar under it, value and grade at its end.
#[component]
pub fn BarChart(
    /// Unique on the page (names the chart's title element).
    id: String,
    title: String,
    description: &'static str,
    bars: Vec<Bar>,
) -> impl IntoView {
    let row = 38.0;
    let top = 6.0;
    let height = top + row * bars.len() as f64 + 16.0;
    let plot = WIDTH - 70.0;
    let x = move |v: f64| (v.clamp(25.0, 100.0) - 25.0) / 75.0 * plot;
    let title_id = format!("{id}-title");
    let labelled_by = title_id.clone();
    view! {
        <figure class="chart">
            <svg
                viewBox=format!("0 0 {WIDTH} {height}")
                role="img"
                aria-labelledby=labelled_by
                class="bar-chart"
            >
                <title id=title_id>{format!("{title}. {description}")}</title>
                {BOUNDARIES
                    .iter()
                    .map(|(v, letter)| {
                        view! {
                            <line
                                x1=x(*v) x2=x(*v) y1=top y2=height - 14.0
                                class="boundary"
                            />
                            <text x=x(*v) + 3.0 y=height - 3.0 class="axis">{*letter}</text>
                        }
                    })
                    .collect_view()}
                {bars
                    .into_iter()
                    .enumerate()
                    .map(|(i, bar)| {
                        let y = top + row * i as f64;
                        let (width, colour, value) = match bar.value {
                            Some((v, mutu)) => (
                                x(v.as_f64()),
                                if bar.highlight { "#b00020" } else { grade_colour(mutu) },
                                format!("{} {}", v.to_id_string(), mutu.letter()),
                            ),
                            None => (0.0, "#4a5560", "—".to_string()),
                        };
                        view! {
                            <text x="0" y=y + 12.0 class=if bar.highlight { "label strong" } else { "label" }>
                                {bar.label}
                            </text>
                            <rect x="0" y=y + 17.0 width=width height="13" rx="2" fill=colour />
                            <text x=width + 4.0 y=y + 28.0 class="value">{value}</text>
                        }
                    })
                    .collect_view()}
            </svg>
        </figure>
    }
}

/// A line over periods on the converted scale, points labelled with their value; a period without
/// answers breaks the line. `compact` draws a small multiple (no point labels).
#[component]
pub fn LineChart(
    /// Unique on the page (names the chart's title element).
    id: String,
    title: String,
    description: &'static str,
    points: Vec<(String, Option<Hundredths>)>,
    #[prop(optional)] compact: bool,
) -> impl IntoView {
    let height = if compact { 90.0 } else { 190.0 };
    let (left, right, top, bottom) = (8.0, 8.0, 16.0, 22.0);
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
    let step = (WIDTH - left - right) / (n.max(2) - 1) as f64;
    let px = move |i: usize| {
        if n == 1 {
            WIDTH / 2.0
        } else {
            left + step * i as f64
        }
    };
    let py = move |v: f64| top + (hi - v) / (hi - lo) * (height - top - bottom);
    let mut segments: Vec<String> = Vec::new();
    let mut current = String::new();
    for (i, (_, v)) in points.iter().enumerate() {
        match v {
            Some(v) => current.push_str(&format!("{:.1},{:.1} ", px(i), py(v.as_f64()))),
            None if !current.is_empty() => segments.push(std::mem::take(&mut current)),
            None => {}
        }
    }
    if !current.is_empty() {
        segments.push(current);
    }
    let title_id = format!("{id}-title");
    let labelled_by = title_id.clone();
    view! {
        <figure class=if compact { "chart compact" } else { "chart" }>
            {compact.then(|| view! { <figcaption>{title.clone()}</figcaption> })}
            <svg
                viewBox=format!("0 0 {WIDTH} {height}")
                role="img"
                aria-labelledby=labelled_by
                class="line-chart"
            >
                <title id=title_id>{format!("{title}. {description}")}</title>
                {BOUNDARIES
                    .iter()
                    .filter(|(v, _)| *v > lo && *v < hi)
                    .map(|(v, letter)| view! {
                        <line x1=left x2=WIDTH - right y1=py(*v) y2=py(*v) class="boundary" />
                        <text x=WIDTH - right y=py(*v) - 2.0 class="axis" text-anchor="end">{*letter}</text>
                    })
                    .collect_view()}
                {segments
                    .into_iter()
                    .map(|s| view! { <polyline points=s class="line" fill="none" /> })
                    .collect_view()}
                {points
                    .iter()
                    .enumerate()
                    .map(|(i, (label, v))| {
                        let anchor = if i == 0 && n > 1 {
                            "start"
                        } else if i + 1 == n && n > 1 {
                            "end"
                        } else {
                            "middle"
                        };
                        view! {
                            {v.map(|v| view! {
                                <circle cx=px(i) cy=py(v.as_f64()) r="3.5" class="point" />
                                {(!compact).then(|| view! {
                                    <text x=px(i) y=py(v.as_f64()) - 7.0 class="value" text-anchor=anchor>
                                        {v.to_id_string()}
                                    </text>
                                })}
                            })}
                            <text x=px(i) y=height - 6.0 class="axis" text-anchor=anchor>{label.clone()}</text>
                        }
                    })
                    .collect_view()}
            </svg>
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
/// rows' lines overlap, the difference between them is not yet real (they visibly tie).
#[component]
pub fn IntervalChart(
    /// Unique on the page (names the chart's title element).
    id: String,
    title: String,
    description: &'static str,
    rows: Vec<Interval>,
) -> impl IntoView {
    let row = 34.0;
    let top = 4.0;
    let height = top + row * rows.len() as f64 + 18.0;
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
    let (left, right) = (4.0, WIDTH - 8.0);
    let x = move |v: f64| left + (v.clamp(lo, hi) - lo) / (hi - lo) * (right - left);
    let title_id = format!("{id}-title");
    let labelled_by = title_id.clone();
    view! {
        <figure class="chart">
            <svg viewBox=format!("0 0 {WIDTH} {height}") role="img" aria-labelledby=labelled_by class="interval-chart">
                <title id=title_id>{format!("{title}. {description}")}</title>
                {BOUNDARIES
                    .iter()
                    .filter(|(v, _)| *v > lo && *v < hi)
                    .map(|(v, letter)| view! {
                        <line x1=x(*v) x2=x(*v) y1=top y2=height - 14.0 class="boundary" />
                        <text x=x(*v) + 3.0 y=height - 3.0 class="axis">{*letter}</text>
                    })
                    .collect_view()}
                <text x=left y=height - 3.0 class="axis">{Hundredths((lo * 100.0) as i64).to_id_string()}</text>
                <text x=right y=height - 3.0 class="axis" text-anchor="end">{Hundredths((hi * 100.0) as i64).to_id_string()}</text>
                {rows
                    .into_iter()
                    .enumerate()
                    .map(|(i, r)| {
                        let y = top + row * i as f64;
                        let colour = if r.muted { "#9aa5b1" } else { grade_colour(r.mutu) };
                        let (a, b) = (x(r.low.unwrap_or(r.value).as_f64()), x(r.high.unwrap_or(r.value).as_f64()));
                        view! {
                            <text x=left y=y + 11.0 class="label">
                                {format!("{} — {} {}", r.label, r.value.to_id_string(), r.mutu.letter())}
                            </text>
                            <line x1=a x2=b y1=y + 22.0 y2=y + 22.0 stroke=colour stroke-width="3" stroke-linecap="round" />
                            <circle cx=x(r.value.as_f64()) cy=y + 22.0 r="5" fill=colour />
                        }
                    })
                    .collect_view()}
            </svg>
        </figure>
    }
}
