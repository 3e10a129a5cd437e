//! The panic and time boundary every parser call runs behind.
//!
//! The parse runs on a thread of its own under `catch_unwind`; the caller waits at most
//! `timeout` for it. A parser that loops forever cannot be stopped from outside, so a
//! timed-out thread is left to finish (or to end with the process); the caller has its
//! answer, a refusal, at the deadline. The panic message is never shown: it can quote the
//! file.

use crate::Refusal;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::mpsc;
use std::time::Duration;

/// Stack for the parsing thread: PDF object graphs are walked recursively.
const PARSER_STACK_BYTES: usize = 64 * 1024 * 1024;

pub fn run<T: Send + 'static>(
    what: &str,
    timeout: Duration,
    parse: impl FnOnce() -> T + Send + 'static,
) -> Result<T, Refusal> {
    let (send, receive) = mpsc::sync_channel(1);
    let spawned = std::thread::Builder::new()
        .name("brieflint-ingest".into())
        .stack_size(PARSER_STACK_BYTES)
        .spawn(move || {
            let outcome = catch_unwind(AssertUnwindSafe(parse));
            let _ = send.send(outcome);
        });
    if spawned.is_err() {
        return Err(Refusal(format!(
            "could not start a thread to read the {what}"
        )));
    }
    match receive.recv_timeout(timeout) {
        Ok(Ok(value)) => Ok(value),
        Ok(Err(_panic)) => Err(Refusal(format!(
            "the {what} could not be read: its parser failed on it (the file is probably damaged)"
        ))),
        Err(mpsc::RecvTimeoutError::Timeout) => Err(Refusal(format!(
            "the {what} could not be read within {} s",
            timeout.as_secs_f32()
        ))),
        Err(mpsc::RecvTimeoutError::Disconnected) => Err(Refusal(format!(
            "the {what} could not be read: its parser stopped without an answer"
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_is_a_refusal() {
        // The deadline only bounds a stuck test: a panic's backtrace, printed when
        // RUST_BACKTRACE is set, took over 5 s on a busy 2-core machine.
        let outcome: Result<(), _> = run("test file", Duration::from_secs(120), || panic!("boom"));
        let refusal = outcome.unwrap_err();
        assert!(refusal.0.contains("parser failed"), "{refusal}");
        assert!(!refusal.0.contains("boom"));
    }

    #[test]
    fn a_parser_that_runs_too_long_is_abandoned_at_the_deadline() {
        let started = std::time::Instant::now();
        let outcome = run("test file", Duration::from_millis(100), || {
            std::thread::sleep(Duration::from_secs(3));
        });
        assert!(outcome.unwrap_err().0.contains("within"));
        assert!(started.elapsed() < Duration::from_secs(2));
    }
}
