//! The fields of staff forms: a labelled input with its hint and error, and a rejected form's
//! summary, errors and typed values.

use crate::forms::FormState;
use crate::i18n::t;
use leptos::prelude::*;

/// A labelled text input with its hint and, after a rejected post, its error.
#[component]
pub fn TextField(
    name: &'static str,
    label: &'static str,
    #[prop(optional)] hint: Option<&'static str>,
    #[prop(optional)] value: Option<String>,
    #[prop(default = None)] error: Option<&'static str>,
    #[prop(default = "text")] kind: &'static str,
    #[prop(optional)] required: bool,
    #[prop(optional)] readonly: bool,
    #[prop(optional)] autocomplete: Option<&'static str>,
    /// Distinguishes several forms with the same field names on one page.
    #[prop(optional)]
    prefix: Option<String>,
) -> impl IntoView {
    let id = format!("{}f-{name}", prefix.unwrap_or_default());
    let hint_id = format!("{id}-hint");
    let error_id = format!("{id}-error");
    let described = match (hint.is_some(), error.is_some()) {
        (true, true) => Some(format!("{hint_id} {error_id}")),
        (true, false) => Some(hint_id.clone()),
        (false, true) => Some(error_id.clone()),
        (false, false) => None,
    };
    view! {
        <div class="field" class:has-error=error.is_some()>
            <label for=id.clone()>{label}</label>
            {error.map(|e| view! { <p class="field-error" id=error_id.clone()>{e}</p> })}
            <input
                type=kind
                id=id.clone()
                name=name
                value=value.unwrap_or_default()
                required=required
                readonly=readonly
                autocomplete=autocomplete
                aria-invalid=error.map(|_| "true")
                aria-describedby=described
            />
            {hint.map(|h| view! { <p class="hint" id=hint_id.clone()>{h}</p> })}
        </div>
    }
}

/// The form-level error of a rejected post, as a summary at the top of the form.
pub fn form_summary(form: &Option<FormState>, which: &str) -> Option<impl IntoView> {
    let text = t();
    let form = form
        .as_ref()
        .filter(|f| f.is(which) && !f.errors.is_empty())?;
    let general = form.error("").map(|c| text.admin.form_error(c, text));
    Some(view! {
        <p class="error-summary" role="alert" data-testid="form-error">
            {general.unwrap_or(text.err_fields)}
        </p>
    })
}

/// The error words for one field of a rejected form.
pub fn field_error(form: &Option<FormState>, which: &str, field: &str) -> Option<&'static str> {
    let text = t();
    form.as_ref()
        .filter(|f| f.is(which))
        .and_then(|f| f.error(field))
        .map(|c| text.admin.form_error(c, text))
}

/// What was typed in a field of a rejected form, else `fallback`.
pub fn field_value(form: &Option<FormState>, which: &str, field: &str, fallback: String) -> String {
    form.as_ref()
        .filter(|f| f.is(which))
        .and_then(|f| f.value(field))
        .unwrap_or(fallback)
}
