//! A long document's analysis on two threads: two independent halves of a step run at
//! once (`join`), on a pool of two threads kept for the process (their regex search
//! caches stay warm between analyses; a thread started per analysis began cold each
//! time). The results are the same as on one thread, in the same order. Where threads
//! cannot be started (wasm32), or another analysis has the pool (`brieflint check` of
//! many files already uses every core), both halves run on the caller's thread.

use rayon_core::{ThreadPool, ThreadPoolBuilder};
use std::cell::Cell;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::LazyLock;

/// Documents shorter than this are analyzed on one thread: handing work to another
/// thread and back takes tens of microseconds, about what a few pages' analysis takes.
pub(crate) const TWO_THREADS_FROM_BYTES: usize = 64 * 1024;

/// Whether `text` is long enough to be analyzed on two threads.
pub(crate) fn worth_two_threads(text: &str) -> bool {
    text.len() >= TWO_THREADS_FROM_BYTES && !ONE_THREAD.get()
}

thread_local! {
    /// Set by `on_one_thread`.
    static ONE_THREAD: Cell<bool> = const { Cell::new(false) };
}

/// Runs `f` with every analysis it makes on this thread kept to this thread: for tests
/// that compare the analysis on two threads with the analysis on one.
#[doc(hidden)]
pub fn on_one_thread<R>(f: impl FnOnce() -> R) -> R {
    struct Restore(bool);
    impl Drop for Restore {
        fn drop(&mut self) {
            ONE_THREAD.set(self.0);
        }
    }
    let _restore = Restore(ONE_THREAD.replace(true));
    f()
}

/// The two threads, started on first use; `None` where threads cannot be started.
static POOL: LazyLock<Option<ThreadPool>> = LazyLock::new(|| {
    ThreadPoolBuilder::new()
        .num_threads(2)
        .thread_name(|i| format!("brieflint-analysis-{i}"))
        .build()
        .ok()
});

/// Set while one analysis has the pool.
static POOL_TAKEN: AtomicBool = AtomicBool::new(false);

/// `(beside(), here())`: with `two_threads`, on the pool's two threads at once. A panic
/// in either reaches the caller, as on one thread.
pub(crate) fn join<A: Send, B: Send>(
    two_threads: bool,
    beside: impl FnOnce() -> A + Send,
    here: impl FnOnce() -> B + Send,
) -> (A, B) {
    let Some(pool) = POOL.as_ref().filter(|_| two_threads) else {
        return sequential(beside, here);
    };
    // A half that divides its work again is already on the pool.
    if pool.current_thread_index().is_some() {
        let (b, a) = pool.join(here, beside);
        return (a, b);
    }
    if POOL_TAKEN
        .compare_exchange(false, true, Ordering::Acquire, Ordering::Relaxed)
        .is_err()
    {
        return sequential(beside, here);
    }
    struct Give;
    impl Drop for Give {
        fn drop(&mut self) {
            POOL_TAKEN.store(false, Ordering::Release);
        }
    }
    let _give = Give;
    let (b, a) = pool.join(here, beside);
    (a, b)
}

/// `here()`, then `beside()`, on this thread.
fn sequential<A, B>(beside: impl FnOnce() -> A, here: impl FnOnce() -> B) -> (A, B) {
    let b = here();
    (beside(), b)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::panic::{catch_unwind, AssertUnwindSafe};
    use std::sync::mpsc;
    use std::time::Duration;

    #[test]
    fn both_halves_run_once_and_at_once_when_asked() {
        let (sequential, _) = join(false, || std::thread::current().id(), || 2);
        assert_eq!(sequential, std::thread::current().id());
        // The pool may be another test's for a moment: some of the tries find it free.
        let at_once = (0..20).any(|_| {
            let (started, start) = mpsc::channel();
            let (beside, here) = join(
                true,
                move || {
                    let _ = started.send(());
                    1
                },
                // Waits for `beside` to start: only on another thread can it.
                move || start.recv_timeout(Duration::from_millis(500)).is_ok(),
            );
            assert_eq!(beside, 1);
            here
        });
        assert!(at_once, "the halves never ran at once");
    }

    #[test]
    fn a_panic_in_either_half_reaches_the_caller() {
        for two_threads in [false, true] {
            let caught = catch_unwind(AssertUnwindSafe(|| {
                join(two_threads, || panic!("beside"), || 2);
            }));
            let payload = caught.expect_err("the panic is passed on");
            assert_eq!(payload.downcast_ref::<&str>(), Some(&"beside"));
            let caught = catch_unwind(AssertUnwindSafe(|| {
                join(two_threads, || 1, || panic!("here"));
            }));
            let payload = caught.expect_err("the panic is passed on");
            assert_eq!(payload.downcast_ref::<&str>(), Some(&"here"));
        }
    }
}
