#![recursion_limit = "256"]
//! The browser entry point. The app runs in Leptos islands mode: the server renders every page as
//! HTML, and only the islands (the survey form, the directory search) are compiled here and made
//! interactive. The island script calls `hydrate` once the WASM is loaded, then hydrates each
//! `<leptos-island>` of the page.

// Links the app's islands (their `#[wasm_bindgen]` hydrate functions) into this module.
extern crate app;

#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_islands();
    // The islands are hydrated right after this returns, in the same task (the island script walks
    // the page without waiting on anything else), so a zero timeout marks the document once they
    // all are: the browser tests wait for `<html data-hydrated>`.
    leptos::prelude::set_timeout(
        || {
            if let Some(root) = leptos::prelude::document().document_element() {
                let _ = root.set_attribute("data-hydrated", "");
            }
        },
        std::time::Duration::ZERO,
    );
}
