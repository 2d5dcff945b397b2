//! Heavy work — parsing an uploaded text, writing a PDF — runs on the blocking pool, never on the async
//! workers that answer every other request, and only a few jobs at a time: as many as there are cores. A
//! job that cannot get a turn within the configured wait is refused with 503 and `Retry-After`, instead of
//! queueing without bound behind the others.

use std::sync::Arc;
use std::time::Duration;

use tokio::sync::Semaphore;

use crate::error::ApiError;

/// The pool's gate: one permit per core.
#[derive(Debug, Clone)]
pub struct HeavyWork {
    permits: Arc<Semaphore>,
    wait: Duration,
}

impl HeavyWork {
    /// A gate with one permit per available core; a job waits at most `wait` for one.
    pub fn new(wait: Duration) -> HeavyWork {
        let cores = std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get);
        HeavyWork::with_permits(cores, wait)
    }

    pub fn with_permits(permits: usize, wait: Duration) -> HeavyWork {
        HeavyWork { permits: Arc::new(Semaphore::new(permits.max(1))), wait }
    }

    /// Runs `work` on the blocking pool once a permit is free. The permit is held until the closure ends,
    /// even if the request that asked for it is dropped meanwhile (a blocking task cannot be cancelled).
    pub async fn run<T: Send + 'static>(
        &self,
        work: impl FnOnce() -> T + Send + 'static,
    ) -> Result<T, ApiError> {
        let permit = match tokio::time::timeout(self.wait, Arc::clone(&self.permits).acquire_owned()).await {
            Ok(Ok(permit)) => permit,
            Ok(Err(_)) => return Err(ApiError::internal("the heavy-work pool is closed")),
            Err(_) => {
                return Err(ApiError::unavailable(
                    "overloaded",
                    "the server is busy with other imports and exports; try again shortly",
                    retry_after_seconds(self.wait),
                ));
            }
        };
        tokio::task::spawn_blocking(move || {
            let _permit = permit;
            work()
        })
        .await
        .map_err(|error| ApiError::internal(format!("heavy work stopped: {error}")))
    }
}

/// A retry hint of about the time a job waited in vain, at least a second.
fn retry_after_seconds(wait: Duration) -> u64 {
    wait.as_secs().max(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_job_that_gets_no_turn_in_time_is_refused_with_retry_after() {
        let heavy = HeavyWork::with_permits(1, Duration::from_millis(100));
        let busy = heavy.clone();
        let first =
            tokio::spawn(async move { busy.run(|| std::thread::sleep(Duration::from_millis(600))).await });
        tokio::time::sleep(Duration::from_millis(50)).await;
        let refused = heavy.run(|| ()).await.expect_err("no permit within 100 ms");
        assert_eq!(refused.status, axum::http::StatusCode::SERVICE_UNAVAILABLE);
        assert_eq!(refused.retry_after, Some(1));
        assert!(first.await.is_ok_and(|done| done.is_ok()));
        assert_eq!(heavy.run(|| 42).await, Ok(42), "the permit is back once the job ends");
    }
}

/// Applies `work` to every item on every available core (scoped threads over equal chunks), keeping the
/// items' order. For a batch known in advance (the corpus at the first start, `plenary import`): call it
/// off the async workers (`spawn_blocking`).
pub fn on_every_core<T: Sync, R: Send>(items: &[T], work: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let cores = std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get);
    let chunk = items.len().div_ceil(cores).max(1);
    let work = &work;
    std::thread::scope(|scope| {
        let handles: Vec<_> = items
            .chunks(chunk)
            .map(|part| scope.spawn(move || part.iter().map(work).collect::<Vec<R>>()))
            .collect();
        // A panic in `work` is a bug, not input: it goes on in the calling thread.
        handles
            .into_iter()
            .flat_map(|handle| handle.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic)))
            .collect()
    })
}

#[cfg(test)]
mod core_tests {
    #[test]
    fn work_on_every_core_keeps_the_order() {
        let items: Vec<u32> = (0..1_000).collect();
        let doubled = super::on_every_core(&items, |item| item * 2);
        assert_eq!(doubled, items.iter().map(|item| item * 2).collect::<Vec<_>>());
        assert!(super::on_every_core(&[] as &[u32], |item| *item).is_empty());
    }
}
