//! The search box of a list that filters as the visitor types once the WASM has hydrated, and
//! without it submits `?q=…` to `action` for the server to filter (the directory, an MPP's hall).

use leptos::prelude::*;

#[component]
pub fn SearchBox(
    /// Where the form submits without the WASM.
    action: String,
    label: &'static str,
    placeholder: &'static str,
    submit: &'static str,
    /// What is typed, kept as the visitor types.
    query: RwSignal<String>,
    /// Query parameters the submitted search keeps (name, value): a form sent with GET drops the
    /// action's own.
    #[prop(optional)]
    keep: Vec<(&'static str, String)>,
) -> impl IntoView {
    view! {
        <form class="search" method="get" action=action role="search">
            {keep
                .into_iter()
                .map(|(name, value)| view! { <input type="hidden" name=name value=value /> })
                .collect_view()}
            <label for="q">{label}</label>
            <div class="search-row">
                <input
                    id="q"
                    name="q"
                    type="search"
                    autocomplete="off"
                    placeholder=placeholder
                    prop:value=query
                    on:input=move |ev| query.set(event_target_value(&ev))
                />
                <button type="submit">{submit}</button>
            </div>
        </form>
    }
}
