//! Every link between the project's Markdown files resolves: relative links to files and
//! to headings, and links into this repository by its public address (the published
//! crates' READMEs must use those, since docs.rs and the registry cannot follow relative
//! ones).

use std::collections::BTreeSet;
use std::path::{Component, Path, PathBuf};

use elevenlabs_user_tests::workspace_root;

/// The repository's public address, as `Cargo.toml` states it once.
fn repository() -> String {
    let manifest = std::fs::read_to_string(workspace_root().join("Cargo.toml")).unwrap();
    let line = manifest.lines().find(|line| line.starts_with("repository = ")).expect("a workspace repository");
    line.trim_start_matches("repository = ").trim_matches('"').to_string()
}

/// Every Markdown file of the project, build output and fuzz artifacts aside.
fn markdown_files(dir: &Path, found: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy();
        if path.is_dir() {
            if !(name.starts_with('.') && name != ".github") && name != "target" && name != "artifacts" {
                markdown_files(&path, found);
            }
        } else if name.ends_with(".md") {
            found.push(path);
        }
    }
}

/// The lines of a Markdown text outside fenced code blocks.
fn prose_lines(markdown: &str) -> impl Iterator<Item = &str> {
    let mut in_fence = false;
    markdown.lines().filter(move |line| {
        let fence = line.trim_start().starts_with("```");
        in_fence ^= fence;
        !fence && !in_fence
    })
}

/// The link targets of a Markdown text, outside code: inline `[text](target)` and
/// reference definitions `[label]: target`.
fn link_targets(markdown: &str) -> Vec<String> {
    let mut targets = Vec::new();
    for line in prose_lines(markdown) {
        let prose = without_code_spans(line);
        if let Some(rest) = prose.trim_start().strip_prefix('[') {
            if let Some(target) = rest.split_once(']').and_then(|(_, after)| after.strip_prefix(": ")) {
                targets.push(target.split_whitespace().next().unwrap_or_default().to_string());
                continue;
            }
        }
        let mut rest = prose.as_str();
        while let Some(at) = rest.find("](") {
            let after = &rest[at + 2..];
            let end = after.find(')').unwrap_or(after.len());
            targets.push(after[..end].split_whitespace().next().unwrap_or_default().to_string());
            rest = &after[end..];
        }
    }
    targets
}

fn without_code_spans(line: &str) -> String {
    line.split('`').step_by(2).collect::<Vec<_>>().join("")
}

/// GitHub's anchors for the headings of a Markdown text, and the `<a id="…">` it keeps
/// (the rule tables' rows, which the reports link to).
fn anchors(markdown: &str) -> BTreeSet<String> {
    let mut anchors = BTreeSet::new();
    for line in prose_lines(markdown) {
        let prose = without_code_spans(line);
        for (_, rest) in prose.match_indices("<a id=\"").map(|(at, _)| prose.split_at(at + 7)) {
            if let Some((id, _)) = rest.split_once('"') {
                anchors.insert(id.to_string());
            }
        }
        let Some(heading) = line.strip_prefix('#') else { continue };
        let text = heading.trim_start_matches('#').trim();
        let slug: String = text
            .to_lowercase()
            .chars()
            .filter(|c| c.is_alphanumeric() || *c == ' ' || *c == '-' || *c == '_')
            .map(|c| if c == ' ' { '-' } else { c })
            .collect();
        let mut unique = slug.clone();
        let mut n = 1;
        while !anchors.insert(unique.clone()) {
            unique = format!("{slug}-{n}");
            n += 1;
        }
    }
    anchors
}

fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            Component::ParentDir => {
                out.pop();
            }
            Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}

/// Why a link from `file` to `target` does not resolve, if it does not.
fn broken(file: &Path, target: &str, repository: &str) -> Option<String> {
    let root = workspace_root();
    let (path, anchor) = match target.split_once('#') {
        Some((path, anchor)) => (path, Some(anchor)),
        None => (target, None),
    };
    let resolved = if let Some(inside) = [format!("{repository}/blob/main/"), format!("{repository}/tree/main/")]
        .iter()
        .find_map(|p| path.strip_prefix(p.as_str()))
    {
        root.join(inside)
    } else if path.contains("://") || path.starts_with("mailto:") {
        return None; // another site: not ours to check offline
    } else if path.is_empty() {
        file.to_path_buf()
    } else {
        normalize(&file.parent().unwrap().join(path))
    };
    if !resolved.exists() {
        return Some(format!("{} does not exist", resolved.strip_prefix(&root).unwrap_or(&resolved).display()));
    }
    match anchor {
        Some(anchor) if resolved.extension().is_some_and(|e| e == "md") => {
            let text = std::fs::read_to_string(&resolved).unwrap();
            (!anchors(&text).contains(anchor)).then(|| format!("no heading #{anchor} in {}", resolved.display()))
        }
        _ => None,
    }
}

#[test]
fn every_link_between_the_projects_documents_resolves() {
    let root = workspace_root();
    let repository = repository();
    let mut files = Vec::new();
    markdown_files(&root, &mut files);
    files.sort();
    assert!(files.iter().any(|f| f.ends_with("ARCHITECTURE.md")), "the walk finds the documents");

    let mut problems = Vec::new();
    let mut checked = 0;
    for file in &files {
        let text = std::fs::read_to_string(file).unwrap();
        for target in link_targets(&text) {
            checked += 1;
            if let Some(why) = broken(file, &target, &repository) {
                problems.push(format!("{}: ({target}): {why}", file.strip_prefix(&root).unwrap().display()));
            }
        }
    }
    assert!(checked > 30, "only {checked} links found: the parser lost them");
    assert!(problems.is_empty(), "broken links:\n{}", problems.join("\n"));
}

#[test]
fn the_link_check_finds_what_is_broken() {
    let file = workspace_root().join("README.md");
    let repository = repository();
    let targets = link_targets(
        "[a](docs/nowhere.md) `[b](code/span.md)`\n[c]: ARCHITECTURE.md#no-such-heading\n[d](#words)\n```\n[e](fenced.md)\n```",
    );
    assert_eq!(targets, ["docs/nowhere.md", "ARCHITECTURE.md#no-such-heading", "#words"]);
    assert!(broken(&file, "docs/nowhere.md", &repository).is_some());
    assert!(broken(&file, "ARCHITECTURE.md#no-such-heading", &repository).is_some());
    assert!(broken(&file, "ARCHITECTURE.md#words", &repository).is_none());
    assert!(broken(&file, &format!("{repository}/blob/main/docs/gone.md"), &repository).is_some());
    assert!(broken(&file, &format!("{repository}/blob/main/docs/models.md#presence"), &repository).is_none());
    assert_eq!(
        anchors("# Title\n| <a id=\"kind-a\"></a>`kind-a` | x |\n`<a id=\"in-code\">`"),
        BTreeSet::from(["title".to_string(), "kind-a".to_string()]),
        "a row's own anchor, not one in a code span"
    );
}

/// The README is a user's page: at most 10 KB, with the two set-up commands before
/// anything else; the rest lives in `docs/` and `ARCHITECTURE.md`.
#[test]
fn the_readme_is_a_users_page_with_the_set_up_commands_first() {
    let readme = std::fs::read_to_string(workspace_root().join("README.md")).unwrap();
    assert!(readme.len() <= 10 * 1024, "README.md is {} bytes; move detail to docs/", readme.len());
    let first_section = readme.find("\n## ").unwrap_or(readme.len());
    for command in ["cargo xtask codegen", "cargo test --workspace"] {
        let at = readme.find(command).unwrap_or_else(|| panic!("the README lacks `{command}`"));
        assert!(at < first_section, "`{command}` is not at the top of the README");
    }
}

/// Every project page outside a crate that shows Rust is doctested (`tests/src/lib.rs`
/// includes it), so no page shows code that does not build.
#[test]
fn every_page_with_rust_blocks_is_doctested() {
    let root = workspace_root();
    let doctested = std::fs::read_to_string(root.join("tests/src/lib.rs")).unwrap();
    let mut pages = vec![root.join("README.md"), root.join("ARCHITECTURE.md")];
    pages.extend(std::fs::read_dir(root.join("docs")).unwrap().map(|e| e.unwrap().path()));
    for page in pages.iter().filter(|p| p.extension().is_some_and(|e| e == "md")) {
        let text = std::fs::read_to_string(page).unwrap();
        if text.lines().any(|line| line.trim_start().starts_with("```rust")) {
            let relative = page.strip_prefix(&root).unwrap().display().to_string();
            assert!(
                doctested.contains(&format!("include_str!(\"../../{relative}\")")),
                "{relative} shows Rust that is not doctested: include it in tests/src/lib.rs"
            );
        }
    }
}

/// The paths a text names in code spans, from the repository's root: `crates/codegen/src/`,
/// `xtask/src/release/mod.rs`, `Cargo.lock`. Patterns (`*`, `<case>`), revisions
/// (`git:REV:PATH`) and commands are not paths.
fn named_paths(markdown: &str, top_level: &BTreeSet<String>) -> Vec<String> {
    let mut paths = Vec::new();
    for line in prose_lines(markdown) {
        for span in line.split('`').skip(1).step_by(2) {
            let is_path_like = !span.is_empty()
                && span.chars().all(|c| c.is_alphanumeric() || "/._-".contains(c))
                && !span.starts_with('/');
            let first = span.split('/').next().unwrap_or_default();
            if is_path_like && top_level.contains(first) && (span.contains('/') || first.contains('.')) {
                paths.push(span.to_string());
            }
        }
    }
    paths
}

/// ARCHITECTURE.md's code map and `docs/` name files and folders in code spans; each one
/// exists, so the map stays true when rooms move.
#[test]
fn every_path_named_in_the_architecture_and_docs_exists() {
    let root = workspace_root();
    let top_level: BTreeSet<String> = std::fs::read_dir(&root)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name != "target")
        .collect();
    let mut pages = vec![root.join("ARCHITECTURE.md"), root.join("README.md")];
    pages.extend(std::fs::read_dir(root.join("docs")).unwrap().map(|e| e.unwrap().path()));
    let (mut missing, mut checked) = (Vec::new(), 0);
    for page in pages.iter().filter(|p| p.extension().is_some_and(|e| e == "md")) {
        let text = std::fs::read_to_string(page).unwrap();
        for path in named_paths(&text, &top_level) {
            checked += 1;
            if !root.join(&path).exists() {
                missing.push(format!("{}: `{path}`", page.strip_prefix(&root).unwrap().display()));
            }
        }
    }
    assert!(checked > 20, "only {checked} paths found: the parser lost them");
    assert!(missing.is_empty(), "paths named but not in the repository:\n{}", missing.join("\n"));
}

#[test]
fn named_paths_are_repository_paths_in_code_spans() {
    let top_level: BTreeSet<String> = ["crates", "docs", "Cargo.lock"].map(String::from).into();
    let text = "`crates/codegen/src/` and `docs/x.md`, `Cargo.lock`, not `cargo xtask codegen`, \
                `git:HEAD:openapi/v1-user.json`, `crates/*/src`, `/v1/user` or `src/lib.rs`\n```\n`crates/in/fence`\n```";
    assert_eq!(named_paths(text, &top_level), ["crates/codegen/src/", "docs/x.md", "Cargo.lock"]);
}
