#![recursion_limit = "256"]
//! The web app: routes, pages and server functions, shared by the server (feature `ssr`) and the
//! browser (feature `hydrate`). IKM arithmetic is never done here: it lives in `ikm_domain`.

pub mod access;
#[cfg(feature = "ssr")]
pub mod accounts;
pub mod charts;
pub mod comparison;
pub mod components;
pub mod cookies;
pub mod dashboard;
pub mod error;
pub mod evidence;
#[cfg(feature = "ssr")]
pub mod figures;
pub mod format;
pub mod forms;
#[cfg(feature = "ssr")]
pub mod guard;
pub mod i18n;
pub mod invitation;
pub mod letterhead;
pub mod model;
pub mod mpp;
pub mod offline;
pub mod pages;
pub mod periods;
pub mod report;
pub mod report_chart;
pub mod role;
pub mod scorecard;
#[cfg(feature = "ssr")]
pub mod store;
pub mod survey;
pub mod time;
pub mod tv;

use i18n::{encode_query, request_lang, t};
use leptos::prelude::*;
use leptos_meta::{provide_meta_context, Meta, MetaTags, Stylesheet, Title};
use leptos_router::components::{Route, Router, Routes, A};
use leptos_router::hooks::use_location;
use leptos_router::{path, SsrMode};

/// The HTML document around the app, rendered on the server.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    view! {
        <!DOCTYPE html>
        <html lang=request_lang().tag()>
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1" />
                <meta name="theme-color" content="#0b5394" />
                <link rel="icon" href="/favicon.svg" type="image/svg+xml" />
                <AutoReload options=options.clone() />
                // Islands mode: the pages are server-rendered HTML that works without the WASM;
                // once the browser is idle, the WASM is loaded and makes the islands (the survey
                // form, the directory search) interactive.
                <HydrationScripts options islands=true />
                <MetaTags />
            </head>
            <body>
                <App />
            </body>
        </html>
    }
}

/// The document title for a page's own title. On the server it is escaped: leptos_meta writes the
/// title into the HTML as it is, so a unit named `…</title><script>` would otherwise end the title
/// and put markup in the head (`http::xss`). In the browser it is set as text, unescaped.
fn title_text(page: String) -> String {
    let title = format!("{page} · IKM");
    #[cfg(feature = "ssr")]
    let title = html_escape::encode_text(&title).into_owned();
    title
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    provide_context(request_lang());
    let text = t();
    view! {
        <Stylesheet id="leptos" href="/pkg/ikm.css" />
        <Title formatter=title_text />
        <Meta name="description" content=text.meta_description />
        <Router>
            <a class="skip-link" href="#main">
                {text.skip_to_content}
            </a>
            <SiteHeader />
            <main id="main" tabindex="-1">
                <Routes fallback=components::not_found::NotFound>
                    <Route path=path!("/") view=pages::home::HomePage ssr=SsrMode::Async />
                    <Route
                        path=path!("/unit/:code")
                        view=pages::unit::UnitPage
                        ssr=SsrMode::Async
                    />
                    <Route
                        path=path!("/s/:code")
                        view=|| view! { <pages::survey::SurveyPage kiosk=false /> }
                        ssr=SsrMode::Async
                    />
                    <Route
                        path=path!("/k/:code")
                        view=|| view! { <pages::survey::SurveyPage kiosk=true /> }
                        ssr=SsrMode::Async
                    />
                    <Route
                        path=path!("/s/:code/terima-kasih")
                        view=|| view! { <pages::thanks::ThanksPage kiosk=false /> }
                        ssr=SsrMode::Async
                    />
                    <Route
                        path=path!("/k/:code/terima-kasih")
                        view=|| view! { <pages::thanks::ThanksPage kiosk=true /> }
                        ssr=SsrMode::Async
                    />
                    <Route
                        path=path!("/s/:code/poster")
                        view=pages::poster::PosterPage
                        ssr=SsrMode::Async
                    />
                    <Route
                        path=path!("/m/:code")
                        view=|| view! { <pages::hall::HallPage kiosk=false /> }
                        ssr=SsrMode::Async
                    />
                    <Route
                        path=path!("/m/:code/kiosk")
                        view=|| view! { <pages::hall::HallPage kiosk=true /> }
                        ssr=SsrMode::Async
                    />
                    <Route
                        path=path!("/m/:code/poster")
                        view=pages::poster::HallPosterPage
                        ssr=SsrMode::Async
                    />
                    <Route path=path!("/tv/:code") view=pages::tv::TvPage ssr=SsrMode::Async />
                    <Route
                        path=path!("/mpp/:code")
                        view=pages::mpp::MppPage
                        ssr=SsrMode::Async
                    />
                    <Route
                        path=path!("/admin/mpp")
                        view=pages::admin::mpp::MppsAdminPage
                        ssr=SsrMode::Async
                    />
                    <Route
                        path=path!("/admin/mpp/:code")
                        view=pages::admin::mpp::MppAdminPage
                        ssr=SsrMode::Async
                    />
                    <Route
                        path=path!("/masuk")
                        view=pages::admin::sign_in::SignInPage
                        ssr=SsrMode::Async
                    />
                    <Route
                        path=path!("/dasbor/:code")
                        view=pages::dashboard::DashboardPage
                        ssr=SsrMode::Async
                    />
                    <Route
                        path=path!("/dasbor/:code/rapor")
                        view=pages::scorecard::UnitScorecardPage
                        ssr=SsrMode::Async
                    />
                    <Route
                        path=path!("/dasbor/:code/laporan")
                        view=pages::report::ReportPrintPage
                        ssr=SsrMode::Async
                    />
                    <Route
                        path=path!("/dasbor/:code/impor")
                        view=pages::upload::UploadPage
                        ssr=SsrMode::Async
                    />
                    <Route
                        path=path!("/dasbor/:code/undangan")
                        view=pages::invitations::InvitationsPageView
                        ssr=SsrMode::Async
                    />
                    <Route
                        path=path!("/dasbor/:code/masukan")
                        view=pages::inbox::InboxPage
                        ssr=SsrMode::Async
                    />
                    <Route path=path!("/wilayah") view=pages::region::RegionPage ssr=SsrMode::Async />
                    <Route
                        path=path!("/wilayah/:code")
                        view=pages::region::RegionPage
                        ssr=SsrMode::Async
                    />
                    <Route
                        path=path!("/wilayah/:code/rapor")
                        view=pages::scorecard::ScorecardPage
                        ssr=SsrMode::Async
                    />
                    <Route
                        path=path!("/wilayah/:code/laporan")
                        view=pages::report::RegionReportPrintPage
                        ssr=SsrMode::Async
                    />
                    <Route
                        path=path!("/mpp/:code/laporan")
                        view=pages::report::MppReportPrintPage
                        ssr=SsrMode::Async
                    />
                    <Route path=path!("/publik") view=pages::public::PublicPage ssr=SsrMode::Async />
                    <Route path=path!("/privasi") view=pages::privacy::PrivacyPage />
                    <Route
                        path=path!("/publik/:code")
                        view=pages::public::PublicUnitPage
                        ssr=SsrMode::Async
                    />
                    <Route
                        path=path!("/admin")
                        view=pages::admin::home::AdminHomePage
                        ssr=SsrMode::Async
                    />
                    <Route
                        path=path!("/admin/unit/:code")
                        view=pages::admin::unit::UnitEditorPage
                        ssr=SsrMode::Async
                    />
                    <Route
                        path=path!("/admin/wilayah")
                        view=pages::admin::regions::RegionsPage
                        ssr=SsrMode::Async
                    />
                    <Route
                        path=path!("/admin/wilayah/:code/kop")
                        view=pages::admin::regions::RegionLetterheadPage
                        ssr=SsrMode::Async
                    />
                    <Route
                        path=path!("/admin/pengguna")
                        view=pages::admin::users::UsersPage
                        ssr=SsrMode::Async
                    />
                    <Route
                        path=path!("/admin/rubrik")
                        view=pages::admin::rubric::RubricPage
                        ssr=SsrMode::Async
                    />
                    <Route
                        path=path!("/admin/audit")
                        view=pages::admin::audit::AuditPage
                        ssr=SsrMode::Async
                    />
                </Routes>
            </main>
            <SiteFooter />
        </Router>
    }
}

/// Whether this page is a kiosk's (`/k/…`): a tablet strangers use one after another, whose pages
/// link nowhere but to the kiosk's own.
fn in_kiosk(path: &str) -> bool {
    path.starts_with("/k/") || (path.starts_with("/m/") && path.ends_with("/kiosk"))
}

/// The site's name (a link home, except in a kiosk), its line, and the language switch.
#[component]
fn SiteHeader() -> impl IntoView {
    let text = t();
    let kiosk = in_kiosk(&use_location().pathname.get_untracked());
    view! {
        <header class="site-header">
            {if kiosk {
                view! { <span class="brand"><span class="brand-name">{text.app_name}</span></span> }
                    .into_any()
            } else {
                view! {
                    <A href="/" attr:class="brand">
                        <span class="brand-name">{text.app_name}</span>
                    </A>
                }
                    .into_any()
            }}
            <p class="tagline">{text.tagline}</p>
            <LangSwitch />
        </header>
    }
}

/// The footer: the public results and the staff sign-in — or, signed in, who it is, their start
/// page and signing out. A kiosk's footer links nowhere.
#[component]
fn SiteFooter() -> impl IntoView {
    let text = t();
    let kiosk = in_kiosk(&use_location().pathname.get_untracked());
    #[cfg(feature = "ssr")]
    let viewer = guard::identity().viewer;
    #[cfg(not(feature = "ssr"))]
    let viewer: Option<access::Viewer> = None;
    let links = match (kiosk, viewer) {
        (true, _) => None,
        (false, Some(viewer)) => Some(
            view! {
                <div class="signed-in" data-testid="footer-who">
                    <a href=viewer.home_page()>{viewer.display_name.clone()}</a>
                    " · "
                    <form method="post" action="/keluar" class="sign-out">
                        <button type="submit" class="link-button">{text.admin.sign_out}</button>
                    </form>
                </div>
            }
            .into_any(),
        ),
        (false, None) => Some(
            view! {
                <p>
                    <a href="/publik">{text.public.nav}</a>
                    " · "
                    <a href="/masuk" rel="nofollow">{text.admin.staff_sign_in}</a>
                </p>
            }
            .into_any(),
        ),
    };
    view! {
        <footer class="site-footer">
            <p>{text.footer}</p>
            {links}
        </footer>
    }
}

/// The link to the other language; a plain link (works without JavaScript) to `/bahasa/{tag}`,
/// which remembers the choice in a cookie and returns to this page.
#[component]
fn LangSwitch() -> impl IntoView {
    let text = t();
    let location = use_location();
    let href = move || {
        // The router's `search` has no leading `?`.
        let search = location.search.get();
        let here = if search.is_empty() {
            location.pathname.get()
        } else {
            format!("{}?{search}", location.pathname.get())
        };
        format!(
            "/bahasa/{}?next={}",
            text.lang_switch_tag,
            encode_query(&here)
        )
    };
    view! {
        <a class="lang-switch" href=href rel="nofollow" hreflang=text.lang_switch_tag>
            {text.lang_switch}
        </a>
    }
}
