//! `cargo xtask bench-runs`: one criterion benchmark run several times, reported as the
//! median of the runs' medians with their min–max, never one pick from a noisy spread.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::Path;
use std::time::SystemTime;

use anyhow::{bail, Context, Result};

use crate::process::Program;
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
        let succeeded = Program::cargo()
            .current_dir(&workspace.root)
            .args(["bench", "-q", "-p", package, "--bench", bench])
            .succeeds_quietly()?;
        if !succeeded {
            bail!("cargo bench -p {package} --bench {bench} failed (run {run} of {runs})");
        }
        let criterion = workspace.root.join("target/criterion");
        for (name, median) in fresh_medians(&criterion, started)? {
            medians.entry(name).or_default().push(median);
        }
        writeln!(out, "run {run} of {runs} done")?;
    }
    let summaries: BTreeMap<String, (f64, f64, f64)> = medians
        .into_iter()
        .map(|(name, mut values)| {
            values.sort_by(f64::total_cmp);
            (name, (values[values.len() / 2], values[0], values[values.len() - 1]))
        })
        .collect();
    writeln!(
        out,
        "\n| benchmark | median of {runs} runs | min–max | against the group's baseline |\n| --- | --- | --- | --- |"
    )?;
    for (name, (median, min, max)) in &summaries {
        let ratio = baseline_of(name, &summaries)
            .map(|baseline| format!("{:.2}× (medians)", median / baseline))
            .unwrap_or_default();
        writeln!(out, "| {name} | {} | {}–{} | {ratio} |", time(*median), time(*min), time(*max))?;
    }
    Ok(Status::Done)
}

/// The median of the one benchmark named `baseline…` in `name`'s group, unless `name` is
/// that baseline.
fn baseline_of(name: &str, summaries: &BTreeMap<String, (f64, f64, f64)>) -> Option<f64> {
    let (group, function) = name.rsplit_once('/')?;
    if function.starts_with("baseline") {
        return None;
    }
    let mut baselines = summaries
        .iter()
        .filter(|(other, _)| other.rsplit_once('/').is_some_and(|(g, f)| g == group && f.starts_with("baseline")));
    match (baselines.next(), baselines.next()) {
        (Some((_, (median, _, _))), None) => Some(*median),
        _ => None,
    }
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
                // The benchmark's own name, as criterion records it beside the estimates
                // (the folder's is sanitized).
                let benchmark = path.with_file_name("benchmark.json");
                let name = std::fs::read_to_string(&benchmark)
                    .ok()
                    .and_then(|text| serde_json::from_str::<serde_json::Value>(&text).ok())
                    .and_then(|json| json["full_id"].as_str().map(String::from))
                    .with_context(|| format!("{}: no benchmark name", benchmark.display()))?;
                found.push((name, median));
            }
        }
    }
    Ok(found)
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
    fn each_benchmark_is_set_against_its_groups_baseline() {
        let summaries: BTreeMap<String, (f64, f64, f64)> = [
            ("decode/generated models", 90.0),
            ("decode/baseline: hand-written struct", 100.0),
            ("for scale/decode", 150.0),
        ]
        .into_iter()
        .map(|(name, median)| (name.to_string(), (median, median, median)))
        .collect();
        assert_eq!(baseline_of("decode/generated models", &summaries), Some(100.0));
        assert_eq!(baseline_of("decode/baseline: hand-written struct", &summaries), None);
        assert_eq!(baseline_of("for scale/decode", &summaries), None);
    }

    #[test]
    fn times_read_in_their_unit() {
        assert_eq!(time(2_320.0), "2.32 µs");
        assert_eq!(time(28_700_000.0), "28.70 ms");
        assert_eq!(time(6_320_000_000.0), "6.32 s");
        assert_eq!(time(850.0), "850 ns");
    }
}
