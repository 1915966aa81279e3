//! Operations compared part by part: matched across documents (also when only the names
//! of their path parameters changed), then their id, deprecation, parameters, request
//! body and responses, every media type of each body.

use std::collections::{BTreeMap, BTreeSet};

use elevenlabs_spec::{callback_operations, operations, webhook_operations, OperationRef};
use serde_json::{json, Value};

use super::schemas::Pair;
use super::view::any_value;
use super::{Aspect, Differ, Facts, Location, Presence, Site};

/// An operation of BASE, of HEAD, or of both.
pub(super) struct OperationPair {
    pub(super) base: Option<OperationRef>,
    pub(super) head: Option<OperationRef>,
}

/// The operations of both documents, paired: by method and path, then, among those left,
/// by method and the path with its parameters unnamed (`/pets/{id}` and `/pets/{petId}`
/// are one operation on the wire) when exactly one of each side has it.
pub(super) fn pairs(base: &Value, head: &Value) -> elevenlabs_spec::Result<Vec<OperationPair>> {
    let every = |document| -> elevenlabs_spec::Result<BTreeSet<OperationRef>> {
        let mut every = operations(document);
        every.extend(webhook_operations(document));
        every.extend(callback_operations(document, &every)?);
        Ok(every.into_iter().collect())
    };
    let (base_ops, head_ops) = (every(base)?, every(head)?);
    let mut pairs: Vec<OperationPair> = base_ops
        .intersection(&head_ops)
        .map(|o| OperationPair { base: Some(o.clone()), head: Some(o.clone()) })
        .collect();
    let unnamed = OperationRef::unnamed;
    let mut only_base: BTreeMap<_, Vec<OperationRef>> = BTreeMap::new();
    for o in base_ops.difference(&head_ops) {
        only_base.entry(unnamed(o)).or_default().push(o.clone());
    }
    let mut only_head: BTreeMap<_, Vec<OperationRef>> = BTreeMap::new();
    for o in head_ops.difference(&base_ops) {
        only_head.entry(unnamed(o)).or_default().push(o.clone());
    }
    for (key, base_side) in &only_base {
        match (base_side.as_slice(), only_head.get(key).map(Vec::as_slice)) {
            ([b], Some([h])) => pairs.push(OperationPair { base: Some(b.clone()), head: Some(h.clone()) }),
            _ => pairs.extend(base_side.iter().map(|b| OperationPair { base: Some(b.clone()), head: None })),
        }
    }
    for (key, head_side) in &only_head {
        if !matches!((only_base.get(key).map(Vec::as_slice), head_side.as_slice()), (Some([_]), [_])) {
            pairs.extend(head_side.iter().map(|h| OperationPair { base: None, head: Some(h.clone()) }));
        }
    }
    pairs.sort_by(|a, b| {
        let key = |p: &OperationPair| p.head.clone().or_else(|| p.base.clone());
        key(a).cmp(&key(b))
    });
    Ok(pairs)
}

/// The names a path template holds, in order.
fn template_names(path: &str) -> Vec<String> {
    path.split('{').skip(1).filter_map(|rest| rest.split_once('}').map(|(name, _)| name.to_string())).collect()
}

/// How a location names a media type: `application/json` goes unsaid.
fn shown_media_type(essence: &str) -> Option<String> {
    (essence != "application/json").then(|| essence.to_string())
}

/// BASE's header parameters under HEAD's spelling where the two differ in case alone and
/// the generated setter keeps its name: header names are case-insensitive, so
/// `Xi-Api-Key` is the same parameter as `xi-api-key`. A respelling that renames the setter
/// (`XRequestID` to `xrequestid`) stays a removal and an addition, which say so.
fn respell_headers<V>(base: &mut BTreeMap<(String, String), V>, head: &BTreeMap<(String, String), V>) {
    let respelled: Vec<((String, String), (String, String))> = base
        .keys()
        .filter(|key| key.0 == "header" && !head.contains_key(*key))
        .filter_map(|key| {
            let same = |other: &&(String, String)| {
                other.0 == "header"
                    && other.1.eq_ignore_ascii_case(&key.1)
                    && elevenlabs_codegen::rust_snake_name(&other.1) == elevenlabs_codegen::rust_snake_name(&key.1)
            };
            let spelled = head.keys().filter(|other| !base.contains_key(*other)).find(same)?;
            Some((key.clone(), spelled.clone()))
        })
        .collect();
    for (from, to) in respelled {
        if let Some(parameter) = base.remove(&from) {
            base.insert(to, parameter);
        }
    }
}

impl<'a> Differ<'a> {
    /// An operation of either document: added, removed, or compared part by part.
    pub(super) fn operation(&mut self, pair: &OperationPair) {
        let (base, head) = (self.base, self.head);
        let named = pair.head.clone().or_else(|| pair.base.clone());
        let Some(operation) = named else { return };
        let site = Site { operation: operation.clone(), location: Location::Operation };
        let at = |document: &'a Value, o: &Option<OperationRef>| {
            o.as_ref().and_then(|o| o.find_in(document)).map(|(operation, _)| operation)
        };
        match (at(base, &pair.base), at(head, &pair.head)) {
            (Some(_), None) => {
                self.push_site(&site, Aspect::Operation(Presence::Removed), Facts::default(), None, None)
            }
            (None, Some(_)) => self.push_site(&site, Aspect::Operation(Presence::Added), Facts::default(), None, None),
            (Some(b), Some(h)) => {
                let renamed = self.path_parameter_names(&operation, pair);
                let id = |o: &Value| o.get("operationId").cloned();
                if id(b) != id(h) {
                    self.push_site(&site, Aspect::OperationId, Facts::default(), id(b), id(h));
                }
                let deprecated = |o: &Value| o.get("deprecated") == Some(&Value::Bool(true));
                if deprecated(b) != deprecated(h) {
                    let values = (Some(Value::Bool(deprecated(b))), Some(Value::Bool(deprecated(h))));
                    self.push_site(&site, Aspect::Deprecated(deprecated(h)), Facts::default(), values.0, values.1);
                }
                self.security(&site, b, h);
                self.parameters(&operation, pair, b, h, &renamed);
                self.request_body(&operation, b, h);
                self.responses(&operation, b, h);
            }
            (None, None) => {}
        }
    }

    fn push_site(&mut self, site: &Site, aspect: Aspect, facts: Facts, before: Option<Value>, after: Option<Value>) {
        self.found.push(site.difference(aspect, facts, before, after));
    }

    /// Path parameters renamed in the template, BASE's name to HEAD's, each reported.
    fn path_parameter_names(&mut self, operation: &OperationRef, pair: &OperationPair) -> BTreeMap<String, String> {
        let (Some(base), Some(head)) = (&pair.base, &pair.head) else { return BTreeMap::new() };
        let mut renamed = BTreeMap::new();
        for (before, after) in template_names(&base.path).into_iter().zip(template_names(&head.path)) {
            if before != after {
                let site = Site {
                    operation: operation.clone(),
                    location: Location::Parameter { place: "path".into(), name: after.clone() },
                };
                self.push_site(
                    &site,
                    Aspect::PathParameterName,
                    Facts::default(),
                    Some(json!(before)),
                    Some(json!(after)),
                );
                renamed.insert(before, after);
            }
        }
        renamed
    }

    /// The parameters of an operation in one document, its path item's (at the JSON
    /// pointer `item`) included, by place and name (a renamed path parameter under its
    /// HEAD name). The operation's own declaration wins over its path item's; within one
    /// list, where OpenAPI forbids a place and name twice, the first declaration wins, as
    /// codegen reads it.
    fn parameter_map(
        document: &'a Value,
        item: &str,
        operation: &'a Value,
        renamed: &BTreeMap<String, String>,
    ) -> BTreeMap<(String, String), &'a Value> {
        let declared = |list: Option<&'a Value>| {
            let mut map = BTreeMap::new();
            for p in list.and_then(Value::as_array).into_iter().flatten() {
                let Some(p) = elevenlabs_spec::dereferenced(document, p) else { continue };
                let text = |key| p.get(key).and_then(Value::as_str);
                let (Some(place), Some(name)) = (text("in"), text("name")) else { continue };
                let name = if place == "path" { renamed.get(name).map_or(name, String::as_str) } else { name };
                map.entry((place.to_string(), name.to_string())).or_insert(p);
            }
            map
        };
        let path_level = document.pointer(&format!("{item}/parameters"));
        let mut parameters = declared(path_level);
        parameters.extend(declared(operation.get("parameters")));
        parameters
    }

    fn parameters(
        &mut self,
        operation: &OperationRef,
        pair: &OperationPair,
        b: &'a Value,
        h: &'a Value,
        renamed: &BTreeMap<String, String>,
    ) {
        let base_item = pair.base.as_ref().unwrap_or(operation).item_pointer();
        let mut base_parameters = Self::parameter_map(self.base, &base_item, b, renamed);
        let head_parameters = Self::parameter_map(self.head, &operation.item_pointer(), h, &BTreeMap::new());
        respell_headers(&mut base_parameters, &head_parameters);
        let keys: BTreeSet<&(String, String)> = base_parameters.keys().chain(head_parameters.keys()).collect();
        let required = |p: &Value| p.get("required") == Some(&Value::Bool(true));
        for key @ (place, name) in keys {
            let site = Site {
                operation: operation.clone(),
                location: Location::Parameter { place: place.clone(), name: name.clone() },
            };
            match (base_parameters.get(key), head_parameters.get(key)) {
                (Some(b), None) => {
                    let facts = Facts { was_required: required(b), ..Facts::default() };
                    self.push_site(&site, Aspect::Parameter(Presence::Removed), facts, None, None);
                }
                (None, Some(h)) => {
                    let facts = Facts { required: required(h), narrowed: required(h), ..Facts::default() };
                    let after = Some(Value::Bool(required(h)));
                    self.push_site(&site, Aspect::Parameter(Presence::Added), facts, None, after);
                }
                (Some(b), Some(h)) => self.parameter(&site, b, h),
                (None, None) => {}
            }
        }
    }

    /// A parameter in both documents: required-ness, style, annotations, and its whole
    /// schema, compared as a body's is.
    fn parameter(&mut self, site: &Site, b: &'a Value, h: &'a Value) {
        let required = |p: &Value| p.get("required") == Some(&Value::Bool(true));
        if required(b) != required(h) {
            let facts =
                Facts { required: required(h), was_required: required(b), narrowed: required(h), ..Facts::default() };
            let values = (Some(Value::Bool(required(b))), Some(Value::Bool(required(h))));
            self.push_site(site, Aspect::ParameterRequired(required(h)), facts, values.0, values.1);
        }
        let style = |p: &Value| {
            let style = p.get("style").and_then(Value::as_str).unwrap_or("").to_string();
            let explode = p.get("explode").and_then(Value::as_bool);
            (style, explode)
        };
        if style(b) != style(h) {
            let text = |(style, explode): (String, Option<bool>)| json!({"style": if style.is_empty() { Value::Null } else { json!(style) }, "explode": explode});
            let facts = Facts { widened: true, narrowed: true, required: required(h), ..Facts::default() };
            self.push_site(site, Aspect::ParameterStyle, facts, Some(text(style(b))), Some(text(style(h))));
        }
        self.described_value(site, b, h);
    }

    /// What a parameter and a response header share: `deprecated`, the description, and
    /// the whole schema (or the one of its `content`), compared as a body's is.
    fn described_value(&mut self, site: &Site, b: &'a Value, h: &'a Value) {
        let deprecated = |p: &Value| p.get("deprecated") == Some(&Value::Bool(true));
        if deprecated(b) != deprecated(h) {
            let now = deprecated(h);
            self.push_site(site, Aspect::Deprecated(now), Facts::default(), Some(json!(!now)), Some(json!(now)));
        }
        let description = |p: &Value| p.get("description").and_then(Value::as_str).map(str::trim).map(String::from);
        if description(b) != description(h) {
            let (before, after) = (description(b).map(Value::String), description(h).map(Value::String));
            self.push_site(site, Aspect::Description, Facts::default(), before, after);
        }
        let schema =
            |p: &'a Value| p.get("schema").or_else(|| p.get("content")?.as_object()?.values().next()?.get("schema"));
        if schema(b).is_some() || schema(h).is_some() {
            let (base, head) = (schema(b).unwrap_or(any_value()), schema(h).unwrap_or(any_value()));
            // Written as text by its style (not as JSON under `content`, nor as `deepObject`).
            let by_style =
                |p: &Value| p.get("schema").is_some() && p.get("style").and_then(Value::as_str) != Some("deepObject");
            self.root(site, Pair { base, head }, by_style(b) && by_style(h));
        }
    }

    /// The headers of one response in both documents, by name without case (OpenAPI
    /// ignores a `Content-Type` header there, and so does this): added, removed, or
    /// compared as a parameter is.
    fn response_headers(&mut self, operation: &OperationRef, status: &str, base: &'a Value, head: &'a Value) {
        let headers = |document: &'a Value, response: &'a Value| -> BTreeMap<String, (&'a str, &'a Value)> {
            let declared = response.get("headers").and_then(Value::as_object).into_iter().flatten();
            declared
                .filter(|(name, _)| !name.eq_ignore_ascii_case("content-type"))
                .filter_map(|(name, header)| {
                    Some((name.to_ascii_lowercase(), (name.as_str(), elevenlabs_spec::dereferenced(document, header)?)))
                })
                .collect()
        };
        let (before, after) = (headers(self.base, base), headers(self.head, head));
        let names: BTreeSet<&String> = before.keys().chain(after.keys()).collect();
        let required = |header: &Value| header.get("required") == Some(&Value::Bool(true));
        for key in names {
            let (was, is) = (before.get(key), after.get(key));
            let name = is.or(was).map_or(key.as_str(), |(name, _)| name).to_string();
            let location = Location::ResponseHeader { status: status.to_string(), name };
            let site = Site { operation: operation.clone(), location };
            match (was, is) {
                (Some((_, b)), None) => {
                    let facts = Facts { was_required: required(b), ..Facts::default() };
                    self.push_site(&site, Aspect::ResponseHeader(Presence::Removed), facts, None, None);
                }
                (None, Some((_, h))) => {
                    let facts = Facts { required: required(h), ..Facts::default() };
                    let after = Some(Value::Bool(required(h)));
                    self.push_site(&site, Aspect::ResponseHeader(Presence::Added), facts, None, after);
                }
                (Some((_, b)), Some((_, h))) => {
                    if required(b) != required(h) {
                        let facts = Facts { required: required(h), was_required: required(b), ..Facts::default() };
                        let values = (Some(Value::Bool(required(b))), Some(Value::Bool(required(h))));
                        self.push_site(&site, Aspect::ResponseHeaderRequired(required(h)), facts, values.0, values.1);
                    }
                    self.described_value(&site, b, h);
                }
                (None, None) => {}
            }
        }
    }

    fn request_body(&mut self, operation: &OperationRef, b: &'a Value, h: &'a Value) {
        let body = |document: &'a Value, o: &'a Value| elevenlabs_spec::dereferenced(document, o.get("requestBody")?);
        let site = Site { operation: operation.clone(), location: Location::RequestBody { media_type: None } };
        let required = |body: &Value| body.get("required") == Some(&Value::Bool(true));
        match (body(self.base, b), body(self.head, h)) {
            (Some(_), None) => {
                self.push_site(&site, Aspect::RequestBody(Presence::Removed), Facts::default(), None, None)
            }
            (None, Some(body)) => {
                let facts = Facts { required: required(body), narrowed: required(body), ..Facts::default() };
                self.push_site(&site, Aspect::RequestBody(Presence::Added), facts, None, None);
            }
            (Some(base), Some(head)) => {
                if required(base) != required(head) {
                    let (was, now) = (required(base), required(head));
                    let facts = Facts { required: now, was_required: was, narrowed: now, ..Facts::default() };
                    let aspect = Aspect::RequestBodyRequired(now);
                    self.push_site(&site, aspect, facts, Some(Value::Bool(was)), Some(Value::Bool(now)));
                }
                self.contents(operation, base, head, &|media_type| Location::RequestBody { media_type });
            }
            (None, None) => {}
        }
    }

    fn responses(&mut self, operation: &OperationRef, b: &'a Value, h: &'a Value) {
        let responses = |document: &'a Value, o: &'a Value| -> BTreeMap<String, &'a Value> {
            o.get("responses")
                .and_then(Value::as_object)
                .into_iter()
                .flatten()
                .filter_map(|(status, response)| {
                    Some((status.clone(), elevenlabs_spec::dereferenced(document, response)?))
                })
                .collect()
        };
        let (base_responses, head_responses) = (responses(self.base, b), responses(self.head, h));
        let statuses: BTreeSet<&String> = base_responses.keys().chain(head_responses.keys()).collect();
        for status in statuses {
            let site = Site { operation: operation.clone(), location: Location::response(status) };
            match (base_responses.get(status), head_responses.get(status)) {
                (Some(_), None) => {
                    self.push_site(&site, Aspect::Response(Presence::Removed), Facts::default(), None, None)
                }
                (None, Some(_)) => {
                    self.push_site(&site, Aspect::Response(Presence::Added), Facts::default(), None, None)
                }
                (Some(base), Some(head)) => {
                    self.response_headers(operation, status, base, head);
                    let status = status.clone();
                    self.contents(operation, base, head, &move |media_type| Location::Response {
                        status: status.clone(),
                        media_type,
                    });
                }
                (None, None) => {}
            }
        }
    }

    /// The media types of one body (request or response) in both documents: added,
    /// removed, or their schemas compared.
    fn contents(
        &mut self,
        operation: &OperationRef,
        base: &'a Value,
        head: &'a Value,
        location: &dyn Fn(Option<String>) -> Location,
    ) {
        let content = |body: &'a Value| -> BTreeMap<String, &'a Value> {
            body.get("content")
                .and_then(Value::as_object)
                .into_iter()
                .flatten()
                .map(|(media_type, media)| (elevenlabs_codegen::media_type_essence(media_type), media))
                .collect()
        };
        let (base_content, head_content) = (content(base), content(head));
        let is_request = matches!(location(None), Location::RequestBody { .. });
        // What the generated client reads (JSON) or sends (the first type it can, JSON first).
        let read = |content: &BTreeMap<String, &Value>| -> Option<String> {
            if is_request {
                elevenlabs_codegen::SENDABLE_MEDIA_TYPES
                    .iter()
                    .find(|t| content.contains_key(**t))
                    .map(|t| t.to_string())
            } else {
                elevenlabs_codegen::json_response_media_type(content.keys()).cloned()
            }
        };
        let (base_read, head_read) = (read(&base_content), read(&head_content));
        // A response the client reads as JSON, relabelled (`application/json` as
        // `application/problem+json`): the client generated from BASE reads the new label
        // as it read the old, so the old one's going is not what breaks it, and what it
        // reads is compared across the two.
        let relabelled = match (&base_read, &head_read) {
            (Some(before), Some(after)) if !is_request && before != after => {
                (!head_content.contains_key(before) && !base_content.contains_key(after)).then_some((before, after))
            }
            _ => None,
        };
        if let Some((before, after)) = relabelled {
            let site = Site { operation: operation.clone(), location: location(shown_media_type(after)) };
            let schema = |media: &'a Value| media.get("schema").unwrap_or(any_value());
            self.root(&site, Pair { base: schema(base_content[before]), head: schema(head_content[after]) }, false);
        }
        let types: BTreeSet<&String> = base_content.keys().chain(head_content.keys()).collect();
        for media_type in types {
            let site = Site { operation: operation.clone(), location: location(shown_media_type(media_type)) };
            let read_by_client = (base_read.as_ref() == Some(media_type) || head_read.as_ref() == Some(media_type))
                && relabelled.is_none_or(|(before, _)| before != media_type);
            let facts = Facts { read_by_client, ..Facts::default() };
            let named = Some(Value::String(media_type.clone()));
            match (base_content.get(media_type), head_content.get(media_type)) {
                (Some(_), None) => self.push_site(&site, Aspect::MediaType(Presence::Removed), facts, named, None),
                (None, Some(_)) => self.push_site(&site, Aspect::MediaType(Presence::Added), facts, None, named),
                // A media type without a schema holds any value.
                (Some(b), Some(h)) => {
                    if b.get("schema").is_some() || h.get("schema").is_some() {
                        let schema = |media: &'a Value| media.get("schema").unwrap_or(any_value());
                        self.root(&site, Pair { base: schema(b), head: schema(h) }, false);
                    }
                }
                (None, None) => {}
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn document(paths: Value) -> Value {
        json!({"openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": paths})
    }

    #[test]
    fn a_path_whose_parameters_are_renamed_is_the_same_operation() {
        let base = document(json!({"/pets/{id}": {"get": {}}, "/a/{x}": {"get": {}}, "/b/{x}": {"get": {}}}));
        let head = document(json!({"/pets/{petId}": {"get": {}}, "/a/{y}": {"get": {}}, "/c": {"get": {}}}));
        let shown: Vec<(Option<String>, Option<String>)> = pairs(&base, &head)
            .unwrap()
            .into_iter()
            .map(|p| (p.base.map(|o| o.to_string()), p.head.map(|o| o.to_string())))
            .collect();
        assert_eq!(
            shown,
            [
                (Some("GET /a/{x}".into()), Some("GET /a/{y}".into())),
                (Some("GET /b/{x}".into()), None),
                (None, Some("GET /c".into())),
                (Some("GET /pets/{id}".into()), Some("GET /pets/{petId}".into())),
            ]
        );
        assert_eq!(template_names("/a/{b}/c/{d}"), ["b", "d"]);
    }

    /// The operation's own declaration wins over its path item's; a place and name declared
    /// twice in one list keeps its first declaration, as codegen does.
    #[test]
    fn a_parameter_declared_twice_is_read_as_its_first_declaration() {
        let page = |required: bool| json!({"name": "page", "in": "query", "required": required});
        let document = document(json!({"/a": {
            "parameters": [page(true), {"name": "q", "in": "query"}, page(false)],
            "get": {"parameters": [{"name": "q", "in": "query", "required": true}, {"name": "q", "in": "query"}]}
        }}));
        let operation = &document["paths"]["/a"]["get"];
        let item = OperationRef::new("get", "/a").item_pointer();
        let map = Differ::parameter_map(&document, &item, operation, &BTreeMap::new());
        let required = |name: &str| map[&("query".to_string(), name.to_string())]["required"].clone();
        assert_eq!((map.len(), required("page"), required("q")), (2, json!(true), json!(true)));
    }
}
