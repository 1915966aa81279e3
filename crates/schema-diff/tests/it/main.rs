//! schema-diff's integration tests, as one binary. Run one module with
//! `cargo test -p <package> --test it <module>::`.

mod causes;
mod docs;
mod partial;
mod properties;
mod wire;
