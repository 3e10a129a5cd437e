//! One snapshot per rule: `brieflint check` (human output, code frames included) on the
//! rule's fixture folder, through the real binary. A finding that moves, appears or
//! disappears shows up in review as a changed `.snap` file.
//!
//! After an intended change: `INSTA_UPDATE=always cargo test --test rule_snapshots`
//! (or `cargo insta review`), then read the diff of `tests/snapshots/` before committing.

mod support;

use support::cli::brieflint;
use support::files::repo;

#[test]
fn every_rule_folder_has_a_snapshot_of_its_findings() {
    let rules = repo().join("fixtures/rules");
    let mut folders: Vec<String> = std::fs::read_dir(&rules)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| rules.join(name).is_dir())
        .collect();
    folders.sort();
    assert!(folders.len() >= 20, "{folders:?}");
    for code in folders {
        let output = brieflint(&["check", "--exit-zero", &format!("fixtures/rules/{code}")]);
        assert!(output.status.success(), "{code}: {output:?}");
        let report = String::from_utf8(output.stdout).expect("UTF-8 report");
        insta::with_settings!({snapshot_suffix => code.clone(), prepend_module_to_snapshot => false}, {
            insta::assert_snapshot!("rule", report);
        });
    }
}
