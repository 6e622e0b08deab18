//! The HTTP surface through the axum router, in-process, on a copy of the seeded demo database.

#[path = "../support/mod.rs"]
mod support;

mod accounts;
mod api;
mod comments;
mod consent;
mod dashboard;
mod directory;
mod export;
mod group_commit;
mod hardening;
mod hostile;
mod invitations;
mod letterhead;
mod levy;
mod metrics;
mod mpp;
mod national;
mod privacy;
mod public;
mod queue;
mod region;
mod report;
mod retention;
mod scorecard;
mod security;
mod storage;
mod survey;
mod tv;
mod upload;
mod xss;

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use ikm::config::ServeArgs;
use ikm::startup::router;
use ikm::web::state::AppState;
use support::TempDb;
use tower::ServiceExt;

pub struct TestApp {
    _turn: tokio::sync::MutexGuard<'static, ()>,
    pub router: axum::Router,
    pub store: app::store::SharedStore,
    pub db: TempDb,
    /// The live screens' refresher of this app (`screens.rs`).
    pub screens: ikm::screens::Hub,
}

/// The tests take turns. Each `#[tokio::test]` has its own runtime, and Leptos server rendering on
/// several runtimes of one process at once now and then never finished a page (about one run in
/// four of the account tests, always a different page). The server has one runtime and answered
/// 400 concurrent renders without a stall; one test at a time takes no longer on two cores.
static TURN: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

pub async fn app() -> TestApp {
    app_with(|_| {}).await
}

/// The app sending alert e-mails through the SMTP server at `smtp_url`.
pub async fn app_with_smtp(smtp_url: Option<String>) -> TestApp {
    app_with(|serve| serve.smtp_url = smtp_url).await
}

/// Withdraws every period the demo published (the demo publishes most units' past quarters), so a
/// test of publishing itself starts with nothing public.
pub async fn withdraw_demo_publications(app: &TestApp) {
    let actor = app::accounts::Actor::command_line();
    let published = app.store.all_published().await.expect("published periods");
    assert!(!published.is_empty(), "the demo publishes periods");
    for (unit_id, key) in published {
        app.store
            .set_published(unit_id, &key, false, chrono::Utc::now(), &actor)
            .await
            .expect("withdraw");
    }
}

/// The app with its settings changed by `configure` (they start as a test's defaults).
pub async fn app_with(configure: impl FnOnce(&mut ServeArgs)) -> TestApp {
    app_reached_at(None, configure).await
}

/// The app as reached at `public_url` (`IKM_PUBLIC_URL`), e.g. over HTTPS.
pub async fn app_reached_at(
    public_url: Option<&str>,
    configure: impl FnOnce(&mut ServeArgs),
) -> TestApp {
    let turn = TURN.lock().await;
    let db = TempDb::seeded();
    let store = tokio::time::timeout(
        std::time::Duration::from_secs(60),
        ikm::storage::open(&db.url),
    )
    .await
    .expect("the database opens within 60 s")
    .expect("database opens");
    let mut serve = ServeArgs {
        addr: "127.0.0.1:0".parse().expect("addr"),
        site_root: Some(support::site_root()),
        trust_proxy: 0,
        max_connections: 512,
        read_timeout: 10,
        smtp_url: None,
        mail_from: "IKM Lampung <ikm@lampungprov.go.id>".into(),
        retention: ikm::config::RetentionArgs {
            retention_days: ikm_domain::privacy::DEFAULT_RETENTION_DAYS,
        },
    };
    configure(&mut serve);
    let mut web = serve.web_config();
    web.mail = serve.mailer().expect("the test's SMTP address");
    if let Some(url) = public_url {
        web.public_url = Some(url.to_string());
    }
    let state = AppState::new(serve.leptos_options(), store.clone(), web);
    TestApp {
        _turn: turn,
        screens: state.screens.clone(),
        router: router(state),
        store,
        db,
    }
}

/// A response's status, headers and body as text.
pub struct Reply {
    pub status: StatusCode,
    pub headers: axum::http::HeaderMap,
    pub body: String,
    /// The body as sent (for files that are not text).
    pub bytes: Vec<u8>,
}

impl Reply {
    pub fn location(&self) -> &str {
        self.headers
            .get(header::LOCATION)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
    }
}

/// A form body (`application/x-www-form-urlencoded`) of these fields, in order.
pub fn form_body<K: AsRef<str>, V: AsRef<str>>(fields: &[(K, V)]) -> String {
    fields
        .iter()
        .map(|(k, v)| {
            format!(
                "{}={}",
                app::i18n::encode_query(k.as_ref()),
                app::i18n::encode_query(v.as_ref())
            )
        })
        .collect::<Vec<_>>()
        .join("&")
}

pub async fn send(app: &TestApp, request: Request<Body>) -> Reply {
    send_to(app.router.clone(), request).await
}

/// [`send`] to a router of its own (for requests sent from tasks spawned side by side).
pub async fn send_to(router: axum::Router, request: Request<Body>) -> Reply {
    let what = format!("{} {}", request.method(), request.uri());
    let response =
        tokio::time::timeout(std::time::Duration::from_secs(60), router.oneshot(request))
            .await
            .unwrap_or_else(|_| panic!("{what}: no answer within 60 s"))
            .expect("router answers");
    let status = response.status();
    let headers = response.headers().clone();
    let body = tokio::time::timeout(
        std::time::Duration::from_secs(60),
        axum::body::to_bytes(response.into_body(), 10 << 20),
    )
    .await
    .unwrap_or_else(|_| panic!("{what}: the body did not end within 60 s"))
    .expect("body");
    Reply {
        status,
        headers,
        body: String::from_utf8_lossy(&body).into_owned(),
        bytes: body.to_vec(),
    }
}

pub async fn get(app: &TestApp, path: &str) -> (StatusCode, String) {
    let reply = send(
        app,
        Request::get(path).body(Body::empty()).expect("request"),
    )
    .await;
    (reply.status, reply.body)
}

/// Polls `check` until it returns `Some`, or fails after `limit` naming `what`.
pub async fn eventually<T, F, Fut>(limit: std::time::Duration, what: &str, mut check: F) -> T
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = Option<T>>,
{
    let started = std::time::Instant::now();
    loop {
        if let Some(value) = check().await {
            return value;
        }
        assert!(
            started.elapsed() < limit,
            "timed out after {limit:?} waiting for {what}"
        );
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
}
