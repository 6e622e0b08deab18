//! The unit head's dashboard through the router: every headline figure equals the engine's result
//! over the raw responses; small breakdown cells hide their scores; comments get a status, a note
//! and a public reply the public page shows; last period's actions show whether their unsur
//! improved; an alert fires when low answers cross the rule.

use crate::accounts::{post, request, sign_in, OWN_UNIT, UNIT};
use crate::survey::{answers_fields, fresh_form, post as survey_post, with};
use crate::{app, get, TestApp};
use app::dashboard::{AlertKind, CommentStatus, Dimension};
use app::pages::dashboard::DashboardData;
use app::store::{Counted, NewResponse, Profile};
use axum::http::StatusCode;
use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use ikm_domain::confidence::interval_95;
use ikm_domain::profile::Gender;
use ikm_domain::sample::SampleAdequacy;
use ikm_domain::submission::Channel;
use ikm_domain::{Answers, IkmResult, Lang, Period, Score, Tally, Unsur};
use std::time::Duration;

async fn dashboard(app: &TestApp, cookie: &str, query: &str) -> DashboardData {
    let reply = request(
        app,
        "POST",
        "/api/dasbor",
        Some(cookie),
        &format!("code={OWN_UNIT}&{query}"),
        Some("http://ikm.test"),
    )
    .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    let data: Option<DashboardData> = serde_json::from_str(&reply.body)
        .unwrap_or_else(|e| panic!("dashboard JSON ({e}): {}", reply.body));
    data.expect("the unit's dashboard")
}

async fn raw(app: &TestApp, unit_id: i64, period: &Period, counted: Counted) -> Tally {
    app.store
        .unit_tally_from_responses(unit_id, period.from, period.to, counted)
        .await
        .expect("raw tally")
}

pub(crate) async fn unit(app: &TestApp) -> (i64, Option<u64>) {
    let id = app
        .store
        .unit(OWN_UNIT)
        .await
        .expect("store")
        .expect("unit")
        .id;
    let record = app
        .store
        .unit_record(OWN_UNIT)
        .await
        .expect("store")
        .expect("record");
    (id, record.fields.population_per_year)
}

fn scores(values: [u8; 9]) -> Answers {
    Answers::complete(values.map(|v| Score::new(v).expect("1..=4")))
}

pub(crate) fn response(unit_id: i64, at: DateTime<Utc>, values: [u8; 9]) -> NewResponse {
    NewResponse {
        id: uuid::Uuid::new_v4(),
        unit_id,
        service_id: None,
        counter_tag: String::new(),
        mpp_id: None,
        channel: Channel::Qr,
        received_at: at,
        answers: scores(values),
        profile: Profile::default(),
        comment: None,
        lang: Lang::Id,
        flag: None,
        device_hash: None,
        seconds_on_form: Some(60),
        invitation: None,
        contact: None,
    }
}

pub(crate) fn day(y: i32, m: u32, d: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(y, m, d, 3, 0, 0)
        .single()
        .expect("time")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_headline_figure_equals_the_engine_over_the_raw_responses() {
    let app = app().await;
    let cookie = sign_in(&app, UNIT).await;
    let (unit_id, per_year) = unit(&app).await;
    for query in [
        "",
        "periode=2026",
        "periode=2026-06",
        "dari=2026-02-03&sampai=2026-05-17",
    ] {
        let data = dashboard(&app, &cookie, query).await;
        let period = data.period;
        let valid = raw(&app, unit_id, &period, Counted::Valid).await;
        let flagged = raw(&app, unit_id, &period, Counted::Flagged).await;
        assert!(valid.respondents() > 0, "{query}: the demo has answers");
        let engine = IkmResult::of(&valid);
        let h = &data.headline;
        assert_eq!(h.result, engine, "{query}: IKM, NRRs, grade");
        // The people counted as served (this unit invites them) come before the yearly estimate.
        let served = app
            .store
            .invitation_counts(unit_id, period.from, period.to)
            .await
            .expect("counts")
            .served;
        let population = period.population_of(served, per_year);
        assert_eq!(h.population_counted, served.is_some(), "{query}");
        assert_eq!(
            h.interval,
            interval_95(&valid, population),
            "{query}: interval"
        );
        assert_eq!(
            h.adequacy,
            population.map(|p| SampleAdequacy::of(valid.respondents(), p)),
            "{query}: Krejcie–Morgan"
        );
        assert_eq!(h.flagged, flagged.respondents(), "{query}: flagged");
        let before = IkmResult::of(&raw(&app, unit_id, &period.previous(), Counted::Valid).await);
        assert_eq!(h.previous, before.as_ref().map(|r| r.converted));
        assert_eq!(
            h.change.map(|c| c.0),
            match (&engine, &before) {
                (Some(now), Some(b)) => Some(now.converted.0 - b.converted.0),
                _ => None,
            }
        );
        assert_eq!(h.weakest, engine.as_ref().and_then(IkmResult::weakest));
        assert_eq!(data.trend.len(), 6);
        for (point, p) in data.trend.iter().zip(period.last(6)) {
            let t = raw(&app, unit_id, &p, Counted::Valid).await;
            assert_eq!(
                point.respondents,
                t.respondents(),
                "{query}: trend {}",
                p.key()
            );
            assert_eq!(point.converted, IkmResult::of(&t).map(|r| r.converted));
        }
        for b in &data.breakdowns {
            if matches!(
                b.dimension,
                Dimension::Service | Dimension::Channel | Dimension::Counter
            ) {
                let total: u64 = b.rows.iter().map(|r| r.respondents).sum();
                assert_eq!(
                    total,
                    valid.respondents(),
                    "{query}: {:?} cells add up",
                    b.dimension
                );
            }
        }
        // The page shows the same figures, in Indonesian number format.
        let (status, html) = get_as(&app, &cookie, &format!("/dasbor/{OWN_UNIT}?{query}")).await;
        assert_eq!(status, StatusCode::OK);
        let engine = engine.expect("result");
        assert!(
            html.contains(&format!(
                "data-testid=\"ikm\" class=\"ikm-number\">{}<",
                engine.converted.to_id_string()
            )),
            "{query}: the page shows {}: {}",
            engine.converted.to_id_string(),
            html.split("data-testid=\"headline\"")
                .nth(1)
                .unwrap_or(&html)
                .chars()
                .take(600)
                .collect::<String>()
        );
        assert!(html.contains(&data.period_label));
    }
}

pub(crate) async fn get_as(app: &TestApp, cookie: &str, path: &str) -> (StatusCode, String) {
    let reply = request(app, "GET", path, Some(cookie), "", None).await;
    (reply.status, reply.body)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_breakdown_cell_of_four_respondents_shows_no_scores() {
    let app = app().await;
    let cookie = sign_in(&app, UNIT).await;
    let (unit_id, _) = unit(&app).await;
    let mut batch = Vec::new();
    for i in 0..10 {
        let mut r = response(unit_id, day(2030, 1, 10 + i), [4, 4, 3, 3, 4, 4, 3, 3, 4]);
        r.profile.gender = Some(if i < 4 {
            Gender::Perempuan
        } else {
            Gender::LakiLaki
        });
        r.profile.age = Some(if i < 4 { 67 } else { 30 });
        batch.push(r);
    }
    app.store.record_responses(&batch).await.expect("stored");
    let query = "dari=2030-01-01&sampai=2030-01-31";
    let data = dashboard(&app, &cookie, query).await;
    assert_eq!(
        data.headline.result.as_ref().map(|r| r.respondents),
        Some(10)
    );
    let gender = data
        .breakdowns
        .iter()
        .find(|b| b.dimension == Dimension::Gender)
        .expect("gender breakdown");
    let women = gender
        .rows
        .iter()
        .find(|r| r.label == "Perempuan")
        .expect("women");
    let men = gender
        .rows
        .iter()
        .find(|r| r.label == "Laki-laki")
        .expect("men");
    assert_eq!(
        (women.respondents, women.figures),
        (4, None),
        "four: hidden"
    );
    assert_eq!(men.respondents, 6);
    assert!(men.figures.is_some(), "six: shown");
    let ages = data
        .breakdowns
        .iter()
        .find(|b| b.dimension == Dimension::AgeGroup)
        .expect("age breakdown");
    assert!(ages
        .rows
        .iter()
        .any(|r| r.label == "≥60" && r.figures.is_none()));
    let (_, html) = get_as(&app, &cookie, &format!("/dasbor/{OWN_UNIT}?{query}")).await;
    let table = html
        .split("data-breakdown=\"jenis_kelamin\"")
        .nth(1)
        .and_then(|rest| rest.split("</table>").next())
        .expect("the gender table");
    let row_of = |label: &str| {
        table
            .split("<tr")
            .find(|row| row.contains(label))
            .unwrap_or_else(|| panic!("a row for {label}"))
            .to_string()
    };
    let women_row = row_of("Perempuan");
    assert!(
        women_row.contains("disembunyikan"),
        "the small cell says why"
    );
    assert_eq!(
        women_row.matches("<td class=\"num\">").count(),
        1,
        "its count, no IKM"
    );
    assert_eq!(
        row_of("Laki-laki").matches("<td class=\"num\">").count(),
        2,
        "count and IKM"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_comment_gets_a_status_a_note_and_a_public_reply_that_the_public_page_shows() {
    let app = app().await;
    let cookie = sign_in(&app, UNIT).await;
    let (unit_id, _) = unit(&app).await;
    let mut low = response(unit_id, day(2030, 3, 2), [2, 1, 3, 3, 3, 3, 3, 3, 3]);
    low.comment = Some("Antrean panjang sekali, kursi kurang.".into());
    let mut happy = response(unit_id, day(2030, 3, 3), [4; 9]);
    happy.comment = Some("Petugas ramah dan cepat.".into());
    app.store
        .record_responses(&[low.clone(), happy.clone()])
        .await
        .expect("stored");
    let inbox = format!("/dasbor/{OWN_UNIT}/masukan?dari=2030-03-01&sampai=2030-03-31");
    let (status, html) = get_as(&app, &cookie, &inbox).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("Antrean panjang sekali") && html.contains("Petugas ramah"));
    let (_, low_only) = get_as(&app, &cookie, &format!("{inbox}&rendah=1")).await;
    assert!(low_only.contains("Antrean panjang") && !low_only.contains("Petugas ramah"));
    let (_, found) = get_as(&app, &cookie, &format!("{inbox}&cari=RAMAH")).await;
    assert!(!found.contains("Antrean panjang") && found.contains("Petugas ramah"));

    let target = format!("/dasbor/{OWN_UNIT}/masukan/{}", low.id);
    let reply_text = "Kursi ruang tunggu ditambah 20 buah mulai April.";
    // Too long a reply: the inbox again, the problem beside the field, nothing stored.
    let long = "x".repeat(2001);
    let refused = post(
        &app,
        &target,
        Some(&cookie),
        &[
            ("status", "ditindaklanjuti"),
            ("balasan", &long),
            ("kembali", &inbox),
        ],
    )
    .await;
    assert_eq!(
        refused.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        refused.location()
    );
    assert!(refused.body.contains("field-error"));
    let saved = post(
        &app,
        &target,
        Some(&cookie),
        &[
            ("status", "ditindaklanjuti"),
            ("catatan", "Anggaran dari DPA perubahan"),
            ("balasan", reply_text),
            ("kembali", &inbox),
        ],
    )
    .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER);
    assert_eq!(saved.location(), format!("{inbox}&disimpan=1"));
    let (_, public) = get(&app, &format!("/unit/{OWN_UNIT}")).await;
    assert!(public.contains("Anda berkata, kami melakukan"));
    assert!(public.contains(reply_text) && public.contains("Antrean panjang sekali"));
    assert!(
        !public.contains("Anggaran dari DPA"),
        "the internal note stays internal"
    );
    let (_, acted) = get_as(&app, &cookie, &format!("{inbox}&status=ditindaklanjuti")).await;
    assert!(acted.contains("Antrean panjang") && !acted.contains("Petugas ramah"));

    // Another unit's comment cannot be reached through this unit's address.
    let elsewhere = app
        .store
        .unit("1801-disdukcapil")
        .await
        .expect("store")
        .expect("unit")
        .id;
    let mut theirs = response(elsewhere, day(2030, 3, 4), [3; 9]);
    theirs.comment = Some("Komentar unit lain".into());
    app.store
        .record_responses(&[theirs.clone()])
        .await
        .expect("stored");
    let crafted = post(
        &app,
        &format!("/dasbor/{OWN_UNIT}/masukan/{}", theirs.id),
        Some(&cookie),
        &[("status", "selesai"), ("kembali", &inbox)],
    )
    .await;
    assert_eq!(crafted.status, StatusCode::NOT_FOUND);
    let audit = app
        .store
        .audit_log(
            &app::model::AuditFilter {
                action: Some("comment_update".into()),
                ..Default::default()
            },
            10,
        )
        .await
        .expect("audit")
        .into_iter()
        .filter(|a| a.actor != app::accounts::Actor::command_line().name)
        .collect::<Vec<_>>();
    assert_eq!(
        audit.len(),
        1,
        "one change, audited (besides the demo's replies)"
    );
    assert_eq!(audit[0].target, low.id.to_string());
    let rows = app
        .store
        .comments(
            unit_id,
            &app::dashboard::CommentFilter {
                from: NaiveDate::from_ymd_opt(2030, 3, 1).expect("date"),
                to: NaiveDate::from_ymd_opt(2030, 3, 31).expect("date"),
                service: None,
                low_only: false,
                status: Some(CommentStatus::Ditindaklanjuti),
                search: None,
                theme: None,
                flag: None,
            },
            10,
        )
        .await
        .expect("comments");
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].public_reply.as_deref(), Some(reply_text));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn last_periods_actions_show_whether_their_unsur_improved() {
    let app = app().await;
    let cookie = sign_in(&app, UNIT).await;
    let (unit_id, _) = unit(&app).await;
    let sarana = Unsur::Sarana.index();
    let mut january = [3u8; 9];
    january[sarana] = 2;
    let mut february = [3u8; 9];
    february[sarana] = 4;
    app.store
        .record_responses(&[
            response(unit_id, day(2031, 1, 5), january),
            response(unit_id, day(2031, 2, 5), february),
        ])
        .await
        .expect("stored");
    let added = post(
        &app,
        &format!("/dasbor/{OWN_UNIT}/tindak-lanjut?periode=2031-01"),
        Some(&cookie),
        &[
            ("periode", "2031-01"),
            ("unsur", "sarana"),
            ("tindakan", "Perbaiki pendingin ruang tunggu"),
            ("penanggung_jawab", "Kasubag Umum"),
            ("batas", "2031-01-31"),
        ],
    )
    .await;
    assert_eq!(added.status, StatusCode::SEE_OTHER);
    assert_eq!(
        added.location(),
        format!("/dasbor/{OWN_UNIT}?periode=2031-01&disimpan=1")
    );
    let january_view = dashboard(&app, &cookie, "periode=2031-01").await;
    assert_eq!(january_view.actions.len(), 1);
    let action = &january_view.actions[0];
    assert_eq!(action.unsur, Unsur::Sarana);
    let done = post(
        &app,
        &format!(
            "/dasbor/{OWN_UNIT}/tindak-lanjut/{}?periode=2031-01",
            action.id
        ),
        Some(&cookie),
        &[("status", "selesai")],
    )
    .await;
    assert_eq!(done.status, StatusCode::SEE_OTHER);
    let february_view = dashboard(&app, &cookie, "periode=2031-02").await;
    assert!(
        february_view.actions.is_empty(),
        "February has its own plan"
    );
    let check = &february_view.previous_actions[0];
    assert_eq!(check.action.status, app::dashboard::ActionStatus::Selesai);
    assert_eq!(check.before.map(|h| h.0), Some(5000), "NRR 2 → 50,00");
    assert_eq!(check.after.map(|h| h.0), Some(10000), "NRR 4 → 100,00");
    assert_eq!(check.improved(), Some(true));
    let (_, html) = get_as(
        &app,
        &cookie,
        &format!("/dasbor/{OWN_UNIT}?periode=2031-02"),
    )
    .await;
    assert!(html.contains("data-testid=\"previous-actions\"") && html.contains("membaik"));

    // A bad date and a missing action: the form again with both problems, nothing stored.
    let refused = post(
        &app,
        &format!("/dasbor/{OWN_UNIT}/tindak-lanjut?periode=2031-02"),
        Some(&cookie),
        &[
            ("periode", "2031-02"),
            ("unsur", "sarana"),
            ("tindakan", ""),
            ("penanggung_jawab", "Budi"),
            ("batas", "besok"),
        ],
    )
    .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(refused.body.matches("class=\"field-error\"").count(), 2);
    assert!(dashboard(&app, &cookie, "periode=2031-02")
        .await
        .actions
        .is_empty());
}

/// Posts one survey form as a citizen on their own phone would, a minute after opening it.
async fn citizen_answers(app: &TestApp, values: [u8; 9], device: usize) {
    let (id, token) = fresh_form(app).await;
    let fields = with(answers_fields(values), &[("id", &id), ("token", &token)]);
    let cookie = format!("ikm_device=alert-test-{device}");
    let reply = survey_post(app, &format!("/s/{OWN_UNIT}"), &fields, &cookie).await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER, "stored");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_alert_fires_when_low_answers_cross_the_rule_and_is_acknowledged_once() {
    let app = app().await;
    let cookie = sign_in(&app, UNIT).await;
    let (unit_id, _) = unit(&app).await;
    let rules = post(
        &app,
        &format!("/dasbor/{OWN_UNIT}/peringatan"),
        Some(&cookie),
        &[
            ("mutu", "A"),
            ("persen", "60"),
            ("terakhir", "5"),
            ("email", ""),
        ],
    )
    .await;
    assert_eq!(rules.status, StatusCode::SEE_OTHER, "{}", rules.body);
    assert!(app
        .store
        .alerts(unit_id, 10)
        .await
        .expect("alerts")
        .is_empty());
    // The demo quarter is graded B: below A, so the first counted answer raises the grade alert.
    // Five answers of all 1 make the last five responses 100 % low: the low-share alert.
    for device in 0..5 {
        citizen_answers(&app, [1; 9], device).await;
    }
    let alerts = crate::eventually(Duration::from_secs(15), "both alerts raised", || async {
        let alerts = app.store.alerts(unit_id, 10).await.expect("alerts");
        (alerts.len() == 2).then_some(alerts)
    })
    .await;
    let kinds: Vec<AlertKind> = alerts.iter().map(|a| a.kind).collect();
    assert!(kinds.contains(&AlertKind::Grade) && kinds.contains(&AlertKind::LowShare));
    let low = alerts
        .iter()
        .find(|a| a.kind == AlertKind::LowShare)
        .expect("low share");
    assert!(
        low.detail.contains("pada 5 tanggapan terakhir; batas 60 %"),
        "{}",
        low.detail
    );
    let (_, html) = get_as(&app, &cookie, &format!("/dasbor/{OWN_UNIT}")).await;
    assert!(html.contains("data-testid=\"alerts\"") && html.contains("Banyak jawaban rendah"));
    // One open alert per rule, however many bad answers follow.
    citizen_answers(&app, [1; 9], 9).await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert_eq!(
        app.store.alerts(unit_id, 10).await.expect("alerts").len(),
        2
    );
    let ack = post(
        &app,
        &format!("/dasbor/{OWN_UNIT}/peringatan/{}/tangani", low.id),
        Some(&cookie),
        &[],
    )
    .await;
    assert_eq!(ack.status, StatusCode::SEE_OTHER);
    let after = app.store.alerts(unit_id, 10).await.expect("alerts");
    let acknowledged = after.iter().find(|a| a.id == low.id).expect("still listed");
    assert_eq!(acknowledged.acknowledged_by.as_deref(), Some("unit"));
    let again = post(
        &app,
        &format!("/dasbor/{OWN_UNIT}/peringatan/{}/tangani", low.id),
        Some(&cookie),
        &[],
    )
    .await;
    assert_eq!(again.status, StatusCode::NOT_FOUND, "already acknowledged");
}

/// A stand-in SMTP server on loopback: accepts every message and hands over its envelope and text.
pub(crate) async fn fake_smtp() -> (String, tokio::sync::mpsc::UnboundedReceiver<String>) {
    use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("a loopback port");
    let url = format!("smtp://{}", listener.local_addr().expect("address"));
    let (tx, rx) = tokio::sync::mpsc::unbounded_channel();
    tokio::spawn(async move {
        while let Ok((stream, _)) = listener.accept().await {
            let tx = tx.clone();
            tokio::spawn(async move {
                let (read, mut write) = stream.into_split();
                let mut lines = BufReader::new(read).lines();
                let _ = write.write_all(b"220 fake.test ESMTP\r\n").await;
                let (mut in_data, mut message) = (false, String::new());
                while let Ok(Some(line)) = lines.next_line().await {
                    if in_data {
                        if line == "." {
                            in_data = false;
                            let _ = tx.send(std::mem::take(&mut message));
                            let _ = write.write_all(b"250 queued\r\n").await;
                        } else {
                            message.push_str(&line);
                            message.push('\n');
                        }
                        continue;
                    }
                    let command = line.to_ascii_uppercase();
                    let reply: &[u8] = if command.starts_with("EHLO") || command.starts_with("HELO")
                    {
                        b"250 fake.test\r\n"
                    } else if command.starts_with("DATA") {
                        in_data = true;
                        b"354 go ahead\r\n"
                    } else if command.starts_with("QUIT") {
                        b"221 bye\r\n"
                    } else {
                        if command.starts_with("RCPT TO") {
                            message.push_str(&format!("{line}\n"));
                        }
                        b"250 ok\r\n"
                    };
                    let _ = write.write_all(reply).await;
                    if command.starts_with("QUIT") {
                        break;
                    }
                }
            });
        }
    });
    (url, rx)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_raised_alert_is_emailed_to_the_rules_address_when_smtp_is_configured() {
    let (smtp, mut inbox) = fake_smtp().await;
    let app = crate::app_with_smtp(Some(smtp)).await;
    let cookie = sign_in(&app, UNIT).await;
    let rules = post(
        &app,
        &format!("/dasbor/{OWN_UNIT}/peringatan"),
        Some(&cookie),
        &[
            ("mutu", "A"),
            ("persen", ""),
            ("terakhir", "20"),
            ("email", "kepala@disdukcapil.test"),
        ],
    )
    .await;
    assert_eq!(rules.status, StatusCode::SEE_OTHER);
    citizen_answers(&app, [3; 9], 1).await;
    let message = tokio::time::timeout(Duration::from_secs(20), inbox.recv())
        .await
        .expect("an e-mail within 20 s")
        .expect("a message");
    assert!(
        message.contains("RCPT TO:<kepala@disdukcapil.test>"),
        "{message}"
    );
    assert!(
        message.contains("From: \"IKM Lampung\" <ikm@lampungprov.go.id>"),
        "{message}"
    );
    assert!(
        message.contains("Subject: [IKM] IKM turun di bawah mutu"),
        "{message}"
    );
    assert!(
        message.contains(&format!("/dasbor/{OWN_UNIT}")),
        "{message}"
    );
    // Refused e-mail addresses never reach the rules.
    let refused = post(
        &app,
        &format!("/dasbor/{OWN_UNIT}/peringatan"),
        Some(&cookie),
        &[("mutu", "B"), ("terakhir", "3"), ("email", "bukan-alamat")],
    )
    .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        refused.body.matches("class=\"field-error\"").count(),
        2,
        "size and address"
    );
}
