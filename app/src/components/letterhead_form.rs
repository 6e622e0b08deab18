//! The letterhead (kop surat) form, on a unit's admin page and on a region's letterhead page:
//! name lines, address, contact, the signer's name and NIP, and the logo (a multipart post, so
//! it works without the WASM). `server/src/web/letterheads.rs` checks and stores it.

use crate::components::fields::{field_error, field_value, form_summary, TextField};
use crate::forms::FormState;
use crate::i18n::t;
use crate::letterhead::{logo_path, Letterhead};
use leptos::prelude::*;

/// The form's name among the page's forms.
pub const FORM: &str = "letterhead";

#[component]
pub fn LetterheadForm(
    /// Where the form posts.
    action: String,
    /// The owner's own letterhead, if any.
    letterhead: Option<Letterhead>,
    form: Option<FormState>,
) -> impl IntoView {
    let text = t();
    let a = &text.admin;
    let own = letterhead.is_some();
    let current = letterhead.unwrap_or_default();
    let fields = current.fields;
    let value = |name: &str, current: String| field_value(&form, FORM, name, current);
    let error = |name: &str| field_error(&form, FORM, name);
    let lines = value("lines", fields.lines.join("\n"));
    let lines_error = error("lines");
    let logo_error = error("logo");
    view! {
        <section class="admin-letterhead" data-testid="letterhead-form">
            <h2>{a.kop_title}</h2>
            <p>{a.kop_intro}</p>
            {(!own).then(|| view! { <p class="hint">{a.kop_fallback}</p> })}
            {form_summary(&form, FORM)}
            <form method="post" action=action class="staff-form" enctype="multipart/form-data">
                <div class="field" class:has-error=lines_error.is_some()>
                    <label for="kop-lines">{a.kop_lines}</label>
                    {lines_error.map(|e| view! { <p class="field-error" id="kop-lines-error">{e}</p> })}
                    <textarea
                        id="kop-lines"
                        name="lines"
                        rows="3"
                        maxlength="600"
                        required=true
                        aria-describedby="kop-lines-hint"
                        aria-invalid=lines_error.is_some().then_some("true")
                    >
                        {lines}
                    </textarea>
                    <p class="hint" id="kop-lines-hint">{a.kop_lines_hint}</p>
                </div>
                <TextField
                    name="address"
                    label=a.kop_address
                    value=value("address", fields.address)
                    error=error("address")
                    prefix="kop-".to_string()
                />
                <TextField
                    name="contact"
                    label=a.kop_contact
                    value=value("contact", fields.contact)
                    error=error("contact")
                    prefix="kop-".to_string()
                />
                <TextField
                    name="head_name"
                    label=a.kop_head_name
                    value=value("head_name", fields.head_name)
                    error=error("head_name")
                    prefix="kop-".to_string()
                />
                <TextField
                    name="head_nip"
                    label=a.kop_head_nip
                    hint=a.kop_head_nip_hint
                    value=value("head_nip", fields.head_nip)
                    error=error("head_nip")
                    prefix="kop-".to_string()
                    autocomplete="off"
                />
                <div class="field" class:has-error=logo_error.is_some()>
                    <label for="kop-logo">{a.kop_logo}</label>
                    {logo_error.map(|e| view! { <p class="field-error" id="kop-logo-error">{e}</p> })}
                    {current.logo.clone().map(|token| view! {
                        <p>
                            <img class="report-logo" src=logo_path(&token) alt=a.kop_logo_current />
                        </p>
                        <label>
                            <input type="checkbox" name="remove_logo" value="1" />
                            " "
                            {a.kop_logo_remove}
                        </label>
                    })}
                    <input
                        id="kop-logo"
                        name="logo"
                        type="file"
                        accept="image/png,image/jpeg,image/svg+xml,.svg"
                        aria-describedby="kop-logo-hint"
                    />
                    <p class="hint" id="kop-logo-hint">{a.kop_logo_hint}</p>
                </div>
                <button type="submit" class="button">{a.kop_save}</button>
            </form>
        </section>
    }
}
