//! What several pages show alike.

pub mod complaint;
pub mod evidence;
pub mod fields;
pub mod letterhead_form;
pub mod not_found;
pub mod province_choice;
pub mod search;
pub mod staff;
pub mod tv_setting;
