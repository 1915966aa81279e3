//! Phase 2, generate: progenitor (and its typify) run on the prepared document. Either may
//! fail, or panic, on a construct it does not support. A panic becomes an error and prints
//! nothing ([`quietly`]); either way the error names the schema or operation at fault by
//! its JSON pointer ([`culprit`]), found by generating smaller documents.

use std::cell::RefCell;
use std::panic::{catch_unwind, AssertUnwindSafe};

use proc_macro2::TokenStream;
use serde_json::{json, Value};

use crate::CodegenError;

/// Which output of a progenitor run is kept: the models are typify's type space, the
/// client is progenitor's tokens (each run with its own settings).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Wanted {
    Types,
    Client,
}

impl Wanted {
    fn generator(self) -> &'static str {
        match self {
            Wanted::Types => "typify",
            Wanted::Client => "progenitor",
        }
    }
}

/// The settings both runs share: the builder interface, schemars on every type, ordered maps.
pub fn progenitor_settings() -> progenitor::GenerationSettings {
    let mut settings = progenitor::GenerationSettings::default();
    settings
        .with_interface(progenitor::InterfaceStyle::Builder)
        .with_derive("::schemars::JsonSchema")
        .with_map_type("::std::collections::BTreeMap");
    settings
}

/// Runs progenitor on `document` (prepared, and parsed as `spec`), returning the client
/// tokens and, when wanted, typify's type space tokens (printing them costs as much as
/// generating the client). When it fails or panics, the error names where.
pub(crate) fn run_progenitor(
    document: &Value,
    spec: &openapiv3::OpenAPI,
    settings: &progenitor::GenerationSettings,
    wanted: Wanted,
) -> Result<(TokenStream, Option<TokenStream>), CodegenError> {
    attempt(spec, settings, wanted).map_err(|message| CodegenError::Generator {
        generator: wanted.generator(),
        at: culprit(document, &|part| !generates(part, settings, wanted)),
        message,
    })
}

/// One progenitor run; its error or panic message.
fn attempt(
    spec: &openapiv3::OpenAPI,
    settings: &progenitor::GenerationSettings,
    wanted: Wanted,
) -> Result<(TokenStream, Option<TokenStream>), String> {
    let run = || {
        let mut generator = progenitor::Generator::new(settings);
        let client = generator.generate_tokens(spec)?;
        // progenitor has already printed the type space into the client's `types` module,
        // and printing it again would cost as much (a tenth of a comparison's work).
        let types = (wanted == Wanted::Types)
            .then(|| types_module(&client).unwrap_or_else(|| generator.get_type_space().to_stream()));
        Ok::<_, progenitor::Error>((client, types))
    };
    match quietly(run) {
        Ok(Ok(tokens)) => Ok(tokens),
        Ok(Err(error)) => Err(error.to_string()),
        Err(panic) => Err(format!("panicked: {panic}")),
    }
}

/// What progenitor's client tokens hold in their top-level `mod types { … }`: the type
/// space as `TypeSpace::to_stream` prints it.
fn types_module(client: &TokenStream) -> Option<TokenStream> {
    use proc_macro2::{Delimiter, TokenTree};
    let tokens: Vec<TokenTree> = client.clone().into_iter().collect();
    tokens.windows(3).find_map(|window| match window {
        [TokenTree::Ident(keyword), TokenTree::Ident(name), TokenTree::Group(body)]
            if keyword == "mod" && name == "types" && body.delimiter() == Delimiter::Brace =>
        {
            Some(body.stream())
        }
        _ => None,
    })
}

/// Whether `document` generates, parsed and run as [`attempt`] runs it.
fn generates(document: &Value, settings: &progenitor::GenerationSettings, wanted: Wanted) -> bool {
    serde_json::from_value::<openapiv3::OpenAPI>(document.clone())
        .is_ok_and(|spec| attempt(&spec, settings, wanted).is_ok())
}

/// The prepared document as progenitor's OpenAPI 3.0 model; when it does not read, the
/// error names the schema or operation that does not, as generation's errors do.
pub(crate) fn parse(document: &Value) -> Result<openapiv3::OpenAPI, CodegenError> {
    serde_json::from_value(document.clone()).map_err(|error| CodegenError::Parse {
        at: culprit(document, &|part| serde_json::from_value::<openapiv3::OpenAPI>(part.clone()).is_err()),
        message: error.to_string(),
    })
}

/// The JSON pointer of what makes `fails` hold of a document: a component schema, tried
/// alone (every other one `{}`, no operations), and then the deepest part of it whose
/// removal lets it pass; else an operation, tried alone. `None` when neither alone fails
/// (the failure needs several together).
fn culprit(document: &Value, fails: &dyn Fn(&Value) -> bool) -> Option<String> {
    let schemas = document.pointer("/components/schemas").and_then(Value::as_object).cloned().unwrap_or_default();
    let mut bare = document.clone();
    bare["paths"] = json!({});
    // With no operation and every schema `{}`, what still fails is elsewhere: another
    // kind of component, or a part of the document's root.
    let mut skeleton = bare.clone();
    if let Some(Value::Object(all)) = skeleton.pointer_mut("/components/schemas") {
        all.values_mut().for_each(|schema| *schema = json!({}));
    }
    if fails(&skeleton) {
        return culprit_outside_schemas_and_operations(&skeleton, fails);
    }
    for name in schemas.keys() {
        let mut alone = bare.clone();
        let Some(others) = alone.pointer_mut("/components/schemas").and_then(Value::as_object_mut) else { break };
        for (other, schema) in others.iter_mut() {
            if other != name {
                *schema = json!({});
            }
        }
        let pointer = format!("/components/schemas/{}", elevenlabs_spec::pointer::escape(name));
        if fails(&alone) {
            return Some(deepest_failing_part(&alone, &pointer, fails));
        }
    }
    let paths = document.get("paths").and_then(Value::as_object)?;
    for (path, item) in paths {
        for (method, operation) in item.as_object().into_iter().flatten() {
            if !operation.is_object() || !elevenlabs_spec::HTTP_METHODS_3_0.contains(&method.as_str()) {
                continue;
            }
            let mut alone = document.clone();
            alone["paths"] = json!({ path: { method: operation } });
            if fails(&alone) {
                let at = elevenlabs_spec::pointer::join(&elevenlabs_spec::pointer::join("/paths", path), method);
                return Some(at);
            }
        }
    }
    None
}

/// In `skeleton` (no operations, every schema `{}`), which `fails`, the first component
/// of another kind, or else part of the root, whose removal lets it pass.
fn culprit_outside_schemas_and_operations(skeleton: &Value, fails: &dyn Fn(&Value) -> bool) -> Option<String> {
    let without = |pointer: &str, key: &str| {
        let mut document = skeleton.clone();
        if let Some(Value::Object(parent)) = document.pointer_mut(pointer) {
            parent.remove(key);
        }
        document
    };
    let components = skeleton.get("components").and_then(Value::as_object).into_iter().flatten();
    for (section, entries) in components.filter(|(section, _)| *section != "schemas") {
        let section_pointer = elevenlabs_spec::pointer::join("/components", section);
        for name in entries.as_object().into_iter().flat_map(|entries| entries.keys()) {
            if !fails(&without(&section_pointer, name)) {
                return Some(elevenlabs_spec::pointer::join(&section_pointer, name));
            }
        }
        if !fails(&without("/components", section)) {
            return Some(section_pointer);
        }
    }
    let root = skeleton.as_object().into_iter().flat_map(|root| root.keys());
    root.filter(|key| !["openapi", "paths", "components"].contains(&key.as_str()))
        .find(|key| !fails(&without("", key)))
        .map(|key| elevenlabs_spec::pointer::join("", key))
}

/// Keys whose values are schemas, or lists or maps of them.
const SCHEMA_KEYS: &[&str] = &["properties", "items", "additionalProperties", "allOf", "anyOf", "oneOf", "not"];

/// Within the failing schema at `pointer` of `document`, the deepest subschema whose
/// replacement by `{}` lets the document pass: what the generator cannot read.
fn deepest_failing_part(document: &Value, pointer: &str, fails: &dyn Fn(&Value) -> bool) -> String {
    let mut at = pointer.to_string();
    // Bounded: each step goes one level deeper into a finite document.
    'deeper: for _ in 0..64 {
        let Some(Value::Object(schema)) = document.pointer(&at) else { break };
        let mut children = Vec::new();
        for key in SCHEMA_KEYS {
            match schema.get(*key) {
                Some(Value::Object(map)) if *key == "properties" => {
                    children.extend(
                        map.keys().map(|name| format!("{at}/properties/{}", elevenlabs_spec::pointer::escape(name))),
                    );
                }
                Some(Value::Array(list)) => children.extend((0..list.len()).map(|i| format!("{at}/{key}/{i}"))),
                Some(Value::Object(_)) => children.push(format!("{at}/{key}")),
                _ => {}
            }
        }
        for child in children {
            let mut without = document.clone();
            if let Some(slot) = without.pointer_mut(&child) {
                *slot = json!({});
            }
            if !fails(&without) {
                at = child;
                continue 'deeper;
            }
        }
        break;
    }
    at
}

thread_local! {
    /// While set on a thread, a panic there is recorded here instead of printed.
    static QUIET_PANIC: RefCell<Option<Option<String>>> = const { RefCell::new(None) };
}

/// Runs `work`; a panic comes back as its message, and prints nothing. A process-wide
/// panic hook, installed once, stays silent for the threads inside `quietly` and hands
/// every other panic to the hook that was there before.
pub(crate) fn quietly<T>(work: impl FnOnce() -> T) -> Result<T, String> {
    static INSTALLED: std::sync::Once = std::sync::Once::new();
    INSTALLED.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            let message = info
                .payload()
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| info.payload().downcast_ref::<&str>().map(|s| s.to_string()))
                .unwrap_or_else(|| "it panicked".into());
            let quiet = QUIET_PANIC.with(|slot| match slot.borrow_mut().as_mut() {
                Some(recorded) => {
                    recorded.get_or_insert(message);
                    true
                }
                None => false,
            });
            if !quiet {
                previous(info);
            }
        }));
    });
    let outer = QUIET_PANIC.with(|slot| slot.replace(Some(None)));
    let outcome = catch_unwind(AssertUnwindSafe(work));
    let recorded = QUIET_PANIC.with(|slot| slot.replace(outer)).flatten();
    outcome.map_err(|_| recorded.unwrap_or_else(|| "it panicked".into()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_is_an_error_with_its_message() {
        assert_eq!(quietly(|| 3), Ok(3));
        let message = quietly(|| -> u8 { panic!("unhandled construct {}", 7) }).unwrap_err();
        assert_eq!(message, "unhandled construct 7");
        // Nested, the inner one's message is its own and the outer still catches.
        let outer = quietly(|| {
            assert_eq!(quietly(|| -> u8 { panic!("inner") }).unwrap_err(), "inner");
            panic!("outer")
        });
        assert_eq!(outer.unwrap_err(), "outer");
    }

    #[test]
    fn an_operation_that_does_not_read_as_openapi_3_0_is_named() {
        let document = json!({
            "openapi": "3.0.3", "info": {"title": "t", "version": "1"},
            "paths": {
                "/fine": {"get": {"operationId": "fine", "responses": {"200": {"description": ""}}}},
                "/odd": {"get": {"operationId": "odd", "responses": {"200": {"description": "",
                    "content": {"application/json": {"schema": 5}}}}}}
            }
        });
        let Err(CodegenError::Parse { at, message }) = parse(&document) else {
            panic!("a schema that is a number does not read")
        };
        assert_eq!(at.as_deref(), Some("/paths/~1odd/get"), "{message}");
    }

    #[test]
    fn a_component_of_another_kind_that_does_not_read_is_named_not_a_schema() {
        let document = json!({
            "openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": {},
            "components": {
                "schemas": {"Fine": {"type": "string"}},
                "parameters": {"Page": {"name": "page", "in": "query", "schema": {"type": "integer"}},
                               "Bad": {"name": "bad", "schema": {"type": "integer"}}}
            }
        });
        let Err(CodegenError::Parse { at, message }) = parse(&document) else {
            panic!("a parameter without `in` does not read")
        };
        assert_eq!(at.as_deref(), Some("/components/parameters/Bad"), "{message}");
        let mut rooted = document.clone();
        rooted["components"]["parameters"]["Bad"]["in"] = json!("query");
        rooted["servers"] = json!(7);
        let Err(CodegenError::Parse { at, .. }) = parse(&rooted) else { panic!("`servers` that is a number") };
        assert_eq!(at.as_deref(), Some("/servers"));
    }

    #[test]
    fn the_failing_schema_is_named_by_its_deepest_pointer() {
        // A `not` typify cannot read, inside one property of one component.
        let document = json!({
            "openapi": "3.0.3", "info": {"title": "t", "version": "1"},
            "paths": {"/a": {"get": {"operationId": "a", "responses": {"200": {"description": "",
                "content": {"application/json": {"schema": {"$ref": "#/components/schemas/User"}}}}}}}},
            "components": {"schemas": {
                "Fine": {"type": "string"},
                "User": {"type": "object", "properties": {"ok": {"type": "integer"}, "role": {"type": "string", "not": {"type": "integer"}}}}
            }}
        });
        let spec: openapiv3::OpenAPI = serde_json::from_value(document.clone()).unwrap();
        let error = run_progenitor(&document, &spec, &progenitor_settings(), Wanted::Types).unwrap_err();
        let CodegenError::Generator { generator, at, message } = error else { panic!("{error}") };
        assert_eq!(generator, "typify");
        assert_eq!(at.as_deref(), Some("/components/schemas/User/properties/role/not"), "{message}");
        assert!(message.starts_with("panicked: "), "{message}");
    }

    #[test]
    fn the_types_are_read_from_the_client_as_the_type_space_prints_them() {
        // An inline type (the response) beside a component, so both kinds of type are there.
        let document = json!({
            "openapi": "3.0.3", "info": {"title": "t", "version": "1"},
            "paths": {"/a": {"get": {"operationId": "a", "responses": {"200": {"description": "",
                "content": {"application/json": {"schema": {"type": "object",
                    "properties": {"user": {"$ref": "#/components/schemas/User"}}}}}}}}}},
            "components": {"schemas": {"User": {"type": "object", "properties": {"id": {"type": "integer"}}}}}
        });
        let spec: openapiv3::OpenAPI = serde_json::from_value(document).unwrap();
        let mut generator = progenitor::Generator::new(&progenitor_settings());
        let client = generator.generate_tokens(&spec).unwrap();
        let printed = generator.get_type_space().to_stream().to_string();
        assert!(printed.contains("pub struct User") && printed.contains("pub struct AResponse"), "{printed}");
        assert_eq!(types_module(&client).map(|types| types.to_string()), Some(printed));
        assert_eq!(
            types_module(&quote::quote!(
                mod other {
                    struct A;
                }
            ))
            .map(|t| t.to_string()),
            None
        );
    }
}
