//! One workspace, two front ends: the same folder checked by `brieflint check` and opened
//! in `brieflint lsp` (the real binary) gives the same findings, file by file, with the
//! nearest `brieflint.toml` applied to each file in both (nested ones included), filings
//! in any case of `.md`, and `prior:` paths written with Windows separators.

mod support;

use serde_json::{json, Value};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use support::cli::{check_json, check_json_in};
use support::files::{fixture, repo, scratch, uri_of};
use support::lsp_client::LspClient;

/// A finding as both front ends report it: code, severity, range and message. (The JSON
/// report has no related locations; the editor's are checked apart.)
type Seen = (String, u64, Value, String);

/// A workspace: a matter under a `brieflint.toml` that turns BL601 off, with its motion's
/// `prior:` written with backslashes; a folder whose own `brieflint.toml` names the court
/// (N.D. Ill.), holding a motion to compel that does not; a filing named `.MD`.
fn workspace(name: &str) -> PathBuf {
    let dir = scratch(&format!("workspace-{name}"));
    std::fs::create_dir_all(dir.join("matter")).unwrap();
    std::fs::create_dir_all(dir.join("ndill")).unwrap();
    std::fs::write(dir.join("brieflint.toml"), "[rules]\nBL601 = \"off\"\n").unwrap();
    let philips = repo().join("fixtures/matters/philips");
    for entry in std::fs::read_dir(&philips).unwrap() {
        let path = entry.unwrap().path();
        let text = std::fs::read_to_string(&path).unwrap();
        let text = text.replace(
            "party: defendants\ncourt: N.D. Ill.\n---",
            "party: defendants\ncourt: N.D. Ill.\nprior: [..\\matter\\01-motion-for-protective-order.md, .\\02-order-2022-01-05.md]\n---",
        );
        std::fs::write(dir.join("matter").join(path.file_name().unwrap()), text).unwrap();
    }
    let motion =
        std::fs::read_to_string(dir.join("matter/03-motion-for-reconsideration.md")).unwrap();
    assert!(
        motion.contains("prior: [..\\matter\\"),
        "the fixture's front matter changed"
    );
    std::fs::write(dir.join("ndill/brieflint.toml"), "court = \"N.D. Ill.\"\n").unwrap();
    let compel = fixture("rules/BL502/fire.md");
    let compel = compel.replace("court: N.D. Ill.\n", "");
    assert!(!compel.contains("court:"));
    std::fs::write(dir.join("ndill/motion-to-compel.md"), &compel).unwrap();
    std::fs::write(dir.join("ndill/COPY.MD"), &compel).unwrap();
    dir
}

fn by_file_from_cli(dir: &Path) -> BTreeMap<String, Vec<Seen>> {
    let findings = check_json(dir);
    let mut by_file: BTreeMap<String, Vec<Seen>> = BTreeMap::new();
    for f in findings {
        let severity = match f["severity"].as_str().unwrap() {
            "error" => 1,
            "warning" => 2,
            "information" => 3,
            _ => 4,
        };
        by_file
            .entry(f["path"].as_str().unwrap().to_string())
            .or_default()
            .push((
                f["code"].as_str().unwrap().to_string(),
                severity,
                f["range"].clone(),
                f["message"].as_str().unwrap().to_string(),
            ));
    }
    by_file
}

fn diagnostics_of(client: &mut LspClient, dir: &Path, file: &str) -> Vec<Value> {
    let path = dir.join(file);
    let uri = uri_of(&path);
    client.open(&uri, &std::fs::read_to_string(&path).unwrap(), 1);
    client.diagnostics(&uri, Some(1))
}

fn seen(diagnostics: &[Value]) -> Vec<Seen> {
    diagnostics
        .iter()
        .map(|d| {
            (
                d["code"].as_str().unwrap().to_string(),
                d["severity"].as_u64().unwrap(),
                d["range"].clone(),
                d["message"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

fn from_server(client: &mut LspClient, dir: &Path, file: &str) -> Vec<Seen> {
    seen(&diagnostics_of(client, dir, file))
}

fn count(seen: &[Seen], code: &str) -> usize {
    seen.iter().filter(|s| s.0 == code).count()
}

#[test]
fn the_command_line_and_the_editor_give_the_same_findings_on_one_folder() {
    let dir = workspace("same");
    let cli = by_file_from_cli(&dir);
    let files = [
        "matter/01-motion-for-protective-order.md",
        "matter/02-order-2022-01-05.md",
        "matter/03-motion-for-reconsideration.md",
        "ndill/COPY.MD",
        "ndill/motion-to-compel.md",
    ];
    // The order has no findings; every other filing has some.
    let with_findings: Vec<&str> = cli.keys().map(String::as_str).collect();
    assert_eq!(with_findings, [files[0], files[2], files[3], files[4]]);
    // What each front end must see, checked here so that agreeing on nothing fails.
    let motion = &cli["matter/03-motion-for-reconsideration.md"];
    assert_eq!(
        count(motion, "BL601"),
        0,
        "the root brieflint.toml applies: {motion:?}"
    );
    assert_eq!(
        count(motion, "BL201"),
        1,
        "the prior record was found: {motion:?}"
    );
    assert_eq!(count(motion, "BL202"), 3, "{motion:?}");
    assert_eq!(
        count(&cli["ndill/motion-to-compel.md"], "BL502"),
        1,
        "the nested brieflint.toml names the court"
    );
    assert_eq!(count(&cli["ndill/COPY.MD"], "BL502"), 1);

    let mut client = LspClient::spawn();
    client.initialize(
        json!({"textDocument": {"publishDiagnostics": {"relatedInformation": true}}}),
        Some(dir.to_str().unwrap()),
    );
    let index = client.request("brieflint/recordIndex", json!({}));
    assert_eq!(index["filings"], json!(files));
    for file in files {
        let expected = cli.get(file).cloned().unwrap_or_default();
        let diagnostics = diagnostics_of(&mut client, &dir, file);
        assert_eq!(seen(&diagnostics), expected, "{file}");
        // The prior filings a finding names are linked beside the filing.
        for d in diagnostics.iter().filter(|d| d["code"] == "BL201") {
            let places: Vec<&str> = d["relatedInformation"]
                .as_array()
                .unwrap()
                .iter()
                .map(|r| r["location"]["uri"].as_str().unwrap())
                .collect();
            assert_eq!(
                places,
                [
                    uri_of(&dir.join("matter/01-motion-for-protective-order.md")),
                    uri_of(&dir.join("matter/02-order-2022-01-05.md")),
                ]
            );
        }
    }
    client.shutdown();
    std::fs::remove_dir_all(&dir).ok();
}

/// `brieflint check` run in `cwd` on `path`, as (file, code) pairs.
fn codes_from_cli(cwd: &Path, path: &str) -> Vec<(String, String)> {
    check_json_in(cwd, &[path])
        .iter()
        .map(|f| {
            (
                f["path"].as_str().unwrap().to_string(),
                f["code"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

#[test]
fn a_configuration_file_above_the_workspace_root_applies_in_neither() {
    // Above the workspace: a brieflint.toml naming the court, under which the motion to
    // compel (which names none) would get BL502.
    let above = scratch("workspace-above");
    let repository = above.join("repository");
    let folder = above.join("folder");
    std::fs::create_dir_all(repository.join(".git")).unwrap();
    std::fs::create_dir_all(&folder).unwrap();
    std::fs::write(above.join("brieflint.toml"), "court = \"N.D. Ill.\"\n").unwrap();
    let compel = fixture("rules/BL502/fire.md").replace("court: N.D. Ill.\n", "");
    std::fs::write(repository.join("motion-to-compel.md"), &compel).unwrap();
    std::fs::write(folder.join("motion-to-compel.md"), &compel).unwrap();
    let bl502 = |found: &[(String, String)]| found.iter().filter(|(_, c)| c == "BL502").count();
    // The file above applies when the folder checked is under the current directory...
    let from_above = codes_from_cli(&above, "folder");
    assert_eq!(bl502(&from_above), 1, "{from_above:?}");
    // ...but not above the current directory, nor above a repository's root.
    let from_folder = codes_from_cli(&folder, ".");
    assert_eq!(bl502(&from_folder), 0, "{from_folder:?}");
    let into_repository = codes_from_cli(&above, "repository");
    assert_eq!(bl502(&into_repository), 0, "{into_repository:?}");
    // The editor opened on the repository agrees.
    let mut client = LspClient::spawn();
    client.initialize(json!({}), Some(repository.to_str().unwrap()));
    let diagnostics = diagnostics_of(&mut client, &repository, "motion-to-compel.md");
    assert_eq!(count(&seen(&diagnostics), "BL502"), 0, "{diagnostics:?}");
    client.shutdown();
    std::fs::remove_dir_all(&above).ok();
}

#[test]
fn a_nested_configuration_file_changed_on_disk_applies_in_the_editor() {
    let dir = workspace("nested");
    let mut client = LspClient::spawn();
    client.initialize(json!({}), Some(dir.to_str().unwrap()));
    let compel = "ndill/motion-to-compel.md";
    assert_eq!(count(&from_server(&mut client, &dir, compel), "BL502"), 1);
    // Another court, whose local rule brieflint does not know: no BL502.
    std::fs::write(dir.join("ndill/brieflint.toml"), "court = \"D. Del.\"\n").unwrap();
    client.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": uri_of(&dir.join("ndill/brieflint.toml")), "type": 2}]}),
    );
    let uri = uri_of(&dir.join(compel));
    let diagnostics = client.diagnostics(&uri, Some(1));
    assert!(
        diagnostics.iter().all(|d| d["code"] != "BL502"),
        "{diagnostics:?}"
    );
    // A broken nested file is reported on itself, and the defaults apply under it.
    std::fs::write(dir.join("ndill/brieflint.toml"), "court = \n").unwrap();
    let config_uri = uri_of(&dir.join("ndill/brieflint.toml"));
    client.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": config_uri, "type": 2}]}),
    );
    let problems = client.diagnostics(&config_uri, None);
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(problems[0]["message"]
        .as_str()
        .unwrap()
        .contains("brieflint is using its defaults"));
    client.shutdown();
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn new_matter_limits_rebuild_the_record_index_live() {
    let dir = workspace("limits");
    let mut client = LspClient::spawn();
    client.initialize(json!({}), Some(dir.to_str().unwrap()));
    let index = client.request("brieflint/recordIndex", json!({}));
    assert_eq!(index["filings"].as_array().unwrap().len(), 5);
    assert_eq!(index["truncated"], false);
    client.notify(
        "workspace/didChangeConfiguration",
        json!({"settings": {"brieflint": {"matter": {"maxFiles": 2}}}}),
    );
    // The rebuild runs on the worker: asked until it is done (or for ten seconds).
    let mut rebuilt = Value::Null;
    for _ in 0..100 {
        rebuilt = client.request("brieflint/recordIndex", json!({}));
        if rebuilt["truncated"] == true {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    assert_eq!(rebuilt["truncated"], true, "{rebuilt}");
    assert_eq!(rebuilt["filings"].as_array().unwrap().len(), 2, "{rebuilt}");
    assert_eq!(rebuilt["limits"]["maxFiles"], 2);
    client.shutdown();
    std::fs::remove_dir_all(&dir).ok();
}
