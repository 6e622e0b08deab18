//! Who may start building closed months' breakdown cells in the background, on one server.
//!
//! The writer asks after every batch while a month that has ended is not built yet: one build runs
//! at a time, and a build that failed (a full disk, say) is not started again before a pause, so a
//! lasting fault costs a warning and a failed step now and then instead of one per batch.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// What asking to start a build found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Start {
    /// The caller starts the build, and reports its end with [`Builds::finished`].
    Started,
    /// A build is running.
    Running,
    /// The last build failed less than the pause ago.
    Paused,
}

#[derive(Debug)]
pub struct Builds {
    running: AtomicBool,
    /// When the last build failed, if it did.
    failed_at: Mutex<Option<Instant>>,
    /// How long after a failed build no other starts.
    pause: Duration,
}

impl Builds {
    /// What the server runs with: a failed build is tried again after 30 s.
    pub const PAUSE: Duration = Duration::from_secs(30);

    pub fn new(pause: Duration) -> Builds {
        Builds {
            running: AtomicBool::new(false),
            failed_at: Mutex::new(None),
            pause,
        }
    }

    pub fn start(&self) -> Start {
        let failed_at = *self.failed_at.lock().unwrap_or_else(|e| e.into_inner());
        if failed_at.is_some_and(|at| at.elapsed() < self.pause) {
            return Start::Paused;
        }
        if self.running.swap(true, Ordering::AcqRel) {
            return Start::Running;
        }
        Start::Started
    }

    /// Ends the build started by [`Builds::start`].
    pub fn finished(&self, succeeded: bool) {
        *self.failed_at.lock().unwrap_or_else(|e| e.into_inner()) = (!succeeded).then(Instant::now);
        self.running.store(false, Ordering::Release);
    }
}

impl Default for Builds {
    fn default() -> Builds {
        Builds::new(Builds::PAUSE)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_build_at_a_time_and_a_pause_after_a_failure() {
        let builds = Builds::new(Duration::from_secs(3600));
        assert_eq!(builds.start(), Start::Started);
        assert_eq!(builds.start(), Start::Running);
        builds.finished(true);
        assert_eq!(builds.start(), Start::Started);
        builds.finished(false);
        assert_eq!(builds.start(), Start::Paused);
        assert_eq!(builds.start(), Start::Paused);
    }

    #[test]
    fn after_the_pause_a_failed_build_starts_again() {
        let builds = Builds::new(Duration::ZERO);
        assert_eq!(builds.start(), Start::Started);
        builds.finished(false);
        assert_eq!(builds.start(), Start::Started);
    }
}
