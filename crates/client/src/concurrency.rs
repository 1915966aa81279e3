//! The client's own requests in flight, shared by its clones: an optional ceiling
//! (`max_concurrent_requests`), and a signal when one finishes, which the wait after a
//! `concurrent_limit_exceeded` 429 listens for.
//!
//! A request is in flight from sending until its response's headers arrive; with a
//! ceiling, until its body has been read or dropped, since the server counts a streamed
//! body against the plan's concurrency too.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use tokio::sync::{Notify, OwnedSemaphorePermit, Semaphore};

/// What the clones of one client share.
#[derive(Default)]
pub(crate) struct InFlight {
    count: AtomicUsize,
    /// Tasks waiting in [`InFlight::wait_for_another`]; a finishing request notifies only
    /// when there are some, so the usual path takes no lock.
    waiting: AtomicUsize,
    finished: Notify,
    ceiling: Option<Arc<Semaphore>>,
}

/// The counts, not the synchronization inside (a client's `Debug` prints this).
impl std::fmt::Debug for InFlight {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("InFlight")
            .field("requests", &self.count.load(Ordering::Relaxed))
            .field("waiting", &self.waiting.load(Ordering::Relaxed))
            .field("free_slots_under_ceiling", &self.ceiling.as_ref().map(|c| c.available_permits()))
            .finish()
    }
}

impl InFlight {
    pub(crate) fn with_ceiling(ceiling: Option<usize>) -> Self {
        Self { ceiling: ceiling.map(|n| Arc::new(Semaphore::new(n.max(1)))), ..Self::default() }
    }

    /// Whether requests hold their slot until their body is read.
    pub(crate) fn has_ceiling(&self) -> bool {
        self.ceiling.is_some()
    }

    /// A slot for one request, waiting for one under a ceiling until `deadline` at most
    /// (for ever without one); `None` when none freed up in time. Without a ceiling it
    /// reads no clock.
    pub(crate) async fn enter(self: &Arc<Self>, deadline: Option<Instant>) -> Option<Slot> {
        let permit = match &self.ceiling {
            None => None,
            Some(ceiling) => {
                let acquire = ceiling.clone().acquire_owned();
                let permit = match deadline {
                    Some(deadline) => tokio::time::timeout_at(deadline.into(), acquire).await.ok()?,
                    None => acquire.await,
                };
                Some(permit.ok()?)
            }
        };
        self.count.fetch_add(1, Ordering::SeqCst);
        Some(Slot { in_flight: self.clone(), _permit: permit })
    }

    /// Waits until another of this client's requests finishes, or `at_most`. Returns at
    /// once, after `at_most`, when no other request is in flight to wait for.
    pub(crate) async fn wait_for_another(&self, at_most: Duration) {
        // Registered before looking at the count, so a request that finishes in between
        // still wakes this wait.
        let finished = self.finished.notified();
        tokio::pin!(finished);
        finished.as_mut().enable();
        self.waiting.fetch_add(1, Ordering::SeqCst);
        // The caller's own request has left: anything counted now is another's.
        if self.count.load(Ordering::SeqCst) == 0 {
            tokio::time::sleep(at_most).await;
        } else {
            let _ = tokio::time::timeout(at_most, finished).await;
        }
        self.waiting.fetch_sub(1, Ordering::SeqCst);
    }
}

/// One request in flight; leaving it (dropping) lets the next in.
#[derive(Debug)]
pub(crate) struct Slot {
    in_flight: Arc<InFlight>,
    _permit: Option<OwnedSemaphorePermit>,
}

impl Drop for Slot {
    fn drop(&mut self) {
        self.in_flight.count.fetch_sub(1, Ordering::SeqCst);
        if self.in_flight.waiting.load(Ordering::SeqCst) > 0 {
            self.in_flight.finished.notify_waiters();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_ceiling_admits_that_many_and_the_next_when_one_leaves() {
        let in_flight = Arc::new(InFlight::with_ceiling(Some(2)));
        let within = |ms| Some(Instant::now() + Duration::from_millis(ms));
        let first = in_flight.enter(within(0)).await.unwrap();
        let _second = in_flight.enter(None).await.unwrap();
        assert!(in_flight.enter(within(20)).await.is_none(), "a third waits, then gives up");
        drop(first);
        assert!(in_flight.enter(within(20)).await.is_some());
    }

    #[tokio::test]
    async fn waiting_for_another_ends_when_one_finishes() {
        let in_flight = Arc::new(InFlight::default());
        let other = in_flight.enter(None).await.unwrap();
        let waiter = {
            let in_flight = in_flight.clone();
            tokio::spawn(async move {
                let started = std::time::Instant::now();
                in_flight.wait_for_another(Duration::from_secs(30)).await;
                started.elapsed()
            })
        };
        tokio::time::sleep(Duration::from_millis(50)).await;
        drop(other);
        let waited = tokio::time::timeout(Duration::from_secs(10), waiter).await.unwrap().unwrap();
        assert!(waited < Duration::from_secs(10), "{waited:?}");
    }
}
