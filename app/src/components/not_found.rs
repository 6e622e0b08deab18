//! The 404 page, for unknown addresses and unknown or inactive units.

use crate::i18n::t;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;

#[component]
pub fn NotFound() -> impl IntoView {
    #[cfg(feature = "ssr")]
    crate::guard::set_status(http::StatusCode::NOT_FOUND);
    let text = t();
    view! {
        <Title text=text.not_found_title />
        <section class="not-found">
            <h1>{text.not_found_title}</h1>
            <p>{text.not_found_body}</p>
            <p>
                <A href="/">{text.back_home}</A>
            </p>
        </section>
    }
}
