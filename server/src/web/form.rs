//! A posted HTML form as every form handler reads it: its fields, who posted it ([`Ctx`]), why it is
//! refused before the form itself is looked at ([`Refusal`], answered once), the problems the
//! validator found, and the one check of "may this person manage this unit".

use crate::web::page::{denied_page, render_page, simple_page, unavailable};
use crate::web::state::AppState;
use app::access::{Identity, Viewer};
use app::accounts::Actor;
use app::forms::FormState;
use app::guard::{unit_managed_by, unit_viewed_by, Unmanaged};
use app::model::{UnitDetail, UnitRecord};
use app::store::StoreError;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::Form;
use validator::{ValidationError, ValidationErrors};

/// `(name, value)` pairs in the order posted (a name may repeat).
pub type Fields = Vec<(String, String)>;

/// The first value posted under `name`, exactly as sent (passwords are never trimmed).
pub fn raw<'a>(fields: &'a Fields, name: &str) -> Option<&'a str> {
    fields
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
}

/// The first value under `name`, trimmed; `None` when missing or blank.
pub fn value<'a>(fields: &'a Fields, name: &str) -> Option<&'a str> {
    raw(fields, name).map(str::trim).filter(|v| !v.is_empty())
}

/// A file posted in a multipart form.
pub struct Posted {
    /// The form field's name.
    pub field: String,
    pub bytes: Vec<u8>,
}

/// Everything a form handler needs about its request.
pub struct Ctx {
    pub state: AppState,
    pub identity: Identity,
    pub headers: HeaderMap,
    pub fields: Fields,
    /// Files of a multipart form (`enctype="multipart/form-data"`), with something in them.
    pub files: Vec<Posted>,
}

/// Reads a multipart form: its text fields in order, and its files. A body over the route's limit,
/// or one that is not multipart, is refused with a short page in the reader's language.
async fn read_multipart(
    request: axum::extract::Request,
    state: &AppState,
    lang: ikm_domain::Lang,
) -> Result<(Fields, Vec<Posted>), Response> {
    use axum::extract::{FromRequest, Multipart};
    let refuse = |status: StatusCode| {
        let words = app::i18n::texts(lang).form_too_large;
        let page = crate::web::page::simple_page_in(lang, words, "");
        (status, Html(page)).into_response()
    };
    let mut form = Multipart::from_request(request, state)
        .await
        .map_err(|e| refuse(e.status()))?;
    let (mut fields, mut files) = (Vec::new(), Vec::new());
    while let Some(field) = form.next_field().await.map_err(|e| refuse(e.status()))? {
        let name = field.name().unwrap_or_default().to_string();
        if field.file_name().is_some() {
            let bytes = field.bytes().await.map_err(|e| refuse(e.status()))?;
            if !bytes.is_empty() {
                files.push(Posted {
                    field: name,
                    bytes: bytes.to_vec(),
                });
            }
        } else {
            let text = field.text().await.map_err(|e| refuse(e.status()))?;
            fields.push((name, text));
        }
    }
    Ok((fields, files))
}

impl axum::extract::FromRequest<AppState> for Ctx {
    type Rejection = Response;

    async fn from_request(
        request: axum::extract::Request,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let identity = request
            .extensions()
            .get::<Identity>()
            .cloned()
            .unwrap_or_default();
        let headers = request.headers().clone();
        let multipart = headers
            .get(axum::http::header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|t| t.starts_with("multipart/form-data"));
        let (fields, files) = if multipart {
            let lang = crate::web::page::cookie_lang(&headers).unwrap_or_default();
            read_multipart(request, state, lang).await?
        } else {
            let Form(fields) = Form::<Fields>::from_request(request, state)
                .await
                .map_err(IntoResponse::into_response)?;
            (fields, Vec::new())
        };
        Ok(Ctx {
            state: state.clone(),
            identity,
            headers,
            fields,
            files,
        })
    }
}

impl Ctx {
    /// The language the person reads the site in: the language cookie, else Bahasa Indonesia.
    pub(crate) fn lang(&self) -> ikm_domain::Lang {
        crate::web::page::cookie_lang(&self.headers).unwrap_or_default()
    }

    /// The refusal that answers with a short page of `message` (in the person's language).
    pub(crate) fn refuse(&self, status: StatusCode, message: &str) -> Refusal {
        Refusal::Message(status, message.to_string(), self.lang())
    }

    pub(crate) fn get(&self, name: &str) -> String {
        value(&self.fields, name).unwrap_or_default().to_string()
    }

    /// The file posted under `name`, if any.
    pub(crate) fn file(&self, name: &str) -> Option<&[u8]> {
        self.files
            .iter()
            .find(|f| f.field == name)
            .map(|f| f.bytes.as_slice())
    }

    pub(crate) fn all(&self, name: &str) -> Vec<String> {
        self.fields
            .iter()
            .filter(|(k, _)| k == name)
            .map(|(_, v)| v.trim().to_string())
            .filter(|v| !v.is_empty())
            .collect()
    }

    /// The signed-in viewer allowed by `allowed`, or the answer that refuses.
    pub(crate) fn viewer(
        &self,
        back: &str,
        allowed: impl Fn(&Viewer) -> bool,
    ) -> Result<Viewer, Refusal> {
        match &self.identity.viewer {
            None => Err(Refusal::SignIn(back.to_string())),
            Some(viewer) if allowed(viewer) => Ok(viewer.clone()),
            Some(_) => Err(Refusal::Forbidden),
        }
    }

    pub(crate) fn actor(&self, viewer: &Viewer) -> Actor {
        Actor::of(viewer, &self.identity.address)
    }

    /// The page at `uri` again, with this form's values (never passwords) and errors.
    pub(crate) async fn again(
        &self,
        uri: &str,
        form: &str,
        errors: Vec<(String, String)>,
    ) -> Response {
        let state = FormState {
            form: form.to_string(),
            values: self
                .fields
                .iter()
                .filter(|(k, _)| !k.contains("password"))
                .cloned()
                .collect(),
            errors,
        };
        render_page(
            &self.state,
            uri,
            &self.headers,
            Some(self.identity.clone()),
            StatusCode::UNPROCESSABLE_ENTITY,
            move || leptos::prelude::provide_context(state.clone()),
        )
        .await
    }

    /// The signed-in viewer and the unit `code`, when the viewer may manage it; signing in
    /// returns to `back`.
    pub(crate) async fn managed(&self, code: &str, back: &str) -> Result<Managed, Refusal> {
        let viewer = self.viewer(back, |_| true)?;
        let found = unit_managed_by(self.state.store.as_ref(), &viewer, code).await;
        Self::unit_found(viewer, found)
    }

    /// [`Ctx::managed`] for what only reads the unit's results (a report's PDF): the national
    /// evaluator may too.
    pub(crate) async fn viewed(&self, code: &str, back: &str) -> Result<Managed, Refusal> {
        let viewer = self.viewer(back, |_| true)?;
        let found = unit_viewed_by(self.state.store.as_ref(), &viewer, code).await;
        Self::unit_found(viewer, found)
    }

    fn unit_found(
        viewer: Viewer,
        found: Result<(UnitRecord, UnitDetail), Unmanaged>,
    ) -> Result<Managed, Refusal> {
        match found {
            Ok((record, unit)) => Ok(Managed {
                viewer,
                record,
                unit,
            }),
            Err(Unmanaged::NotFound) => Err(Refusal::NotFound),
            Err(Unmanaged::Forbidden) => Err(Refusal::Forbidden),
            Err(Unmanaged::Store(e)) => Err(Refusal::Store(e)),
        }
    }
}

/// What a form handler answers: the page it leads to, or the refusal.
pub type Answer = Result<Response, Refusal>;

/// Why a form handler refuses, answered once, in `into_response`: handlers return
/// `Result<Response, Refusal>` and refuse with `?`.
#[derive(Debug, thiserror::Error)]
pub enum Refusal {
    /// Nobody is signed in: to the sign-in page, then back to this address.
    #[error("sign-in required")]
    SignIn(String),
    #[error("forbidden")]
    Forbidden,
    #[error("not found")]
    NotFound,
    /// The storage failed (logged; a page that says to try again).
    #[error(transparent)]
    Store(StoreError),
    /// A short page with this status and words (in the reader's language).
    #[error("{1}")]
    Message(StatusCode, String, ikm_domain::Lang),
}

/// A record the store did not find is a 404; any other failure of the store is unavailable.
impl From<StoreError> for Refusal {
    fn from(error: StoreError) -> Self {
        match error {
            StoreError::NotFound(_) => Refusal::NotFound,
            StoreError::BadText => Refusal::Message(
                StatusCode::BAD_REQUEST,
                StoreError::BadText.to_string(),
                ikm_domain::Lang::En,
            ),
            error => Refusal::Store(error),
        }
    }
}

impl IntoResponse for Refusal {
    fn into_response(self) -> Response {
        match self {
            Refusal::SignIn(back) => {
                Redirect::to(&format!("/masuk?next={}", app::i18n::encode_query(&back)))
                    .into_response()
            }
            Refusal::Forbidden => forbidden(),
            Refusal::NotFound => not_found(),
            Refusal::Store(e) => unavailable(e),
            Refusal::Message(status, message, lang) => {
                let page = crate::web::page::simple_page_in(lang, &message, "");
                (status, Html(page)).into_response()
            }
        }
    }
}

fn forbidden() -> Response {
    (StatusCode::FORBIDDEN, Html(denied_page())).into_response()
}

fn not_found() -> Response {
    (
        StatusCode::NOT_FOUND,
        Html(simple_page("Data tidak ditemukan. / Not found.", "/admin")),
    )
        .into_response()
}

/// Validation errors as `(field, code)`, in the order of `order`.
pub(crate) fn problems(errors: ValidationErrors, order: &[&str]) -> Vec<(String, String)> {
    let by_field = errors.field_errors();
    let mut out = vec![];
    for name in order {
        if let Some(list) = by_field.get(*name).and_then(|l| l.first()) {
            out.push((name.to_string(), list.code.to_string()));
        }
    }
    out
}

pub(crate) fn error(code: &'static str) -> ValidationError {
    ValidationError::new(code)
}

/// A unit its viewer may manage, with the unit's record and detail.
pub struct Managed {
    pub viewer: Viewer,
    pub record: UnitRecord,
    pub unit: UnitDetail,
}
