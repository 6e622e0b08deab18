//! `/s/{code}` (citizen's phone, from the QR code) and `/k/{code}` (kiosk tablet) — the nine
//! questions, the optional profile and comment.
//!
//! The page is complete server-rendered HTML and the form posts as a plain HTML form to the same
//! address (handled by `server/src/survey.rs`), so it works before and without the WASM. Once
//! hydrated, it shows progress as answers are chosen and checks for missing answers before sending;
//! both paths store the same record.

use crate::components::not_found::NotFound;
use crate::error::LoadError;
use crate::i18n::{t, use_lang, Texts};
use crate::model::UnitDetail;
use crate::offline::{counted, HeldNote, QueueCounts};
use crate::survey::{field, Draft, Problem};
use ikm_domain::contact::{read_contact, ContactProblem};
use ikm_domain::profile::{Gender, EDUCATION, OCCUPATION};
use ikm_domain::submission::Channel;
use ikm_domain::Unsur;
use leptos::prelude::*;
use leptos_meta::{Link, Script, Title};
use leptos_router::hooks::{use_params_map, use_query_map};
use serde::{Deserialize, Serialize};

macro_rules! face {
    ($fill:literal, $mouth:literal) => {
        concat!(
            r##"<svg viewBox="0 0 24 24" width="28" height="28" focusable="false"><circle cx="12" cy="12" r="10.5" fill=""##,
            $fill,
            r##"" stroke="#3b4650" stroke-width="1.2"/><circle cx="8.6" cy="9.8" r="1.3" fill="#222"/><circle cx="15.4" cy="9.8" r="1.3" fill="#222"/><path d=""##,
            $mouth,
            r##"" fill="none" stroke="#222" stroke-width="1.7" stroke-linecap="round"/></svg>"##
        )
    };
}

/// Everything the form needs, made on the server and handed to the browser for hydration.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SurveyData {
    pub unit: UnitDetail,
    /// Made when the form is rendered: a double-submitted form is stored once.
    pub response_id: String,
    /// Signed proof of when the form was rendered (reading-time rule).
    pub token: String,
    pub channel: Channel,
    pub counter: String,
    /// The Mal Pelayanan Publik it is answered in (the hall's link), when the unit serves there.
    pub place: Option<crate::mpp::MppPlace>,
    pub kiosk: bool,
    pub show_profile: bool,
    /// The invitation it is answered through (a hidden field), when it came with an open one.
    pub invitation: Option<String>,
    /// Why it cannot be answered through this link (the page says so instead of the form).
    pub closed: Option<crate::invitation::Closed>,
    pub draft: Draft,
    /// Where the form posts (its own address).
    pub action: String,
}

/// The form of an active unit; `None` when the code is unknown or the unit inactive.
#[server]
pub async fn load_survey(
    code: String,
    kiosk: bool,
    service: Option<String>,
    counter: Option<String>,
    channel: Option<String>,
    place: Option<String>,
    invitation: Option<String>,
) -> Result<Option<SurveyData>, LoadError> {
    use crate::invitation::{normalize, Closed};
    use crate::survey::clean_counter;
    use crate::survey::server::{cookie, sign_form, DEVICE_COOKIE};

    let store = crate::store::use_store()?;
    let failed = crate::store::unavailable("loading the survey");
    let Some(unit) = crate::store::active_unit(store.as_ref(), &code, "loading the survey").await?
    else {
        return Ok(None);
    };
    let (response_id, token, draft) = match use_context::<crate::survey::Rejected>() {
        Some(rejected) => (rejected.response_id, rejected.token, rejected.draft),
        None => {
            let id = uuid::Uuid::now_v7().to_string();
            let secret = store.secret().await.map_err(failed)?;
            let token = sign_form(&secret, &id, chrono::Utc::now());
            let preselected = service
                .and_then(|s| s.parse::<i64>().ok())
                .filter(|id| unit.services.iter().any(|s| s.id == *id));
            let draft = Draft {
                service: preselected,
                ..Draft::default()
            };
            (id, token, draft)
        }
    };
    // A long-lived random cookie lets the rate rules recognise a device; only a salted, daily
    // rotating hash of it is ever stored.
    let parts = use_context::<http::request::Parts>();
    let has_device = parts
        .as_ref()
        .and_then(|p| p.headers.get(http::header::COOKIE))
        .and_then(|h| h.to_str().ok())
        .and_then(|h| cookie(h, DEVICE_COOKIE))
        .is_some();
    if !has_device {
        if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
            let value = format!(
                "{DEVICE_COOKIE}={}; Path=/; Max-Age=31536000; HttpOnly; SameSite=Lax",
                uuid::Uuid::new_v4().simple()
            );
            if let Ok(header) = http::HeaderValue::from_str(&value) {
                response.append_header(http::header::SET_COOKIE, header);
            }
        }
    }
    let channel = if kiosk {
        Channel::Kiosk
    } else if channel.as_deref() == Some("web") {
        Channel::Web
    } else {
        Channel::Qr
    };
    let counter = clean_counter(counter.as_deref());
    let place = match place.filter(|p| crate::mpp::valid_code(p)) {
        Some(mpp) => store.mpp_place(&mpp, unit.id).await.map_err(failed)?,
        None => None,
    };
    // An invitation's link: open, or why not; without one, an invitation-only unit says so.
    let (invitation, closed) = match invitation.filter(|v| !v.is_empty()) {
        Some(typed) => match normalize(&typed) {
            None => (None, Some(Closed::Unknown)),
            Some(code) => match store.invitation(&code).await.map_err(failed)? {
                Some(found) if found.unit_id == unit.id => {
                    match Closed::of(found.standing(chrono::Utc::now(), None)) {
                        Some(closed) => (None, Some(closed)),
                        None => (Some(code), None),
                    }
                }
                _ => (None, Some(Closed::Unknown)),
            },
        },
        None if unit.only_invited => (None, Some(Closed::OnlyInvited)),
        None => (None, None),
    };
    if let Some(Ok(status)) = closed.map(|c| http::StatusCode::from_u16(c.status())) {
        crate::guard::set_status(status);
    }
    let prefix = if kiosk { "k" } else { "s" };
    Ok(Some(SurveyData {
        invitation,
        closed,
        place,
        show_profile: !kiosk || unit.kiosk_profile,
        action: format!("/{prefix}/{}", unit.unit.code),
        unit,
        response_id,
        token,
        channel,
        counter,
        kiosk,
        draft,
    }))
}

#[component]
pub fn SurveyPage(kiosk: bool) -> impl IntoView {
    let text = t();
    let params = use_params_map();
    let query = use_query_map();
    let data = Resource::new(
        move || {
            let q = query.read();
            (
                params.read().get("code").unwrap_or_default(),
                q.get("layanan"),
                q.get("loket"),
                q.get("kanal"),
                q.get("mpp"),
                q.get(crate::invitation::FIELD),
            )
        },
        move |(code, service, counter, channel, place, invitation)| {
            load_survey(code, kiosk, service, counter, channel, place, invitation)
        },
    );
    view! {
        <Suspense fallback=move || view! { <p>{text.loading}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(Some(data)) if data.closed.is_some() => view! { <SurveyClosed data /> }.into_any(),
                    Ok(Some(data)) => view! { <SurveyHead data=&data /> <SurveyForm data /> }.into_any(),
                    Ok(None) => view! { <NotFound /> }.into_any(),
                    Err(_) => view! { <p class="error" role="alert">{text.load_error}</p> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// Instead of the form: why it cannot be answered through this link.
#[component]
fn SurveyClosed(data: SurveyData) -> impl IntoView {
    let text = t();
    let (title, body) = data
        .closed
        .map(|c| c.words(&text.invitation))
        .unwrap_or_default();
    view! {
        <Title text=title />
        <section class="survey-closed" data-testid="survey-closed">
            <p class="muted">{data.unit.unit.name.clone()}</p>
            <h1>{title}</h1>
            <p>{body}</p>
        </section>
    }
}

fn problem_text(text: &'static Texts, problem: Problem) -> &'static str {
    match problem {
        Problem::Required => text.err_required,
        Problem::Invalid => text.err_invalid,
        Problem::TooLong => text.err_too_long,
        Problem::Age => text.err_age,
        Problem::Contact(ContactProblem::Missing) => text.err_contact_missing,
        Problem::Contact(ContactProblem::Unreadable) => text.err_contact_unreadable,
        Problem::Contact(ContactProblem::NoConsent) => text.err_contact_no_consent,
    }
}

/// A face beside each answer, worst to best (decoration: the words are what count). Drawn as
/// inline SVG so that it looks the same on every phone, whatever emoji font it has.
const FACES: [&str; 4] = [
    face!("#f4a3a3", "M7.5 17.5Q12 12.5 16.5 17.5"),
    face!("#f7c98b", "M8 16.5Q12 14.5 16 16.5"),
    face!("#cde6a3", "M8 15Q12 17.5 16 15"),
    face!("#8fd19e", "M7 14Q12 20 17 14"),
];

/// The page's title, its web-app manifest (installable, kept for use with no network) and the
/// offline scripts: rendered on the server only, outside the form's island.
#[component]
fn SurveyHead<'a>(data: &'a SurveyData) -> impl IntoView {
    view! {
        <Title text=data.unit.unit.name.clone() />
        <Link rel="manifest" href=format!("{}/manifest.webmanifest", data.action) />
        <Link rel="apple-touch-icon" href="/icons/icon-180.png" />
        <Script src="/queue.js" defer="" />
        <Script src="/pwa.js" defer="" />
    }
}

/// The form, an island: the server renders it, and the WASM makes it show progress, check for
/// missing answers and keep a submission on the device before sending it.
#[island]
fn SurveyForm(data: SurveyData) -> impl IntoView {
    let text = t();
    let lang = use_lang();
    let SurveyData {
        unit,
        response_id,
        token,
        channel,
        counter,
        place,
        kiosk,
        show_profile,
        invitation,
        draft,
        action,
        ..
    } = data;
    let answers = RwSignal::new(draft.answers);
    let problems = RwSignal::new(draft.problems.clone());
    // The comment and the consent to be contacted as typed: the offer shows after a low score or
    // with a comment, and a consent without a readable contact is caught before the answer is
    // queued (a queued answer the server refuses would wait for a person to look at it).
    let comment = RwSignal::new(draft.comment.clone());
    let consent = RwSignal::new(draft.contact_consent);
    let contact = RwSignal::new(draft.contact.clone());
    let answered = move || answers.with(|a| a.iter().flatten().count());
    let problem_of = move |name: &'static str| {
        move || problems.with(|p| p.iter().find(|(f, _)| f == name).map(|(_, p)| *p))
    };
    let idle_seconds = RwSignal::new(0u32);
    // With the WASM, a submission goes to the device's queue first; `saved` holds whether several
    // answers were low (to show where to complain) once it is there.
    let saved: RwSignal<Option<bool>> = RwSignal::new(None);
    let queue = RwSignal::new(QueueCounts::default());
    let held_notes = RwSignal::new(Vec::<HeldNote>::new());
    #[cfg(feature = "hydrate")]
    let queued = Queued {
        saved,
        queue,
        action: action.clone(),
        counter: counter.clone(),
        place: place.as_ref().map(|p| p.code.clone()),
        kiosk,
    };
    Effect::new(move |_| {
        #[cfg(feature = "hydrate")]
        if crate::offline::browser::available() {
            crate::offline::browser::keep_sending(queue, held_notes);
        }
    });

    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        let missing: Vec<Unsur> = Unsur::PRINTED
            .into_iter()
            .filter(|u| answers.with_untracked(|a| a[u.index()].is_none()))
            .collect();
        let contact_problem = read_contact(
            consent.get_untracked(),
            Some(contact.get_untracked().as_str()),
        )
        .err();
        if missing.is_empty() && contact_problem.is_none() {
            #[cfg(feature = "hydrate")]
            queue_submission(&ev, &queued);
            return;
        }
        ev.prevent_default();
        if let Some(problem) = contact_problem {
            let name = match problem {
                ContactProblem::NoConsent => field::CONTACT_CONSENT,
                _ => field::CONTACT,
            };
            problems.update(|p| {
                p.retain(|(f, _)| f != field::CONTACT && f != field::CONTACT_CONSENT);
                p.push((name.to_string(), Problem::Contact(problem)));
            });
            if missing.is_empty() {
                #[cfg(feature = "hydrate")]
                if let Some(el) = document().get_element_by_id(name) {
                    use wasm_bindgen::JsCast;
                    if let Ok(el) = el.dyn_into::<web_sys::HtmlElement>() {
                        let _ = el.focus();
                    }
                }
                return;
            }
        }
        problems.update(|p| {
            for u in &missing {
                if !p.iter().any(|(f, _)| f == u.key()) {
                    p.push((u.key().to_string(), Problem::Required));
                }
            }
        });
        // The first missing question: focused (a screen reader reads its question) and scrolled
        // to its top, below the sticky progress bar (`scroll-margin-top` in the style).
        #[cfg(feature = "hydrate")]
        if let Some(first) = missing.first() {
            use wasm_bindgen::JsCast;
            if let Some(el) = document()
                .get_element_by_id(&format!("q-{}", first.key()))
                .and_then(|el| el.dyn_into::<web_sys::HtmlElement>().ok())
            {
                let _ = el.focus();
                el.scroll_into_view();
            }
        }
    };

    // A kiosk left half-answered returns to an empty form after a minute (an MPP's kiosk: to its
    // hall, for the next citizen's booth).
    if kiosk {
        let start = place
            .as_ref()
            .map_or(action.clone(), |p| crate::mpp::hall_url(&p.code, true));
        let reset_to = crate::survey::kiosk_restart(&start);
        Effect::new(move |_| {
            let reset_to = reset_to.clone();
            let _ = set_interval_with_handle(
                move || {
                    idle_seconds.update(|s| *s += 1);
                    if idle_seconds.get_untracked() >= 60 && answered() > 0 {
                        let _ = window().location().set_href(&reset_to);
                    }
                },
                std::time::Duration::from_secs(1),
            );
        });
    }

    let unit_name = unit.unit.name.clone();
    let services = unit.services.clone();
    let has_summary = move || problems.with(|p| !p.is_empty());
    view! {
        <article class=if kiosk { "survey kiosk" } else { "survey" }>
            <header class="survey-head">
                <h1>{unit_name.clone()}</h1>
                <p class="survey-region">
                    {match &place {
                        Some(p) => format!("{} — {}", p.name, unit.region_name),
                        None => unit.region_name.clone(),
                    }}
                </p>
            </header>
            <QueueStatus queue held_notes />
            {
                let unit_name = unit_name.clone();
                let contact = unit.complaint_contact.clone();
                let again = action.clone();
                move || saved.get().map(|low| view! {
                    <SavedLocally
                        unit_name=unit_name.clone()
                        low_scores=low
                        complaint_contact=contact.clone()
                        again=again.clone()
                        kiosk
                    />
                })
            }
            <p class="intro" hidden=move || saved.get().is_some()>{text.survey_intro}</p>
            <p class="privacy" hidden=move || saved.get().is_some()>
                {text.privacy_note}
                // A kiosk never leads out of itself (a shared tablet): the note says enough there.
                {(!kiosk).then(|| view! { " " <a href="/privasi">{text.privacy_link}</a> })}
            </p>
            {draft.form_invalid.then(|| view! { <p class="error-summary" role="alert">{text.err_form}</p> })}
            <Show when=has_summary>
                <ErrorSummary problems />
            </Show>
            <form
                hidden=move || saved.get().is_some()
                method="post"
                action=action.clone()
                novalidate=true
                on:submit=on_submit
                on:input=move |_| idle_seconds.set(0)
            >
                <input type="hidden" name=field::ID value=response_id />
                <input type="hidden" name=field::TOKEN value=token />
                <input type="hidden" name=field::COUNTER value=counter />
                {place.as_ref().map(|p| view! { <input type="hidden" name=field::PLACE value=p.code.clone() /> })}
                {invitation.clone().map(|code| view! { <input type="hidden" name=crate::invitation::FIELD value=code /> })}
                <input type="hidden" name=field::CHANNEL value=channel.key() />
                <input type="hidden" name=field::LANG value=lang.tag() />
                <div class="hp" aria-hidden="true">
                    <label for="website">{text.honeypot_label}</label>
                    <input id="website" name=field::HONEYPOT type="text" tabindex="-1" autocomplete="off" />
                </div>
                {(!services.is_empty()).then(|| {
                    let selected = draft.service;
                    view! {
                        <div class="field">
                            <label for="service">{text.service_label}</label>
                            <select id="service" name=field::SERVICE>
                                <option value="">{text.choose}</option>
                                {services
                                    .iter()
                                    .map(|s| {
                                        view! {
                                            <option value=s.id.to_string() selected=selected == Some(s.id)>
                                                {s.name.clone()}
                                            </option>
                                        }
                                    })
                                    .collect_view()}
                            </select>
                        </div>
                    }
                })}
                <p class="progress" aria-live="polite" data-testid="progress">
                    {move || format!("{} {} 9 {}", answered(), text.progress_of, text.progress_answered)}
                </p>
                {Unsur::PRINTED
                    .into_iter()
                    .enumerate()
                    .map(|(n, unsur)| {
                        let key = unsur.key();
                        let idx = unsur.index();
                        let problem = problem_of(key);
                        let error_id = format!("err-{key}");
                        view! {
                            <fieldset
                                class=move || if problem().is_some() { "question has-error" } else { "question" }
                                id=format!("q-{key}")
                                tabindex="-1"
                                aria-describedby=move || problem().map(|_| error_id.clone())
                            >
                                <legend>
                                    <span class="qnum">{format!("{}. ", n + 1)}</span>
                                    {unsur.question(lang)}
                                </legend>
                                {move || problem().map(|p| view! {
                                    <p class="field-error" id=format!("err-{key}")>{problem_text(text, p)}</p>
                                })}
                                <div class="choices">
                                    {unsur
                                        .answer_labels(lang)
                                        .into_iter()
                                        .enumerate()
                                        .map(|(i, label)| {
                                            let value = (i + 1) as u8;
                                            view! {
                                                <label class="choice">
                                                    <input
                                                        type="radio"
                                                        name=key
                                                        value=value.to_string()
                                                        required=true
                                                        checked=move || answers.with(|a| a[idx] == Some(value))
                                                        on:change=move |_| {
                                                            answers.update(|a| a[idx] = Some(value));
                                                            problems.update(|p| p.retain(|(f, _)| f != key));
                                                        }
                                                    />
                                                    <span class="face" aria-hidden="true" inner_html=FACES[i]></span>
                                                    <span class="choice-label">{label}</span>
                                                </label>
                                            }
                                        })
                                        .collect_view()}
                                </div>
                            </fieldset>
                        }
                    })
                    .collect_view()}
                {show_profile.then(|| view! { <ProfileFields draft=draft.clone() /> })}
                <div class=if draft.problem(field::COMMENT).is_some() { "field has-error" } else { "field" }>
                    <label for="comment">{text.comment_label}</label>
                    {draft.problem(field::COMMENT).map(|p| view! {
                        <p class="field-error" id="err-comment">{problem_text(text, p)}</p>
                    })}
                    <textarea
                        id="comment"
                        name=field::COMMENT
                        rows="4"
                        maxlength="2000"
                        aria-describedby="comment-hint"
                        on:input=move |ev| comment.set(event_target_value(&ev))
                    >
                        {draft.comment.clone()}
                    </textarea>
                    <p class="hint" id="comment-hint">{text.comment_hint}</p>
                </div>
                <ContactFields answers comment consent contact problems />
                <button type="submit" class="submit">{text.submit}</button>
            </form>
        </article>
    }
}

/// "Boleh kami hubungi?": a number or e-mail and the consent sentence. Without the WASM it is always
/// on the page (the server cannot know the answers before they are sent); with it, it shows after a
/// low answer or once a comment is typed, and stays while anything is filled in.
#[component]
fn ContactFields(
    answers: RwSignal<[Option<u8>; 9]>,
    comment: RwSignal<String>,
    consent: RwSignal<bool>,
    contact: RwSignal<String>,
    problems: RwSignal<Vec<(String, Problem)>>,
) -> impl IntoView {
    let text = t();
    // False on the server and in the first (hydrating) render, so both render the same page.
    let hydrated = RwSignal::new(false);
    Effect::new(move |_| hydrated.set(true));
    let hidden = move || {
        hydrated.get()
            && !ikm_domain::contact::offered(&answers.get(), &comment.get())
            && !consent.get()
            && contact.with(|c| c.trim().is_empty())
    };
    let problem_of = move |name: &'static str| {
        move || problems.with(|p| p.iter().find(|(f, _)| f == name).map(|(_, p)| *p))
    };
    let contact_problem = problem_of(field::CONTACT);
    let consent_problem = problem_of(field::CONTACT_CONSENT);
    let clear = move || {
        problems.update(|p| p.retain(|(f, _)| f != field::CONTACT && f != field::CONTACT_CONSENT))
    };
    view! {
        <fieldset class="contact" hidden=hidden data-testid="contact-offer">
            <legend>{text.contact_title}</legend>
            <p class="hint" id="contact-intro">{text.contact_intro}</p>
            <div class=move || if contact_problem().is_some() { "field has-error" } else { "field" }>
                <label for="kontak">{text.contact_label}</label>
                {move || contact_problem().map(|p| view! {
                    <p class="field-error" id="err-kontak">{problem_text(text, p)}</p>
                })}
                <input
                    id="kontak"
                    name=field::CONTACT
                    type="text"
                    maxlength="254"
                    aria-describedby="contact-intro"
                    value=contact.get_untracked()
                    on:input=move |ev| {
                        contact.set(event_target_value(&ev));
                        clear();
                    }
                />
            </div>
            <div class=move || if consent_problem().is_some() { "field has-error" } else { "field" }>
                {move || consent_problem().map(|p| view! {
                    <p class="field-error" id="err-hubungi">{problem_text(text, p)}</p>
                })}
                <label class="check consent">
                    <input
                        id="hubungi"
                        type="checkbox"
                        name=field::CONTACT_CONSENT
                        value="ya"
                        checked=consent.get_untracked()
                        on:change=move |ev| {
                            consent.set(event_target_checked(&ev));
                            clear();
                        }
                    />
                    " " {text.contact_consent}
                </label>
            </div>
        </fieldset>
    }
}

/// What is wrong, as links to each field concerned: "Pertanyaan 3", "Umur" — without JavaScript
/// the summary is all a citizen sees at the top of the page sent back.
#[component]
fn ErrorSummary(problems: RwSignal<Vec<(String, Problem)>>) -> impl IntoView {
    let text = t();
    let link = move |name: &str| -> Option<(String, String)> {
        if let Some(n) = Unsur::PRINTED.iter().position(|u| u.key() == name) {
            let unsur = Unsur::PRINTED[n];
            return Some((
                format!("#q-{}", unsur.key()),
                format!("{} {}", text.question_word, n + 1),
            ));
        }
        let (id, label) = match name {
            field::SERVICE => ("service", text.service_label),
            field::GENDER => ("gender-laki_laki", text.gender_label),
            field::AGE => ("age", text.age_label),
            field::EDUCATION => ("education", text.education_label),
            field::OCCUPATION => ("occupation", text.occupation_label),
            field::COMMENT => ("comment", text.comment_label),
            field::CONTACT => ("kontak", text.contact_label),
            field::CONTACT_CONSENT => ("hubungi", text.contact_title),
            _ => return None,
        };
        Some((format!("#{id}"), label.to_string()))
    };
    view! {
        <div class="error-summary" role="alert" data-testid="error-summary">
            <p>{text.err_summary}</p>
            <ul>
                {move || {
                    let mut shown: Vec<(usize, String, String)> = problems
                        .get()
                        .iter()
                        .filter_map(|(name, _)| {
                            let place = Unsur::PRINTED
                                .iter()
                                .position(|u| u.key() == name)
                                .unwrap_or(usize::MAX);
                            link(name).map(|(href, words)| (place, href, words))
                        })
                        .collect();
                    shown.sort();
                    shown.dedup();
                    shown
                        .into_iter()
                        .map(|(_, href, words)| view! { <li><a href=href>{words}</a></li> })
                        .collect_view()
                }}
            </ul>
        </div>
    }
}

#[component]
fn ProfileFields(draft: Draft) -> impl IntoView {
    let text = t();
    let lang = use_lang();
    let error = |name: &str| {
        draft
            .problem(name)
            .map(|p| view! { <p class="field-error">{problem_text(text, p)}</p> })
    };
    let select = |name: &'static str,
                  id: &'static str,
                  label: &'static str,
                  options: &[&'static str],
                  chosen: Option<String>| {
        view! {
            <div class="field">
                <label for=id>{label}</label>
                {error(name)}
                <select id=id name=name>
                    <option value="">{text.choose}</option>
                    {options
                        .iter()
                        .map(|o| view! {
                            <option value=*o selected=chosen.as_deref() == Some(*o)>
                                {ikm_domain::profile::option_label(o, lang)}
                            </option>
                        })
                        .collect_view()}
                </select>
            </div>
        }
    };
    view! {
        <fieldset class="profile">
            <legend>{text.profile_heading}</legend>
            <div class="field">
                <span class="label">{text.gender_label}</span>
                {error(field::GENDER)}
                <div class="inline-choices">
                    {Gender::ALL
                        .into_iter()
                        .map(|g| {
                            let id = format!("gender-{}", g.key());
                            view! {
                                <label class="choice compact" for=id.clone()>
                                    <input
                                        type="radio"
                                        id=id.clone()
                                        name=field::GENDER
                                        value=g.key()
                                        checked=draft.gender.as_deref() == Some(g.key())
                                    />
                                    <span>{g.label(lang)}</span>
                                </label>
                            }
                        })
                        .collect_view()}
                </div>
            </div>
            <div class="field">
                <label for="age">{text.age_label}</label>
                {error(field::AGE)}
                <input id="age" name=field::AGE type="number" inputmode="numeric" min="10" max="120" value=draft.age.clone() />
            </div>
            {select(field::EDUCATION, "education", text.education_label, &EDUCATION, draft.education.clone())}
            {select(field::OCCUPATION, "occupation", text.occupation_label, &OCCUPATION, draft.occupation.clone())}
        </fieldset>
    }
}

/// How many answers wait on this device, and how many the server refused (shown once the WASM has
/// read the queue; nothing without it).
#[component]
fn QueueStatus(queue: RwSignal<QueueCounts>, held_notes: RwSignal<Vec<HeldNote>>) -> impl IntoView {
    let text = t();
    view! {
        {move || {
            let waiting = queue.get().waiting;
            (waiting > 0).then(|| view! {
                <p class="queue-status" role="status" data-testid="queue-waiting">
                    {counted(text.queue_waiting, waiting)}
                </p>
            })
        }}
        {move || {
            let held = queue.get().held;
            (held > 0).then(|| view! {
                <div class="queue-status held" role="alert" data-testid="queue-held">
                    <p>{counted(text.queue_held, held)}</p>
                    <ul>
                        {held_notes
                            .get()
                            .into_iter()
                            .map(|n| view! { <li>{format!("{} — {}", n.answered, n.message)}</li> })
                            .collect_view()}
                    </ul>
                </div>
            })
        }}
    }
}

/// The thanks shown as soon as an answer is on the device, before (or without) the server: the
/// live IKM needs the server, everything else is here. Once the server confirms the answer, the
/// page moves on to the full thank-you page.
#[component]
fn SavedLocally(
    unit_name: String,
    low_scores: bool,
    complaint_contact: Option<String>,
    again: String,
    kiosk: bool,
) -> impl IntoView {
    let text = t();
    view! {
        <section class=if kiosk { "thanks kiosk" } else { "thanks" } data-testid="saved-locally">
            <p class="thanks-mark" aria-hidden="true">"✓"</p>
            <h1 tabindex="-1" id="saved-heading">{text.thanks_title}</h1>
            <p>{text.saved_locally}</p>
            <p class="thanks-unit">{unit_name}</p>
            {low_scores.then(|| view! {
                <crate::components::complaint::ComplaintBox contact=complaint_contact />
            })}
            {if kiosk {
                view! { <p class="muted">{text.kiosk_returning}</p> }.into_any()
            } else {
                view! { <p><a href=again>{text.another_response}</a></p> }.into_any()
            }}
        </section>
    }
}

/// What the submit handler needs to queue a submission.
#[cfg(feature = "hydrate")]
#[derive(Clone)]
struct Queued {
    saved: RwSignal<Option<bool>>,
    queue: RwSignal<QueueCounts>,
    action: String,
    counter: String,
    place: Option<String>,
    kiosk: bool,
}

/// Puts a complete form into the device's queue instead of posting it, thanks the citizen as soon
/// as it is stored, and sends it. When the server confirms it at once, the full thank-you page
/// follows; when not, the thanks stays and the page's sender keeps trying. Without the queue (no
/// script, no IndexedDB) the form posts as plain HTML, as it does without the WASM.
#[cfg(feature = "hydrate")]
fn queue_submission(ev: &leptos::ev::SubmitEvent, queued: &Queued) {
    use crate::offline::browser;
    use wasm_bindgen::JsCast;

    if !browser::available() || queued.saved.get_untracked().is_some() {
        if queued.saved.get_untracked().is_some() {
            ev.prevent_default();
        }
        return;
    }
    let Some(form) = ev
        .target()
        .and_then(|t| t.dyn_into::<web_sys::HtmlFormElement>().ok())
    else {
        return;
    };
    let Ok((id, body)) = browser::serialize(&form) else {
        return;
    };
    ev.prevent_default();
    let low = Unsur::ALL
        .iter()
        .filter(|u| {
            form_value(&form, u.key())
                .and_then(|v| v.parse::<u8>().ok())
                .is_some_and(|v| v <= 2)
        })
        .count()
        >= 2;
    let queued = queued.clone();
    leptos::task::spawn_local(async move {
        if browser::add(&id, &queued.action, &body).await.is_err() {
            // The device cannot keep it (storage refused): post it as a plain form instead.
            let _ = form.submit();
            return;
        }
        queued.saved.set(Some(low));
        if let Ok(counts) = browser::counts().await {
            queued.queue.set(counts);
        }
        window().scroll_to_with_x_and_y(0.0, 0.0);
        if let Some(heading) = document()
            .get_element_by_id("saved-heading")
            .and_then(|h| h.dyn_into::<web_sys::HtmlElement>().ok())
        {
            let _ = heading.focus();
        }
        if browser::delivered(&id).await {
            let mut thanks = format!("{}/terima-kasih?r={id}", queued.action);
            if !queued.counter.is_empty() {
                thanks.push_str(&format!(
                    "&loket={}",
                    crate::i18n::encode_query(&queued.counter)
                ));
            }
            if let Some(place) = &queued.place {
                thanks.push_str(&format!("&mpp={place}"));
            }
            let _ = window().location().replace(&thanks);
            return;
        }
        browser::send_now();
        if queued.kiosk {
            // Offline kiosk: back to an empty form (the kept page) for the next citizen, in
            // Bahasa Indonesia (the language switch itself needs the network).
            let _ = set_timeout_with_handle(
                move || {
                    form.reset();
                    if let Ok(document) = document().dyn_into::<web_sys::HtmlDocument>() {
                        let _ = document
                            .set_cookie("ikm_lang=id; Path=/; Max-Age=31536000; SameSite=Lax");
                    }
                    // An MPP's kiosk goes back to its hall (kept when it was opened before).
                    match &queued.place {
                        Some(place) => {
                            let _ = window()
                                .location()
                                .set_href(&crate::mpp::hall_url(place, true));
                        }
                        None => {
                            let _ = window().location().reload();
                        }
                    }
                },
                std::time::Duration::from_secs(u64::from(crate::survey::KIOSK_RETURN_SECONDS)),
            );
        }
    });
}

#[cfg(feature = "hydrate")]
fn form_value(form: &web_sys::HtmlFormElement, name: &str) -> Option<String> {
    web_sys::FormData::new_with_form(form)
        .ok()?
        .get(name)
        .as_string()
}
