//! The provinces of a directory too large to list whole (the citizens' home page, an
//! administrator's units), each a link opening its own units: `{page}?provinsi=32`.

use crate::i18n::t;
use crate::model::ProvinceUnits;
use leptos::prelude::*;

#[component]
pub fn ProvinceChoice(
    /// The page the links open with `?provinsi=…` (`/`, `/admin`).
    page: &'static str,
    provinces: Vec<ProvinceUnits>,
    /// The province shown, marked as the current one; with none, a line asks to choose.
    shown: Option<String>,
) -> impl IntoView {
    let text = t();
    view! {
        <nav class="province-choice" aria-labelledby="province-choice" data-testid="province-choice">
            <h2 id="province-choice">{text.home_provinces}</h2>
            {shown.is_none().then(|| view! { <p class="muted">{text.home_choose_province}</p> })}
            <ul class="provinces">
                {provinces
                    .into_iter()
                    .map(|p| {
                        let current = shown.as_deref() == Some(p.code.as_str());
                        view! {
                            <li>
                                <a
                                    href=format!("{page}?provinsi={}", p.code)
                                    aria-current=current.then_some("page")
                                    data-province=p.code.clone()
                                >
                                    {crate::model::bare_province_name(&p.name).to_string()}
                                    <span class="count">{format!(" · {} {}", p.units, text.region_units)}</span>
                                </a>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        </nav>
    }
}
