//! How each struct field holds "absent", "null" and a value, so that decoding a payload
//! and encoding it again gives back the same JSON. The table of what each kind of property
//! becomes is the models' contract, stated once in `docs/models.md` ("Presence"); this
//! module implements it, and `tests/it/round_trip.rs` holds it to the wire.

use std::collections::BTreeMap;

use proc_macro2::TokenStream;
use quote::quote;
use syn::visit_mut::{self, VisitMut};
use syn::{parse_quote, Attribute, Fields, ImplItemFn, Item, ItemEnum, ItemStruct, Type};

use crate::facts::PropertyFacts;
use crate::syntax::{
    doc_attribute, first_argument, impl_names, is_flattened, json_name, list_attribute, serde_rename, std_default,
    std_type,
};

/// Whether the field generated for a property is an `Option`, so it reads `null` and
/// absence: every property but a required, non-nullable one (`docs/models.md`,
/// "Presence"). The one statement of this rule in code; schema-diff reads it for its
/// `tolerated` verdict.
pub fn generated_as_option(required: bool, nullable: bool) -> bool {
    !required || nullable
}

/// Rewrites `Box<Option<T>>` as `Option<Box<T>>` throughout the models: fields, builders
/// and setters alike, so their types still agree. typify breaks a cycle of types (`Root`
/// naming `Owner` naming `Root`) by boxing an optional field's `Option<Root>` whole, with
/// a serde default, where a field that names only its own type gets `Option<Box<Root>>`.
/// Both hold the same states; written the usual way, presence holds the field like any
/// other optional one, not as one with a default (`Option<Box<Option<Root>>>`).
pub fn option_outside_box(file: &mut syn::File) {
    struct OptionOutsideBox;
    impl VisitMut for OptionOutsideBox {
        // A field's type is written in its struct or enum and in the modules (the
        // builders' fields, setters and conversions; defaults); typify's impls at the
        // top name none.
        fn visit_file_mut(&mut self, file: &mut syn::File) {
            for item in file.items.iter_mut().filter(|item| !matches!(item, Item::Impl(_))) {
                self.visit_item_mut(item);
            }
        }
        fn visit_type_mut(&mut self, ty: &mut Type) {
            visit_mut::visit_type_mut(self, ty);
            if let Some(inner) = first_argument("Box", ty).and_then(|boxed| first_argument("Option", boxed)) {
                let boxed = std_type("boxed", "Box", &[inner]);
                *ty = std_type("option", "Option", &[&boxed]);
            }
        }
    }
    OptionOutsideBox.visit_file_mut(file);
}

/// How one field holds presence.
#[derive(Debug, Clone)]
enum Presence {
    /// Typify's type and attributes are right as they are.
    AsGenerated,
    RequiredNullable {
        inner: Type,
    },
    Optional {
        inner: Type,
    },
    OptionalNullable {
        inner: Type,
    },
    /// `default` is the expression for the value an absent field means.
    OptionalDefaulted {
        inner: Type,
        default: syn::Expr,
    },
}

/// How a field's type changed: the builder's copy of the type changes the same way.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Wrap {
    /// The type is kept (its attributes changed).
    Kept,
    /// `T` became `Option<T>`.
    InOption,
    /// `Option<T>` became `Option<Option<T>>`.
    InnerInOption,
}

impl Wrap {
    fn apply(self, ty: &Type) -> Type {
        match (self, first_argument("Option", ty)) {
            (Wrap::Kept, _) => ty.clone(),
            (Wrap::InOption, _) => option(ty),
            (Wrap::InnerInOption, Some(inner)) => option(&option(inner)),
            (Wrap::InnerInOption, None) => option(&option(ty)),
        }
    }
}

fn option(ty: &Type) -> Type {
    std_type("option", "Option", &[ty])
}

/// A struct's fields after the rewrite: how each retyped field changed, by Rust name.
#[derive(Debug, Default)]
pub struct Retyped {
    pub wraps: BTreeMap<String, Wrap>,
    pub accessors: Vec<ImplItemFn>,
}

/// Rewrites the fields of `item` by the facts of each property (`facts(json_name)`).
pub fn hold_presence<'a>(item: &mut ItemStruct, facts: impl Fn(&str) -> Option<&'a PropertyFacts>) -> Retyped {
    hold_presence_of(item, facts, Owner::Struct)
}

/// Rewrites the named fields of each variant of `item` (typify's variant for an inline
/// object member of a union) as [`hold_presence`] does a struct's, by the facts of the
/// object whose properties are `facts(json_names)`; a field with a default keeps typify's
/// `default`, since a variant has no impl to hold the function that gives it.
pub fn hold_presence_in_variants<'a>(
    item: &mut ItemEnum,
    facts: impl Fn(&[String]) -> Option<&'a BTreeMap<String, PropertyFacts>>,
) {
    for variant in item.variants.iter_mut() {
        let Fields::Named(named) = &variant.fields else { continue };
        let json_names: Vec<String> = named.named.iter().filter(|f| !is_flattened(&f.attrs)).map(json_name).collect();
        let Some(variant_facts) = facts(&json_names) else { continue };
        let mut shadow: ItemStruct = parse_quote!(struct Variant #named);
        hold_presence_of(&mut shadow, |name| variant_facts.get(name), Owner::Variant);
        variant.fields = shadow.fields;
    }
}

/// What holds the fields: a struct, whose impl takes accessors and default functions, or
/// an enum's variant, which has neither.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Owner {
    Struct,
    Variant,
}

fn hold_presence_of<'a>(
    item: &mut ItemStruct,
    facts: impl Fn(&str) -> Option<&'a PropertyFacts>,
    owner: Owner,
) -> Retyped {
    let mut retyped = Retyped::default();
    let struct_name = item.ident.clone();
    let Fields::Named(fields) = &mut item.fields else { return retyped };
    // The struct's associated functions: typify's `builder`, and one accessor per field
    // named as the field; a default's function takes a name none of them has.
    let mut taken: std::collections::BTreeSet<String> =
        fields.named.iter().filter_map(|f| f.ident.as_ref().map(|i| i.to_string())).collect();
    taken.insert("builder".into());
    for field in fields.named.iter_mut() {
        let Some(ident) = field.ident.clone() else { continue };
        let json_name = json_name(field);
        let Some(facts) = facts(&json_name) else { continue };
        let presence = presence(field, facts);
        let rename = serde_rename(&field.attrs).map(|name| quote!(rename = #name,));
        let skip = quote!(skip_serializing_if = "::std::option::Option::is_none");
        let (wrap, serde, schema): (Wrap, TokenStream, TokenStream) = match &presence {
            Presence::AsGenerated => continue,
            Presence::OptionalDefaulted { .. } if owner == Owner::Variant => continue,
            Presence::RequiredNullable { inner } => {
                // serde reads a missing `Option` as `None` without `default`, which would
                // tell schemars the field is optional.
                (Wrap::Kept, quote!(#rename), quote!(support::RequiredNullable<#inner>))
            }
            Presence::Optional { inner } => (Wrap::Kept, quote!(#rename default, #skip), quote!(#inner)),
            Presence::OptionalDefaulted { inner, .. } => {
                (Wrap::InOption, quote!(#rename default, #skip), quote!(#inner))
            }
            Presence::OptionalNullable { inner } => (
                Wrap::InnerInOption,
                quote!(#rename default, #skip, with = "support::double_option"),
                quote!(::std::option::Option<#inner>),
            ),
        };
        field.attrs.retain(|a| !a.path().is_ident("serde") && !a.path().is_ident("schemars"));
        let schema = schema.to_string();
        field.attrs.push(list_attribute("serde", serde));
        field.attrs.push(list_attribute("schemars", quote!(with = #schema)));
        if let Presence::OptionalDefaulted { inner, default } = &presence {
            // The JSON Schema keeps the API's default, which the field no longer holds.
            let name = format!("default_{}", ident.to_string().trim_start_matches("r#"));
            let function = quote::format_ident!("{}", crate::spelling::distinct(name, "_", &mut taken));
            let path = format!("{struct_name}::{function}");
            field.attrs.push(list_attribute("schemars", quote!(default = #path)));
            let only_with_schemars = super::schemars_gate::only_with_schemars();
            retyped.accessors.push(parse_quote! {
                #only_with_schemars
                fn #function() -> ::std::option::Option<#inner> {
                    Some(#default)
                }
            });
        }
        field.ty = wrap.apply(&field.ty);
        if owner == Owner::Variant {
            continue;
        }
        if let Some(accessor) = accessor(&ident, &presence, &field.attrs) {
            retyped.accessors.push(accessor);
        }
        retyped.wraps.insert(ident.to_string(), wrap);
    }
    retyped
}

fn presence(field: &syn::Field, facts: &PropertyFacts) -> Presence {
    let inner = first_argument("Option", &field.ty).cloned();
    match (inner, facts.required, facts.nullable) {
        (Some(inner), true, true) => Presence::RequiredNullable { inner },
        (Some(inner), false, true) => Presence::OptionalNullable { inner },
        (Some(inner), false, false) => Presence::Optional { inner },
        (None, false, false) => match serde_default(&field.attrs) {
            Some(default) => Presence::OptionalDefaulted { inner: field.ty.clone(), default },
            None => Presence::AsGenerated,
        },
        _ => Presence::AsGenerated,
    }
}

/// Field names that get no accessor, since a method of that name would clash: typify's
/// constructor `builder`, and the methods users call on a model of the traits it
/// implements, or of the prelude's traits every `Clone` type has. An inherent method is
/// found before a trait's, so an accessor `clone` would make `user.clone()` return the
/// field, and one named `deserialize` would take the place of `User::deserialize(…)`. The
/// field itself stays public. Names whose traits a model lacks (`hash`, `eq`) or that a
/// caller must import and rarely calls on a model (`type_id`, `json_schema`: upstream
/// has properties of both names) keep their accessors.
const NAMES_WITHOUT_ACCESSOR: &[&str] = &[
    "builder",
    "clone",
    "clone_from",
    "clone_into",
    "default",
    "deserialize",
    "fmt",
    "from",
    "into",
    "serialize",
    "to_owned",
    "try_from",
    "try_into",
];

/// The accessor that reads through the presence wrapping, documented and deprecated like
/// the field; none for a field in [`NAMES_WITHOUT_ACCESSOR`].
fn accessor(ident: &syn::Ident, presence: &Presence, attrs: &[Attribute]) -> Option<ImplItemFn> {
    if NAMES_WITHOUT_ACCESSOR.contains(&ident.to_string().trim_start_matches("r#")) {
        return None;
    }
    let (template, ty, default) = match presence {
        Presence::OptionalNullable { inner } => (Accessor::Nullable, inner, None),
        Presence::OptionalDefaulted { inner, default } => match first_argument("Vec", inner) {
            // An absent list reads as empty, without a copy.
            Some(item) if *default == std_default() => (Accessor::EmptyList, item, None),
            _ => (Accessor::Defaulted, inner, Some(default)),
        },
        _ => return None,
    };
    let mut accessor = ACCESSORS.with(|accessors| accessors[template as usize].clone());
    FillAccessor { ident, ty, default }.visit_impl_item_fn_mut(&mut accessor);
    let mut docs: Vec<Attribute> =
        attrs.iter().filter(|a| a.path().is_ident("doc") || a.path().is_ident("deprecated")).cloned().collect();
    if docs.iter().any(|a| a.path().is_ident("doc")) {
        docs.push(doc_attribute(""));
    }
    accessor.attrs.splice(0..0, docs);
    Some(accessor)
}

/// The kinds of accessor, in [`ACCESSORS`]' order.
#[derive(Clone, Copy)]
enum Accessor {
    Nullable,
    EmptyList,
    Defaulted,
}

thread_local! {
    /// The accessors, written once for a field `field` of type `Inner` (for a list, of
    /// items `Inner`) whose default is `default()`, parsed once per thread and filled in
    /// per field by [`FillAccessor`]: parsing each anew cost a thirtieth of a comparison.
    static ACCESSORS: [ImplItemFn; 3] = [
        parse_quote! {
            /// `None` whether the field was absent or `null`.
            pub fn field(&self) -> ::std::option::Option<&Inner> {
                self.field.as_ref().and_then(::std::option::Option::as_ref)
            }
        },
        parse_quote! {
            /// Empty when the field was absent.
            pub fn field(&self) -> &[Inner] {
                self.field.as_deref().unwrap_or_default()
            }
        },
        parse_quote! {
            /// The API's default when the field was absent.
            pub fn field(&self) -> Inner {
                self.field.clone().unwrap_or_else(|| default())
            }
        },
    ];
}

/// Puts one field's name, type and default in an [`ACCESSORS`] template. What it puts in
/// is not visited again, so a field named `field` or a type named `Inner` is filled in like
/// any other.
struct FillAccessor<'a> {
    ident: &'a syn::Ident,
    ty: &'a Type,
    default: Option<&'a syn::Expr>,
}

impl VisitMut for FillAccessor<'_> {
    fn visit_ident_mut(&mut self, ident: &mut syn::Ident) {
        if ident == "field" {
            *ident = self.ident.clone();
        }
    }

    fn visit_type_mut(&mut self, ty: &mut Type) {
        match ty {
            Type::Path(path) if path.path.is_ident("Inner") => *ty = self.ty.clone(),
            _ => visit_mut::visit_type_mut(self, ty),
        }
    }

    fn visit_expr_mut(&mut self, expr: &mut syn::Expr) {
        match (&*expr, self.default) {
            (syn::Expr::Call(call), Some(default)) if matches!(&*call.func, syn::Expr::Path(p) if p.path.is_ident("default")) =>
            {
                *expr = default.clone();
            }
            _ => visit_mut::visit_expr_mut(self, expr),
        }
    }
}

/// The value typify's `#[serde(default)]` or `#[serde(default = "path")]` stands for.
fn serde_default(attrs: &[Attribute]) -> Option<syn::Expr> {
    let mut default = None;
    for attr in attrs.iter().filter(|a| a.path().is_ident("serde")) {
        let _ = attr.parse_nested_meta(|meta| {
            if meta.path.is_ident("default") {
                default = Some(if meta.input.peek(syn::Token![=]) {
                    let path: syn::LitStr = meta.value()?.parse()?;
                    let path: syn::ExprPath = path.parse()?;
                    parse_quote!(#path())
                } else {
                    std_default()
                });
            } else if meta.input.peek(syn::Token![=]) {
                meta.value()?.parse::<syn::Expr>()?;
            }
            Ok(())
        });
    }
    default
}

/// Gives each retyped struct's `Default`, and typify's builder for it (in `items`, the
/// builder module), the struct's new field types: the builder's fields, its setters, and
/// its `Default` (an unset optional field is absent). `retyped` maps struct names to how
/// their fields changed; `items` is walked once, whatever its size.
pub fn retype_builders(items: &mut [Item], retyped: &BTreeMap<String, BTreeMap<String, Wrap>>) {
    let mut field_types: BTreeMap<String, BTreeMap<String, Type>> = BTreeMap::new();
    for item in items.iter_mut() {
        let Item::Struct(s) = item else { continue };
        let Some(wraps) = retyped.get(&s.ident.to_string()).filter(|w| !w.is_empty()) else { continue };
        let types = field_types.entry(s.ident.to_string()).or_default();
        for field in s.fields.iter_mut() {
            let name = field.ident.as_ref().map(ToString::to_string).unwrap_or_default();
            let (Some(wrap), Some(old)) = (wraps.get(&name), first_argument("Result", &field.ty).cloned()) else {
                continue;
            };
            let ty = wrap.apply(&old);
            field.ty = std_type("result", "Result", &[&ty, &std_type("string", "String", &[])]);
            types.insert(name, ty);
        }
    }
    let no_types = BTreeMap::new();
    for item in items.iter_mut() {
        let Item::Impl(i) = item else { continue };
        let (Some(self_name), trait_name) = impl_names(i) else { continue };
        let Some(wraps) = retyped.get(&self_name).filter(|w| !w.is_empty()) else { continue };
        match trait_name.as_deref() {
            None => retype_setters(i, field_types.get(&self_name).unwrap_or(&no_types)),
            Some("Default") => unset_defaults(i, wraps),
            _ => {}
        }
    }
}

fn retype_setters(item: &mut syn::ItemImpl, field_types: &BTreeMap<String, Type>) {
    for impl_item in item.items.iter_mut() {
        let syn::ImplItem::Fn(setter) = impl_item else { continue };
        let name = setter.sig.ident.clone();
        let Some(ty) = field_types.get(&name.to_string()) else { continue };
        // typify's setter is the one below but for what it converts to: retyping it in
        // place spares parsing a setter for every retyped field.
        if let Some(target) = conversion_target(setter) {
            *target = ty.clone();
            continue;
        }
        let message = format!("error converting supplied value for {name}: {{e}}");
        *setter = parse_quote! {
            pub fn #name<T>(mut self, value: T) -> Self
            where
                T: ::std::convert::TryInto<#ty>,
                T::Error: ::std::fmt::Display,
            {
                self.#name = value.try_into().map_err(|e| format!(#message));
                self
            }
        };
    }
}

/// `X` in a setter's `where T: ::std::convert::TryInto<X>`.
fn conversion_target(setter: &mut ImplItemFn) -> Option<&mut Type> {
    let clause = setter.sig.generics.where_clause.as_mut()?;
    clause.predicates.iter_mut().find_map(|predicate| {
        let syn::WherePredicate::Type(predicate) = predicate else { return None };
        if !matches!(&predicate.bounded_ty, Type::Path(bounded) if bounded.path.is_ident("T")) {
            return None;
        }
        predicate.bounds.iter_mut().find_map(|bound| {
            let syn::TypeParamBound::Trait(bound) = bound else { return None };
            let last = bound.path.segments.last_mut().filter(|last| last.ident == "TryInto")?;
            let syn::PathArguments::AngleBracketed(arguments) = &mut last.arguments else { return None };
            match arguments.args.first_mut()? {
                syn::GenericArgument::Type(target) => Some(target),
                _ => None,
            }
        })
    })
}

/// `Default` of a builder or struct: every retyped optional field starts absent.
fn unset_defaults(item: &mut syn::ItemImpl, wraps: &BTreeMap<String, Wrap>) {
    struct Unset<'a>(&'a BTreeMap<String, Wrap>);
    impl syn::visit_mut::VisitMut for Unset<'_> {
        fn visit_field_value_mut(&mut self, field: &mut syn::FieldValue) {
            let syn::Member::Named(name) = &field.member else { return };
            if !self.0.contains_key(&name.to_string()) {
                return;
            }
            let called = |name: &str| matches!(&field.expr, syn::Expr::Call(call) if matches!(&*call.func, syn::Expr::Path(p) if p.path.is_ident(name)));
            // A builder's `Ok(default)` becomes `Ok(absent)`; its `Err("no value supplied")`
            // for a required field stays; a struct's own default becomes absent.
            if called("Ok") {
                let syn::Expr::Call(call) = &mut field.expr else { return };
                call.args = std::iter::once(std_default()).collect();
            } else if !called("Err") {
                field.expr = std_default();
            }
        }
    }
    syn::visit_mut::visit_item_impl_mut(&mut Unset(wraps), item);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_option_boxed_whole_is_an_option_of_a_box() {
        let mut file: syn::File = parse_quote! {
            pub struct Root {
                #[serde(default)]
                pub next: ::std::boxed::Box<::std::option::Option<Root>>,
                pub list: Vec<::std::boxed::Box<::std::option::Option<Root>>>,
                pub kept: ::std::option::Option<::std::boxed::Box<Owner>>,
            }
            pub mod builder {
                impl Root {
                    pub fn next<T>(self, value: T) where T: ::std::convert::TryInto<::std::boxed::Box<::std::option::Option<Root>>> {}
                }
            }
        };
        option_outside_box(&mut file);
        let text = quote!(#file).to_string().replace(' ', "");
        assert_eq!(text.matches("::std::option::Option<::std::boxed::Box<Root>>").count(), 3, "{text}");
        assert!(!text.contains("Box<::std::option::Option"), "{text}");
        assert!(text.contains("::std::option::Option<::std::boxed::Box<Owner>>"), "{text}");
    }

    #[test]
    fn a_builders_fields_setters_and_default_take_the_new_types() {
        let mut file: syn::File = parse_quote! {
            pub struct User {
                first_name: ::std::result::Result<::std::option::Option<String>, ::std::string::String>,
                age: ::std::result::Result<i64, ::std::string::String>,
            }
            impl User {
                pub fn first_name<T>(mut self, value: T) -> Self
                where
                    T: ::std::convert::TryInto<::std::option::Option<String>>,
                    T::Error: ::std::fmt::Display,
                {
                    self.first_name = value.try_into().map_err(|e| format!("error converting supplied value for first_name: {e}"));
                    self
                }
                // Not typify's shape: written whole.
                pub fn age(mut self, value: i64) -> Self {
                    self.age = Ok(value);
                    self
                }
            }
            impl ::std::default::Default for User {
                fn default() -> Self {
                    Self { first_name: Ok(Default::default()), age: Ok(Default::default()) }
                }
            }
        };
        let wraps =
            BTreeMap::from([("first_name".to_string(), Wrap::InnerInOption), ("age".to_string(), Wrap::InOption)]);
        retype_builders(&mut file.items, &BTreeMap::from([("User".to_string(), wraps)]));
        let text = prettyplease::unparse(&file);
        for wanted in [
            "first_name: ::std::result::Result<\n        ::std::option::Option<::std::option::Option<String>>,",
            "age: ::std::result::Result<::std::option::Option<i64>, ::std::string::String>",
            "T: ::std::convert::TryInto<::std::option::Option<::std::option::Option<String>>>,",
            "pub fn age<T>(mut self, value: T) -> Self\n    where\n        T: ::std::convert::TryInto<::std::option::Option<i64>>,",
            "format!(\"error converting supplied value for age: {e}\")",
            "first_name: Ok(::std::default::Default::default())",
        ] {
            assert!(text.contains(wanted), "{wanted}\n{text}");
        }
    }
}
