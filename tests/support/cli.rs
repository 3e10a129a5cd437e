//! Running the `brieflint` binary the way a user does.

use super::files::repo;
use serde_json::Value;
use std::path::Path;
use std::process::{Command, Output};

/// `brieflint ARGS...`, run in the repository's root (so fixture paths are relative).
pub fn brieflint(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_brieflint"))
        .args(args)
        .current_dir(repo())
        .output()
        .expect("run brieflint")
}

/// `brieflint check --format json --exit-zero .` run in `dir`: its findings.
pub fn check_json(dir: &Path) -> Vec<Value> {
    check_json_in(dir, &["."])
}

/// `brieflint check --format json --exit-zero ARGS...` run in `dir`: its findings, after
/// checking that the run succeeded.
pub fn check_json_in(dir: &Path, args: &[&str]) -> Vec<Value> {
    let output = Command::new(env!("CARGO_BIN_EXE_brieflint"))
        .args(["check", "--format", "json", "--exit-zero"])
        .args(args)
        .current_dir(dir)
        .output()
        .expect("run brieflint");
    assert!(
        output.status.success(),
        "check {args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice::<Value>(&output.stdout)
        .unwrap()
        .as_array()
        .unwrap()
        .clone()
}
