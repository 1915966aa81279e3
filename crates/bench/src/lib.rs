//! What the generated crates cost, each beside the hand-written code a person would write
//! instead: the baselines (`hand_written`, `loopback`), the example account they work on,
//! and the callgrind runner (`callgrind`) that counts instructions, which hold still from
//! run to run where wall time does not. The criterion benchmarks are in `benches/`, the
//! instruction counts in `src/bin/instructions.rs`; `docs/performance.md`
//! has their figures and the commands that reproduce them.

pub mod callgrind;
pub mod hand_written;
pub mod loopback;

/// The brief's example account, as the models crate carries it.
pub const EXAMPLE_ACCOUNT: &str = include_str!("../../models/data/example-account.json");
