//! The `support` module of the generated models: helpers their types share. This is a
//! real file, compiled and tested here ([`crate::finish`] compiles it under `cfg(test)`),
//! and emitted into the generated code with `include_str!` by the models pass; there is
//! no second copy to keep in step. Items under `#[cfg(test)]` are not emitted.
//!
//! It names only what every generated models crate has: `super::SECRET_FIELDS`, serde,
//! serde_json and (behind the `schemars` feature, which the schemars pass adds) schemars.

pub(crate) use super::SECRET_FIELDS;

/// Prints in place of a secret.
pub(crate) struct Redacted;
impl ::std::fmt::Debug for Redacted {
    fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
        f.write_str("\"[redacted]\"")
    }
}

/// Prints a map of unknown fields with the values of secret properties redacted, at any
/// depth: a key may arrive inside a field the model does not know
/// (`{"workspace": {"xi_api_key": …}}`).
pub(crate) struct RedactedMap<'a, M>(pub &'a M);
impl<'a, M, V> ::std::fmt::Debug for RedactedMap<'a, M>
where
    &'a M: ::std::iter::IntoIterator<Item = (&'a ::std::string::String, &'a V)>,
    V: ::std::fmt::Debug + 'static,
{
    fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
        let mut map = f.debug_map();
        for (key, value) in self.0 {
            if SECRET_FIELDS.contains(&key.as_str()) {
                map.entry(key, &Redacted);
            } else if let Some(json) = (value as &dyn ::std::any::Any).downcast_ref::<::serde_json::Value>() {
                map.entry(key, &RedactedValue(json));
            } else {
                map.entry(key, value);
            }
        }
        map.finish()
    }
}

/// Prints a JSON value as serde_json does, with the value of every secret property, at any
/// depth, redacted.
pub(crate) struct RedactedValue<'a>(pub &'a ::serde_json::Value);
impl ::std::fmt::Debug for RedactedValue<'_> {
    fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
        match self.0 {
            ::serde_json::Value::Object(map) => {
                f.write_str("Object ")?;
                ::std::fmt::Debug::fmt(&RedactedMap(map), f)
            }
            ::serde_json::Value::Array(items) => {
                f.write_str("Array ")?;
                f.debug_list().entries(items.iter().map(RedactedValue)).finish()
            }
            other => ::std::fmt::Debug::fmt(other, f),
        }
    }
}

/// A union's catch-all as text (its `Display`): a string as itself, any other value as its
/// JSON, with the value of every secret property, at any depth, redacted.
pub(crate) struct UnknownText<'a>(pub &'a ::serde_json::Value);
impl ::std::fmt::Display for UnknownText<'_> {
    fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
        match self.0 {
            ::serde_json::Value::String(text) => f.write_str(text),
            other => ::std::fmt::Display::fmt(&redacted(other), f),
        }
    }
}

/// `value` with the value of every secret property, at any depth, replaced.
fn redacted(value: &::serde_json::Value) -> ::serde_json::Value {
    match value {
        ::serde_json::Value::Object(map) => ::serde_json::Value::Object(
            map.iter()
                .map(|(key, value)| match SECRET_FIELDS.contains(&key.as_str()) {
                    true => (key.clone(), ::serde_json::Value::String("[redacted]".into())),
                    false => (key.clone(), redacted(value)),
                })
                .collect(),
        ),
        ::serde_json::Value::Array(items) => ::serde_json::Value::Array(items.iter().map(redacted).collect()),
        other => other.clone(),
    }
}

/// Prints a value that holds free-form JSON (a `serde_json::Value` or `Map` somewhere in
/// its type) as its JSON, with secret properties redacted at any depth.
pub(crate) struct RedactedJson<'a, T>(pub &'a T);
impl<T: ::serde::Serialize> ::std::fmt::Debug for RedactedJson<'_, T> {
    fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
        match ::serde_json::to_value(self.0) {
            Ok(json) => ::std::fmt::Debug::fmt(&RedactedValue(&json), f),
            Err(_) => f.write_str("[unprintable]"),
        }
    }
}

/// The JSON Schema of a field that must be present but may be `null`; schemars
/// would call an `Option` field optional.
pub(crate) struct RequiredNullable<T>(::std::marker::PhantomData<T>);
impl<T: ::schemars::JsonSchema> ::schemars::JsonSchema for RequiredNullable<T> {
    fn inline_schema() -> bool {
        true
    }
    fn schema_name() -> ::std::borrow::Cow<'static, str> {
        ::std::borrow::Cow::Owned(format!("Nullable_{}", T::schema_name()))
    }
    fn json_schema(generator: &mut ::schemars::SchemaGenerator) -> ::schemars::Schema {
        generator.subschema_for::<::std::option::Option<T>>()
    }
}

/// `Option<Option<T>>` for a field that may be absent (`None`), `null`
/// (`Some(None)`) or a value; with `default` and `skip_serializing_if`.
pub(crate) mod double_option {
    pub(crate) fn deserialize<'de, T, D>(
        deserializer: D,
    ) -> ::std::result::Result<::std::option::Option<::std::option::Option<T>>, D::Error>
    where
        T: ::serde::Deserialize<'de>,
        D: ::serde::Deserializer<'de>,
    {
        <::std::option::Option<T> as ::serde::Deserialize>::deserialize(deserializer).map(Some)
    }

    pub(crate) fn serialize<T, S>(
        value: &::std::option::Option<::std::option::Option<T>>,
        serializer: S,
    ) -> ::std::result::Result<S::Ok, S::Error>
    where
        T: ::serde::Serialize,
        S: ::serde::Serializer,
    {
        match value {
            Some(inner) => ::serde::Serialize::serialize(inner, serializer),
            None => serializer.serialize_none(),
        }
    }
}

/// What a model read without knowing it, while a union weighs its members
/// ([`first_member`]): enum values or forms it does not know, and unknown fields. Values
/// weigh more than fields (the order of comparison): a field added upstream is the
/// commonest change, a value a member does not list the likeliest sign of another member.
#[derive(Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord)]
struct Unknowns {
    values: u32,
    fields: u32,
}

impl Unknowns {
    const NONE: Unknowns = Unknowns { values: 0, fields: 0 };

    fn plus(self, other: Unknowns) -> Unknowns {
        Unknowns { values: self.values.saturating_add(other.values), fields: self.fields.saturating_add(other.fields) }
    }
}

::std::thread_local! {
    static UNKNOWNS: ::std::cell::Cell<Unknowns> = const { ::std::cell::Cell::new(Unknowns::NONE) };
}

fn count(unknown: Unknowns) {
    UNKNOWNS.with(|counted| counted.set(counted.get().plus(unknown)));
}

/// Counts an enum value or a union's form a model does not know (`unknown`).
#[inline]
pub(crate) fn unknown_value(unknown: bool) {
    if unknown {
        count(Unknowns { values: 1, fields: 0 });
    }
}

/// A union's catch-all as serde's derive reads it: any value, counted as a form the union
/// does not know.
pub(crate) fn unknown_form<'de, D: ::serde::Deserializer<'de>>(
    deserializer: D,
) -> ::std::result::Result<::serde_json::Value, D::Error> {
    let value = <::serde_json::Value as ::serde::Deserialize>::deserialize(deserializer)?;
    unknown_value(true);
    Ok(value)
}

/// Counts a field a model does not know.
#[inline]
pub(crate) fn unknown_field() {
    count(Unknowns { values: 0, fields: 1 });
}

/// A member of a union without a discriminator, read from the union's value.
pub(crate) type Member<T> = fn(&::serde_json::Value) -> ::std::result::Result<T, ::serde_json::Error>;

/// The value as the member of `members` that reads it knowing the most of it: the first
/// that knows all of it, at any depth, else the one with the fewest unknown values, then
/// fields (the first of equals). serde's `untagged` takes the first that reads it, but
/// every member reads more than it names (an open enum any string, a struct unknown
/// fields), so `{"type": "object", ...}` would go to the first member whose `type` is an
/// open enum. What the chosen member did not know counts for the unions around it, so a
/// value added deep inside decides nothing above it.
pub(crate) fn first_member<T>(value: &::serde_json::Value, members: &[Member<T>]) -> ::std::option::Option<T> {
    let outer = UNKNOWNS.with(|counted| counted.replace(Unknowns::NONE));
    let mut best: ::std::option::Option<(Unknowns, T)> = None;
    for member in members {
        let read = member(value);
        // Read and reset for the next member in one access.
        let unknowns = UNKNOWNS.with(|counted| counted.replace(Unknowns::NONE));
        let ::std::result::Result::Ok(read) = read else { continue };
        if unknowns == Unknowns::NONE {
            UNKNOWNS.with(|counted| counted.set(outer));
            return Some(read);
        }
        if best.as_ref().is_none_or(|(fewest, _)| unknowns < *fewest) {
            best = Some((unknowns, read));
        }
    }
    let chosen = best.as_ref().map_or(Unknowns::NONE, |(unknowns, _)| *unknowns);
    UNKNOWNS.with(|counted| counted.set(outer.plus(chosen)));
    best.map(|(_, read)| read)
}

/// What the tag of a union with a `discriminator` says of a value.
pub(crate) enum Tagged<T> {
    /// The value as the member its tag names.
    Read(T),
    /// The tag names no member (one added upstream), or its member does not read the value.
    Unread,
    /// The value has no string tag, and the union no default member: its members are
    /// weighed as a union's without a discriminator.
    Untagged,
}

/// The value as the member its tag names: the string at `property`, looked up in `tags`
/// (a tag and its member's index in `members`), else the `default` member (OpenAPI's
/// `defaultMapping`). The member counts what it does not know, as [`first_member`]'s choice does.
pub(crate) fn tagged_member<T>(
    value: &::serde_json::Value,
    property: &str,
    tags: &[(&str, usize)],
    default: ::std::option::Option<usize>,
    members: &[Member<T>],
) -> Tagged<T> {
    let at = match value.get(property) {
        ::std::option::Option::Some(::serde_json::Value::String(tag)) => {
            tags.iter().find(|(known, _)| known == tag).map(|(_, at)| *at).or(default)
        }
        _ if default.is_some() => default,
        _ => return Tagged::Untagged,
    };
    let ::std::option::Option::Some(member) = at.and_then(|at| members.get(at)) else { return Tagged::Unread };
    let outer = UNKNOWNS.with(::std::cell::Cell::get);
    match member(value) {
        ::std::result::Result::Ok(read) => Tagged::Read(read),
        ::std::result::Result::Err(_) => {
            UNKNOWNS.with(|counted| counted.set(outer));
            Tagged::Unread
        }
    }
}

/// Deserializes an open enum from a string without allocating for known values.
pub(crate) struct OpenEnumVisitor<T>(::std::marker::PhantomData<T>);
impl<T> OpenEnumVisitor<T> {
    pub(crate) fn new() -> Self {
        Self(::std::marker::PhantomData)
    }
}
impl<'de, T> ::serde::de::Visitor<'de> for OpenEnumVisitor<T>
where
    T: for<'a> ::std::convert::From<&'a str> + ::std::convert::From<::std::string::String>,
{
    type Value = T;
    fn expecting(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
        f.write_str("a string")
    }
    fn visit_str<E: ::serde::de::Error>(self, value: &str) -> ::std::result::Result<T, E> {
        Ok(T::from(value))
    }
    fn visit_string<E: ::serde::de::Error>(self, value: ::std::string::String) -> ::std::result::Result<T, E> {
        Ok(T::from(value))
    }
}

/// A property name read by a struct's `Deserialize` (see `deserialize_structs` in codegen):
/// the index of a known name, or an unknown name, which the struct keeps.
pub(crate) enum Property {
    Known(usize),
    Unknown(::std::string::String),
}

/// Reads a property name with a struct's own lookup of its known names (a `match`, which
/// compiles to what serde's derive does), allocating only for unknown ones. Generic over
/// the lookup so that it is inlined, as the derive's field visitor is.
pub(crate) struct Properties<F>(pub(crate) F);
impl<'de, F: Fn(&str) -> ::std::option::Option<usize>> ::serde::de::DeserializeSeed<'de> for Properties<F> {
    type Value = Property;
    #[inline]
    fn deserialize<D: ::serde::Deserializer<'de>>(self, deserializer: D) -> ::std::result::Result<Property, D::Error> {
        deserializer.deserialize_identifier(self)
    }
}
impl<'de, F: Fn(&str) -> ::std::option::Option<usize>> ::serde::de::Visitor<'de> for Properties<F> {
    type Value = Property;
    fn expecting(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
        f.write_str("a property name")
    }
    #[inline]
    fn visit_str<E: ::serde::de::Error>(self, name: &str) -> ::std::result::Result<Property, E> {
        Ok((self.0)(name).map_or_else(|| Property::Unknown(name.to_string()), Property::Known))
    }
    fn visit_string<E: ::serde::de::Error>(self, name: ::std::string::String) -> ::std::result::Result<Property, E> {
        Ok((self.0)(&name).map_or(Property::Unknown(name), Property::Known))
    }
    fn visit_bytes<E: ::serde::de::Error>(self, name: &[u8]) -> ::std::result::Result<Property, E> {
        match ::std::str::from_utf8(name) {
            Ok(name) => self.visit_str(name),
            Err(_) => Err(E::invalid_value(::serde::de::Unexpected::Bytes(name), &self)),
        }
    }
}

/// Reads a known property's value into its slot; a property given twice is an error, as
/// serde's derived `Deserialize` makes it.
#[inline]
pub(crate) fn read_once<'de, T, A>(
    slot: &mut ::std::option::Option<T>,
    map: &mut A,
    name: &'static str,
) -> ::std::result::Result<(), A::Error>
where
    T: ::serde::Deserialize<'de>,
    A: ::serde::de::MapAccess<'de>,
{
    if slot.is_some() {
        return Err(<A::Error as ::serde::de::Error>::duplicate_field(name));
    }
    *slot = Some(map.next_value()?);
    Ok(())
}

/// The value of a required property that is absent: `None` for an `Option`, else the
/// "missing field" error; what serde's derived `Deserialize` does.
pub(crate) fn missing<'de, T: ::serde::Deserialize<'de>, E: ::serde::de::Error>(
    name: &'static str,
) -> ::std::result::Result<T, E> {
    T::deserialize(Missing(name, ::std::marker::PhantomData))
}

/// A deserializer for an absent property: it holds `null` for an `Option` and nothing else.
struct Missing<E>(&'static str, ::std::marker::PhantomData<E>);
impl<'de, E: ::serde::de::Error> ::serde::Deserializer<'de> for Missing<E> {
    type Error = E;
    fn deserialize_any<V: ::serde::de::Visitor<'de>>(self, _visitor: V) -> ::std::result::Result<V::Value, E> {
        Err(E::missing_field(self.0))
    }
    fn deserialize_option<V: ::serde::de::Visitor<'de>>(self, visitor: V) -> ::std::result::Result<V::Value, E> {
        visitor.visit_none()
    }
    ::serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf unit
        unit_struct newtype_struct seq tuple tuple_struct map struct enum identifier ignored_any
    }
}

fn with_description(mut schema: ::schemars::Schema, description: Option<&str>) -> ::schemars::Schema {
    if let Some(description) = description {
        schema.insert("description".to_string(), ::serde_json::Value::from(description));
    }
    schema
}

/// The documented values of an open string enum.
pub(crate) fn string_enum_schema(description: Option<&str>, values: &[&str]) -> ::schemars::Schema {
    with_description(::schemars::json_schema!({"type": "string", "enum": values}), description)
}

/// `schema` with `values` (each as JSON text) listed under `keyword`: `enum` for the only
/// values allowed, `not` for values refused.
pub(crate) fn with_listed_values(mut schema: ::schemars::Schema, keyword: &str, values: &[&str]) -> ::schemars::Schema {
    let values: Vec<::serde_json::Value> = values.iter().filter_map(|v| ::serde_json::from_str(v).ok()).collect();
    let listed = ::serde_json::Value::Array(values);
    match keyword {
        "not" => schema.insert("not".to_string(), ::serde_json::json!({ "enum": listed })),
        _ => schema.insert("enum".to_string(), listed),
    };
    schema
}

/// A union of alternatives.
pub(crate) fn any_of_schema(description: Option<&str>, members: Vec<::schemars::Schema>) -> ::schemars::Schema {
    with_description(::schemars::json_schema!({"anyOf": members}), description)
}

#[cfg(test)]
mod tests {
    use super::*;
    use ::schemars::JsonSchema;

    #[test]
    fn a_unions_catch_all_prints_a_string_as_itself_and_other_json_redacted() {
        let text = |value: ::serde_json::Value| UnknownText(&value).to_string();
        assert_eq!(text(::serde_json::json!("sk_live")), "sk_live");
        assert_eq!(text(::serde_json::json!(true)), "true");
        assert_eq!(
            text(::serde_json::json!([{"user": {"xi_api_key": "sk_1"}, "id": 1}])),
            r#"[{"id":1,"user":{"xi_api_key":"[redacted]"}}]"#
        );
    }

    #[test]
    fn secrets_are_redacted_and_other_values_printed() {
        assert_eq!(format!("{:?}", Redacted), "\"[redacted]\"");
        let map: ::std::collections::BTreeMap<String, i32> =
            [("xi_api_key".to_string(), 1), ("other".to_string(), 2)].into_iter().collect();
        assert_eq!(format!("{:?}", RedactedMap(&map)), "{\"other\": 2, \"xi_api_key\": \"[redacted]\"}");
    }

    #[test]
    fn secrets_nested_in_free_form_json_are_redacted_at_any_depth() {
        let json = ::serde_json::json!({"workspace": {"xi_api_key": "sk_1", "seats": [{"xi_api_key": "sk_2"}, 3]}});
        let map = json.as_object().unwrap();
        let printed = format!("{:?}", RedactedMap(map));
        assert_eq!(
            printed,
            r#"{"workspace": Object {"seats": Array [Object {"xi_api_key": "[redacted]"}, Number(3)], "xi_api_key": "[redacted]"}}"#
        );
        assert_eq!(format!("{:?}", RedactedValue(&json)), format!("Object {printed}"));
        let free_form = Some(map.clone());
        assert_eq!(format!("{:?}", RedactedJson(&free_form)), format!("Object {printed}"));
        assert_eq!(format!("{:?}", RedactedJson(&None::<i64>)), "Null");
    }

    #[derive(Debug, PartialEq, ::serde::Serialize, ::serde::Deserialize)]
    struct Presence {
        #[serde(default, skip_serializing_if = "Option::is_none", with = "double_option")]
        field: Option<Option<i64>>,
    }

    #[test]
    fn double_options_keep_absent_null_and_value_apart() {
        for (json, value) in [("{}", None), ("{\"field\":null}", Some(None)), ("{\"field\":3}", Some(Some(3)))] {
            let read: Presence = ::serde_json::from_str(json).unwrap();
            assert_eq!(read, Presence { field: value });
            assert_eq!(::serde_json::to_string(&read).unwrap(), json);
        }
    }

    #[derive(Debug, PartialEq)]
    struct Open(String);
    impl From<&str> for Open {
        fn from(value: &str) -> Self {
            Open(value.to_string())
        }
    }
    impl From<String> for Open {
        fn from(value: String) -> Self {
            Open(value)
        }
    }

    #[test]
    fn open_enums_read_any_string_and_nothing_else() {
        use ::serde::de::{Deserializer, IntoDeserializer};
        let read = |value: ::serde_json::Value| value.deserialize_str(OpenEnumVisitor::<Open>::new());
        assert_eq!(read(::serde_json::json!("new")).unwrap(), Open("new".into()));
        assert!(read(::serde_json::json!(1)).unwrap_err().to_string().contains("a string"));
        let borrowed: Result<Open, ::serde::de::value::Error> =
            "known".into_deserializer().deserialize_str(OpenEnumVisitor::<Open>::new());
        assert_eq!(borrowed.unwrap(), Open("known".into()));
    }

    #[test]
    fn property_names_are_found_without_allocating_and_unknown_ones_kept() {
        use ::serde::de::DeserializeSeed;
        fn names(name: &str) -> Option<usize> {
            ["id", "type"].iter().position(|known| *known == name)
        }
        let read = |json: &str| Properties(names).deserialize(&mut ::serde_json::Deserializer::from_str(json));
        assert!(matches!(read("\"type\"").unwrap(), Property::Known(1)));
        assert!(matches!(read("\"t\\u0079pe\"").unwrap(), Property::Known(1)), "an escaped name is read too");
        assert!(matches!(read("\"other\"").unwrap(), Property::Unknown(name) if name == "other"));
        let owned = Properties(names).deserialize(::serde_json::json!("id")).unwrap();
        assert!(matches!(owned, Property::Known(0)));
        assert!(read("1").err().map(|e| e.to_string()).unwrap_or_default().contains("a property name"));
    }

    /// What a generated struct's `Deserialize` does with a property `id`.
    struct OneProperty(Option<i64>);
    impl<'de> ::serde::Deserialize<'de> for OneProperty {
        fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            struct Visitor;
            impl<'de> ::serde::de::Visitor<'de> for Visitor {
                type Value = OneProperty;
                fn expecting(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                    f.write_str("struct OneProperty")
                }
                fn visit_map<A: ::serde::de::MapAccess<'de>>(self, mut map: A) -> Result<OneProperty, A::Error> {
                    let mut id = None;
                    while let Some(property) =
                        map.next_key_seed(Properties(|name: &str| (name == "id").then_some(0)))?
                    {
                        match property {
                            Property::Known(_) => read_once(&mut id, &mut map, "id")?,
                            Property::Unknown(_) => map.next_value::<::serde::de::IgnoredAny>().map(drop)?,
                        }
                    }
                    Ok(OneProperty(match id {
                        Some(id) => id,
                        None => missing("id")?,
                    }))
                }
            }
            deserializer.deserialize_map(Visitor)
        }
    }

    #[test]
    fn a_property_is_read_once_and_a_missing_one_is_null_only_for_an_option() {
        let read = |json: &str| ::serde_json::from_str::<OneProperty>(json).map(|read| read.0);
        assert_eq!(read("{\"id\": 3, \"x\": 1}").unwrap(), Some(3));
        assert_eq!(read("{}").unwrap(), None, "an absent Option is None");
        assert!(read("{\"id\": 1, \"id\": 2}").unwrap_err().to_string().contains("duplicate field `id`"));
        let required: Result<i64, ::serde_json::Error> = missing("count");
        assert!(required.unwrap_err().to_string().contains("missing field `count`"));
    }

    #[test]
    fn schemas_list_values_and_members_with_their_description() {
        let schema = ::serde_json::to_value(string_enum_schema(Some("A tier."), &["free", "pro"])).unwrap();
        assert_eq!(schema, ::serde_json::json!({"type": "string", "enum": ["free", "pro"], "description": "A tier."}));
        let mut generator = ::schemars::SchemaGenerator::default();
        let members = vec![generator.subschema_for::<i64>(), generator.subschema_for::<String>()];
        let union = ::serde_json::to_value(any_of_schema(None, members)).unwrap();
        assert_eq!(union["anyOf"].as_array().map(Vec::len), Some(2));
        let listed = with_listed_values(generator.subschema_for::<i64>(), "enum", &["1", "2"]);
        assert_eq!(::serde_json::to_value(listed).unwrap()["enum"], ::serde_json::json!([1, 2]));
        let refused = with_listed_values(generator.subschema_for::<String>(), "not", &["\"admin\""]);
        assert_eq!(::serde_json::to_value(refused).unwrap()["not"], ::serde_json::json!({"enum": ["admin"]}));
        let nullable = ::serde_json::to_value(RequiredNullable::<i64>::json_schema(&mut generator)).unwrap();
        assert_eq!(nullable["type"], ::serde_json::json!(["integer", "null"]));
    }

    #[derive(Debug, PartialEq)]
    enum Kind {
        Known,
        Unknown(String),
    }

    impl<'de> ::serde::Deserialize<'de> for Kind {
        fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            let text = String::deserialize(deserializer)?;
            let kind = if text == "known" { Kind::Known } else { Kind::Unknown(text) };
            unknown_value(matches!(kind, Kind::Unknown(_)));
            Ok(kind)
        }
    }

    #[derive(Debug, PartialEq)]
    enum Union {
        Text(String),
        Kind(Kind),
        Nested(Vec<Union>),
        Tagged(Kind, String),
    }

    fn union(value: &::serde_json::Value) -> Result<Union, ::serde_json::Error> {
        let members: &[Member<Union>] = &[
            |v| <i64 as ::serde::Deserialize>::deserialize(v).map(|n| Union::Text(n.to_string())),
            |v| <Kind as ::serde::Deserialize>::deserialize(v).map(Union::Kind),
            |v| {
                v.as_array()
                    .ok_or_else(|| ::serde::de::Error::custom("no array"))?
                    .iter()
                    .map(union)
                    .collect::<Result<_, _>>()
                    .map(Union::Nested)
            },
            |v| <(Kind, String) as ::serde::Deserialize>::deserialize(v).map(|(a, b)| Union::Tagged(a, b)),
        ];
        first_member(value, members).ok_or_else(|| ::serde::de::Error::custom("no member"))
    }

    #[test]
    fn a_union_takes_the_member_that_knows_the_most_of_the_value() {
        let read = |json: ::serde_json::Value| union(&json).unwrap();
        assert_eq!(read(::serde_json::json!("known")), Union::Kind(Kind::Known));
        assert_eq!(read(::serde_json::json!(5)), Union::Text("5".into()));
        assert_eq!(read(::serde_json::json!("new")), Union::Kind(Kind::Unknown("new".into())), "no member knows it");
        // Outside every union, counts only add up; no one reads them.
        UNKNOWNS.with(|counted| counted.set(Unknowns::NONE));
        assert_eq!(
            read(::serde_json::json!(["known", "known"])),
            Union::Nested(vec![Union::Kind(Kind::Known), Union::Kind(Kind::Known)]),
            "the first that knows all of it"
        );
        assert_eq!(
            read(::serde_json::json!(["known", "new"])),
            Union::Tagged(Kind::Known, "new".into()),
            "a later member that knows all of it, over an earlier one that does not"
        );
        assert!(UNKNOWNS.with(::std::cell::Cell::get) == Unknowns::NONE);
        assert_eq!(read(::serde_json::json!(["new", "x"])), Union::Tagged(Kind::Unknown("new".into()), "x".into()));
        assert!(
            UNKNOWNS.with(::std::cell::Cell::get) == Unknowns { values: 1, fields: 0 },
            "what the choice did not know counts outside"
        );
        UNKNOWNS.with(|counted| counted.set(Unknowns::NONE));
    }

    /// A derived union's catch-all, read through `unknown_form`, weighs as a form its
    /// union does not know: a member beside it that knows the value wins.
    #[test]
    fn a_derived_catch_all_counts_what_it_reads() {
        #[derive(::serde::Deserialize, Debug, PartialEq)]
        #[serde(untagged)]
        enum Derived {
            Number(i64),
            #[serde(deserialize_with = "unknown_form")]
            Unknown(::serde_json::Value),
        }
        let members: &[Member<Result<Derived, &'static str>>] = &[
            |v| <Derived as ::serde::Deserialize>::deserialize(v).map(Ok),
            |v| v.as_str().filter(|s| *s == "off").map(|_| Err("off")).ok_or_else(|| ::serde::de::Error::custom("no")),
        ];
        let value = ::serde_json::json!("off");
        assert_eq!(first_member(&value, members), Some(Err("off")), "the constant, not the catch-all");
        assert_eq!(first_member(&::serde_json::json!(3), members), Some(Ok(Derived::Number(3))));
        UNKNOWNS.with(|counted| counted.set(Unknowns::NONE));
    }

    #[test]
    fn a_tag_chooses_its_member_else_the_default_else_none() {
        #[derive(Debug, PartialEq)]
        enum Pet {
            Cat(::serde_json::Value),
            Dog(::serde_json::Value),
        }
        let members: &[Member<Pet>] = &[
            |v| Ok(Pet::Cat(v.clone())),
            |v| v.get("bark").map(|_| Pet::Dog(v.clone())).ok_or_else(|| ::serde::de::Error::custom("no bark")),
        ];
        let tags = &[("cat", 0), ("dog", 1)];
        let read = |value: ::serde_json::Value, default| match tagged_member(&value, "kind", tags, default, members) {
            Tagged::Read(Pet::Cat(_)) => "cat",
            Tagged::Read(Pet::Dog(_)) => "dog",
            Tagged::Unread => "unread",
            Tagged::Untagged => "untagged",
        };
        assert_eq!(
            read(::serde_json::json!({"kind": "dog", "bark": 1}), None),
            "dog",
            "not the first member that reads it"
        );
        assert_eq!(read(::serde_json::json!({"kind": "dog"}), None), "unread", "its member does not read it");
        assert_eq!(read(::serde_json::json!({"kind": "hamster"}), None), "unread", "a member added upstream");
        assert_eq!(read(::serde_json::json!({"kind": "hamster", "bark": 1}), Some(1)), "dog", "the default member");
        assert_eq!(read(::serde_json::json!({"name": "Rex"}), Some(0)), "cat", "no tag: the default member");
        assert_eq!(read(::serde_json::json!({"kind": 1}), None), "untagged");
        assert_eq!(read(::serde_json::json!("Rex"), None), "untagged");
        assert!(UNKNOWNS.with(::std::cell::Cell::get) == Unknowns::NONE);
    }

    #[test]
    fn values_weigh_more_than_fields() {
        assert!(Unknowns { values: 0, fields: 9 } < Unknowns { values: 1, fields: 0 });
        unknown_field();
        unknown_value(false);
        assert!(UNKNOWNS.with(::std::cell::Cell::get) == Unknowns { values: 0, fields: 1 });
        UNKNOWNS.with(|counted| counted.set(Unknowns::NONE));
    }
}
