//! The server's state, behind one mutex: open documents, what the client can do, the
//! settings, the configuration files that apply to each filing, and the record index.
//! Every handler mutates it synchronously, before its first `.await` (tower-lsp may run
//! notification handlers concurrently, tower-lsp #284).

use crate::document::Document;
use crate::scheduler::Job;
use crate::settings::{ScanLimits, Settings};
use brieflint_core::config::{Config, ConfigError};
use brieflint_core::filings;
use brieflint_core::matter::FilingSummary;
use brieflint_core::position::Encoding;
use brieflint_workspace::configs::{ConfigFileError, ConfigFiles};
use brieflint_workspace::walk;
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard};
use tokio::sync::mpsc;
use tower_lsp::lsp_types::Url;

#[derive(Default)]
pub struct State {
    pub documents: HashMap<Url, Document>,
    pub encoding: Encoding,
    pub related_information: bool,
    pub document_changes: bool,
    pub dynamic_watchers: bool,
    /// The client shows server-initiated progress (`window.workDoneProgress`).
    pub work_done_progress: bool,
    /// The workspace root: configuration files are looked for up to it, and the record
    /// index names filings relative to it.
    pub root: Option<PathBuf>,
    pub settings: Settings,
    /// The `brieflint.toml` files read, by folder (`brieflint_workspace::configs`).
    pub configs: ConfigFiles,
    /// Each configuration file (none: the defaults) with the settings applied.
    pub effective: HashMap<Option<PathBuf>, Arc<Config>>,
    /// Configuration files with an error published on them.
    pub broken_configs: HashSet<PathBuf>,
    /// The record index: a summary of every filing in the workspace, by its name
    /// relative to the root (`record_key`). Open buffers replace their file's summary
    /// with their unsaved text.
    pub matter: HashMap<String, Arc<FilingSummary>>,
    pub matter_truncated: bool,
    pub matter_too_large: usize,
    /// The limits the record index was built with.
    pub limits: ScanLimits,
    /// The worker's queue.
    pub jobs: Option<mpsc::UnboundedSender<Job>>,
    /// Files changed on disk whose re-read is queued and has not started: a file
    /// rewritten many times a second is read once per turn of the analysis thread,
    /// not once per event (the queued read will see the latest text).
    pub rereads_queued: HashSet<PathBuf>,
    /// Files whose events were coalesced, each noticed once.
    pub rereads_noticed: HashSet<PathBuf>,
}

pub fn lock(state: &Mutex<State>) -> MutexGuard<'_, State> {
    // A panic while holding the lock must not take the server down with it.
    state
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

impl State {
    pub fn schedule(&self, job: Job) {
        if let Some(jobs) = &self.jobs {
            let _ = jobs.send(job);
        }
    }

    /// Forgets every analysis and queues each open document's again.
    pub fn reanalyze_all(&mut self) {
        for document in self.documents.values_mut() {
            document.analysis = None;
        }
        for uri in self.documents.keys() {
            self.schedule(Job::Analyze(uri.clone()));
        }
    }

    /// Sets the workspace root: configuration files are searched up to it.
    pub fn set_root(&mut self, root: Option<PathBuf>) {
        self.configs = match &root {
            Some(root) => ConfigFiles::within(root),
            None => ConfigFiles::unbounded(),
        };
        self.root = root;
        self.effective.clear();
    }

    /// New settings: every configuration is recomputed.
    pub fn set_settings(&mut self, settings: Settings) {
        self.settings = settings;
        self.effective.clear();
    }

    /// A configuration file changed on disk: every one is read again, and the errors
    /// published on those that were broken are cleared or published again.
    pub fn reload_configs(&mut self) {
        self.configs.forget();
        self.effective.clear();
        for path in std::mem::take(&mut self.broken_configs) {
            self.schedule_config_diagnostics(&path, None);
        }
        // The root's own file is read now, so that an error in it shows before any
        // filing is opened; the others when a filing under them is analyzed.
        if let Some(root) = self.root.clone() {
            self.config_in(Some(&root));
        }
    }

    /// The configuration that applies to the file at `path` (none: an unsaved buffer):
    /// the nearest `brieflint.toml` up to the root, with the settings applied. A broken
    /// file is reported on itself, once, and the defaults apply.
    pub fn config_for(&mut self, path: Option<&Path>) -> Arc<Config> {
        self.config_in(path.and_then(Path::parent))
    }

    /// The configuration that applies to the files in `folder` (see `config_for`).
    pub fn config_in(&mut self, folder: Option<&Path>) -> Arc<Config> {
        let applied = match folder {
            Some(folder) => self.configs.for_folder(folder),
            None => Ok(brieflint_workspace::configs::Applied {
                config: Arc::new(Config::default()),
                source: None,
            }),
        };
        let (source, file_config) = match applied {
            Ok(applied) => (applied.source, applied.config),
            Err(error) => {
                if self.broken_configs.insert(error.path.clone()) {
                    tracing::warn!(path = %error.path.display(), "{}; using defaults", error.error.message);
                    self.schedule_config_diagnostics(&error.path.clone(), Some(&error));
                }
                (Some(error.path), Arc::new(Config::default()))
            }
        };
        if let Some(config) = self.effective.get(&source) {
            return config.clone();
        }
        let config = Arc::new(self.settings.apply(&file_config));
        self.effective.insert(source, config.clone());
        config
    }

    fn schedule_config_diagnostics(&self, path: &Path, error: Option<&ConfigFileError>) {
        let Ok(uri) = Url::from_file_path(path) else {
            return;
        };
        let error = error.map(|e| (e.text.clone(), e.error.clone()));
        self.schedule(Job::ConfigDiagnostics(uri, error));
    }

    /// A filing's name in the record index: relative to the root, `/`-separated; a file
    /// outside the root (or with no root) by its whole path.
    pub fn record_key(&self, path: &Path) -> String {
        match &self.root {
            Some(root) => walk::relative_name(path, root),
            None => filings::normalize(&path.to_string_lossy()),
        }
    }

    /// The summaries of the filings of the matter of `key` (its folder), in the order
    /// of their names, as the command line gives them.
    pub fn matter_of(&self, key: &str) -> Vec<Arc<FilingSummary>> {
        let folder = filings::folder_of(key);
        let mut matter: Vec<(&String, &Arc<FilingSummary>)> = self
            .matter
            .iter()
            .filter(|(k, _)| filings::folder_of(k) == folder)
            .collect();
        matter.sort_by(|a, b| a.0.cmp(b.0));
        matter.into_iter().map(|(_, f)| f.clone()).collect()
    }

    /// Whether a path on disk is one the record index holds: inside the root, in no
    /// skipped folder, named as a filing.
    pub fn indexes(&self, path: &Path) -> bool {
        walk::is_filing(path)
            && self
                .root
                .as_ref()
                .and_then(|root| path.strip_prefix(root).ok())
                .is_some_and(|rel| {
                    rel.parent().is_none_or(|p| {
                        p.components()
                            .all(|c| !filings::is_skipped_folder(&c.as_os_str().to_string_lossy()))
                    })
                })
    }
}

/// A configuration error's parts, for a diagnostic on the file.
pub type ConfigProblem = (String, ConfigError);
