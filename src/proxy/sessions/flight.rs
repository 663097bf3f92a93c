//! Single-flight: concurrent requests for the same key share one upstream
//! read. The read runs in its own task, so it finishes (and teaches the
//! index) even when every request that wanted it has gone away; the key
//! is free again as soon as it ends.

use std::collections::HashMap;
use std::future::Future;
use std::hash::Hash;
use std::sync::{Arc, Mutex};

use futures_util::FutureExt;
use futures_util::future::{BoxFuture, Shared};

use crate::proxy::upstream::UpstreamError;

type Flight<V> = Shared<BoxFuture<'static, Result<V, UpstreamError>>>;

pub struct SingleFlight<K, V> {
    flights: Arc<Mutex<HashMap<K, Flight<V>>>>,
}

impl<K, V> Default for SingleFlight<K, V> {
    fn default() -> Self {
        Self {
            flights: Arc::default(),
        }
    }
}

impl<K, V> SingleFlight<K, V>
where
    K: Hash + Eq + Clone + Send + 'static,
    V: Clone + Send + Sync + 'static,
{
    /// The outcome of the flight for `key`: the one under way, or a new one
    /// made by `start`.
    pub fn join<F, Fut>(&self, key: K, start: F) -> Flight<V>
    where
        F: FnOnce() -> Fut,
        Fut: Future<Output = Result<V, UpstreamError>> + Send + 'static,
    {
        let mut flights = self.flights.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(flight) = flights.get(&key) {
            return flight.clone();
        }
        let read = start();
        let (map, done) = (Arc::clone(&self.flights), key.clone());
        // The task removes its key before it ends: it takes the lock held
        // here, so not before the flight is in the map.
        let task = tokio::spawn(async move {
            let outcome = read.await;
            map.lock().unwrap_or_else(|e| e.into_inner()).remove(&done);
            outcome
        });
        let flight = async move { task.await.unwrap_or(Err(UpstreamError::Interrupted)) }
            .boxed()
            .shared();
        flights.insert(key, flight.clone());
        flight
    }

    /// Flights under way.
    pub fn in_flight(&self) -> usize {
        self.flights.lock().unwrap_or_else(|e| e.into_inner()).len()
    }
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::time::Duration;

    use super::*;

    #[tokio::test]
    async fn concurrent_joins_share_one_read_and_a_later_one_starts_anew() {
        let flights = SingleFlight::<u8, usize>::default();
        let reads = Arc::new(AtomicUsize::new(0));
        let start = || {
            let reads = Arc::clone(&reads);
            async move {
                tokio::time::sleep(Duration::from_millis(30)).await;
                Ok(reads.fetch_add(1, Ordering::SeqCst) + 1)
            }
        };
        let joined: Vec<_> = (0..50).map(|_| flights.join(1, start)).collect();
        let outcomes = futures_util::future::join_all(joined).await;
        assert!(outcomes.iter().all(|o| matches!(o, Ok(1))), "{outcomes:?}");
        assert_eq!(reads.load(Ordering::SeqCst), 1);
        assert_eq!(flights.in_flight(), 0);
        assert!(matches!(flights.join(1, start).await, Ok(2)));
        // Another key is another flight.
        assert!(matches!(flights.join(2, start).await, Ok(3)));
    }

    #[tokio::test]
    async fn a_flight_nobody_waits_for_still_finishes() {
        let flights = SingleFlight::<u8, ()>::default();
        let done = Arc::new(AtomicUsize::new(0));
        let flag = Arc::clone(&done);
        drop(flights.join(1, move || async move {
            tokio::time::sleep(Duration::from_millis(10)).await;
            flag.store(1, Ordering::SeqCst);
            Ok(())
        }));
        tokio::time::sleep(Duration::from_millis(100)).await;
        assert_eq!(done.load(Ordering::SeqCst), 1);
        assert_eq!(flights.in_flight(), 0);
    }

    #[tokio::test]
    async fn a_failure_is_shared_too() {
        let flights = SingleFlight::<u8, ()>::default();
        let a = flights.join(1, || async {
            tokio::time::sleep(Duration::from_millis(10)).await;
            Err(UpstreamError::Timeout)
        });
        let b = flights.join(1, || async { Ok(()) });
        let (a, b) = tokio::join!(a, b);
        assert!(matches!(a, Err(UpstreamError::Timeout)));
        assert!(matches!(b, Err(UpstreamError::Timeout)));
    }
}
