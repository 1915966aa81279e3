//! `cargo xtask bench-runs`: one criterion benchmark run several times, reported as the
//! median of the runs' medians with their min–max, never one pick from a noisy spread.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::Path;
use std::process::Command;
use std::time::SystemTime;

use anyhow::{bail, Context, Result};

use crate::{Status, Workspace};

/// Runs `cargo bench -p PACKAGE --bench BENCH` `runs` times and prints, per benchmark,
/// the median and min–max of the runs' medians.
pub fn bench_runs(
    workspace: &Workspace,
    package: &str,
    bench: &str,
    runs: usize,
    out: &mut dyn Write,
) -> Result<Status> {
    if runs < 2 {
        bail!("--runs {runs}: a range needs at least 2 runs (5 or more to report)");
    }
    let mut medians: BTreeMap<String, Vec<f64>> = BTreeMap::new();
    for run in 1..=runs {
        let started = SystemTime::now();
        let status = Command::new("cargo")
            .current_dir(&workspace.root)
            .args(["bench", "-q", "-p", package, "--bench", bench])
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .status()
            .context("cannot run cargo bench")?;
        if !status.success() {
            bail!("cargo bench -p {package} --bench {bench} failed (run {run} of {runs})");
        }
        let criterion = workspace.root.join("target/criterion");
        for (name, median) in fresh_medians(&criterion, started)? {
            medians.entry(name).or_default().push(median);
        }
        writeln!(out, "run {run} of {runs} done")?;
    }
    writeln!(out, "\n| benchmark | median of {runs} runs | min–max |\n| --- | --- | --- |")?;
    for (name, mut values) in medians {
        values.sort_by(f64::total_cmp);
        let median = values[values.len() / 2];
        let (min, max) = (values[0], values[values.len() - 1]);
        writeln!(out, "| {name} | {} | {}–{} |", time(median), time(min), time(max))?;
    }
    Ok(Status::Done)
}

/// The median estimate of every benchmark criterion wrote since `since`, by its folder.
fn fresh_medians(dir: &Path, since: SystemTime) -> Result<Vec<(String, f64)>> {
    let mut found = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(dir) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else { continue };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else if path.ends_with("new/estimates.json")
                && entry.metadata().and_then(|m| m.modified()).is_ok_and(|modified| modified >= since)
            {
                let text = std::fs::read_to_string(&path).with_context(|| path.display().to_string())?;
                let estimates: serde_json::Value =
                    serde_json::from_str(&text).with_context(|| path.display().to_string())?;
                let median = estimates["median"]["point_estimate"].as_f64().context("no median estimate")?;
                let bench = path.parent().and_then(Path::parent).context("a benchmark folder")?;
                let name = bench.strip_prefix(criterion_root(&path)).unwrap_or(bench);
                found.push((name.display().to_string(), median));
            }
        }
    }
    Ok(found)
}

/// `target/criterion` of a path below it.
fn criterion_root(path: &Path) -> &Path {
    path.ancestors().find(|p| p.ends_with("target/criterion")).unwrap_or(path)
}

/// Nanoseconds as a readable time.
fn time(nanoseconds: f64) -> String {
    match nanoseconds {
        n if n >= 1e9 => format!("{:.2} s", n / 1e9),
        n if n >= 1e6 => format!("{:.2} ms", n / 1e6),
        n if n >= 1e3 => format!("{:.2} µs", n / 1e3),
        n => format!("{n:.0} ns"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_read_in_their_unit() {
        assert_eq!(time(2_320.0), "2.32 µs");
        assert_eq!(time(28_700_000.0), "28.70 ms");
        assert_eq!(time(6_320_000_000.0), "6.32 s");
        assert_eq!(time(850.0), "850 ns");
    }
}
