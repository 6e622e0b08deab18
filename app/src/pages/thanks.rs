//! `/s/{code}/terima-kasih` and `/k/{code}/terima-kasih` — thanks, the unit's IKM this year, and
//! where to complain formally when the answers were low. The kiosk returns to an empty form by itself.

use crate::components::not_found::NotFound;
use crate::error::LoadError;
use crate::i18n::t;
use crate::survey::KIOSK_RETURN_SECONDS;
use ikm_domain::{Hundredths, Mutu};
use leptos::prelude::*;
use leptos_meta::{Meta, Title};
use leptos_router::hooks::{use_params_map, use_query_map};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ThanksData {
    pub unit_name: String,
    /// The unit's latest published period: its label, converted IKM, grade and respondents (none
    /// before the unit publishes: what is not published is not shown to the public).
    pub ikm: Option<(String, Hundredths, Mutu, u64)>,
    /// Several answers were 1 or 2: show where to file a formal complaint.
    pub low_scores: bool,
    pub complaint_contact: Option<String>,
    /// The form to return to (keeps the kiosk's counter tag); in a Mal Pelayanan Publik, its hall.
    pub survey_url: String,
    /// Answered at a booth of an MPP: the way back is its hall, for another booth.
    pub in_hall: bool,
}

#[server]
pub async fn load_thanks(
    code: String,
    kiosk: bool,
    response: Option<String>,
    counter: Option<String>,
    place: Option<String>,
) -> Result<Option<ThanksData>, LoadError> {
    use crate::periods::latest_published;
    use crate::store::Counted;

    let store = crate::store::use_store()?;
    let failed = crate::store::unavailable("loading the thanks page");
    let Some(unit) =
        crate::store::active_unit(store.as_ref(), &code, "loading the thanks page").await?
    else {
        return Ok(None);
    };
    let published = store.published_periods(unit.id).await.map_err(failed)?;
    let ikm = match latest_published(&published) {
        Some(period) => {
            let tally = store
                .unit_tally(unit.id, period.from, period.to, Counted::Valid)
                .await
                .map_err(failed)?;
            let label = period.label(crate::i18n::request_lang());
            ikm_domain::IkmResult::of(&tally).map(|r| (label, r.converted, r.mutu, r.respondents))
        }
        None => None,
    };
    let mut low_scores = false;
    if let Some(id) = response.and_then(|r| uuid::Uuid::parse_str(&r).ok()) {
        if let Some(stored) = store.response(id).await.map_err(failed)? {
            if stored.response.unit_id == unit.id {
                let low = stored
                    .response
                    .answers
                    .answered()
                    .filter(|(_, s)| s.value() <= 2)
                    .count();
                low_scores = low >= 2;
            }
        }
    }
    let counter = crate::survey::clean_counter(counter.as_deref());
    let prefix = if kiosk { "k" } else { "s" };
    let mut survey_url = format!("/{prefix}/{}", unit.unit.code);
    if !counter.is_empty() {
        survey_url.push_str(&format!("?loket={}", crate::i18n::encode_query(&counter)));
    }
    // At a booth of an MPP the way back is the hall (the kiosk's hall on the MPP's tablet).
    let hall = match place.filter(|p| crate::mpp::valid_code(p)) {
        Some(mpp) => store.mpp_place(&mpp, unit.id).await.map_err(failed)?,
        None => None,
    };
    if let Some(hall) = &hall {
        survey_url = crate::mpp::hall_url(&hall.code, kiosk);
    }
    Ok(Some(ThanksData {
        unit_name: unit.unit.name,
        ikm,
        low_scores,
        complaint_contact: unit.complaint_contact,
        survey_url,
        in_hall: hall.is_some(),
    }))
}

#[component]
pub fn ThanksPage(kiosk: bool) -> impl IntoView {
    let text = t();
    let params = use_params_map();
    let query = use_query_map();
    let data = Resource::new(
        move || {
            let q = query.read();
            (
                params.read().get("code").unwrap_or_default(),
                q.get("r"),
                q.get("loket"),
                q.get("mpp"),
            )
        },
        move |(code, r, counter, place)| load_thanks(code, kiosk, r, counter, place),
    );
    view! {
        <Suspense fallback=move || view! { <p>{text.loading}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(Some(data)) => view! { <Thanks data kiosk /> }.into_any(),
                    Ok(None) => view! { <NotFound /> }.into_any(),
                    Err(_) => view! { <p class="error" role="alert">{text.load_error}</p> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Thanks(data: ThanksData, kiosk: bool) -> impl IntoView {
    let text = t();
    let lang = crate::i18n::use_lang();
    let refresh = format!(
        "{KIOSK_RETURN_SECONDS};url={}",
        crate::survey::kiosk_restart(&data.survey_url)
    );
    view! {
        <Title text=text.thanks_title />
        {kiosk.then(|| view! { <Meta http_equiv="refresh" content=refresh.clone() /> })}
        <section class=if kiosk { "thanks kiosk" } else { "thanks" }>
            <p class="thanks-mark" aria-hidden="true">"✓"</p>
            <h1>{text.thanks_title}</h1>
            <p>{text.thanks_body}</p>
            <p class="thanks-unit">{data.unit_name.clone()}</p>
            {match data.ikm {
                Some((period, converted, mutu, respondents)) => view! {
                    <div class="ikm-card" data-testid="unit-ikm">
                        <p class="ikm-caption">{format!("{} {period}", text.thanks_ikm)}</p>
                        <p class="ikm-value">
                            <span class="ikm-number">{converted.to_id_string()}</span>
                            <span class=format!("grade grade-{}", mutu.letter())>{mutu.letter()}</span>
                        </p>
                        <p class="ikm-label">
                            {format!("{} · {} {}", mutu.label(lang), respondents, text.respondents)}
                        </p>
                    </div>
                }
                    .into_any(),
                None => view! { <p class="muted">{text.thanks_no_ikm}</p> }.into_any(),
            }}
            {data.low_scores.then(|| view! {
                <crate::components::complaint::ComplaintBox contact=data.complaint_contact.clone() />
            })}
            {if kiosk {
                view! { <p class="muted" data-testid="kiosk-returning">{text.kiosk_returning}</p> }.into_any()
            } else {
                let again = if data.in_hall { text.mpp.back_to_hall } else { text.another_response };
                view! { <p><a href=data.survey_url.clone() data-testid="again">{again}</a></p> }.into_any()
            }}
        </section>
    }
}
