//! Script in what people type — a citizen's comment, a unit's name, contact and services, a region's
//! name — is shown as text on every page that shows it, never run: the raw tags never reach a page.

use crate::accounts::{request, sign_in, OWN_UNIT};
use crate::app;
use crate::survey::{answers_fields, fresh_form, post, with};
use app::accounts::Actor;
use axum::http::StatusCode;

const ADMIN: (&str, &str) = ("admin", "demo-admin-ikm");
const PAYLOAD: &str =
    "</title><script>alert(\"ikm\")</script><img src=x onerror=alert(1)>\"'><svg onload=alert(2)>";

fn actor() -> Actor {
    Actor {
        user_id: None,
        name: "test".into(),
        address: String::new(),
    }
}

/// The page without its document `<title>` (charts' SVG titles are escaped like any text).
fn outside_title(html: &str) -> String {
    match (html.find("<title>"), html.find("</title>")) {
        (Some(a), Some(b)) if b > a => format!("{}{}", &html[..a], &html[b..]),
        _ => html.to_string(),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn script_typed_anywhere_is_shown_as_text_on_every_page() {
    let app = app().await;
    // Staff-typed places: the unit's name, MPP, complaint contact, a service; the region's name.
    let record = app
        .store
        .unit_record(OWN_UNIT)
        .await
        .expect("store")
        .expect("unit");
    let mut fields = record.fields.clone();
    fields.name = format!("Disdukcapil {PAYLOAD}");
    fields.mpp_name = Some(format!("MPP {PAYLOAD}"));
    fields.complaint_contact = Some(format!("Lapor {PAYLOAD}"));
    app.store
        .update_unit(OWN_UNIT, &fields, &actor())
        .await
        .expect("update");
    app.store
        .add_service(OWN_UNIT, &format!("Layanan {PAYLOAD}"), &actor())
        .await
        .expect("service");
    app.store
        .rename_region("18.71", &format!("Kota {PAYLOAD}"), &actor())
        .await
        .expect("rename");
    // A citizen's comment.
    let (form, token) = fresh_form(&app).await;
    let fields = with(
        answers_fields([1, 2, 1, 2, 1, 2, 1, 2, 1]),
        &[
            ("id", &form),
            ("token", &token),
            ("comment", &format!("Buruk {PAYLOAD}")),
        ],
    );
    let reply = post(&app, &format!("/s/{OWN_UNIT}"), &fields, "ikm_device=xss").await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.body);
    let thanks = reply.location().to_string();

    let admin = sign_in(&app, ADMIN).await;
    let pages = [
        "/".to_string(),
        format!("/s/{OWN_UNIT}"),
        format!("/k/{OWN_UNIT}"),
        format!("/s/{OWN_UNIT}/poster"),
        thanks,
        format!("/unit/{OWN_UNIT}"),
        "/publik".to_string(),
        "/publik?provinsi=18".to_string(),
        "/wilayah".to_string(),
        "/wilayah/18".to_string(),
        "/wilayah/18.71".to_string(),
        "/wilayah/18.71/laporan".to_string(),
        format!("/dasbor/{OWN_UNIT}"),
        format!("/dasbor/{OWN_UNIT}/masukan"),
        format!("/dasbor/{OWN_UNIT}/laporan"),
        format!("/dasbor/{OWN_UNIT}/impor"),
        "/admin".to_string(),
        format!("/admin/unit/{OWN_UNIT}"),
        "/admin/wilayah".to_string(),
        "/admin/audit".to_string(),
    ];
    let mut shown = 0;
    for path in &pages {
        let reply = request(&app, "GET", path, Some(&admin), "", None).await;
        assert_eq!(reply.status, StatusCode::OK, "{path}");
        // The document title is escaped too (leptos_meta writes it as given; `app::title_text`
        // escapes it): nothing closes it early, and no `<` stands inside it.
        let head = reply.body.split("</head>").next().unwrap_or_default();
        assert!(
            head.matches("</title>").count() <= 1,
            "{path}: the title closed early"
        );
        let title = head
            .split("<title>")
            .nth(1)
            .and_then(|t| t.split("</title>").next())
            .unwrap_or_default();
        assert!(!title.contains('<'), "{path}: a raw < in the title {title}");
        let body = outside_title(&reply.body);
        for raw in [
            "<script>alert",
            "<img src=x",
            "<svg onload",
            "</textarea><script",
        ] {
            assert!(!body.contains(raw), "{path} holds the raw {raw}");
        }
        if reply.body.contains("&lt;script&gt;alert") || reply.body.contains("\\u003cscript") {
            shown += 1;
        }
    }
    assert!(
        shown >= 8,
        "the text is shown (escaped) on many pages, not dropped: {shown}"
    );
}
