//! `/privasi` — what the survey collects, why, for how long and who sees it; linked from the survey.
//! Static text from the translation table (`i18n/privacy.rs`): no data, no WASM needed.

use crate::i18n::t;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn PrivacyPage() -> impl IntoView {
    let p = &t().privacy;
    view! {
        <Title text=p.title />
        <article class="privacy-page">
            <h1>{p.title}</h1>
            <p class="lead">{p.lead}</p>
            {p.sections.iter().map(|(heading, paragraphs)| view! {
                <section>
                    <h2>{*heading}</h2>
                    {paragraphs.iter().map(|para| view! { <p>{*para}</p> }).collect_view()}
                </section>
            }).collect_view()}
        </article>
    }
}
