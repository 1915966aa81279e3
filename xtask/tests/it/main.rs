//! xtask's integration tests, as one binary. Run one module with
//! `cargo test -p <package> --test it <module>::`.

mod cli;
mod vendor_url;
