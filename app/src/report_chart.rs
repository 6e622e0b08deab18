//! The report's charts: what each one shows ([`Chart`], built by `crate::report` from the same
//! figures as the table it stands beside) and where its marks go ([`lay_out`]: boxes, lines and
//! words in points, y downwards, inside a box of a given width). Both renderings draw that one
//! layout — the print page as SVG ([`to_svg`]) and the PDF (`server/src/report_pdf.rs`) — so the
//! two cannot show different numbers. Pure: no I/O, no framework.
//!
//! Made for greyscale print: marks are black and shades of grey, every bar and point carries its
//! value as text, and the grade bands are named by their letters, never told by colour alone.

use ikm_domain::{Hundredths, Mutu};
use serde::{Deserialize, Serialize};

/// The grades from the lowest, as the regulation's intervals give them (`Mutu::converted_range`).
const GRADES: [Mutu; 4] = [Mutu::D, Mutu::C, Mutu::B, Mutu::A];

/// The four grade bands on the converted scale, from each grade's lowest value to the next
/// grade's (D 25–65, C 65–76,61, B 76,61–88,31, A 88,31–100).
fn bands() -> [(f64, f64, &'static str); 4] {
    GRADES.map(|m| {
        let (low, high) = m.converted_range();
        // A band ends where the next grade begins (the table's 64,99 is the last D value).
        let end = Hundredths(high.0 + if m == Mutu::A { 0 } else { 1 });
        (low.as_f64(), end.as_f64(), m.letter())
    })
}

/// A boundary as the scale writes it: "65", "76,61".
fn boundary_label(value: Hundredths) -> String {
    if value.0 % 100 == 0 {
        (value.0 / 100).to_string()
    } else {
        value.to_id_string()
    }
}

/// What a chart shows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Chart {
    /// "Grafik 3.6 IKM per unsur pelayanan".
    pub caption: String,
    pub kind: ChartKind,
    pub items: Vec<ChartItem>,
    /// A line under the chart ("15 tertinggi dan 15 terendah dari 120 unit…").
    #[serde(default)]
    pub note: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ChartKind {
    /// Converted scores (25–100) as horizontal bars over the four grade bands.
    GradedBars,
    /// Counts as horizontal bars from zero.
    CountBars,
    /// Converted scores per period, oldest first, as a line with each period's 95% interval,
    /// over the grade bands.
    Trend,
}

/// One bar or one point.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ChartItem {
    pub label: String,
    /// `None`: nothing to draw (too few respondents, no answers); `shown` says why ("–").
    pub value: Option<f64>,
    /// The value as the table writes it ("88,31", "12 (45,3%)").
    pub shown: String,
    /// The 95% interval (a trend's points).
    #[serde(default)]
    pub interval: Option<(f64, f64)>,
}

/// How a mark is filled: 0 black … 255 white.
pub type Grey = u8;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Anchor {
    Start,
    Middle,
    End,
}

/// A mark, in points from the chart's top left corner.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Mark {
    Rect {
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        fill: Grey,
    },
    Line {
        from: (f32, f32),
        to: (f32, f32),
        width: f32,
        grey: Grey,
    },
    /// A line through points (a trend).
    Path { points: Vec<(f32, f32)>, width: f32 },
    /// Text on its baseline at `x`, placed by `anchor`.
    Text {
        x: f32,
        y: f32,
        size: f32,
        bold: bool,
        anchor: Anchor,
        grey: Grey,
        text: String,
    },
}

/// A chart's marks and the box they fill.
#[derive(Debug, Clone, PartialEq)]
pub struct ChartLayout {
    pub width: f32,
    pub height: f32,
    pub marks: Vec<Mark>,
}

/// How wide `text` is at `size` points (bold or not), in points.
pub type Measure<'a> = &'a dyn Fn(&str, f32, bool) -> f32;

const LABEL: f32 = 8.0;
const ROW: f32 = 15.0;
const BAR: f32 = 10.0;
const BAND_LIGHT: Grey = 242;
const BAND_DARK: Grey = 224;
const BAR_FILL: Grey = 90;
const INK: Grey = 0;
const MUTED: Grey = 70;
/// Words stay this far inside the box: a glyph may reach past its advance (a "T"'s bar), and a
/// browser measures the ink.
const INSET: f32 = 2.0;

/// A width per character of an average Latin text in a sans-serif face, in em: what the print
/// page assumes where it cannot measure (its SVG is drawn before the browser picks a font).
pub fn estimated_width(text: &str, size: f32, bold: bool) -> f32 {
    let per = if bold { 0.62 } else { 0.56 };
    text.chars().count() as f32 * size * per
}

/// `text` cut to at most `max` points, ending in "…" when cut.
pub fn cut(text: &str, size: f32, bold: bool, max: f32, measure: Measure) -> String {
    if measure(text, size, bold) <= max {
        return text.to_string();
    }
    let mut out = String::new();
    for ch in text.chars() {
        out.push(ch);
        if measure(&format!("{out}…"), size, bold) > max {
            out.pop();
            break;
        }
    }
    out.trim_end().to_string() + "…"
}

/// Where `v` lies between `lo` and `hi` as a share of `span` points.
fn at(v: f64, lo: f64, hi: f64, span: f32) -> f32 {
    if hi <= lo {
        return 0.0;
    }
    (((v.clamp(lo, hi) - lo) / (hi - lo)) as f32) * span
}

/// The chart's marks in a box `width` points wide.
pub fn lay_out(chart: &Chart, width: f32, measure: Measure) -> ChartLayout {
    match chart.kind {
        ChartKind::GradedBars | ChartKind::CountBars => bars(chart, width, measure),
        ChartKind::Trend => trend(chart, width, measure),
    }
}

fn bars(chart: &Chart, width: f32, measure: Measure) -> ChartLayout {
    let graded = chart.kind == ChartKind::GradedBars;
    let label_width = (width * 0.36).min(
        chart
            .items
            .iter()
            .map(|i| measure(&i.label, LABEL, false))
            .fold(0.0, f32::max)
            + 6.0
            + INSET,
    );
    let value_width = chart
        .items
        .iter()
        .map(|i| measure(&i.shown, LABEL, false))
        .fold(0.0, f32::max)
        + 8.0
        + INSET;
    let left = label_width;
    let span = (width - label_width - value_width).max(40.0);
    let top = if graded { 12.0 } else { 2.0 };
    let rows = chart.items.len() as f32;
    let bottom = top + rows * ROW;
    let (lo, hi) = if graded {
        (25.0, 100.0)
    } else {
        let max = chart
            .items
            .iter()
            .filter_map(|i| i.value)
            .fold(0.0, f64::max);
        (0.0, if max > 0.0 { max } else { 1.0 })
    };
    let mut marks = Vec::new();
    if graded {
        for (i, (from, to, letter)) in bands().iter().enumerate() {
            let x = left + at(*from, lo, hi, span);
            let w = at(*to, lo, hi, span) - at(*from, lo, hi, span);
            marks.push(Mark::Rect {
                x,
                y: top,
                w,
                h: bottom - top,
                fill: if i % 2 == 0 { BAND_LIGHT } else { BAND_DARK },
            });
            marks.push(Mark::Text {
                x: x + w / 2.0,
                y: top - 3.0,
                size: 7.0,
                bold: true,
                anchor: Anchor::Middle,
                grey: MUTED,
                text: (*letter).to_string(),
            });
        }
    }
    for (n, item) in chart.items.iter().enumerate() {
        let row_top = top + n as f32 * ROW;
        let baseline = row_top + ROW / 2.0 + LABEL * 0.35;
        marks.push(Mark::Text {
            x: INSET,
            y: baseline,
            size: LABEL,
            bold: false,
            anchor: Anchor::Start,
            grey: INK,
            text: cut(
                &item.label,
                LABEL,
                false,
                label_width - 6.0 - INSET,
                measure,
            ),
        });
        if let Some(value) = item.value {
            let w = at(value, lo, hi, span).max(0.5);
            marks.push(Mark::Rect {
                x: left,
                y: row_top + (ROW - BAR) / 2.0,
                w,
                h: BAR,
                fill: BAR_FILL,
            });
        }
        marks.push(Mark::Text {
            x: width - INSET,
            y: baseline,
            size: LABEL,
            bold: item.value.is_some(),
            anchor: Anchor::End,
            grey: INK,
            text: item.shown.clone(),
        });
    }
    // The axis the bars grow from.
    marks.push(Mark::Line {
        from: (left, top),
        to: (left, bottom),
        width: 0.8,
        grey: INK,
    });
    let mut height = bottom;
    if graded {
        let boundaries = GRADES
            .iter()
            .map(|m| m.converted_range().0)
            .chain([Mutu::A.converted_range().1]);
        for boundary in boundaries {
            let (v, text) = (boundary.as_f64(), boundary_label(boundary));
            let x = left + at(v, lo, hi, span);
            marks.push(Mark::Text {
                x,
                y: bottom + 9.0,
                size: 6.5,
                bold: false,
                anchor: Anchor::Middle,
                grey: MUTED,
                text,
            });
        }
        height += 12.0;
    }
    note(chart, width, &mut marks, &mut height, measure);
    ChartLayout {
        width,
        height,
        marks,
    }
}

fn note(chart: &Chart, width: f32, marks: &mut Vec<Mark>, height: &mut f32, measure: Measure) {
    if let Some(note) = &chart.note {
        *height += 10.0;
        marks.push(Mark::Text {
            x: INSET,
            y: *height,
            size: 7.0,
            bold: false,
            anchor: Anchor::Start,
            grey: MUTED,
            text: cut(note, 7.0, false, width - 2.0 * INSET, measure),
        });
        *height += 3.0;
    }
}

/// The converted scale a trend needs: its values and intervals, widened to whole fives, never
/// outside 25–100.
fn trend_scale(items: &[ChartItem]) -> (f64, f64) {
    let mut lo = f64::MAX;
    let mut hi = f64::MIN;
    for item in items {
        for v in item
            .value
            .into_iter()
            .chain(item.interval.map(|(l, _)| l))
            .chain(item.interval.map(|(_, h)| h))
        {
            lo = lo.min(v);
            hi = hi.max(v);
        }
    }
    if lo > hi {
        return (25.0, 100.0);
    }
    let lo = ((lo - 2.0) / 5.0).floor() * 5.0;
    let hi = ((hi + 2.0) / 5.0).ceil() * 5.0;
    (lo.max(25.0), hi.min(100.0).max(lo.max(25.0) + 5.0))
}

fn trend(chart: &Chart, width: f32, measure: Measure) -> ChartLayout {
    let (lo, hi) = trend_scale(&chart.items);
    let left = 30.0;
    let top = 14.0;
    let plot_height = 130.0;
    let bottom = top + plot_height;
    let span = width - left - 4.0;
    let y_of = |v: f64| bottom - at(v, lo, hi, plot_height);
    let mut marks = Vec::new();
    for (i, (from, to, letter)) in bands().iter().enumerate() {
        let (from, to) = (from.max(lo), to.min(hi));
        if from >= to {
            continue;
        }
        let (y1, y2) = (y_of(to), y_of(from));
        marks.push(Mark::Rect {
            x: left,
            y: y1,
            w: span,
            h: y2 - y1,
            fill: if i % 2 == 0 { BAND_LIGHT } else { BAND_DARK },
        });
        if y2 - y1 >= 8.0 {
            marks.push(Mark::Text {
                x: left + span - 3.0,
                y: (y1 + y2) / 2.0 + 2.5,
                size: 7.0,
                bold: true,
                anchor: Anchor::End,
                grey: MUTED,
                text: (*letter).to_string(),
            });
        }
    }
    // The scale: a tick every five (ten when wide).
    let step = if hi - lo > 40.0 { 10.0 } else { 5.0 };
    let mut v = lo;
    while v <= hi + 1e-9 {
        let y = y_of(v);
        marks.push(Mark::Line {
            from: (left - 3.0, y),
            to: (left, y),
            width: 0.6,
            grey: INK,
        });
        marks.push(Mark::Text {
            x: left - 5.0,
            y: y + 2.5,
            size: 6.5,
            bold: false,
            anchor: Anchor::End,
            grey: MUTED,
            text: format!("{v:.0}"),
        });
        v += step;
    }
    marks.push(Mark::Line {
        from: (left, top),
        to: (left, bottom),
        width: 0.8,
        grey: INK,
    });
    marks.push(Mark::Line {
        from: (left, bottom),
        to: (left + span, bottom),
        width: 0.8,
        grey: INK,
    });
    let n = chart.items.len().max(1);
    let slot = span / n as f32;
    let mut line = Vec::new();
    for (i, item) in chart.items.iter().enumerate() {
        let x = left + slot * (i as f32 + 0.5);
        if let Some((low, high)) = item.interval {
            let (y1, y2) = (y_of(high), y_of(low));
            marks.push(Mark::Line {
                from: (x, y1),
                to: (x, y2),
                width: 0.8,
                grey: MUTED,
            });
            for y in [y1, y2] {
                marks.push(Mark::Line {
                    from: (x - 3.0, y),
                    to: (x + 3.0, y),
                    width: 0.8,
                    grey: MUTED,
                });
            }
        }
        if let Some(value) = item.value {
            let y = y_of(value);
            line.push((x, y));
            marks.push(Mark::Rect {
                x: x - 2.5,
                y: y - 2.5,
                w: 5.0,
                h: 5.0,
                fill: INK,
            });
            let above = item.interval.map_or(y, |(_, high)| y_of(high).min(y));
            // Centred over its point, but never past the chart's sides.
            let half = measure(&item.shown, 7.0, true) / 2.0;
            marks.push(Mark::Text {
                x: x.clamp(half + INSET, (width - half - INSET).max(half + INSET)),
                y: (above - 4.0).max(7.0),
                size: 7.0,
                bold: true,
                anchor: Anchor::Middle,
                grey: INK,
                text: item.shown.clone(),
            });
        } else {
            if line.len() > 1 {
                marks.push(Mark::Path {
                    points: std::mem::take(&mut line),
                    width: 1.4,
                });
            }
            line.clear();
            marks.push(Mark::Text {
                x,
                y: bottom - 4.0,
                size: 7.0,
                bold: false,
                anchor: Anchor::Middle,
                grey: MUTED,
                text: item.shown.clone(),
            });
        }
        marks.push(Mark::Text {
            x,
            y: bottom + 10.0,
            size: 7.0,
            bold: false,
            anchor: Anchor::Middle,
            grey: INK,
            text: cut(&item.label, 7.0, false, slot - 2.0, measure),
        });
    }
    if line.len() > 1 {
        marks.push(Mark::Path {
            points: line,
            width: 1.4,
        });
    }
    let mut height = bottom + 14.0;
    note(chart, width, &mut marks, &mut height, measure);
    ChartLayout {
        width,
        height,
        marks,
    }
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

fn grey(g: Grey) -> String {
    format!("#{g:02x}{g:02x}{g:02x}")
}

/// The chart as an SVG element (its own `<title>` for screen readers; the figures are also in
/// the table beside it). Sized in points through its view box, it scales to the page's width.
pub fn to_svg(chart: &Chart, width: f32) -> String {
    let layout = lay_out(chart, width, &estimated_width);
    let mut svg = format!(
        "<svg class=\"report-chart\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {:.1} {:.1}\" \
         role=\"img\" aria-label=\"{}\" font-family=\"DejaVu Sans, Verdana, sans-serif\">\
         <title>{}</title>",
        layout.width,
        layout.height,
        escape(&chart.caption),
        escape(&chart.caption)
    );
    for mark in &layout.marks {
        match mark {
            Mark::Rect { x, y, w, h, fill } => svg.push_str(&format!(
                "<rect x=\"{x:.2}\" y=\"{y:.2}\" width=\"{w:.2}\" height=\"{h:.2}\" fill=\"{}\"/>",
                grey(*fill)
            )),
            Mark::Line {
                from,
                to,
                width,
                grey: g,
            } => svg.push_str(&format!(
                "<line x1=\"{:.2}\" y1=\"{:.2}\" x2=\"{:.2}\" y2=\"{:.2}\" stroke=\"{}\" \
                 stroke-width=\"{width}\"/>",
                from.0,
                from.1,
                to.0,
                to.1,
                grey(*g)
            )),
            Mark::Path { points, width } => {
                let d: Vec<String> = points
                    .iter()
                    .map(|(x, y)| format!("{x:.2},{y:.2}"))
                    .collect();
                svg.push_str(&format!(
                    "<polyline points=\"{}\" fill=\"none\" stroke=\"#000000\" \
                     stroke-width=\"{width}\"/>",
                    d.join(" ")
                ));
            }
            Mark::Text {
                x,
                y,
                size,
                bold,
                anchor,
                grey: g,
                text,
            } => {
                let anchor = match anchor {
                    Anchor::Start => "start",
                    Anchor::Middle => "middle",
                    Anchor::End => "end",
                };
                let weight = if *bold { " font-weight=\"bold\"" } else { "" };
                svg.push_str(&format!(
                    "<text x=\"{x:.2}\" y=\"{y:.2}\" font-size=\"{size}\" text-anchor=\"{anchor}\" \
                     fill=\"{}\"{weight}>{}</text>",
                    grey(*g),
                    escape(text)
                ));
            }
        }
    }
    svg.push_str("</svg>");
    svg
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn item(label: &str, value: Option<f64>, shown: &str) -> ChartItem {
        ChartItem {
            label: label.into(),
            value,
            shown: shown.into(),
            interval: None,
        }
    }

    fn texts(layout: &ChartLayout) -> Vec<String> {
        layout
            .marks
            .iter()
            .filter_map(|m| match m {
                Mark::Text { text, .. } => Some(text.clone()),
                _ => None,
            })
            .collect()
    }

    fn bars_of(layout: &ChartLayout) -> Vec<f32> {
        layout
            .marks
            .iter()
            .filter_map(|m| match m {
                Mark::Rect { w, fill, .. } if *fill == BAR_FILL => Some(*w),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn the_bands_are_the_regulations_intervals() {
        assert_eq!(
            bands(),
            [
                (25.0, 65.0, "D"),
                (65.0, 76.61, "C"),
                (76.61, 88.31, "B"),
                (88.31, 100.0, "A")
            ]
        );
    }

    #[test]
    fn graded_bars_grow_in_proportion_on_the_25_to_100_scale_with_the_four_bands() {
        let chart = Chart {
            caption: "Grafik".into(),
            kind: ChartKind::GradedBars,
            items: vec![
                item("U1", Some(100.0), "100,00"),
                item("U2", Some(62.5), "62,50"),
                item("U3", None, "–"),
            ],
            note: None,
        };
        let layout = lay_out(&chart, 400.0, &estimated_width);
        let bars = bars_of(&layout);
        assert_eq!(bars.len(), 2, "no bar for a hidden value");
        // 62,50 is half way from 25 to 100.
        assert!((bars[1] / bars[0] - 0.5).abs() < 1e-3, "{bars:?}");
        let words = texts(&layout);
        for expected in ["A", "B", "C", "D", "100,00", "62,50", "–", "88,31"] {
            assert!(words.iter().any(|w| w == expected), "{expected} missing");
        }
    }

    #[test]
    fn a_trend_puts_its_points_in_order_with_their_intervals_inside_the_scale() {
        let chart = Chart {
            caption: "Tren".into(),
            kind: ChartKind::Trend,
            items: vec![
                ChartItem {
                    label: "TW I".into(),
                    value: Some(80.0),
                    shown: "80,00".into(),
                    interval: Some((78.0, 82.0)),
                },
                item("TW II", None, "–"),
                ChartItem {
                    label: "TW III".into(),
                    value: Some(90.0),
                    shown: "90,00".into(),
                    interval: Some((85.0, 95.0)),
                },
            ],
            note: None,
        };
        assert_eq!(trend_scale(&chart.items), (75.0, 100.0));
        let layout = lay_out(&chart, 400.0, &estimated_width);
        let points: Vec<(f32, f32)> = layout
            .marks
            .iter()
            .filter_map(|m| match m {
                Mark::Rect { x, y, w, fill, .. } if *fill == INK => {
                    Some((x + w / 2.0, y + w / 2.0))
                }
                _ => None,
            })
            .collect();
        assert_eq!(points.len(), 2);
        assert!(points[0].0 < points[1].0, "oldest first, left to right");
        assert!(points[1].1 < points[0].1, "a higher IKM is drawn higher");
        // A gap (no value) breaks the line: no path joins across it.
        assert!(!layout.marks.iter().any(|m| matches!(m, Mark::Path { .. })));
        assert!(texts(&layout).contains(&"80,00".to_string()));
    }

    #[test]
    fn the_svg_carries_every_shown_value_and_escapes_text() {
        let chart = Chart {
            caption: "Grafik <1> & 2".into(),
            kind: ChartKind::CountBars,
            items: vec![
                item("Laki-laki", Some(3.0), "3 (60,0%)"),
                item("Perempuan", Some(2.0), "2 (40,0%)"),
            ],
            note: Some("catatan".into()),
        };
        let svg = to_svg(&chart, 400.0);
        assert!(svg.contains("Grafik &lt;1&gt; &amp; 2"));
        assert!(svg.contains(">3 (60,0%)</text>") && svg.contains(">2 (40,0%)</text>"));
        assert!(svg.contains(">catatan</text>"));
    }

    proptest! {
        #[test]
        fn every_mark_stays_inside_the_chart_box(
            values in proptest::collection::vec(proptest::option::of(25.0f64..100.0), 1..20),
            width in 200.0f32..600.0,
            trend in any::<bool>(),
        ) {
            let items: Vec<ChartItem> = values
                .iter()
                .enumerate()
                .map(|(i, v)| ChartItem {
                    label: format!("Unit pelayanan dengan nama yang panjang sekali {i}"),
                    value: *v,
                    shown: v.map_or("–".into(), |v| format!("{v:.2}")),
                    interval: v.map(|v| ((v - 3.0).max(25.0), (v + 3.0).min(100.0))),
                })
                .collect();
            let chart = Chart {
                caption: "c".into(),
                kind: if trend { ChartKind::Trend } else { ChartKind::GradedBars },
                items,
                note: None,
            };
            let layout = lay_out(&chart, width, &estimated_width);
            let eps = 0.01;
            for mark in &layout.marks {
                match mark {
                    Mark::Rect { x, y, w, h, .. } => {
                        prop_assert!(*x >= -eps && x + w <= width + eps);
                        prop_assert!(*y >= -eps && y + h <= layout.height + eps);
                    }
                    Mark::Line { from, to, .. } => {
                        for (x, y) in [from, to] {
                            prop_assert!(*x >= -eps && *x <= width + eps);
                            prop_assert!(*y >= -eps && *y <= layout.height + eps);
                        }
                    }
                    Mark::Path { points, .. } => {
                        for (x, y) in points {
                            prop_assert!(*x >= -eps && *x <= width + eps);
                            prop_assert!(*y >= -eps && *y <= layout.height + eps);
                        }
                    }
                    Mark::Text { x, y, size, bold, anchor, text, .. } => {
                        let w = estimated_width(text, *size, *bold);
                        let (l, r) = match anchor {
                            Anchor::Start => (*x, x + w),
                            Anchor::Middle => (x - w / 2.0, x + w / 2.0),
                            Anchor::End => (x - w, *x),
                        };
                        prop_assert!(l >= -eps - 1.0 && r <= width + eps + 1.0, "{text:?} {l} {r}");
                        prop_assert!(*y >= -eps && *y <= layout.height + eps);
                    }
                }
            }
        }
    }
}
