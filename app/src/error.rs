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
    /// The call itself failed (its arguments, the network, an encoding): the words of the failure.
    #[error("{0}")]
    Call(String),
}

impl FromServerFnError for LoadError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        LoadError::Call(value.to_string())
    }
}
