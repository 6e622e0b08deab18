//! Reference data (the Lampung region tree) and the demo data set.

pub mod demo;
pub mod evidence;
pub mod invitations;
pub mod letterheads;
pub mod regions;
pub mod responses;
pub mod users;
