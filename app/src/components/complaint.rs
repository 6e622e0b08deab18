//! Where to complain formally, shown when several answers were 1 or 2: the unit's own channel and
//! the national one (SP4N-LAPOR!), which is not listed twice when the unit's already names it.

use crate::i18n::t;
use leptos::prelude::*;

#[component]
pub fn ComplaintBox(contact: Option<String>) -> impl IntoView {
    let text = t();
    let names_lapor = contact
        .as_deref()
        .is_some_and(|c| c.to_lowercase().contains("lapor"));
    view! {
        <div class="complaint" data-testid="complaint">
            <h2>{text.complaint_heading}</h2>
            <p>{text.complaint_body}</p>
            <ul>
                {contact.map(|c| view! { <li>{c}</li> })}
                {(!names_lapor).then(|| view! { <li>{text.complaint_lapor}</li> })}
            </ul>
        </div>
    }
}
