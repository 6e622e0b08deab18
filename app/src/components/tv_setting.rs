//! A place's live screen on its staff page: the link to open on the waiting room's television, and
//! the head's choice to show the current period there (`crate::tv`).

use crate::i18n::t;
use leptos::prelude::*;

/// `screen`: the screen's path (`/tv/{code}`); `action`: where the choice is posted.
#[component]
pub fn TvSetting(screen: String, action: String, on: bool) -> impl IntoView {
    let m = &t().mpp;
    view! {
        <section class="tv-setting" aria-labelledby="tv-setting">
            <h2 id="tv-setting">{m.tv_link}</h2>
            <p><a href=screen.clone() data-testid="tv-link">{screen.clone()}</a></p>
            <form method="post" action=action class="staff-form">
                <div class="field checkbox">
                    <label>
                        <input type="checkbox" name="show_current" value="1" checked=on />
                        " "
                        {m.tv_current_label}
                    </label>
                    <p class="hint">{m.tv_current_hint}</p>
                </div>
                <button type="submit" class="button">{m.save}</button>
            </form>
        </section>
    }
}
