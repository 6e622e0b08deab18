//! Numbers as the pages write them, beyond what `ikm_domain::decimal` does.

use ikm_domain::Hundredths;

/// "88,31" with the sign for a change: "+1,25", "−0,40".
pub fn signed(h: Hundredths) -> String {
    if h.0 > 0 {
        format!("+{}", h.to_id_string())
    } else if h.0 < 0 {
        format!("−{}", Hundredths(-h.0).to_id_string())
    } else {
        h.to_id_string()
    }
}
