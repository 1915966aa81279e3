//! Cutting one operation, and everything it references, out of a full document.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::str::FromStr;

use serde_json::{json, Map, Value};

use crate::error::{Result, SpecError};
use crate::load::Document;
use crate::pointer;
use crate::walk::for_each_ref;

/// Every operation key a path item can have: OpenAPI 3.0's, and 3.2's `query`.
pub const HTTP_METHODS: [&str; 9] = ["get", "put", "post", "delete", "options", "head", "patch", "trace", "query"];

/// The operation keys of an OpenAPI 3.0 path item: what normalization keeps and
/// progenitor reads (a 3.2 `query` operation is demoted to `x-oas-query`).
pub const HTTP_METHODS_3_0: [&str; 8] = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

/// Where OpenAPI 3.2 keeps the operations of methods other than [`HTTP_METHODS`], by the
/// method's name as sent (`COPY`).
pub const ADDITIONAL_OPERATIONS: &str = "additionalOperations";

/// How an operation of a webhook (3.1's `webhooks`) is named: `webhook:orderCreated` in
/// place of a path, as oasdiff names it. No path begins so: paths begin with `/`.
pub const WEBHOOK_PREFIX: &str = "webhook:";

/// How an operation of a callback (an operation's `callbacks`) is named: by the JSON
/// pointer of the callback's path item, as written, in place of a path:
/// `callback:/paths/~1subscribe/post/callbacks/onEvent/{$request.body#~1url}`.
pub const CALLBACK_PREFIX: &str = "callback:";

/// An operation named by method and path, written like `GET /v1/user`; or a webhook's, by
/// method and [`WEBHOOK_PREFIX`] and name, `POST webhook:orderCreated`; or a callback's,
/// by method and [`CALLBACK_PREFIX`] and where it is written.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct OperationRef {
    /// The HTTP method: lower-case for one of [`HTTP_METHODS`], as OpenAPI spells path
    /// item keys; as written for another (3.2's `additionalOperations`, `COPY`), as HTTP
    /// sends it (methods are case-sensitive).
    pub method: String,
    pub path: String,
}

impl OperationRef {
    pub fn new(method: &str, path: &str) -> Self {
        let lower = method.to_ascii_lowercase();
        let method = if HTTP_METHODS.contains(&lower.as_str()) { lower } else { method.to_string() };
        Self { method, path: path.to_string() }
    }

    /// The operation of method `method` of the webhook `name`.
    pub fn webhook(method: &str, name: &str) -> Self {
        Self::new(method, &format!("{WEBHOOK_PREFIX}{name}"))
    }

    /// The webhook's name, when it is a webhook's operation: a request the API sends to
    /// its users' servers, which no client calls.
    pub fn webhook_name(&self) -> Option<&str> {
        self.path.strip_prefix(WEBHOOK_PREFIX)
    }

    /// The operation of method `method` of the callback whose path item is written at
    /// `item`, a JSON pointer.
    pub fn callback(method: &str, item: &str) -> Self {
        Self::new(method, &format!("{CALLBACK_PREFIX}{item}"))
    }

    /// Whether the API sends it (a webhook's or a callback's operation) rather than its
    /// clients: no client calls it, and its receivers are its users' servers.
    pub fn sent_by_api(&self) -> bool {
        self.webhook_name().is_some() || self.path.starts_with(CALLBACK_PREFIX)
    }

    /// The operation with its path parameters' names left out (`GET /pets/{}`): two
    /// operations alike so are one on the wire, whatever their parameters are called. A
    /// webhook's name or a callback's expression is no template, and stays as written.
    pub fn unnamed(&self) -> OperationRef {
        if !self.path.starts_with('/') {
            return self.clone();
        }
        let (mut path, mut in_name) = (String::with_capacity(self.path.len()), false);
        for c in self.path.chars() {
            match c {
                '{' | '}' => {
                    in_name = c == '{';
                    path.push(c);
                }
                _ if in_name => {}
                _ => path.push(c),
            }
        }
        Self { method: self.method.clone(), path }
    }

    /// Whether it is `operation`, or an operation of one of `operation`'s callbacks.
    pub fn is_or_calls_back(&self, operation: &OperationRef) -> bool {
        let callbacks = format!("{}/callbacks/", operation.pointer());
        self == operation || self.path.strip_prefix(CALLBACK_PREFIX).is_some_and(|at| at.starts_with(&callbacks))
    }

    /// The JSON pointer of its path item (or webhook, or callback's path item).
    pub fn item_pointer(&self) -> String {
        if let Some(item) = self.path.strip_prefix(CALLBACK_PREFIX) {
            return item.to_string();
        }
        match self.webhook_name() {
            Some(name) => pointer::join("/webhooks", name),
            None => pointer::join("/paths", &self.path),
        }
    }

    /// Whether it is one of 3.2's `additionalOperations`, a method no fixed key names.
    pub fn is_additional(&self) -> bool {
        !HTTP_METHODS.contains(&self.method.as_str())
    }

    /// The JSON pointer of the operation object, where its path item is written inline
    /// (always, in a normalized document).
    pub fn pointer(&self) -> String {
        let item = self.item_pointer();
        if self.is_additional() {
            pointer::join(&pointer::join(&item, ADDITIONAL_OPERATIONS), &self.method)
        } else {
            pointer::join(&item, &self.method)
        }
    }

    /// The operation object in `document`, through a path item given as a `$ref`, and the
    /// path item that holds it.
    pub fn find_in<'d>(&self, document: &'d Value) -> Option<(&'d Value, &'d Value)> {
        let item = match (self.webhook_name(), self.path.strip_prefix(CALLBACK_PREFIX)) {
            (Some(name), _) => document.get("webhooks")?.get(name)?,
            (_, Some(at)) => callback_item(document, at)?,
            _ => document.get("paths")?.get(&self.path)?,
        };
        let item = path_item(document, item);
        let holder = if self.is_additional() { item.get(ADDITIONAL_OPERATIONS)? } else { item };
        Some((holder.get(&self.method).filter(|o| o.is_object())?, item))
    }
}

impl fmt::Display for OperationRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.is_additional() {
            write!(f, "{} {}", self.method, self.path)
        } else {
            write!(f, "{} {}", self.method.to_ascii_uppercase(), self.path)
        }
    }
}

/// Whether `name` can be an HTTP method: a token (RFC 9110), such as `GET` or `COPY`.
fn is_method_token(name: &str) -> bool {
    !name.is_empty() && name.bytes().all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b))
}

impl PartialEq<&str> for OperationRef {
    fn eq(&self, other: &&str) -> bool {
        other
            .split_once(' ')
            .is_some_and(|(method, path)| method.eq_ignore_ascii_case(&self.method) && path == self.path)
    }
}

impl FromStr for OperationRef {
    type Err = SpecError;

    fn from_str(s: &str) -> Result<Self> {
        match s.split_once(' ') {
            Some((method, path)) if is_method_token(method) && path.starts_with('/') => {
                Ok(Self::new(method, path.trim()))
            }
            _ => Err(SpecError::at("", format!("{s:?} is not an operation like \"GET /v1/user\""))),
        }
    }
}

/// A local reference to a reusable component, `#/components/<kind>/<name>`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct ComponentRef {
    pub kind: String,
    pub name: String,
}

impl ComponentRef {
    /// Parses a `$ref` target as written; `site` is the pointer of the `$ref` for errors.
    /// [`parse_in`](Self::parse_in) also reads a percent-encoded one.
    pub fn parse(target: &str, site: &str) -> Result<Self> {
        let Some(local) = target.strip_prefix('#') else {
            return Err(SpecError::at(site, format!("external $ref {target:?} is not supported; inline it first")));
        };
        let tokens: Vec<&str> = local.split('/').collect();
        match tokens.as_slice() {
            ["", "components", kind, name] => Ok(Self { kind: pointer::unescape(kind), name: pointer::unescape(name) }),
            _ => Err(SpecError::at(
                site,
                format!(
                    "cannot follow $ref {target:?}: it names no component, and nothing in the document a \
                     reference can name (a schema, parameter, response, request body, header, example, \
                     link, callback or path item, by JSON pointer or `$anchor`)"
                ),
            )),
        }
    }

    /// Parses a `$ref` target and names the component it resolves to in `document`: as
    /// written, or else percent-decoded (`#/components/schemas/a%20b` names `a b` when
    /// there is no `a%20b`), as [`resolve`](crate::walk::resolve) reads it.
    pub fn parse_in(target: &str, site: &str, document: &Value) -> Result<Self> {
        let written = Self::parse(target, site)?;
        match crate::walk::resolve_with_pointer(document, target) {
            Some((std::borrow::Cow::Owned(decoded), _)) => Self::parse(&format!("#{decoded}"), site).or(Ok(written)),
            _ => Ok(written),
        }
    }

    pub fn pointer(&self) -> String {
        pointer::join(&pointer::join("/components", &self.kind), &self.name)
    }

    /// The component in `document`, by its name as parsed.
    pub fn resolve<'a>(&self, document: &'a Value) -> Option<&'a Value> {
        document.pointer(&self.pointer())
    }
}

/// Lists the operations of a document, in path then method order.
pub fn operations(document: &Value) -> Vec<OperationRef> {
    operations_under(document, "paths", OperationRef::new)
}

/// Every operation of the document's webhooks (3.1), in order: requests the API sends,
/// which no generated client calls, but whose changes its users' servers see.
pub fn webhook_operations(document: &Value) -> Vec<OperationRef> {
    operations_under(document, "webhooks", OperationRef::webhook)
}

/// The operations of the path items under `key`, each `named` by its method and key.
fn operations_under(document: &Value, key: &str, named: fn(&str, &str) -> OperationRef) -> Vec<OperationRef> {
    let Some(items) = document.get(key).and_then(Value::as_object) else { return Vec::new() };
    let mut found = Vec::new();
    for (name, item) in items {
        found.extend(item_methods(document, item).into_iter().map(|method| named(method, name)));
    }
    found.sort();
    found
}

/// How deep callbacks of callbacks are followed: a callback given as a `$ref` may hold
/// itself, and each level names a longer pointer.
const CALLBACK_DEPTH: usize = 4;

/// The most callback operations a document may name: callbacks given as `$ref`s multiply
/// at each level (ten components of a hundred callbacks each name 10^8), so a document
/// that names more is refused rather than walked.
const MOST_CALLBACK_OPERATIONS: usize = 10_000;

/// The operations of the callbacks of `parents`, and of theirs, four levels deep: the
/// requests the API sends because one of them was called.
pub fn callback_operations(document: &Value, parents: &[OperationRef]) -> Result<Vec<OperationRef>> {
    let mut found = Vec::new();
    let mut level = parents.to_vec();
    for _ in 0..CALLBACK_DEPTH {
        level = callbacks_of(document, &level, MOST_CALLBACK_OPERATIONS - found.len())?;
        found.extend_from_slice(&level);
    }
    found.sort();
    Ok(found)
}

/// The operations of the callbacks of `parents` themselves, at most `room` of them.
fn callbacks_of(document: &Value, parents: &[OperationRef], room: usize) -> Result<Vec<OperationRef>> {
    let mut found = Vec::new();
    for parent in parents {
        let Some((operation, _)) = parent.find_in(document) else { continue };
        let Some(callbacks) = operation.get("callbacks").and_then(Value::as_object) else { continue };
        let at = pointer::join(&parent.pointer(), "callbacks");
        for (name, callback) in callbacks {
            let expressions = crate::walk::dereferenced(document, callback).and_then(Value::as_object);
            for (expression, item) in expressions.into_iter().flatten() {
                let item_at = pointer::join(&pointer::join(&at, name), expression);
                found.extend(
                    item_methods(document, item).into_iter().map(|method| OperationRef::callback(method, &item_at)),
                );
                if found.len() > room {
                    let most = MOST_CALLBACK_OPERATIONS;
                    return Err(SpecError::at(item_at, format!("the callbacks name more than {most} operations")));
                }
            }
        }
    }
    Ok(found)
}

/// The path item a callback's pointer names (`…/callbacks/<name>/<expression>`), through
/// a callback given as a `$ref` (to `#/components/callbacks/…`).
fn callback_item<'d>(document: &'d Value, at: &str) -> Option<&'d Value> {
    let (callback_at, expression) = at.rsplit_once('/')?;
    let callback = crate::walk::dereferenced(document, pointer_through_refs(document, callback_at)?)?;
    callback.get(pointer::unescape(expression))
}

/// What `at` (a JSON pointer) names, each `$ref` on the way followed: a callback inside a
/// callback given as a `$ref` is written under the `$ref`.
fn pointer_through_refs<'d>(document: &'d Value, at: &str) -> Option<&'d Value> {
    let mut value = document;
    for token in at.split('/').skip(1) {
        let token = pointer::unescape(token);
        value = crate::walk::dereferenced(document, value)?;
        value = match value {
            Value::Array(items) => items.get(token.parse::<usize>().ok()?)?,
            _ => value.get(&token)?,
        };
    }
    Some(value)
}

/// The methods of the operations a path item (or webhook) holds.
fn item_methods<'d>(document: &'d Value, item: &'d Value) -> Vec<&'d str> {
    let Some(item) = path_item(document, item).as_object() else { return Vec::new() };
    let mut methods: Vec<&str> =
        HTTP_METHODS.into_iter().filter(|m| item.get(*m).is_some_and(Value::is_object)).collect();
    // A fixed method's name there is not allowed (3.2), and would shadow its key.
    let additional = item.get(ADDITIONAL_OPERATIONS).and_then(Value::as_object).into_iter().flatten();
    for (method, operation) in additional {
        let fixed = HTTP_METHODS.contains(&method.to_ascii_lowercase().as_str());
        if operation.is_object() && is_method_token(method) && !fixed {
            methods.push(method);
        }
    }
    methods
}

/// The path item `item` is, or the one it refers to (3.1 allows `"$ref":
/// "#/components/pathItems/User"` in `paths`): its operations are the document's all the same.
pub fn path_item<'d>(document: &'d Value, item: &'d Value) -> &'d Value {
    let target = item.get("$ref").and_then(Value::as_str);
    target.and_then(|target| crate::walk::resolve(document, target)).unwrap_or(item)
}

/// Cuts `operation` out of a document: see [`extract_operations`].
pub fn extract_operation(document: &Document, operation: &OperationRef) -> Result<Value> {
    extract_operations(document, std::slice::from_ref(operation))
}

/// Cuts `operations` out of a document into one fragment: their path items (with their
/// path-level parameters), the union of every component they reference, transitively,
/// and who may call them: the document's `security`, which they inherit, and the security
/// schemes their requirements name (by name, not by `$ref`).
pub fn extract_operations(document: &Document, operations: &[OperationRef]) -> Result<Value> {
    let source = &document.value;
    let mut paths: BTreeMap<String, Map<String, Value>> = BTreeMap::new();
    let mut components = BTreeSet::new();
    for operation in operations {
        let op_pointer = operation.pointer();
        if operation.sent_by_api() {
            let what = "is a request the API sends (a webhook's or a callback's), which no client calls";
            return Err(SpecError::at(&op_pointer, format!("{operation} {what}: name an operation under `paths`")));
        }
        let path_item_pointer = pointer::join("/paths", &operation.path);
        // A path item given as a `$ref` is written out whole in the fragment.
        let (op, item) = operation
            .find_in(source)
            .ok_or_else(|| SpecError::at(&op_pointer, no_such_operation(source, operation)))?;
        let path_item = paths.entry(operation.path.clone()).or_default();
        if operation.is_additional() {
            let additional = path_item.entry(ADDITIONAL_OPERATIONS).or_insert_with(|| json!({}));
            if let Value::Object(additional) = additional {
                additional.insert(operation.method.clone(), op.clone());
            }
        } else {
            path_item.insert(operation.method.clone(), op.clone());
        }
        if let Some(parameters) = item.get("parameters") {
            path_item.insert("parameters".into(), parameters.clone());
        }
        let requirements = op.get("security").or_else(|| source.get("security"));
        for name in requirements.and_then(Value::as_array).into_iter().flatten().filter_map(Value::as_object) {
            components
                .extend(name.keys().map(|name| ComponentRef { kind: "securitySchemes".into(), name: name.clone() }));
        }
        let single = Value::Object(Map::from_iter([(operation.method.clone(), op.clone())]));
        components.extend(reachable_components(source, &single, &path_item_pointer)?);
        if let Some(parameters) = path_item.get("parameters").cloned() {
            components.extend(reachable_components(source, &parameters, &path_item_pointer)?);
        }
    }
    // A scheme may be a `$ref` itself; what it refers to comes along.
    let schemes: Vec<ComponentRef> = components.iter().filter(|c| c.kind == "securitySchemes").cloned().collect();
    for scheme in schemes {
        if let Some(value) = scheme.resolve(source) {
            let at = pointer::join(&pointer::join("/components", &scheme.kind), &scheme.name);
            components.extend(reachable_components(source, value, &at)?);
        }
    }
    let mut out_components: BTreeMap<String, Map<String, Value>> = BTreeMap::new();
    for component in &components {
        // A requirement may name a scheme the document lacks (it then means nothing).
        let Some(value) = component.resolve(source).cloned() else {
            if component.kind == "securitySchemes" {
                continue;
            }
            return Err(SpecError::at(
                pointer::join(&pointer::join("/components", &component.kind), &component.name),
                "a referenced component is missing",
            ));
        };
        out_components.entry(component.kind.clone()).or_default().insert(component.name.clone(), value);
    }
    check_alias_cycles(source, &components)?;

    let mut fragment = json!({
        "openapi": source["openapi"],
        "info": source.get("info").cloned().unwrap_or_else(|| json!({"title": "", "version": ""})),
        "paths": paths,
    });
    if let Some(security) = source.get("security") {
        fragment["security"] = security.clone();
    }
    if !out_components.is_empty() {
        fragment["components"] = serde_json::to_value(out_components).unwrap_or_default();
    }
    Ok(fragment)
}

/// Why `operation` is not found, with the one of another case the document has (methods
/// other than the fixed ones are case-sensitive: `COPY`, not `copy`).
fn no_such_operation(document: &Value, operation: &OperationRef) -> String {
    let all = operations(document);
    let respelled = all.iter().find(|o| o.path == operation.path && o.method.eq_ignore_ascii_case(&operation.method));
    let renamed = all.iter().find(|o| o.unnamed() == operation.unnamed());
    match (respelled, renamed) {
        (Some(other), _) => format!("the document has no operation {operation}; it has {other}"),
        (None, Some(other)) => {
            format!(
                "the document has no operation {operation}; it has {other}, the same with its path parameters renamed"
            )
        }
        (None, None) => format!("the document has no operation {operation}"),
    }
}

/// Checks that every `$ref` in a document is local, points to something, and that no
/// component is only an alias in a cycle of aliases.
pub fn check_references(document: &Value) -> Result<()> {
    references_checked(document, &|_| true)
}

/// [`check_references`] for a reader that follows operations only (a comparison): a
/// `$ref` inside a component no operation reaches, which that reader never follows, is
/// not checked.
pub fn check_references_reached(document: &Value) -> Result<()> {
    let reached = components_operations_reach(document);
    references_checked(document, &|site| component_at(site).is_none_or(|c| reached.contains(&c)))
}

fn references_checked(document: &Value, checked: &dyn Fn(&str) -> bool) -> Result<()> {
    let mut components = BTreeSet::new();
    let mut error = None;
    for_each_ref(document, "", &mut |site, target| {
        if error.is_some() || !checked(site) {
            return;
        }
        match ComponentRef::parse_in(target, site, document) {
            Ok(component) if component.resolve(document).is_some() => {
                components.insert(component);
            }
            Ok(_) => error = Some(SpecError::at(site, format!("$ref {target:?} points to nothing"))),
            Err(e) => error = Some(e),
        }
    });
    match error {
        Some(error) => Err(error),
        None => check_alias_cycles(document, &components),
    }
}

/// The components that what a document's operations read can reach: its paths and
/// webhooks (path items given as a `$ref` included), and the security schemes named by its requirements,
/// with all they refer to. A `$ref` that cannot be followed is left for
/// [`check_references`] to refuse.
pub fn components_operations_reach(document: &Value) -> BTreeSet<ComponentRef> {
    let requirements = |value: &Value| -> Vec<String> {
        let list = value.get("security").and_then(Value::as_array).into_iter().flatten();
        list.filter_map(Value::as_object).flat_map(|r| r.keys().cloned()).collect()
    };
    let mut schemes = requirements(document);
    for operation in operations(document).into_iter().chain(webhook_operations(document)) {
        if let Some((op, _)) = operation.find_in(document) {
            schemes.extend(requirements(op));
        }
    }
    let mut reached = BTreeSet::new();
    let mut roots: Vec<(Value, String)> = ["paths", "webhooks"]
        .into_iter()
        .filter_map(|key| Some((document.get(key)?.clone(), format!("/{key}"))))
        .collect();
    for name in schemes {
        let scheme = ComponentRef { kind: "securitySchemes".into(), name };
        if let Some(value) = scheme.resolve(document) {
            roots.push((value.clone(), scheme.pointer()));
            reached.insert(scheme);
        }
    }
    // Lenient: what cannot be followed is `check_references`'s to refuse.
    let _ = follow_references(document, roots, &mut reached, Strictness::SkipBroken);
    reached
}

/// The component `pointer` lies in, when it lies in one: `/components/schemas/A/type` is
/// in `schemas/A`.
pub fn component_at(pointer: &str) -> Option<ComponentRef> {
    let mut tokens = pointer.strip_prefix("/components/")?.split('/');
    let (kind, name) = (tokens.next()?, tokens.next()?);
    Some(ComponentRef { kind: pointer::unescape(kind), name: pointer::unescape(name) })
}

/// The components reachable from `root`, following `$ref`s through components.
fn reachable_components(source: &Value, root: &Value, root_pointer: &str) -> Result<BTreeSet<ComponentRef>> {
    let mut seen = BTreeSet::new();
    follow_references(source, vec![(root.clone(), root_pointer.to_string())], &mut seen, Strictness::RefuseBroken)?;
    Ok(seen)
}

/// What a `$ref` that cannot be followed does to [`follow_references`].
#[derive(Clone, Copy, PartialEq)]
enum Strictness {
    RefuseBroken,
    SkipBroken,
}

/// Adds to `seen` every component reachable from `roots` (values with their pointers),
/// following `$ref`s through components.
fn follow_references(
    source: &Value,
    mut pending: Vec<(Value, String)>,
    seen: &mut BTreeSet<ComponentRef>,
    strictness: Strictness,
) -> Result<()> {
    while let Some((value, at)) = pending.pop() {
        let mut refs = Vec::new();
        for_each_ref(&value, &at, &mut |site, target| refs.push((site.to_string(), target.to_string())));
        for (site, target) in refs {
            let component = match ComponentRef::parse_in(&target, &site, source) {
                Ok(component) => component,
                Err(_) if strictness == Strictness::SkipBroken => continue,
                Err(error) => return Err(error),
            };
            if seen.contains(&component) {
                continue;
            }
            match component.resolve(source) {
                Some(resolved) => pending.push((resolved.clone(), component.pointer())),
                None if strictness == Strictness::SkipBroken => continue,
                None => return Err(SpecError::at(site, format!("$ref {target:?} points to nothing"))),
            }
            seen.insert(component);
        }
    }
    Ok(())
}

/// A component that is only a `$ref` to another, round and round, has no meaning.
fn check_alias_cycles(source: &Value, components: &BTreeSet<ComponentRef>) -> Result<()> {
    for start in components {
        let mut chain = vec![start.clone()];
        let mut current = start.clone();
        while let Some(target) = current.resolve(source).and_then(|v| v.get("$ref")).and_then(Value::as_str) {
            let site = format!("{}/$ref", current.pointer());
            let next = ComponentRef::parse_in(target, &site, source)?;
            if chain.contains(&next) {
                let names: Vec<&str> = chain.iter().chain([&next]).map(|c| c.name.as_str()).collect();
                return Err(SpecError::at(site, format!("$ref cycle: {}", names.join(" -> "))));
            }
            chain.push(next.clone());
            current = next;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_operation_unnamed_leaves_out_its_path_parameters_names_only() {
        let unnamed = |o: &str| o.parse::<OperationRef>().unwrap().unnamed().to_string();
        assert_eq!(unnamed("GET /a/{b}/c/{d}"), "GET /a/{}/c/{}");
        assert_eq!(unnamed("GET /a"), "GET /a");
        assert_eq!(OperationRef::webhook("post", "on{x}").unnamed(), OperationRef::webhook("post", "on{x}"));
        let renamed =
            Document::from_value(json!({"openapi": "3.0.3", "paths": {"/pets/{petId}": {"get": {"responses": {}}}}}));
        let error = extract_operations(&renamed.unwrap(), &["GET /pets/{id}".parse().unwrap()]).unwrap_err();
        assert!(
            error.message.ends_with("it has GET /pets/{petId}, the same with its path parameters renamed"),
            "{error}"
        );
    }

    #[test]
    fn an_operation_is_cut_out_with_its_callbacks_and_what_they_refer_to() {
        let document = Document::from_value(json!({
            "openapi": "3.0.3", "info": {"title": "t", "version": "1"},
            "paths": {"/a": {"post": {"responses": {}, "callbacks": {"gone": {"$ref": "#/components/callbacks/Gone"}}}}},
            "components": {
                "callbacks": {"Gone": {"{$url}": {"post": {"responses": {}, "requestBody": {"content":
                    {"application/json": {"schema": {"$ref": "#/components/schemas/Event"}}}}}}}},
                "schemas": {"Event": {"type": "object"}, "Unused": {"type": "string"}}
            }
        }))
        .unwrap();
        let fragment = extract_operations(&document, &[OperationRef::new("post", "/a")]).unwrap();
        assert!(fragment.pointer("/components/callbacks/Gone").is_some(), "{fragment:#}");
        let callback = OperationRef::callback("post", "/paths/~1a/post/callbacks/gone/{$url}");
        let refused = extract_operations(&document, &[callback]).unwrap_err();
        assert!(refused.message.contains("which no client calls"), "{refused}");
        let schemas: Vec<&String> = fragment["components"]["schemas"].as_object().unwrap().keys().collect();
        assert_eq!(schemas, ["Event"]);
    }

    #[test]
    fn a_callback_that_holds_itself_is_followed_a_few_levels_and_ends() {
        let document = json!({
            "paths": {"/a": {"post": {"responses": {}, "callbacks": {"loop": {"$ref": "#/components/callbacks/Loop"}}}}},
            "components": {"callbacks": {"Loop": {"{$url}": {"post": {"responses": {},
                "callbacks": {"again": {"$ref": "#/components/callbacks/Loop"}}}}}}}
        });
        let found = callback_operations(&document, &operations(&document)).unwrap();
        assert_eq!(found.len(), CALLBACK_DEPTH);
        let first = OperationRef::callback("post", "/paths/~1a/post/callbacks/loop/{$url}");
        assert!(found.contains(&first) && found.iter().all(|o| o.is_or_calls_back(&OperationRef::new("post", "/a"))));
        assert!(found.iter().all(|o| o.find_in(&document).is_some()), "each is found through the `$ref`s");
        // Callbacks that multiply at each level are refused, not walked: a hundred
        // components of a hundred callbacks, each of the next component, name 10^8.
        let names: Vec<String> = (0..100).map(|i| format!("c{i}")).collect();
        let mut components = serde_json::Map::new();
        for level in 0..4 {
            let next = json!({"$ref": format!("#/components/callbacks/L{}", level + 1)});
            let callbacks: Map<String, Value> = names.iter().map(|n| (n.clone(), next.clone())).collect();
            components
                .insert(format!("L{level}"), json!({"{$url}": {"post": {"responses": {}, "callbacks": callbacks}}}));
        }
        let multiplying = json!({
            "paths": {"/a": {"post": {"responses": {}, "callbacks": {"first": {"$ref": "#/components/callbacks/L0"}}}}},
            "components": {"callbacks": components}
        });
        let error = callback_operations(&multiplying, &operations(&multiplying)).unwrap_err();
        assert!(error.message.contains("more than 10000 operations"), "{error}");
    }

    fn doc(value: Value) -> Document {
        Document::from_value(value).unwrap()
    }

    #[test]
    fn parses_and_prints_operations() {
        let op: OperationRef = "GET /v1/user".parse().unwrap();
        assert_eq!(op.pointer(), "/paths/~1v1~1user/get");
        assert_eq!(op.to_string(), "GET /v1/user");
        assert!("G(ET /v1/user".parse::<OperationRef>().is_err());
        let copy: OperationRef = "COPY /v1/user".parse().unwrap();
        assert!(copy.is_additional() && !op.is_additional());
        assert_eq!(copy.pointer(), "/paths/~1v1~1user/additionalOperations/COPY");
        assert_eq!(copy.to_string(), "COPY /v1/user");
        assert_eq!("get /v1/user".parse::<OperationRef>().unwrap(), op);
        assert!("GET v1".parse::<OperationRef>().is_err());
    }

    #[test]
    fn a_reference_names_its_component_as_written_or_else_percent_decoded() {
        let source = doc(json!({
            "openapi": "3.1.0", "info": {"title": "t", "version": "1"},
            "paths": {"/v1/user": {"get": {"responses": {"200": {"content": {"application/json": {"schema":
                {"properties": {"a": {"$ref": "#/components/schemas/a%20b"}, "c": {"$ref": "#/components/schemas/c%20d"}}}
            }}}}}}},
            "components": {"schemas": {"a b": {"type": "string"}, "c%20d": {"type": "integer"}, "c d": {}}}
        }));
        check_references(&source.value).unwrap();
        let fragment = extract_operation(&source, &"GET /v1/user".parse().unwrap()).unwrap();
        let names: Vec<&String> = fragment["components"]["schemas"].as_object().unwrap().keys().collect();
        assert_eq!(names, ["a b", "c%20d"], "the literal name first, then the decoded one");
        let mut dangling = source.value.clone();
        dangling["components"]["schemas"].as_object_mut().unwrap().remove("a b");
        assert!(check_references(&dangling).unwrap_err().message.contains("points to nothing"));
    }

    #[test]
    fn keeps_the_transitive_closure_and_nothing_else() {
        let source = doc(json!({
            "openapi": "3.1.0", "info": {"title": "t", "version": "1"},
            "paths": {
                "/v1/user": {"get": {"responses": {"200": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/User"}}}}}}},
                "/other": {"get": {"responses": {}}}
            },
            "components": {"schemas": {
                "User": {"properties": {"sub": {"$ref": "#/components/schemas/Sub"}}},
                "Sub": {"properties": {"again": {"$ref": "#/components/schemas/User"}}},
                "Unused": {}
            }}
        }));
        let fragment = extract_operation(&source, &"GET /v1/user".parse().unwrap()).unwrap();
        let names: Vec<&String> = fragment["components"]["schemas"].as_object().unwrap().keys().collect();
        assert_eq!(names, ["Sub", "User"]);
        assert!(fragment["paths"].get("/other").is_none());
    }

    #[test]
    fn a_path_item_given_as_a_reference_holds_its_operations() {
        let source = doc(json!({
            "openapi": "3.1.0", "info": {"title": "t", "version": "1"},
            "paths": {"/v1/user": {"$ref": "#/components/pathItems/User"}},
            "components": {
                "pathItems": {"User": {
                    "parameters": [{"name": "v", "in": "query", "schema": {"type": "string"}}],
                    "get": {"responses": {"200": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/U"}}}}}}
                }},
                "schemas": {"U": {"type": "object"}}
            }
        }));
        assert_eq!(operations(&source.value), ["GET /v1/user".parse::<OperationRef>().unwrap()]);
        let fragment = extract_operation(&source, &"GET /v1/user".parse().unwrap()).unwrap();
        assert_eq!(fragment["paths"]["/v1/user"]["parameters"][0]["name"], "v", "written out whole");
        assert!(fragment["paths"]["/v1/user"]["get"].is_object());
        assert_eq!(fragment["components"]["schemas"]["U"], json!({"type": "object"}));
    }

    #[test]
    fn additional_operations_are_listed_and_cut_out_by_their_method_as_sent() {
        let source = doc(json!({
            "openapi": "3.2.0", "info": {"title": "t", "version": "1"},
            "paths": {"/files": {
                "get": {"responses": {}},
                "additionalOperations": {
                    "COPY": {"responses": {"200": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/U"}}}}}},
                    "POST": {"responses": {}},
                    "bad name": {"responses": {}}
                }
            }},
            "components": {"schemas": {"U": {"type": "object"}, "Unused": {}}}
        }));
        let listed: Vec<String> = operations(&source.value).iter().map(ToString::to_string).collect();
        assert_eq!(listed, ["COPY /files", "GET /files"], "no fixed method's name, no name that is not a token");
        let fragment = extract_operation(&source, &"COPY /files".parse().unwrap()).unwrap();
        assert!(fragment["paths"]["/files"]["additionalOperations"]["COPY"].is_object());
        assert!(fragment["paths"]["/files"].get("get").is_none());
        assert_eq!(fragment["components"]["schemas"].as_object().unwrap().len(), 1);
        let lower = extract_operation(&source, &"copy /files".parse().unwrap()).unwrap_err();
        assert_eq!(lower.message, "the document has no operation copy /files; it has COPY /files");
    }

    #[test]
    fn a_broken_reference_no_operation_reaches_is_left_to_readers_of_the_whole_document() {
        let document = json!({
            "openapi": "3.1.0", "info": {"title": "t", "version": "1"},
            "paths": {"/a": {"get": {"responses": {"200": {"content": {"application/json":
                {"schema": {"$ref": "#/components/schemas/Used"}}}}}}}},
            "components": {"schemas": {"Used": {}, "Unused": {"$ref": "#/components/schemas/Gone"}}}
        });
        assert_eq!(check_references(&document).unwrap_err().pointer, "/components/schemas/Unused/$ref");
        check_references_reached(&document).unwrap();
        let mut reached = document.clone();
        reached["components"]["schemas"]["Used"] = json!({"$ref": "#/components/schemas/Gone"});
        assert_eq!(check_references_reached(&reached).unwrap_err().pointer, "/components/schemas/Used/$ref");
    }

    #[test]
    fn keeps_who_may_call_the_operations() {
        let key = json!({"type": "apiKey", "in": "header", "name": "xi-api-key"});
        let source = doc(json!({
            "openapi": "3.1.0", "info": {"title": "t", "version": "1"},
            "security": [{"Key": []}],
            "paths": {
                "/v1/user": {"get": {"responses": {}}},
                "/v1/voices": {"get": {"security": [{"OAuth": ["read"]}, {"Gone": []}], "responses": {}}}
            },
            "components": {"securitySchemes": {"Key": key, "OAuth": {"type": "oauth2", "flows": {}}, "Unused": key}}
        }));
        let user = extract_operation(&source, &"GET /v1/user".parse().unwrap()).unwrap();
        assert_eq!(user["security"], json!([{"Key": []}]), "the inherited requirement");
        let names = |fragment: &Value| {
            fragment["components"]["securitySchemes"].as_object().unwrap().keys().cloned().collect::<Vec<_>>()
        };
        assert_eq!(names(&user), ["Key"]);
        let voices = extract_operation(&source, &"GET /v1/voices".parse().unwrap()).unwrap();
        assert_eq!(names(&voices), ["OAuth"], "its own requirements; a scheme the document lacks is left out");
    }

    #[test]
    fn reports_bad_references_with_their_pointer() {
        let with_ref = |target: &str| {
            doc(
                json!({"openapi": "3.1.0", "paths": {"/v1/user": {"get": {"responses": {"200": {"content": {"application/json": {"schema": {"$ref": target}}}}}}}},
                "components": {"schemas": {"A": {"$ref": "#/components/schemas/B"}, "B": {"$ref": "#/components/schemas/A"}}}}),
            )
        };
        let op: OperationRef = "GET /v1/user".parse().unwrap();
        let missing = extract_operation(&with_ref("#/components/schemas/Nope"), &op).unwrap_err();
        assert_eq!(missing.pointer, "/paths/~1v1~1user/get/responses/200/content/application~1json/schema/$ref");
        assert!(missing.message.contains("points to nothing"));
        let external = extract_operation(&with_ref("other.json#/X"), &op).unwrap_err();
        assert!(external.message.contains("external $ref"));
        let cycle = extract_operation(&with_ref("#/components/schemas/A"), &op).unwrap_err();
        assert!(cycle.message.contains("$ref cycle: A -> B -> A"), "{cycle}");
        assert_eq!(
            check_references(&with_ref("#/components/schemas/Nope").value).unwrap_err().message,
            missing.message
        );
        assert!(check_references(&with_ref("#/components/schemas/A").value).unwrap_err().message.contains("cycle"));
        let absent =
            extract_operation(&with_ref("#/components/schemas/A"), &"GET /v1/nope".parse().unwrap()).unwrap_err();
        assert!(absent.message.contains("no operation GET /v1/nope"));
    }
}
