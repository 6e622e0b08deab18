//! Why a page's data could not be loaded, as the page tells the cases apart: the error type of
//! every server function.

use leptos::server_fn::codec::JsonEncoding;
use leptos::server_fn::error::{FromServerFnError, ServerFnErrorErr};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum LoadError {
    /// Nobody is signed in: a page redirects to the sign-in page, a call answers 401.
    #[error("sign-in required")]
    SignIn,
    /// Signed in, but not allowed to see this (403).
    #[error("forbidden")]
    Forbidden,
    /// The storage failed; the server logged why, the page asks to try again.
    #[error("storage unavailable")]
    Unavailable,
    /// The call's arguments are missing or malformed (400): what is wrong with them.
    #[error("{0}")]
    BadRequest(String),
    /// The call's body is larger than the server takes (413; answered before the call by the
    /// server when the body says its length).
    #[error("the request is too large")]
    TooLarge,
    /// The call itself failed otherwise (the network, an encoding): the words of the failure.
    #[error("{0}")]
    Call(String),
}

impl LoadError {
    /// The HTTP status a server function failing with this error answers.
    pub fn status(&self) -> u16 {
        match self {
            LoadError::SignIn => 401,
            LoadError::Forbidden => 403,
            LoadError::BadRequest(_) => 400,
            LoadError::TooLarge => 413,
            LoadError::Unavailable => 503,
            LoadError::Call(_) => 500,
        }
    }
}

impl FromServerFnError for LoadError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        match value {
            ServerFnErrorErr::Args(_) | ServerFnErrorErr::MissingArg(_) => {
                LoadError::BadRequest(value.to_string())
            }
            // On the server: the body could not be read (past the body limit, or not a body).
            ServerFnErrorErr::Deserialization(_) => LoadError::BadRequest(value.to_string()),
            other => LoadError::Call(other.to_string()),
        }
    }
}
