//! Who may see and change what: roles scoped to the region tree (province → kabupaten/kota → unit).
//!
//! Pure rules, no I/O: the server functions and the form handlers ask them on every request (hiding a
//! link in the UI is a courtesy, never the check). Kemendagri codes carry the tree: the province of
//! `18.71` is `18`, so a unit's place follows from its region code alone.

use serde::{Deserialize, Serialize};

pub use crate::role::{Role, ScopeKind};

/// The signed-in staff member a request acts for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Viewer {
    pub user_id: i64,
    pub username: String,
    pub display_name: String,
    pub role: Role,
    pub scopes: Vec<String>,
}

/// The code the nation is read under: every province (`/wilayah` without a code). An empty code is
/// inside no province and is the prefix of every region's code (`storage::shared::region_prefix`).
pub const NATION: &str = "";

/// The page of a region's comparison: `/wilayah/18`, and `/wilayah` for the nation.
pub fn region_href(code: &str) -> String {
    if code == NATION {
        "/wilayah".to_string()
    } else {
        format!("/wilayah/{code}")
    }
}

/// Whether the region (or unit) placed at `code` lies in the region `region` (itself, or under it);
/// everything lies in the nation.
pub fn lies_in(code: &str, region: &str) -> bool {
    region == NATION
        || code == region
        || code
            .strip_prefix(region)
            .is_some_and(|rest| rest.starts_with('.'))
}

/// The province a region code belongs to: the part before the first dot.
pub fn province_of(region_code: &str) -> &str {
    region_code.split('.').next().unwrap_or(region_code)
}

impl Viewer {
    pub fn is_admin(&self) -> bool {
        self.role == Role::Admin
    }

    fn in_scope(&self, code: &str) -> bool {
        self.scopes.iter().any(|s| s == code)
    }

    /// Reads every province and changes nothing: the national evaluator (issue #34).
    pub fn is_read_only(&self) -> bool {
        self.role == Role::National
    }

    /// May see and manage this unit (its details, services and results).
    pub fn can_manage_unit(&self, unit_code: &str, region_code: &str) -> bool {
        match self.role {
            Role::Admin => true,
            Role::Province => self.in_scope(province_of(region_code)),
            Role::Region => self.in_scope(region_code),
            Role::Unit => self.in_scope(unit_code),
            // An MPP's manager sees its tenants' answers given there (the MPP's page), never a
            // unit's own office; the national evaluator reads ([`Viewer::can_view_unit`]).
            Role::Mpp | Role::National => false,
        }
    }

    /// May read this unit's results (its dashboard, report and scorecard): whoever manages it, and
    /// the national evaluator, who changes nothing there.
    pub fn can_view_unit(&self, unit_code: &str, region_code: &str) -> bool {
        self.role == Role::National || self.can_manage_unit(unit_code, region_code)
    }

    /// May see the contacts citizens of this unit consented to be reached at, and mark them
    /// contacted: that unit's own staff alone (issue #33) — not the region above it, nor an
    /// administrator reading the unit's inbox.
    pub fn sees_contacts_of(&self, unit_code: &str) -> bool {
        self.role == Role::Unit && self.in_scope(unit_code)
    }

    /// May open the comparison of this region (a province or a kabupaten/kota) and its units, or of
    /// the nation (code [`NATION`]): every province side by side.
    pub fn can_view_region(&self, region_code: &str) -> bool {
        match self.role {
            Role::Admin | Role::National => true,
            Role::Province => self.in_scope(province_of(region_code)),
            Role::Region => self.in_scope(region_code),
            Role::Unit | Role::Mpp => false,
        }
    }

    /// May see this MPP's results and comments (its tenants' answers given there) and change it
    /// (name, address, tenants): the staff of its region and its own manager.
    pub fn can_manage_mpp(&self, mpp_code: &str, region_code: &str) -> bool {
        match self.role {
            Role::Admin => true,
            Role::Province => self.in_scope(province_of(region_code)),
            Role::Region => self.in_scope(region_code),
            Role::Mpp => self.in_scope(mpp_code),
            Role::Unit | Role::National => false,
        }
    }

    /// May read this MPP's results: whoever manages it, and the national evaluator.
    pub fn can_view_mpp(&self, mpp_code: &str, region_code: &str) -> bool {
        self.role == Role::National || self.can_manage_mpp(mpp_code, region_code)
    }

    /// May open the list of MPPs (every one it may manage) and create MPPs in its region.
    pub fn can_list_mpps(&self) -> bool {
        matches!(self.role, Role::Admin | Role::Province | Role::Region)
    }

    /// The region comparison this viewer starts from (their province or kabupaten/kota, the nation
    /// for the national evaluator); an admin, who sees every province, starts from the regions list.
    pub fn home_region(&self) -> Option<String> {
        match self.role {
            Role::National => Some(NATION.to_string()),
            Role::Admin => None,
            Role::Province | Role::Region => self.scopes.first().cloned(),
            Role::Unit | Role::Mpp => None,
        }
    }

    /// Where this person starts after signing in: the dashboard of the one unit a unit account
    /// holds, else the administration's list of units.
    pub fn home_page(&self) -> String {
        match (self.role, self.scopes.as_slice()) {
            (Role::Unit, [unit]) => format!("/dasbor/{unit}"),
            (Role::Mpp, [mpp]) => format!("/mpp/{mpp}"),
            (Role::National, _) => region_href(NATION),
            _ => "/admin".to_string(),
        }
    }

    /// May create units in this region (and move a unit into it).
    pub fn can_place_units_in(&self, region_code: &str) -> bool {
        match self.role {
            Role::Admin => true,
            Role::Province => self.in_scope(province_of(region_code)),
            Role::Region => self.in_scope(region_code),
            Role::Unit | Role::Mpp | Role::National => false,
        }
    }

    /// May create units at all (somewhere in the scope).
    pub fn can_create_units(&self) -> bool {
        !matches!(self.role, Role::Unit | Role::Mpp | Role::National)
    }

    /// May see the region list and edit region names (reference data from Kemendagri).
    pub fn can_edit_regions(&self) -> bool {
        matches!(self.role, Role::Admin | Role::Province)
    }

    /// May edit this region's letterhead: an admin, its province's staff, its own kabupaten/kota
    /// staff.
    pub fn can_edit_region_letterhead(&self, region_code: &str) -> bool {
        self.can_edit_region(region_code)
            || (self.role == Role::Region && self.in_scope(region_code))
    }

    /// May edit this region's name.
    pub fn can_edit_region(&self, region_code: &str) -> bool {
        match self.role {
            Role::Admin => true,
            Role::Province => self.in_scope(province_of(region_code)),
            Role::Region | Role::Unit | Role::Mpp | Role::National => false,
        }
    }

    /// May manage accounts and read the audit log.
    pub fn can_manage_users(&self) -> bool {
        self.is_admin()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn viewer(role: Role, scopes: &[&str]) -> Viewer {
        Viewer {
            user_id: 1,
            username: "x".into(),
            display_name: "X".into(),
            role,
            scopes: scopes.iter().map(|s| s.to_string()).collect(),
        }
    }

    #[test]
    fn the_region_tree_decides() {
        let admin = viewer(Role::Admin, &[]);
        let lampung = viewer(Role::Province, &["18"]);
        let jambi = viewer(Role::Province, &["15"]);
        let bandar_lampung = viewer(Role::Region, &["18.71"]);
        let metro = viewer(Role::Region, &["18.72"]);
        let capil = viewer(Role::Unit, &["1871-disdukcapil", "1871-samsat"]);
        let unit = ("1871-disdukcapil", "18.71");
        for (who, allowed) in [
            (&admin, true),
            (&lampung, true),
            (&jambi, false),
            (&bandar_lampung, true),
            (&metro, false),
            (&capil, true),
        ] {
            assert_eq!(who.can_manage_unit(unit.0, unit.1), allowed, "{who:?}");
        }
        assert!(!capil.can_manage_unit("1871-dpmptsp", "18.71"));
        assert!(capil.can_manage_unit("1871-samsat", "18.71"));
        assert!(!capil.can_create_units() && !capil.can_place_units_in("18.71"));
        assert!(bandar_lampung.can_place_units_in("18.71"));
        assert!(!bandar_lampung.can_place_units_in("18.72"));
        assert!(lampung.can_place_units_in("18.72") && !jambi.can_place_units_in("18.72"));
        assert!(lampung.can_edit_region("18.01") && !jambi.can_edit_region("18.01"));
        assert!(!bandar_lampung.can_edit_regions() && !bandar_lampung.can_edit_region("18.71"));
        assert!(admin.can_manage_users());
        assert!(!lampung.can_manage_users() && !capil.can_manage_users());
    }

    #[test]
    fn a_code_that_merely_starts_alike_is_another_place() {
        // `18.7` is not `18.71`; province `1` is not `18`.
        let region = viewer(Role::Region, &["18.7"]);
        assert!(!region.can_manage_unit("u", "18.71"));
        let province = viewer(Role::Province, &["1"]);
        assert!(!province.can_manage_unit("u", "18.71"));
        assert_eq!(province_of("18.71"), "18");
        assert_eq!(province_of("18"), "18");
    }

    #[test]
    fn the_national_evaluator_reads_everywhere_and_changes_nothing() {
        let national = viewer(Role::National, &[]);
        let lampung = viewer(Role::Province, &["18"]);
        assert!(national.is_read_only() && !lampung.is_read_only());
        for region in [NATION, "18", "18.71", "15", "15.04"] {
            assert!(national.can_view_region(region), "{region}");
        }
        assert!(!lampung.can_view_region(NATION) && lampung.can_view_region("18.71"));
        assert!(national.can_view_unit("1871-disdukcapil", "18.71"));
        assert!(national.can_view_unit("1504-rsud", "15.04"));
        assert!(!lampung.can_view_unit("1504-rsud", "15.04"));
        assert!(
            national.can_view_mpp("mpp-x", "18.71") && !national.can_manage_mpp("mpp-x", "18.71")
        );
        assert!(!national.can_manage_unit("1871-disdukcapil", "18.71"));
        assert!(!national.sees_contacts_of("1871-disdukcapil"));
        assert!(!national.can_create_units() && !national.can_place_units_in("18.71"));
        assert!(!national.can_edit_regions() && !national.can_edit_region("18"));
        assert!(!national.can_edit_region_letterhead("18.71"));
        assert!(!national.can_list_mpps() && !national.can_manage_users());
        assert_eq!(national.home_page(), "/wilayah");
        assert_eq!(national.home_region().as_deref(), Some(NATION));
    }

    #[test]
    fn places_lie_in_their_regions_and_the_nation() {
        assert!(lies_in("18.71", "18") && lies_in("18.71", "18.71") && lies_in("18", NATION));
        assert!(!lies_in("18.71", "18.7") && !lies_in("181.01", "18") && !lies_in("18", "18.71"));
        assert_eq!(region_href(NATION), "/wilayah");
        assert_eq!(region_href("18.71"), "/wilayah/18.71");
    }

    #[test]
    fn roles_round_trip() {
        for role in Role::ALL {
            assert_eq!(Role::parse(role.key()), Some(role));
        }
        assert_eq!(Role::parse("root"), None);
    }
}

/// The audit log's actions, as stored.
pub mod audit_action {
    pub const SIGN_IN: &str = "sign_in";
    pub const SIGN_IN_FAILED: &str = "sign_in_failed";
    pub const SIGN_OUT: &str = "sign_out";
    pub const USER_CREATE: &str = "user_create";
    pub const USER_PASSWORD: &str = "user_password";
    pub const USER_ACTIVE: &str = "user_active";
    pub const REGION_RENAME: &str = "region_rename";
    pub const UNIT_CREATE: &str = "unit_create";
    pub const UNIT_UPDATE: &str = "unit_update";
    pub const SERVICE_ADD: &str = "service_add";
    pub const SERVICE_ACTIVE: &str = "service_active";
    pub const COMMENT_UPDATE: &str = "comment_update";
    pub const FOLLOWUP_ADD: &str = "followup_add";
    pub const FOLLOWUP_STATUS: &str = "followup_status";
    pub const ALERT_RULES: &str = "alert_rules";
    pub const ALERT_ACK: &str = "alert_ack";
    pub const PERIOD_PUBLISH: &str = "period_publish";
    pub const PERIOD_WITHDRAW: &str = "period_withdraw";
    pub const RESPONSES_IMPORT: &str = "responses_import";
    pub const MEDIUM_ADD: &str = "medium_add";
    pub const MEDIUM_REMOVE: &str = "medium_remove";
    pub const RUBRIC_SET: &str = "rubric_set";
    pub const MPP_SAVE: &str = "mpp_save";
    pub const MPP_TENANT: &str = "mpp_tenant";
    pub const TV_SETTING: &str = "tv_setting";
    pub const INVITATION_SETTINGS: &str = "invitation_settings";
    pub const API_KEY_CREATE: &str = "api_key_create";
    pub const API_KEY_REVOKE: &str = "api_key_revoke";
    pub const API_KEY_USE: &str = "api_key_use";
    pub const SERVED_COUNTS: &str = "served_counts";
    pub const PUNGLI_ALERT: &str = "pungli_alert";
    pub const CONTACT_MARKED: &str = "contact_marked";
    pub const CONTACTS_FORGOTTEN: &str = "contacts_forgotten";
    pub const PERSONAL_DATA_PURGED: &str = "personal_data_purged";
    pub const ALERT_FORWARD: &str = "alert_forward";
    pub const ALERT_CLOSE: &str = "alert_close";
    pub const LETTERHEAD_SAVE: &str = "letterhead_save";

    pub const ALL: [&str; 37] = [
        SIGN_IN,
        SIGN_IN_FAILED,
        SIGN_OUT,
        USER_CREATE,
        USER_PASSWORD,
        USER_ACTIVE,
        REGION_RENAME,
        UNIT_CREATE,
        UNIT_UPDATE,
        SERVICE_ADD,
        SERVICE_ACTIVE,
        COMMENT_UPDATE,
        FOLLOWUP_ADD,
        FOLLOWUP_STATUS,
        ALERT_RULES,
        ALERT_ACK,
        PERIOD_PUBLISH,
        PERIOD_WITHDRAW,
        RESPONSES_IMPORT,
        MEDIUM_ADD,
        MEDIUM_REMOVE,
        RUBRIC_SET,
        MPP_SAVE,
        MPP_TENANT,
        TV_SETTING,
        INVITATION_SETTINGS,
        API_KEY_CREATE,
        API_KEY_REVOKE,
        API_KEY_USE,
        SERVED_COUNTS,
        PUNGLI_ALERT,
        CONTACT_MARKED,
        CONTACTS_FORGOTTEN,
        PERSONAL_DATA_PURGED,
        ALERT_FORWARD,
        ALERT_CLOSE,
        LETTERHEAD_SAVE,
    ];
}

/// Who is asking, as the server's middleware found it; kept in the request's extensions, where
/// server functions read it from the request parts.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Identity {
    pub viewer: Option<Viewer>,
    /// The client address (the proxy's `X-Forwarded-For` when configured to trust it).
    pub address: String,
    /// The hash of the session token the request carried, if it named a live session.
    pub session: Option<String>,
}
