//! The analysis thread: one thread beside the message loop where long analyses, heavy
//! diagnostics and the workspace scan run, in the order asked.

type AnalysisJob = Box<dyn FnOnce() + Send>;

/// The analysis thread: long analyses and the workspace scan run there, in the order
/// asked, so that the message loop is never held up by one.
fn analyzer() -> &'static std::sync::mpsc::Sender<AnalysisJob> {
    static ANALYZER: std::sync::OnceLock<std::sync::mpsc::Sender<AnalysisJob>> =
        std::sync::OnceLock::new();
    ANALYZER.get_or_init(|| {
        let (sender, jobs) = std::sync::mpsc::channel::<AnalysisJob>();
        let spawned = std::thread::Builder::new()
            .name("brieflint-analysis".to_string())
            .spawn(move || {
                for job in jobs {
                    // A panic outside the rules (which are isolated one by one) must not
                    // end the thread: whoever asked gets nothing and goes on.
                    if std::panic::catch_unwind(std::panic::AssertUnwindSafe(job)).is_err() {
                        tracing::error!("a job on the analysis thread failed");
                    }
                }
            });
        if let Err(e) = spawned {
            tracing::error!("cannot start the analysis thread: {e}");
        }
        sender
    })
}

/// Runs `work` on the analysis thread and waits for it without blocking the message loop.
pub async fn on_analysis_thread<T: Send + 'static>(
    work: impl FnOnce() -> T + Send + 'static,
) -> Option<T> {
    let (reply, done) = tokio::sync::oneshot::channel();
    analyzer()
        .send(Box::new(move || {
            let _ = reply.send(work());
        }))
        .ok()?;
    done.await.ok()
}
