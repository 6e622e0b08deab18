//! `/admin/pengguna` — staff accounts and their scope (admins only).

use crate::access::{Role, Viewer};
use crate::components::fields::{field_error, field_value, form_summary, TextField};
use crate::components::staff::{guarded, AdminFrame};
use crate::error::LoadError;
use crate::forms::FormState;
use crate::i18n::t;
use crate::model::Account;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UsersEditor {
    pub viewer: Viewer,
    pub users: Vec<Account>,
    pub form: Option<FormState>,
}

#[server(endpoint = "admin/pengguna")]
pub async fn load_users_editor() -> Result<Option<UsersEditor>, LoadError> {
    let viewer = crate::guard::require(Viewer::can_manage_users)?;
    let store = crate::store::use_store()?;
    let users = store
        .users()
        .await
        .map_err(crate::store::unavailable("loading users"))?;
    Ok(Some(UsersEditor {
        viewer,
        users,
        form: crate::forms::rejected(),
    }))
}

#[component]
pub fn UsersPage() -> impl IntoView {
    let text = t();
    let data = Resource::new(|| (), |_| load_users_editor());
    view! {
        <Suspense fallback=move || view! { <p>{text.loading}</p> }>
            {move || Suspend::new(async move {
                guarded(data.await, |editor: UsersEditor| view! { <UsersView editor /> })
            })}
        </Suspense>
    }
}

#[component]
fn UsersView(editor: UsersEditor) -> impl IntoView {
    let text = t();
    let a = &text.admin;
    let UsersEditor {
        viewer,
        users,
        form,
    } = editor;
    let role = field_value(&form, "user", "role", String::new());
    let role_error = field_error(&form, "user", "role");
    view! {
        <AdminFrame viewer title=a.nav_users.to_string()>
            <p class="lead">{a.users_intro}</p>
            {form_summary(&form, "users")}
            <div class="table-scroll" role="region" tabindex="0" aria-label=crate::i18n::t().table_scroll>
                <table class="data" data-testid="users">
                    <thead>
                        <tr>
                            <th scope="col">{a.field_username}</th>
                            <th scope="col">{a.field_display_name}</th>
                            <th scope="col">{a.field_role}</th>
                            <th scope="col">{a.field_scopes}</th>
                            <th scope="col">{a.status}</th>
                        </tr>
                    </thead>
                    <tbody>
                        {users
                            .into_iter()
                            .map(|u| {
                                let action = format!("/admin/pengguna/{}", u.username);
                                view! {
                                    <tr>
                                        <td>{u.username.clone()}</td>
                                        <td>{u.display_name.clone()}</td>
                                        <td>{a.role(u.role)}</td>
                                        <td>{u.scopes.join(", ")}</td>
                                        <td>
                                            {if u.active { a.active } else { a.inactive }} " "
                                            <form method="post" action=action class="inline">
                                                <input type="hidden" name="active" value=if u.active { "0" } else { "1" } />
                                                <button type="submit" class="link-button">
                                                    {if u.active { a.deactivate } else { a.activate }}
                                                </button>
                                            </form>
                                        </td>
                                    </tr>
                                }
                            })
                            .collect_view()}
                    </tbody>
                </table>
            </div>
            <h2>{a.add_user}</h2>
            {form_summary(&form, "user")}
            <form method="post" action="/admin/pengguna" class="staff-form" data-testid="user-form">
                <TextField
                    name="username"
                    label=a.field_username
                    value=field_value(&form, "user", "username", String::new())
                    error=field_error(&form, "user", "username")
                    required=true
                    autocomplete="off"
                />
                <TextField
                    name="email"
                    label=a.field_email
                    kind="email"
                    value=field_value(&form, "user", "email", String::new())
                    error=field_error(&form, "user", "email")
                />
                <TextField
                    name="display_name"
                    label=a.field_display_name
                    value=field_value(&form, "user", "display_name", String::new())
                    error=field_error(&form, "user", "display_name")
                    required=true
                />
                <div class="field" class:has-error=role_error.is_some()>
                    <label for="f-role">{a.field_role}</label>
                    {role_error.map(|e| view! { <p class="field-error">{e}</p> })}
                    <select id="f-role" name="role" required=true>
                        {Role::ALL
                            .into_iter()
                            .map(|r| view! {
                                <option value=r.key() selected=role == r.key()>{a.role(r)}</option>
                            })
                            .collect_view()}
                    </select>
                </div>
                <TextField
                    name="scopes"
                    label=a.field_scopes
                    hint=a.field_scopes_hint
                    value=field_value(&form, "user", "scopes", String::new())
                    error=field_error(&form, "user", "scopes")
                />
                <TextField
                    name="password"
                    label=a.field_password
                    hint=a.field_password_hint
                    kind="password"
                    error=field_error(&form, "user", "password")
                    required=true
                    autocomplete="new-password"
                />
                <button type="submit" class="button">{a.add_user}</button>
            </form>
        </AdminFrame>
    }
}
