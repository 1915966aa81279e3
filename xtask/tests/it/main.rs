//! xtask's integration tests, as one binary. Run one module with
//! `cargo test -p <package> --test it <module>::`.

mod cli;
mod release;
mod vendor_url;
