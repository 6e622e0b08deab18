//! `/masuk` — staff sign-in. The form posts to `POST /masuk` (server/src/auth.rs), which answers a
//! wrong name or password with this page again and one message that does not say which was wrong.

use crate::components::fields::{field_value, form_summary, TextField};
use crate::error::LoadError;
use crate::forms::FormState;
use crate::i18n::t;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[server(endpoint = "masuk")]
pub async fn load_sign_in() -> Result<Option<FormState>, LoadError> {
    Ok(crate::forms::rejected())
}

#[component]
pub fn SignInPage() -> impl IntoView {
    let text = t();
    let a = &text.admin;
    let query = use_query_map();
    let next = move || query.read().get("next").unwrap_or_default();
    let data = Resource::new(|| (), |_| load_sign_in());
    view! {
        <Title text=a.sign_in_title />
        <section class="sign-in">
            <h1>{a.sign_in_title}</h1>
            <p class="lead">{a.sign_in_intro}</p>
            <Suspense fallback=move || view! { <p>{text.loading}</p> }>
                {move || Suspend::new(async move {
                    let form = data.await.ok().flatten();
                    view! {
                        {form_summary(&form, "sign_in")}
                        <form method="post" action="/masuk" class="staff-form">
                            <input type="hidden" name="next" value=next() />
                            <TextField
                                name="login"
                                label=a.login_label
                                value=field_value(&form, "sign_in", "login", String::new())
                                required=true
                                autocomplete="username"
                            />
                            <TextField
                                name="password"
                                label=a.password_label
                                kind="password"
                                required=true
                                autocomplete="current-password"
                            />
                            <button type="submit" class="button">{a.sign_in_submit}</button>
                        </form>
                    }
                })}
            </Suspense>
        </section>
    }
}
