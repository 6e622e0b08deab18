//! A staff form that came back with errors: what was typed and what is wrong with it, by field.
//!
//! The form handlers (server) put it in the context of the page they render again (status 422); the
//! page's loader returns it with the page data, so the hydrated page shows the same errors.

use serde::{Deserialize, Serialize};

/// Error codes a form field can carry; the pages turn them into words ([`crate::i18n::Texts::form_error`]).
pub mod code {
    pub const REQUIRED: &str = "required";
    pub const LENGTH: &str = "length";
    pub const EMAIL: &str = "email";
    pub const UNIT_CODE: &str = "unit_code";
    pub const USERNAME: &str = "username";
    pub const TAKEN: &str = "taken";
    pub const NUMBER: &str = "number";
    pub const CHOICE: &str = "choice";
    /// A levy report closed without being forwarded must say what was done.
    pub const CLOSING_NOTE: &str = "closing_note";
    pub const OUT_OF_SCOPE: &str = "out_of_scope";
    pub const SCOPE: &str = "scope";
    pub const PASSWORD: &str = "password";
    pub const SIGN_IN: &str = "sign_in";
    pub const SIGN_IN_LIMIT: &str = "sign_in_limit";
    pub const SIGN_IN_WAIT: &str = "sign_in_wait";
    pub const DATE: &str = "date";
    /// A day after today.
    pub const FUTURE_DATE: &str = "future_date";
    /// A publication day before the period it publishes began.
    pub const BEFORE_PERIOD: &str = "before_period";
    /// Not an `http(s)` address.
    pub const LINK: &str = "link";
    /// Neither a link nor a photo was given.
    pub const EVIDENCE: &str = "evidence";
    pub const PHOTO_TYPE: &str = "photo_type";
    pub const PHOTO_SIZE: &str = "photo_size";
    pub const PHOTO_MARKUP: &str = "photo_markup";
    pub const PHOTO_UNREADABLE: &str = "photo_unreadable";
    pub const LOGO_TYPE: &str = "logo_type";
    pub const LOGO_SIZE: &str = "logo_size";
    pub const LOGO_UNREADABLE: &str = "logo_unreadable";
    /// Not an 18-digit NIP.
    pub const NIP: &str = "nip";
    /// A letterhead without name lines, or with too many or too long.
    pub const LINES: &str = "lines";
    /// A rubric that contradicts itself (its problems are listed with the form).
    pub const RUBRIC: &str = "rubric";
    /// No unit has the code typed.
    pub const UNKNOWN_UNIT: &str = "unknown_unit";
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FormState {
    /// Which form on the page came back (a page may hold several).
    pub form: String,
    pub values: Vec<(String, String)>,
    /// `(field, code)`; the field `""` is the form as a whole.
    pub errors: Vec<(String, String)>,
}

impl FormState {
    pub fn value(&self, name: &str) -> Option<String> {
        self.values
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
    }

    pub fn error(&self, field: &str) -> Option<&str> {
        self.errors
            .iter()
            .find(|(f, _)| f == field)
            .map(|(_, c)| c.as_str())
    }

    pub fn is(&self, form: &str) -> bool {
        self.form == form
    }
}

/// The rejected form handed to this render, if any (server side).
#[cfg(feature = "ssr")]
pub fn rejected() -> Option<FormState> {
    leptos::prelude::use_context::<FormState>()
}

/// The path segment of the new-unit form (never a unit code: the form refuses it).
pub const NEW_UNIT: &str = "baru";

/// The upload form's name in `FormState`.
pub const UPLOAD_FORM: &str = "impor";

/// The served-counts upload on `/dasbor/{code}/undangan`.
pub const SERVED_FORM: &str = "dilayani";

/// The rubric's form on `/admin/rubrik`.
pub const RUBRIC_FORM: &str = "rubric";
