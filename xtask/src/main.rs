//! `cargo xtask <command>`: see `cargo xtask help`.

use std::process::ExitCode;

/// Generation allocates small strings by the million (syn's tokens): mimalloc makes
/// `codegen` and `schema-diff` a third faster than the system allocator.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut stdout = std::io::stdout().lock();
    match xtask::run(&args, &xtask::Workspace::locate(), &mut stdout) {
        Ok(status) => ExitCode::from(status.code()),
        Err(error) => {
            eprintln!("error: {}", xtask::one_line(&error));
            ExitCode::from(xtask::Status::of_error(&error).code())
        }
    }
}
