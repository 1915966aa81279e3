//! The spec side of the pipeline: load OpenAPI 3.0 / 3.1 / 3.2 documents (JSON or YAML),
//! cut one operation out with everything it references, apply reasoned overrides, and
//! normalize to the OpenAPI 3.0 form that progenitor and typify accept. It knows nothing
//! of Rust: comparing documents is `elevenlabs-schema-diff`'s.
//!
//! Every function returns a [`SpecError`] naming a JSON pointer; none panics on bad input.

mod error;
pub mod extract;
pub mod load;
pub mod normalize;
pub mod overrides;
pub mod pointer;
pub mod references;
pub mod vendor;
mod walk;

pub use error::{Result, SpecError};
pub use extract::{
    callback_operations, check_references, check_references_reached, component_at, components_operations_reach,
    extract_operation, extract_operations, operations, webhook_operations, ComponentRef, OperationRef,
    ADDITIONAL_OPERATIONS, CALLBACK_PREFIX, HTTP_METHODS, HTTP_METHODS_3_0, WEBHOOK_PREFIX,
};
pub use load::{load_path, parse_bytes, parse_text, Document, OpenApiVersion};
pub use normalize::normalize;
pub use overrides::{rename_schema, Outcome, Override, Overrides};
pub use vendor::{canonical_json, sha256_hex, today_utc, vendor, Provenance, Selection, Vendored};
pub use walk::{dereferenced, for_each_object, for_each_ref, holds_data, holds_names, pointers_where, resolve};
