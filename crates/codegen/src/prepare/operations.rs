//! Operations as progenitor 0.15 reads them. What it cannot read as written is restated
//! with the same meaning (a path parameter that is not marked required, a request body
//! whose media type carries an `encoding`); what it cannot send is left out with a note
//! (an optional cookie or `deepObject` parameter); an operation it cannot express at all
//! is left out of the client, with a note, while every component it references is still
//! generated. Each operation also gets an `operationId` that names one Rust method.

use std::collections::BTreeSet;

use serde_json::{json, Map, Value};

use crate::spelling::{distinct, typify_snake};

/// Normalization has run: only 3.0's operation keys are left.
const METHODS: [&str; 8] = elevenlabs_spec::HTTP_METHODS_3_0;
/// Request media types progenitor sends, in the order one is chosen when several are
/// offered: JSON first. The wire engine reads a request body by the same choice.
pub const SENDABLE_MEDIA_TYPES: &[&str] = &[
    "application/json",
    "application/x-www-form-urlencoded",
    "application/octet-stream",
    "text/plain",
    "text/x-markdown",
];
/// Names the generated `Client` already has: an operation named like one would clash. With
/// its own methods, those of the hook trait every call goes through (`client.pre(…)`,
/// `exec`, `post`): an inherent method of that name would be called in their place.
const CLIENT_METHODS: &[&str] =
    &["new", "new_with_client", "baseurl", "client", "api_version", "inner", "pre", "exec", "post"];
/// Names an operation's builder already has: a parameter named like one would clash. With
/// the names its `send` binds or calls before it reads the parameters: `_url` and
/// `header_map` would hide a parameter's value (`?_url=` would send the request's own
/// URL), `encode_path` the function that encodes path parameters.
const BUILDER_NAMES: &[&str] = &["new", "client", "send", "body", "body_map", "_url", "header_map", "encode_path"];

/// Restates, trims or leaves out what progenitor cannot read; returns notes naming each
/// change that is not a pure restatement.
pub fn express_for_progenitor(document: &mut Value) -> Vec<String> {
    let mut notes = Vec::new();
    give_the_info_openapi_requires(document);
    // Requests the API sends, left as written by normalization, and security: progenitor
    // generates nothing from them (each operation's own go below; the client sends the
    // key itself), and its reader refuses the whole document over a scheme OpenAPI would
    // call incomplete, such as an OAuth flow without `scopes`. schema-diff compares the
    // document's own.
    if let Some(Value::Object(components)) = document.get_mut("components") {
        components.remove("callbacks");
        components.remove("securitySchemes");
        if let Some(Value::Object(responses)) = components.get_mut("responses") {
            responses.values_mut().for_each(read_json_suffixes_as_json);
        }
    }
    if let Value::Object(root) = document {
        root.remove("security");
    }
    notes.extend(untyped_item_streams(document));
    let snapshot = document.clone();
    let Some(Value::Object(paths)) = document.get_mut("paths") else { return notes };
    for (path, item) in paths.iter_mut() {
        let Value::Object(item) = item else { continue };
        if item.remove(elevenlabs_spec::normalize::SET_ASIDE_QUERY).is_some() {
            let pointer = elevenlabs_spec::pointer::join(&elevenlabs_spec::pointer::join("/paths", path), "query");
            notes.push(format!(
                "{pointer}: QUERY {path} is left out of the client: OpenAPI 3.0, which progenitor reads, has no QUERY method"
            ));
        }
        if let Some(Value::Object(additional)) = item.remove(elevenlabs_spec::normalize::SET_ASIDE_ADDITIONAL) {
            let at = elevenlabs_spec::pointer::join(
                &elevenlabs_spec::pointer::join("/paths", path),
                elevenlabs_spec::ADDITIONAL_OPERATIONS,
            );
            for method in additional.keys() {
                notes.push(format!(
                    "{}: {method} {path} is left out of the client: OpenAPI 3.0, which progenitor reads, has only its fixed methods",
                    elevenlabs_spec::pointer::join(&at, method)
                ));
            }
        }
        let shared = item.remove("parameters");
        for method in METHODS {
            let Some(Value::Object(operation)) = item.get_mut(method) else { continue };
            let name = format!("{} {path}", method.to_uppercase());
            let pointer = elevenlabs_spec::pointer::join(&elevenlabs_spec::pointer::join("/paths", path), method);
            let at = Site { name: &name, pointer: &pointer, document: &snapshot };
            with_shared_parameters(operation, shared.as_ref());
            // Requests the API sends: progenitor generates nothing from them, and its
            // parser refuses one given as a `$ref`, valid as it is.
            operation.remove("callbacks");
            operation.remove("security");
            give_what_openapi_requires(operation);
            if let Some(Value::Object(responses)) = operation.get_mut("responses") {
                responses.values_mut().for_each(read_json_suffixes_as_json);
            }
            give_schemaless_json_any_schema(operation);
            one_error_body_type(operation, &at, &mut notes);
            let reason = parameters_progenitor_sends(operation, path, &at, &mut notes)
                .err()
                .or_else(|| body_progenitor_sends(operation, &at, &mut notes).err())
                .or_else(|| responses_of_one_type(operation, &at));
            if let Some(reason) = reason {
                item.remove(method);
                notes.push(format!("{pointer}: {name} is left out of the client: {reason}"));
            }
        }
    }
    paths.retain(|_, item| item.as_object().is_some_and(|item| METHODS.iter().any(|m| item.contains_key(*m))));
    notes.extend(give_each_operation_its_own_id(document));
    notes
}

/// Where an operation is, for its notes, and the document its `$ref`s resolve in.
struct Site<'a> {
    name: &'a str,
    pointer: &'a str,
    document: &'a Value,
}

impl Site<'_> {
    /// `value`, or what it refers to when it is a local `$ref`.
    fn resolved<'v>(&'v self, value: &'v Value) -> &'v Value {
        super::followed(self.document, value)
    }
}

/// The path item's parameters, which every operation shares, become the operation's own
/// (an operation's parameter of the same place and name wins, as in OpenAPI).
fn with_shared_parameters(operation: &mut Map<String, Value>, shared: Option<&Value>) {
    let Some(Value::Array(shared)) = shared else { return };
    let own = operation.get("parameters").and_then(Value::as_array).cloned().unwrap_or_default();
    let key = |p: &Value| (p.get("in").cloned(), p.get("name").cloned(), p.get("$ref").cloned());
    let own_keys: Vec<_> = own.iter().map(key).collect();
    let mut all: Vec<Value> = shared.iter().filter(|p| !own_keys.contains(&key(p))).cloned().collect();
    all.extend(own);
    operation.insert("parameters".into(), Value::Array(all));
}

/// The document's `title` and `version`, which OpenAPI requires and progenitor's reader
/// refuses to do without: documentation, `""` when absent.
fn give_the_info_openapi_requires(document: &mut Value) {
    let Value::Object(root) = document else { return };
    let info = root.entry("info").or_insert_with(|| json!({}));
    if let Value::Object(info) = info {
        for key in ["title", "version"] {
            if !info.get(key).is_some_and(Value::is_string) {
                info.insert(key.into(), json!(""));
            }
        }
    }
}

/// What OpenAPI 3.0 requires and progenitor's reader refuses to do without: an operation's
/// `responses` (none documented), a response's `description` (documentation, `""` when
/// absent) and a request body's `content` (none). A `null` (a YAML key left empty) says
/// the same as the key left out.
fn give_what_openapi_requires(operation: &mut Map<String, Value>) {
    let is_unset = |value: Option<&Value>| matches!(value, None | Some(Value::Null));
    if is_unset(operation.get("responses")) {
        operation.insert("responses".into(), json!({}));
    }
    if let Some(Value::Object(responses)) = operation.get_mut("responses") {
        for response in responses.values_mut().filter_map(Value::as_object_mut) {
            if !response.contains_key("$ref") {
                response.entry("description").or_insert_with(|| json!(""));
                if response.get("content") == Some(&Value::Null) {
                    response.remove("content");
                }
            }
        }
    }
    if let Some(Value::Object(body)) = operation.get_mut("requestBody") {
        if !body.contains_key("$ref") && is_unset(body.get("content")) {
            body.insert("content".into(), json!({}));
        }
    }
}

/// JSON content without a schema is any JSON value, which is what `{}` says; an `encoding`
/// applies to multipart and form bodies only, so progenitor's refusal of it on JSON says
/// nothing about the values.
fn give_schemaless_json_any_schema(operation: &mut Map<String, Value>) {
    let restate = |content: &mut Value| {
        let Value::Object(content) = content else { return };
        for (media_type, media) in content.iter_mut() {
            if let (true, Value::Object(media)) = (is_json(media_type), media) {
                media.remove("encoding");
                media.entry("schema").or_insert_with(|| json!({}));
            }
        }
    };
    if let Some(content) = operation.get_mut("requestBody").and_then(|body| body.get_mut("content")) {
        restate(content);
    }
    if let Some(Value::Object(responses)) = operation.get_mut("responses") {
        responses.values_mut().filter_map(|response| response.get_mut("content")).for_each(restate);
    }
}

/// Of a response's media types, the one the generated client reads as JSON: `application/json`
/// in any case and with any parameters, else the first `application/…+json` (RFC 9457's
/// `application/problem+json`, a vendor type); none when no body is JSON. The client reads
/// a body by its status, never by its `Content-Type`, so a server's label does not matter.
/// The wire engine reads a response by the same choice.
pub fn json_response_media_type<'a>(media_types: impl IntoIterator<Item = &'a String>) -> Option<&'a String> {
    let media_types: Vec<&String> = media_types.into_iter().collect();
    let plain = media_types.iter().find(|media_type| media_type_essence(media_type) == "application/json");
    let suffixed = || {
        media_types.iter().find(|media_type| {
            let essence = media_type_essence(media_type);
            essence.starts_with("application/") && essence.ends_with("+json")
        })
    };
    plain.or_else(suffixed).copied()
}

/// A response body in a JSON media type progenitor does not know by name (`+json`,
/// `Application/JSON`) is restated as `application/json`, so that it is read into its
/// schema's type where progenitor would hand over raw bytes: only when the response offers
/// no `application/json` as progenitor spells it, which it would choose itself.
fn read_json_suffixes_as_json(response: &mut Value) {
    let Some(Value::Object(content)) = response.get_mut("content") else { return };
    if content.keys().any(|media_type| is_json(media_type)) {
        return;
    }
    let Some(json) = json_response_media_type(content.keys()).cloned() else { return };
    if let Some(media) = content.remove(&json) {
        content.insert("application/json".into(), media);
    }
}

/// A media type without its parameters, in lower case (`Application/JSON; charset=utf-8` is
/// `application/json`), as media types compare. The wire engine keys bodies by it.
pub fn media_type_essence(media_type: &str) -> String {
    media_type.split(';').next().unwrap_or("").trim().to_ascii_lowercase()
}

/// Whether progenitor reads a media type as JSON: `application/json` as it spells it.
pub(super) fn is_json(media_type: &str) -> bool {
    let essence = media_type.split(';').next().unwrap_or("").trim();
    essence == "application/json"
}

/// Parameters as progenitor sends them. A path parameter is required (OpenAPI says so) and
/// named by the path; a parameter named by the path but not declared is a string. A
/// parameter progenitor cannot send (a cookie; a query parameter in a style other than
/// `form`; a header or an optional query parameter whose value is an object; one described
/// by `content`) is left out when optional; when required, why the operation cannot be
/// sent is the error.
fn parameters_progenitor_sends(
    operation: &mut Map<String, Value>,
    path: &str,
    at: &Site,
    notes: &mut Vec<String>,
) -> Result<(), String> {
    let in_template: Vec<String> = path_template_names(path);
    let parameters = match operation.get_mut("parameters") {
        Some(Value::Array(parameters)) => std::mem::take(parameters),
        _ => Vec::new(),
    };
    let mut kept = Vec::new();
    let mut declared_in_path = BTreeSet::new();
    // OpenAPI forbids a place and name twice; the first declaration is used, as schema-diff
    // reads it too.
    let mut declared: BTreeSet<(String, String)> = BTreeSet::new();
    // progenitor names each parameter's builder field and setter by its snake case.
    let mut rust_names: BTreeSet<String> = BUILDER_NAMES.iter().map(|n| n.to_string()).collect();
    for mut parameter in parameters {
        let resolved = at.resolved(&parameter).clone();
        let place = resolved.get("in").and_then(Value::as_str).unwrap_or("").to_string();
        let name = resolved.get("name").and_then(Value::as_str).unwrap_or("").to_string();
        let required = resolved.get("required") == Some(&Value::Bool(true));
        if !declared.insert((place.clone(), name.clone())) {
            notes.push(format!(
                "{}: the {place} parameter {name:?} is declared twice; the first declaration is used",
                at.pointer
            ));
            continue;
        }
        if place == "path" {
            if !in_template.contains(&name) {
                notes.push(format!("{}: the path parameter {name:?} is not in the path {path}; left out", at.pointer));
                continue;
            }
            declared_in_path.insert(name.clone());
            if !required {
                // Restated: a path parameter is always required.
                if parameter.get("$ref").is_some() {
                    parameter = resolved.clone();
                }
                parameter["required"] = Value::Bool(true);
            }
        }
        let rust_name = typify_snake(&name);
        let clash = rust_names
            .contains(&rust_name)
            .then(|| format!("its Rust name `{rust_name}` is another parameter's, or the builder's"));
        match clash.or_else(|| unsendable(&resolved, &place, at)) {
            None => {
                rust_names.insert(rust_name);
                kept.push(parameter);
            }
            Some(why) if !(required || place == "path") => {
                notes.push(format!("{}: the optional {place} parameter {name:?} is left out: {why}", at.pointer));
            }
            Some(why) => return Err(format!("its required {place} parameter {name:?} cannot be sent: {why}")),
        }
    }
    for name in in_template.iter().filter(|n| !declared_in_path.contains(*n)) {
        kept.push(json!({"name": name, "in": "path", "required": true, "schema": {"type": "string"}}));
        notes.push(format!("{}: the path names {{{name}}}, which no parameter declares; it is a string", at.pointer));
    }
    if !kept.is_empty() || operation.contains_key("parameters") {
        operation.insert("parameters".into(), Value::Array(kept));
    }
    Ok(())
}

/// The names a path template holds: `/pets/{id}` holds `id`.
fn path_template_names(path: &str) -> Vec<String> {
    let mut names = Vec::new();
    let mut rest = path;
    while let Some(open) = rest.find('{') {
        let Some(close) = rest[open..].find('}') else { break };
        names.push(rest[open + 1..open + close].to_string());
        rest = &rest[open + close + 1..];
    }
    names
}

/// Why progenitor cannot send a parameter, if it cannot.
fn unsendable(parameter: &Value, place: &str, at: &Site) -> Option<String> {
    let style = parameter.get("style").and_then(Value::as_str);
    let schema = parameter.get("schema").map(|s| at.resolved(s));
    if schema.is_none() {
        return Some(if parameter.get("content").is_some() {
            "it is described by `content`, which progenitor does not send".into()
        } else {
            "it has no schema".into()
        });
    }
    let is_object = schema.is_some_and(|s| holds_object(s, at, 0));
    let is_array = schema.is_some_and(|s| s.get("type").and_then(Value::as_str) == Some("array"));
    let required = parameter.get("required") == Some(&Value::Bool(true));
    match place {
        "cookie" => Some("progenitor sends no cookies".into()),
        "query" if style.is_some_and(|s| s != "form") => {
            Some(format!("progenitor sends query parameters in the `form` style, not `{}`", style.unwrap_or("")))
        }
        // `form` with `explode: false` sends a list as one value, `ids=a,b`; progenitor
        // sends each item as its own pair, `ids=a&ids=b`, which such a server reads as
        // something else (often the last item only).
        "query" if (is_array || is_object) && parameter.get("explode") == Some(&Value::Bool(false)) => {
            Some("progenitor sends each item as its own `name=value` pair, not one value (`explode: false`)".into())
        }
        "query" if is_object && !required => {
            Some("its value is an object, which progenitor sends only when required".into())
        }
        "header" if is_object || is_array => Some("its value is not one text, and a header carries one".into()),
        // The generated client names the header by a `&'static str`, which `http` parses
        // when the request is built: a name that is not a token would panic there.
        "header" if !is_http_token(parameter.get("name").and_then(Value::as_str).unwrap_or("")) => {
            Some("its name is not an HTTP header name (a token: letters, digits and !#$%&'*+-.^_`|~)".into())
        }
        "path" if style.is_some_and(|s| s != "simple") => {
            Some(format!("progenitor sends path parameters in the `simple` style, not `{}`", style.unwrap_or("")))
        }
        "path" if is_object || is_array => Some("its value is not one text, and a path segment is one".into()),
        "path" | "query" | "header" => None,
        other => Some(format!("`in: {other}` is not a place OpenAPI defines")),
    }
}

/// Whether `name` is an HTTP token (RFC 9110), which a header's name must be.
fn is_http_token(name: &str) -> bool {
    !name.is_empty() && name.bytes().all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b))
}

/// Whether a schema's values are objects (properties, `type: object`, or members that are).
fn holds_object(schema: &Value, at: &Site, depth: usize) -> bool {
    if depth > 16 {
        return false;
    }
    let schema = at.resolved(schema);
    schema.get("properties").is_some()
        || schema.get("type").and_then(Value::as_str) == Some("object")
        || schema
            .get("allOf")
            .and_then(Value::as_array)
            .is_some_and(|m| m.iter().any(|m| holds_object(m, at, depth + 1)))
}

/// The request body as progenitor sends it: one media type (JSON when offered, else the
/// first it can send; the others noted), with the schema that type implies. The error
/// says why it cannot be sent.
fn body_progenitor_sends(operation: &mut Map<String, Value>, at: &Site, notes: &mut Vec<String>) -> Result<(), String> {
    let Some(body) = operation.get("requestBody") else { return Ok(()) };
    let mut body = at.resolved(body).clone();
    let Some(Value::Object(content)) = body.get_mut("content") else { return Ok(()) };
    if content.is_empty() {
        return Ok(());
    }
    let chosen = SENDABLE_MEDIA_TYPES
        .iter()
        .find_map(|sendable| content.keys().find(|k| media_type_essence(k) == *sendable).cloned())
        .ok_or_else(|| match content.len() {
            1 => format!(
                "its request body is `{}`, which progenitor cannot send",
                content.keys().next().cloned().unwrap_or_default()
            ),
            n => format!("its request body has {n} media types and progenitor can send none of them"),
        })?;
    let dropped: Vec<String> = content.keys().filter(|k| **k != chosen).cloned().collect();
    if !dropped.is_empty() {
        content.retain(|k, _| *k == chosen);
        let shown = if is_json(&chosen) { "JSON" } else { chosen.as_str() };
        notes.push(format!(
            "{}/requestBody: {} sends its body as {shown}; the client does not offer {}",
            at.pointer,
            at.name,
            dropped.join(", ")
        ));
    }
    let Some(Value::Object(media)) = content.get_mut(&chosen) else { return Ok(()) };
    if media.remove("encoding").is_some() {
        notes.push(format!("{}/requestBody: the `encoding` of {chosen} is not applied", at.pointer));
    }
    let schema = media.get("schema").map(|s| at.resolved(s).clone());
    match media_type_essence(&chosen).as_str() {
        "application/octet-stream" => {
            let binary = json!({"type": "string", "format": "binary"});
            if schema.as_ref() != Some(&binary) {
                media.insert("schema".into(), binary);
            }
        }
        "text/plain" | "text/x-markdown" => {
            let plain = schema.as_ref().is_some_and(|s| {
                s.get("type").and_then(Value::as_str) == Some("string")
                    && ["format", "pattern", "enum", "minLength", "maxLength", "nullable", "default"]
                        .iter()
                        .all(|k| s.get(*k).is_none())
            });
            if !plain {
                media.insert("schema".into(), json!({"type": "string"}));
                notes.push(format!("{}/requestBody: the {chosen} body is any text", at.pointer));
            }
        }
        _ => {
            media.entry("schema").or_insert_with(|| json!({}));
        }
    }
    operation.insert("requestBody".into(), body);
    Ok(())
}

fn is_success_or_default(status: &str) -> bool {
    status == "default" || status == "101" || status.starts_with('2')
}

fn is_error_or_default(status: &str) -> bool {
    status == "default" || status.starts_with('4') || status.starts_with('5')
}

/// Error responses whose bodies disagree (ElevenLabs documents a 404 with no body beside a
/// typed 422) keep one body type: progenitor gives each operation one error type, and would
/// otherwise leave the whole operation out. A typed body is kept first, then raw bytes, then
/// the type most statuses share, then a component over an inline schema, then the type
/// most of the document's error responses use (ElevenLabs' `HTTPValidationError`), then
/// the lowest status's; never "no body", which progenitor would read by dropping the body. The other error statuses are left out of
/// the operation, so the client returns such a response whole, as
/// `Error::UnexpectedResponse`: status, headers and body. `default` is never left out (it
/// also stands for successes): the others give way to its body type.
fn one_error_body_type(operation: &mut Map<String, Value>, at: &Site, notes: &mut Vec<String>) {
    let Some(Value::Object(responses)) = operation.get("responses") else { return };
    let errors: Vec<(&String, String)> = responses
        .iter()
        .filter(|(status, _)| is_error_or_default(status))
        .map(|(status, response)| (status, response_kind(status, at.resolved(response))))
        .collect();
    let kinds: BTreeSet<&String> = errors.iter().map(|(_, kind)| kind).collect();
    if kinds.len() < 2 {
        return;
    }
    let kept = match errors.iter().find(|(status, _)| status.as_str() == "default") {
        Some((_, kind)) => kind.clone(),
        None => {
            let rank = |kind: &String| {
                let keeps_the_body = match kind.split(' ').next() {
                    Some("json") => 2,
                    Some("raw") => 1,
                    _ => 0,
                };
                let shared_by = errors.iter().filter(|(_, k)| k == kind).count();
                let component = kind.starts_with(r#"json {"$ref":"#);
                let lowest = errors.iter().filter(|(_, k)| k == kind).map(|(s, _)| s.as_str()).min().unwrap_or("");
                (keeps_the_body, shared_by, component, error_kind_uses(at, kind), std::cmp::Reverse(lowest.to_string()))
            };
            let best = kinds.iter().max_by_key(|kind| rank(kind));
            best.map(|kind| (*kind).clone()).unwrap_or_default()
        }
    };
    let (same, other): (Vec<_>, Vec<_>) = errors.iter().partition(|(_, kind)| *kind == kept);
    let statuses = |responses: Vec<&(&String, String)>| -> Vec<String> {
        responses.into_iter().map(|(status, _)| (*status).clone()).collect()
    };
    let (kept_statuses, odd) = (statuses(same), statuses(other));
    if let Some(Value::Object(responses)) = operation.get_mut("responses") {
        responses.retain(|status, _| !odd.contains(status));
    }
    // "403", "403 or 404", "403, 404 or 425".
    let either = match odd.split_last() {
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} or {last}", rest.join(", ")),
        None => return,
    };
    notes.push(format!(
        "{}/responses: {}: progenitor gives each operation one error type, that of {}; a {either}, whose body \
         type differs, comes back whole as `Error::UnexpectedResponse`",
        at.pointer,
        at.name,
        kept_statuses.join(", "),
    ));
}

/// How many error responses of the document's operations have a body of `kind`.
fn error_kind_uses(at: &Site, kind: &str) -> usize {
    let Some(Value::Object(paths)) = at.document.get("paths") else { return 0 };
    let operations =
        paths.values().filter_map(Value::as_object).flat_map(|item| METHODS.iter().filter_map(|m| item.get(*m)));
    operations
        .filter_map(|operation| operation.get("responses").and_then(Value::as_object))
        .flat_map(|responses| responses.iter().filter(|(status, _)| is_error_or_default(status)))
        .filter(|(status, response)| response_kind(status, at.resolved(response)) == kind)
        .count()
}

/// Why progenitor cannot give the operation one success type and one error type, if it
/// cannot. A response given as a `$ref` (`#/components/responses/NotFound`) is the one it
/// names, as progenitor reads it.
fn responses_of_one_type(operation: &Map<String, Value>, at: &Site) -> Option<String> {
    let responses = operation.get("responses").and_then(Value::as_object)?;
    for (category, in_category) in
        [("success", is_success_or_default as fn(&str) -> bool), ("error", is_error_or_default)]
    {
        let mut statuses: Vec<&String> = responses.keys().filter(|s| in_category(s)).collect();
        if statuses.iter().any(|s| s.eq_ignore_ascii_case("2XX")) {
            statuses.retain(|s| *s != "default");
        }
        let kinds: BTreeSet<String> = statuses.iter().map(|s| response_kind(s, at.resolved(&responses[*s]))).collect();
        if kinds.len() > 1 {
            let listed: Vec<&str> = statuses.iter().map(|s| s.as_str()).collect();
            return Some(format!(
                "its {category} responses ({}) have different body types, and progenitor gives each operation one",
                listed.join(", ")
            ));
        }
    }
    None
}

/// What progenitor makes of a response's body: a JSON type (by its schema), an upgrade,
/// raw bytes, or nothing.
fn response_kind(status: &str, response: &Value) -> String {
    let content = response.get("content").and_then(Value::as_object);
    match content.and_then(|c| c.iter().find(|(media_type, _)| is_json(media_type))) {
        Some((_, media)) => format!("json {}", media.get("schema").unwrap_or(&Value::Null)),
        None if status == "101" => "upgrade".into(),
        None if content.is_some_and(|c| !c.is_empty()) => "raw".into(),
        None => "none".into(),
    }
}

/// A note for each body that 3.2 describes item by item (`itemSchema`, kept by
/// normalization as `x-oas-itemSchema`) with no `schema`: progenitor, which reads 3.0, sees
/// an untyped body, which the client hands over as bytes.
fn untyped_item_streams(document: &Value) -> Vec<String> {
    let item_schema = format!("{}itemSchema", elevenlabs_spec::normalize::DEMOTED_PREFIX);
    let streams = elevenlabs_spec::pointers_where(document, &mut |at, media_type| {
        at.starts_with("/paths/") && media_type.contains_key(&item_schema) && !media_type.contains_key("schema")
    });
    streams
        .into_iter()
        .map(|at| format!("{at}: a stream described item by item (`itemSchema`, OpenAPI 3.2) is read as its bytes, untyped: progenitor reads 3.0"))
        .collect()
}

/// Every operation gets an `operationId` whose Rust method (progenitor's snake case) no
/// other operation and no method of `Client` has: a missing one is made from the method
/// and path (`get_pets_id`), a clashing one numbered. Returns a note for each.
fn give_each_operation_its_own_id(document: &mut Value) -> Vec<String> {
    let method_name = typify_snake;
    let Some(Value::Object(paths)) = document.get_mut("paths") else { return Vec::new() };
    let mut taken: BTreeSet<String> = CLIENT_METHODS.iter().map(|m| m.to_string()).collect();
    let mut notes = Vec::new();
    // Ids kept as written first, so that a made-up id never takes a written one's name.
    let mut pending = Vec::new();
    for (path, item) in paths.iter_mut() {
        for method in METHODS {
            let Some(Value::Object(operation)) = item.get_mut(method) else { continue };
            let id = operation.get("operationId").and_then(Value::as_str).unwrap_or("").to_string();
            if !id.is_empty() && taken.insert(method_name(&id)) {
                continue;
            }
            pending.push((path.clone(), method, id));
        }
    }
    for (path, method, id) in pending {
        let base = if id.is_empty() { format!("{method} {path}") } else { id.clone() };
        let chosen = distinct(method_name(&base), "_", &mut taken);
        let pointer = elevenlabs_spec::pointer::join(&elevenlabs_spec::pointer::join("/paths", &path), method);
        notes.push(if id.is_empty() {
            format!("{pointer}: the operation has no operationId; its method is `{chosen}`")
        } else {
            format!("{pointer}/operationId: {id:?} names a method another operation or `Client` has; its method is `{chosen}`")
        });
        if let Some(Value::Object(operation)) = paths.get_mut(&path).and_then(|item| item.get_mut(method)) {
            operation.insert("operationId".into(), Value::String(chosen));
        }
    }
    notes
}

#[cfg(test)]
mod tests {
    use super::*;

    fn operation(responses: Value, body: Option<Value>) -> Value {
        let mut operation = json!({"operationId": "op", "responses": responses});
        if let Some(content) = body {
            operation["requestBody"] = json!({"content": content});
        }
        operation
    }

    fn with_id(mut operation: Value, id: &str) -> Value {
        operation["operationId"] = json!(id);
        operation
    }

    #[test]
    fn what_progenitor_cannot_express_is_restated_or_left_out() {
        let json_of = |schema: Value| json!({"description": "", "content": {"application/json": {"schema": schema}}});
        let user = json!({"$ref": "#/components/schemas/User"});
        let invalid = json!({"$ref": "#/components/schemas/Invalid"});
        let mut document = json!({"paths": {
            "/upload": {"post": with_id(operation(json!({"200": json_of(user.clone())}), Some(json!({"multipart/form-data": {"schema": {}}}))), "upload")},
            "/both": {"post": with_id(operation(json!({"200": json_of(user.clone())}),
                Some(json!({"application/json": {"schema": {}}, "application/x-yaml": {"schema": {}}}))), "both")},
            "/errors": {"get": with_id(operation(json!({"200": json_of(user.clone()), "404": {"description": ""}, "422": json_of(invalid.clone())}), None), "errors")},
            "/schemaless": {"get": with_id(operation(json!({"200": {"description": "", "content": {"application/json": {}}}}), None), "schemaless"),
                            "delete": with_id(operation(json!({"204": {"description": ""}, "422": json_of(invalid)}), None), "delete_it")}
        }});
        let notes = express_for_progenitor(&mut document);
        assert_eq!(notes, [
            "/paths/~1both/post/requestBody: POST /both sends its body as JSON; the client does not offer application/x-yaml",
            "/paths/~1errors/get/responses: GET /errors: progenitor gives each operation one error type, that of 422; a 404, whose body type differs, comes back whole as `Error::UnexpectedResponse`",
            "/paths/~1upload/post: POST /upload is left out of the client: its request body is `multipart/form-data`, which progenitor cannot send",
        ]);
        let paths = document["paths"].as_object().unwrap();
        assert_eq!(paths.keys().collect::<Vec<_>>(), ["/both", "/errors", "/schemaless"]);
        let kept: Vec<&String> = paths["/errors"]["get"]["responses"].as_object().unwrap().keys().collect();
        assert_eq!(kept, ["200", "422"]);
        assert_eq!(
            document.pointer("/paths/~1schemaless/get/responses/200/content/application~1json/schema"),
            Some(&json!({}))
        );
    }

    #[test]
    fn error_responses_keep_the_body_type_that_keeps_bodies_then_the_most_shared() {
        let json_of =
            |schema: &str| json!({"description": "", "content": {"application/json": {"schema": {"$ref": schema}}}});
        let bare = json!({"description": ""});
        let raw = json!({"description": "", "content": {"text/plain": {}}});
        let ok = json!({"description": ""});
        let kept = |responses: Value| {
            let mut document = json!({"paths": {"/x": {"get": with_id(operation(responses, None), "x")}}});
            let notes = express_for_progenitor(&mut document);
            let statuses = document
                .pointer("/paths/~1x/get/responses")
                .and_then(Value::as_object)
                .map(|responses| responses.keys().cloned().collect::<Vec<_>>());
            (statuses, notes)
        };
        let invalid = json_of("#/components/schemas/Invalid");
        let other = json_of("#/components/schemas/Other");
        // Three bare statuses beside one typed: the typed one stays; a bare one drops bodies.
        let (statuses, notes) = kept(json!({"200": ok, "403": bare, "404": bare, "425": bare, "422": invalid}));
        assert_eq!(statuses.unwrap(), ["200", "422"]);
        assert!(notes[0].ends_with("that of 422; a 403, 404 or 425, whose body type differs, comes back whole as `Error::UnexpectedResponse`"), "{notes:?}");
        // Two typed bodies: the one more statuses share, then a component, then the lowest
        // status's (the document-wide count has its own test below).
        let (statuses, _) = kept(json!({"200": ok, "400": other, "409": invalid, "422": invalid}));
        assert_eq!(statuses.unwrap(), ["200", "409", "422"]);
        let (statuses, _) = kept(
            json!({"200": ok, "400": {"description": "", "content": {"application/json": {"schema": {"type": "object"}}}}, "422": invalid}),
        );
        assert_eq!(statuses.unwrap(), ["200", "422"]);
        let (statuses, _) = kept(json!({"200": ok, "400": other, "422": invalid}));
        assert_eq!(statuses.unwrap(), ["200", "400"]);
        // Raw bytes keep the body too, before no body at all.
        let (statuses, _) = kept(json!({"200": ok, "404": bare, "500": raw}));
        assert_eq!(statuses.unwrap(), ["200", "500"]);
        // `default` also stands for successes: the others give way to its body type.
        let (statuses, _) = kept(json!({"200": invalid, "404": bare, "default": invalid}));
        assert_eq!(statuses.unwrap(), ["200", "default"]);
        let (statuses, _) = kept(json!({"200": ok, "404": invalid, "422": invalid, "default": bare}));
        assert_eq!(statuses.unwrap(), ["200", "default"]);
    }

    #[test]
    fn error_bodies_tied_in_an_operation_keep_the_type_the_document_uses_most() {
        let json_of =
            |schema: &str| json!({"description": "", "content": {"application/json": {"schema": {"$ref": schema}}}});
        let (invalid, other) = (json_of("#/components/schemas/Invalid"), json_of("#/components/schemas/Other"));
        let ok = json!({"description": ""});
        let mut document = json!({"paths": {
            "/compile": {"post": with_id(operation(json!({"200": ok, "400": other, "422": invalid}), None), "compile")},
            "/a": {"get": with_id(operation(json!({"200": ok, "422": invalid}), None), "a")},
        }});
        express_for_progenitor(&mut document);
        let kept: Vec<&String> =
            document["paths"]["/compile"]["post"]["responses"].as_object().unwrap().keys().collect();
        assert_eq!(kept, ["200", "422"]);
    }

    #[test]
    fn responses_given_by_reference_are_read_as_the_ones_they_name() {
        let json_of =
            |schema: &str| json!({"description": "", "content": {"application/json": {"schema": {"$ref": schema}}}});
        let mut document = json!({"paths": {"/r": {"post": with_id(operation(json!({
                "200": {"$ref": "#/components/responses/Ok"}, "default": {"$ref": "#/components/responses/Failed"}}), None), "r")}},
            "components": {"responses": {"Ok": json_of("#/components/schemas/User"), "Failed": json_of("#/components/schemas/Error")}}});
        let notes = express_for_progenitor(&mut document);
        assert_eq!(notes, ["/paths/~1r/post: POST /r is left out of the client: its success responses (200, default) have different body types, and progenitor gives each operation one"]);
    }

    #[test]
    fn what_openapi_requires_is_given() {
        let mut document = json!({"paths": {"/a": {"post": {"operationId": "a",
            "requestBody": {"required": false},
            "responses": {"200": {"content": {"application/json": {"schema": {}}}}}}}}});
        let notes = express_for_progenitor(&mut document);
        assert!(notes.is_empty(), "{notes:?}");
        let operation = &document["paths"]["/a"]["post"];
        assert_eq!(operation["responses"]["200"]["description"], json!(""));
        assert_eq!(operation["requestBody"]["content"], json!({}));
    }

    #[test]
    fn path_parameters_are_required_and_named_by_the_path() {
        let ok = json!({"200": {"description": ""}});
        let mut document = json!({"paths": {"/pets/{id}/{kind}": {
            "parameters": [{"name": "id", "in": "path", "schema": {"type": "integer"}}],
            "get": {"operationId": "pet", "responses": ok, "parameters": [
                {"name": "gone", "in": "path", "required": true, "schema": {"type": "string"}}
            ]}
        }}});
        let notes = express_for_progenitor(&mut document);
        let parameters = &document["paths"]["/pets/{id}/{kind}"]["get"]["parameters"];
        assert_eq!(
            parameters,
            &json!([
                {"name": "id", "in": "path", "required": true, "schema": {"type": "integer"}},
                {"name": "kind", "in": "path", "required": true, "schema": {"type": "string"}}
            ])
        );
        assert_eq!(notes, [
            "/paths/~1pets~1{id}~1{kind}/get: the path parameter \"gone\" is not in the path /pets/{id}/{kind}; left out",
            "/paths/~1pets~1{id}~1{kind}/get: the path names {kind}, which no parameter declares; it is a string",
        ]);
        assert!(document["paths"]["/pets/{id}/{kind}"].get("parameters").is_none(), "shared ones moved in");
    }

    #[test]
    fn a_query_operation_is_left_out_with_a_note() {
        let document = json!({"openapi": "3.2.0", "info": {"title": "t", "version": "1"}, "paths": {"/search": {
            "get": {"operationId": "find", "responses": {"200": {"description": ""}}},
            "query": {"operationId": "search", "responses": {"200": {"description": ""}}}
        }}});
        let mut document = elevenlabs_spec::normalize(&document).unwrap();
        let notes = express_for_progenitor(&mut document);
        assert_eq!(
            notes,
            ["/paths/~1search/query: QUERY /search is left out of the client: OpenAPI 3.0, which progenitor reads, has no QUERY method"]
        );
        let item = document["paths"]["/search"].as_object().unwrap();
        assert_eq!(item.keys().collect::<Vec<_>>(), ["get"]);
    }

    #[test]
    fn an_additional_operation_is_left_out_with_a_note() {
        let document = json!({"openapi": "3.2.0", "info": {"title": "t", "version": "1"}, "paths": {"/files": {
            "get": {"operationId": "list", "responses": {"200": {"description": ""}}},
            "additionalOperations": {"COPY": {"operationId": "copy", "responses": {"200": {"description": ""}}}}
        }}});
        let mut document = elevenlabs_spec::normalize(&document).unwrap();
        let notes = express_for_progenitor(&mut document);
        assert_eq!(
            notes,
            ["/paths/~1files/additionalOperations/COPY: COPY /files is left out of the client: OpenAPI 3.0, which progenitor reads, has only its fixed methods"]
        );
        let item = document["paths"]["/files"].as_object().unwrap();
        assert_eq!(item.keys().collect::<Vec<_>>(), ["get"]);
    }

    #[test]
    fn parameters_progenitor_cannot_send_are_left_out_or_leave_the_operation_out() {
        let ok = json!({"200": {"description": ""}});
        let object = json!({"type": "object", "properties": {"a": {"type": "string"}}});
        let mut document = json!({"paths": {
            "/a": {"get": {"operationId": "a", "responses": ok, "parameters": [
                {"name": "session", "in": "cookie", "schema": {"type": "string"}},
                {"name": "filter", "in": "query", "style": "deepObject", "schema": object},
                {"name": "x-meta", "in": "header", "schema": object},
                {"name": "q", "in": "query", "schema": {"type": "string"}},
                {"name": "x trace", "in": "header", "schema": {"type": "string"}},
                {"name": "x-é", "in": "header", "schema": {"type": "string"}},
                {"name": "X-Request-Id", "in": "header", "schema": {"type": "string"}},
                {"name": "ids", "in": "query", "explode": false, "schema": {"type": "array", "items": {"type": "string"}}},
                {"name": "tags", "in": "query", "explode": true, "schema": {"type": "array", "items": {"type": "string"}}}
            ]}},
            "/b": {"get": {"operationId": "b", "responses": ok, "parameters": [
                {"name": "x-meta", "in": "header", "required": true, "schema": {"$ref": "#/components/schemas/Meta"}}
            ]}}
        }, "components": {"schemas": {"Meta": object}}});
        let notes = express_for_progenitor(&mut document);
        let kept: Vec<&str> = document["paths"]["/a"]["get"]["parameters"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|p| p["name"].as_str())
            .collect();
        assert_eq!(kept, ["q", "X-Request-Id", "tags"]);
        assert!(document["paths"].get("/b").is_none());
        assert_eq!(notes.len(), 7, "{notes:#?}");
        assert!(notes.iter().any(|n| n.contains("\"ids\" is left out: progenitor sends each item as its own")));
        assert!(notes.iter().any(|n| n.contains("\"x trace\" is left out: its name is not an HTTP header name")));
        assert!(notes[0].contains("the optional cookie parameter \"session\" is left out: progenitor sends no cookies"));
        assert!(notes[6]
            .contains("GET /b is left out of the client: its required header parameter \"x-meta\" cannot be sent"));
    }

    #[test]
    fn a_stream_typed_item_by_item_is_noted() {
        let document = json!({"paths": {"/events": {"get": {"responses": {"200": {"content": {
            "text/event-stream": {"x-oas-itemSchema": {"type": "object"}},
            "application/json": {"schema": {"type": "object"}, "x-oas-itemSchema": {}}
        }}}}}}});
        let notes = untyped_item_streams(&document);
        assert_eq!(notes.len(), 1, "{notes:?}");
        assert!(
            notes[0].starts_with("/paths/~1events/get/responses/200/content/text~1event-stream: a stream"),
            "{notes:?}"
        );
    }

    #[test]
    fn json_by_a_suffix_or_in_capitals_is_read_as_json_when_no_plain_json_is_offered() {
        let schema = json!({"type": "integer"});
        let read = |content: Value| {
            let mut response = json!({"description": "", "content": content});
            read_json_suffixes_as_json(&mut response);
            response["content"].as_object().unwrap().keys().cloned().collect::<Vec<_>>()
        };
        assert_eq!(read(json!({"application/problem+json": {"schema": schema}})), ["application/json"]);
        assert_eq!(read(json!({"Application/JSON; charset=utf-8": {}})), ["application/json"]);
        let both = json!({"application/hal+json": {}, "application/json;charset=utf-8": {}});
        assert_eq!(read(both), ["application/hal+json", "application/json;charset=utf-8"], "progenitor's own choice");
        for not_json in ["text/json-seq", "application/json-seq", "image/svg+xml", "text/plain+json"] {
            assert_eq!(read(json!({not_json: {}})), [not_json]);
        }
    }

    /// A place and name declared twice (which OpenAPI forbids) keeps its first declaration,
    /// as schema-diff reads it, whether the second is required or not: the operation stays.
    #[test]
    fn a_parameter_declared_twice_keeps_its_first_declaration() {
        let ok = json!({"200": {"description": ""}});
        let page = |required: bool| json!({"name": "page", "in": "query", "required": required, "schema": {"type": "integer"}});
        for (first, second) in [(false, true), (true, false)] {
            let mut document = json!({"paths": {"/a": {"get": {"operationId": "a", "responses": ok,
                "parameters": [page(first), page(second)]}}}});
            let notes = express_for_progenitor(&mut document);
            let kept = &document["paths"]["/a"]["get"]["parameters"];
            assert_eq!(kept, &json!([page(first)]), "{notes:#?}");
            assert_eq!(notes.len(), 1, "{notes:#?}");
            assert!(notes[0].contains("the query parameter \"page\" is declared twice; the first declaration is used"));
        }
    }

    #[test]
    fn bodies_are_sent_as_one_media_type_with_the_schema_it_implies() {
        let ok = json!({"200": {"description": ""}});
        let mut document = json!({"paths": {
            "/raw": {"post": {"operationId": "raw", "responses": ok, "requestBody": {"content": {
                "application/octet-stream": {"schema": {"type": "string"}},
                "text/plain": {"schema": {"type": "string"}}
            }}}},
            "/text": {"post": {"operationId": "text", "responses": ok, "requestBody": {"content": {
                "text/plain": {"schema": {"type": "string", "maxLength": 10}}
            }}}},
            "/form": {"post": {"operationId": "form", "responses": ok, "requestBody": {"content": {
                "application/x-www-form-urlencoded": {"schema": {"type": "object"}, "encoding": {"a": {"style": "form"}}}
            }}}}
        }});
        let notes = express_for_progenitor(&mut document);
        let body = |path: &str| document["paths"][path]["post"]["requestBody"]["content"].clone();
        assert_eq!(
            body("/raw"),
            json!({"application/octet-stream": {"schema": {"type": "string", "format": "binary"}}})
        );
        assert_eq!(body("/text"), json!({"text/plain": {"schema": {"type": "string"}}}));
        assert_eq!(body("/form"), json!({"application/x-www-form-urlencoded": {"schema": {"type": "object"}}}));
        assert_eq!(notes.len(), 3, "{notes:#?}");
    }

    #[test]
    fn every_operation_names_its_own_method() {
        let ok = json!({"200": {"description": ""}});
        let mut document = json!({"paths": {
            "/pets/{id}": {"get": {"responses": ok, "parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "string"}}]},
                           "put": {"operationId": "getPet", "responses": ok, "parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "string"}}]}},
            "/a": {"get": {"operationId": "get_pet", "responses": ok}, "post": {"operationId": "new", "responses": ok}}
        }});
        let notes = express_for_progenitor(&mut document);
        let id =
            |path: &str, method: &str| document["paths"][path][method]["operationId"].as_str().unwrap().to_string();
        assert_eq!(id("/a", "get"), "get_pet", "the first keeps its id");
        assert_eq!(id("/pets/{id}", "put"), "get_pet_2");
        assert_eq!(id("/pets/{id}", "get"), "get_pets_id");
        assert_eq!(id("/a", "post"), "new_2", "`Client::new` is taken");
        assert_eq!(notes.len(), 3, "{notes:#?}");
    }
}
