//! Instruction counts under valgrind's callgrind: the same from run to run whatever else
//! the machine does, so a ratio of two can gate CI where wall time cannot.
//!
//! A benchmark binary built on this runner is both sides of the measurement. Run plainly,
//! it re-executes itself under `valgrind --tool=callgrind` once per workload and iteration
//! count, reads the totals, and prints each comparison; run with `CALLGRIND_WORKLOAD` set,
//! it is the measured process and runs that workload. Each workload runs at two iteration
//! counts and the per-iteration figure is the difference over the difference, so set-up
//! (process start, runtime, server, first connection) cancels out.

use std::collections::HashMap;
use std::path::Path;
use std::process::{Command, ExitCode};

const WORKLOAD: &str = "CALLGRIND_WORKLOAD";
const ITERATIONS: &str = "CALLGRIND_ITERATIONS";

/// Whose instructions count.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Threads {
    /// Every thread's: the work is all ours, whichever thread does it.
    All,
    /// The main thread's only: a loopback server on another thread is not counted.
    Main,
}

/// One side of a comparison: `run(n)` does the work `n` times after its set-up.
pub struct Workload {
    pub name: &'static str,
    pub run: fn(u64),
}

/// Ours against a baseline, with the most instructions ours may cost per baseline one.
pub struct Comparison {
    pub name: &'static str,
    pub ours: Workload,
    pub baseline: Workload,
    /// The ratio the product aims at; the table marks it met (✓) or not (✗).
    pub goal: f64,
    /// The ratio `--gate` fails above: the goal where it is met; where it is not yet,
    /// the ratio measured when the gate was set plus a margin of a few percent, so that a
    /// regression still fails CI while the unmet goal stays in view.
    pub ceiling: f64,
    pub threads: Threads,
    /// The two iteration counts; the figure is per iteration between them.
    pub iterations: (u64, u64),
}

/// What a comparison measured.
#[derive(Debug, Clone, Copy)]
pub struct Measured {
    pub ours: f64,
    pub baseline: f64,
}

impl Measured {
    pub fn ratio(&self) -> f64 {
        self.ours / self.baseline
    }
}

/// The benchmark binary's `main`. Arguments: `--gate` exits 1 when a ratio passes its ceiling;
/// any other word that is not a flag keeps only the comparisons whose name contains it.
pub fn main(comparisons: &[Comparison]) -> ExitCode {
    if let Ok(name) = std::env::var(WORKLOAD) {
        let iterations = std::env::var(ITERATIONS).ok().and_then(|n| n.parse().ok()).unwrap_or(1);
        let workload = comparisons.iter().flat_map(|c| [&c.ours, &c.baseline]).find(|w| w.name == name);
        return match workload {
            Some(workload) => {
                (workload.run)(iterations);
                ExitCode::SUCCESS
            }
            None => {
                eprintln!("error: no workload named {name}");
                ExitCode::from(2)
            }
        };
    }
    let args: Vec<String> = std::env::args().skip(1).collect();
    let gate = args.iter().any(|a| a == "--gate");
    let filters: Vec<&String> = args.iter().filter(|a| !a.starts_with('-')).collect();
    let chosen: Vec<&Comparison> = comparisons
        .iter()
        .filter(|c| filters.is_empty() || filters.iter().any(|f| c.name.contains(f.as_str())))
        .collect();
    let counts = count_all(&chosen);
    let results: Vec<Result<Measured, String>> = chosen.iter().map(|c| measured(c, &counts)).collect();
    let mut failed = false;
    println!("| comparison | ours (instructions) | baseline | ratio | goal | CI ceiling |");
    println!("| --- | --- | --- | --- | --- | --- |");
    for (comparison, result) in chosen.into_iter().zip(results) {
        match result {
            Ok(measured) => {
                let met = measured.ratio() <= comparison.goal;
                let under_ceiling = measured.ratio() <= comparison.ceiling;
                failed |= !under_ceiling;
                println!(
                    "| {} | {:.0} | {:.0} | {:.3}× | ≤ {}× {} | ≤ {}× {} |",
                    comparison.name,
                    measured.ours,
                    measured.baseline,
                    measured.ratio(),
                    comparison.goal,
                    if met { "✓" } else { "✗" },
                    comparison.ceiling,
                    if under_ceiling { "✓" } else { "✗ regression" }
                );
            }
            Err(error) => {
                eprintln!("error: {}: {error}", comparison.name);
                return ExitCode::from(2);
            }
        }
    }
    if gate && failed {
        eprintln!("error: a ratio passed its CI ceiling (instruction counts, one run; see the table)");
        return ExitCode::FAILURE;
    }
    ExitCode::SUCCESS
}

/// One callgrind run: a workload, its iteration count, and whose threads count.
type Run = (&'static str, u64, Threads);

/// The four runs of a comparison: both workloads at both iteration counts.
fn runs_of(comparison: &Comparison) -> [Run; 4] {
    let (low, high) = comparison.iterations;
    let (ours, baseline, threads) = (comparison.ours.name, comparison.baseline.name, comparison.threads);
    [(ours, low, threads), (ours, high, threads), (baseline, low, threads), (baseline, high, threads)]
}

/// Every run the comparisons need, each once (two comparisons may share a side), all at
/// once: a count does not depend on what else the machine runs, and the valgrind
/// processes share the cores instead of waiting in turn.
fn count_all(comparisons: &[&Comparison]) -> HashMap<Run, Result<u64, String>> {
    let runs = distinct_runs(comparisons);
    std::thread::scope(|scope| {
        let running: Vec<_> =
            runs.iter().map(|&(name, n, threads)| scope.spawn(move || count(name, n, threads))).collect();
        let counts =
            running.into_iter().map(|r| r.join().unwrap_or_else(|_| Err("the counting thread panicked".into())));
        runs.iter().copied().zip(counts).collect()
    })
}

fn distinct_runs(comparisons: &[&Comparison]) -> Vec<Run> {
    let mut runs: Vec<Run> = comparisons.iter().flat_map(|c| runs_of(c)).collect();
    runs.sort();
    runs.dedup();
    runs
}

/// Both sides of a comparison, per iteration, from the counts of its runs.
fn measured(comparison: &Comparison, counts: &HashMap<Run, Result<u64, String>>) -> Result<Measured, String> {
    let [ours_low, ours_high, baseline_low, baseline_high] =
        runs_of(comparison).map(|run| counts.get(&run).cloned().unwrap_or_else(|| Err("not counted".into())));
    let (low, high) = comparison.iterations;
    let per_iteration = |at_low: u64, at_high: u64| (at_high as f64 - at_low as f64) / (high - low) as f64;
    Ok(Measured { ours: per_iteration(ours_low?, ours_high?), baseline: per_iteration(baseline_low?, baseline_high?) })
}

/// The instructions of this binary running `workload` `iterations` times under callgrind.
fn count(workload: &str, iterations: u64, threads: Threads) -> Result<u64, String> {
    // Numbered, so that no two runs share a scratch directory.
    static RUNS: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let run = RUNS.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let scratch = std::env::temp_dir().join(format!("callgrind-{}-{run}-{workload}-{iterations}", std::process::id()));
    std::fs::create_dir_all(&scratch).map_err(|e| format!("{}: {e}", scratch.display()))?;
    let out = scratch.join("callgrind.out");
    let exe = std::env::current_exe().map_err(|e| e.to_string())?;
    let separate = if threads == Threads::Main { "yes" } else { "no" };
    let output = Command::new("valgrind")
        .arg("--tool=callgrind")
        .arg(format!("--callgrind-out-file={}", out.display()))
        .arg(format!("--separate-threads={separate}"))
        .arg(&exe)
        .env(WORKLOAD, workload)
        .env(ITERATIONS, iterations.to_string())
        .output()
        .map_err(|e| format!("cannot run valgrind (is it installed?): {e}"))?;
    if !output.status.success() {
        let stderr = String::from_utf8_lossy(&output.stderr);
        return Err(format!("valgrind failed: {}", stderr.lines().last().unwrap_or("no output")));
    }
    // With separate threads, thread 1 (the main thread) writes `<file>-01`.
    let file = if threads == Threads::Main { scratch.join("callgrind.out-01") } else { out };
    let total = totals(&file);
    let _ = std::fs::remove_dir_all(&scratch);
    total
}

/// The `totals:` (or `summary:`) line of a callgrind output file: instructions executed.
fn totals(file: &Path) -> Result<u64, String> {
    let text = std::fs::read_to_string(file).map_err(|e| format!("{}: {e}", file.display()))?;
    text.lines()
        .find_map(|line| line.strip_prefix("totals:").or_else(|| line.strip_prefix("summary:")))
        .and_then(|rest| rest.split_whitespace().next()?.parse().ok())
        .ok_or_else(|| format!("{}: no totals line", file.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn totals_are_read_from_a_callgrind_file() {
        let dir = std::env::temp_dir().join(format!("callgrind-totals-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let file = dir.join("out");
        std::fs::write(&file, "version: 1\nevents: Ir\nfn=main\n3 10\nsummary: 1234\ntotals: 1234\n").unwrap();
        assert_eq!(totals(&file), Ok(1234));
        std::fs::write(&file, "events: Ir\n").unwrap();
        assert!(totals(&file).is_err());
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn a_side_two_comparisons_share_is_counted_once() {
        let comparison = |baseline: &'static str| Comparison {
            name: baseline,
            ours: Workload { name: "ours", run: |_| {} },
            baseline: Workload { name: baseline, run: |_| {} },
            goal: 1.0,
            ceiling: 1.0,
            threads: Threads::Main,
            iterations: (5, 25),
        };
        let (plain, timed) = (comparison("plain"), comparison("timed"));
        let runs = distinct_runs(&[&plain, &timed]);
        assert_eq!(runs.len(), 6, "ours twice, each baseline twice: {runs:?}");
    }

    #[test]
    fn the_ratio_is_ours_over_the_baseline() {
        assert_eq!(Measured { ours: 110.0, baseline: 100.0 }.ratio(), 1.1);
    }
}
