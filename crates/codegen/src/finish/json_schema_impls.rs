//! typify writes `JsonSchema` by hand for a newtype whose values are listed (`{"type":
//! "integer", "enum": [1, 2]}`), in schemars 0.8's API, the version typify itself is
//! built on. The models implement schemars 1.x, so each such impl is written again in its
//! API, with the same meaning: the inner type's schema with the listed values as its
//! `enum` (or, for a value that is refused, its `not`).

use quote::ToTokens;
use syn::visit::Visit;
use syn::{parse_quote, Item};

use crate::syntax::impl_names;

/// `item` in schemars 1.x's API when it is one of typify's 0.8 impls; otherwise itself.
pub(super) fn for_schemars_1(item: Item) -> Item {
    let Item::Impl(block) = &item else { return item };
    let (Some(name), Some(trait_name)) = impl_names(block) else { return item };
    if trait_name != "JsonSchema" {
        return item;
    }
    let mut found = Listed::default();
    found.visit_item_impl(block);
    let Some(inner) = found.inner else { return item };
    if !found.speaks_0_8 {
        return item;
    }
    let values = found.values;
    let keyword = if found.refused { "not" } else { "enum" };
    let self_ty = &block.self_ty;
    parse_quote! {
        impl ::schemars::JsonSchema for #self_ty {
            fn schema_name() -> ::std::borrow::Cow<'static, str> {
                ::std::borrow::Cow::Borrowed(#name)
            }
            fn json_schema(generator: &mut ::schemars::SchemaGenerator) -> ::schemars::Schema {
                support::with_listed_values(
                    <#inner as ::schemars::JsonSchema>::json_schema(generator),
                    #keyword,
                    &[#(#values),*],
                )
            }
        }
    }
}

/// What typify's impl says: the inner type, the values as JSON text, and whether they are
/// refused (`not`) rather than listed.
#[derive(Default)]
struct Listed {
    inner: Option<syn::Type>,
    values: Vec<syn::LitStr>,
    refused: bool,
    speaks_0_8: bool,
}

impl<'ast> Visit<'ast> for Listed {
    fn visit_expr_path(&mut self, path: &'ast syn::ExprPath) {
        if let Some(qself) = &path.qself {
            self.inner.get_or_insert_with(|| (*qself.ty).clone());
        }
        syn::visit::visit_expr_path(self, path);
    }

    fn visit_path(&mut self, path: &'ast syn::Path) {
        let text = path.to_token_stream().to_string().replace(' ', "");
        self.speaks_0_8 |= text.contains("schemars::gen::") || text.contains("schemars::schema::");
        syn::visit::visit_path(self, path);
    }

    fn visit_expr_call(&mut self, call: &'ast syn::ExprCall) {
        let function = call.func.to_token_stream().to_string().replace(' ', "");
        if function.ends_with("serde_json::from_str") {
            if let Some(syn::Expr::Lit(syn::ExprLit { lit: syn::Lit::Str(value), .. })) = call.args.first() {
                self.values.push(value.clone());
            }
        }
        syn::visit::visit_expr_call(self, call);
    }

    fn visit_member(&mut self, member: &'ast syn::Member) {
        self.refused |= matches!(member, syn::Member::Named(name) if name == "not");
        syn::visit::visit_member(self, member);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rewritten(source: &str) -> String {
        for_schemars_1(syn::parse_str(source).unwrap()).to_token_stream().to_string()
    }

    #[test]
    fn a_listed_newtype_keeps_its_inner_type_and_values() {
        let typify = r#"impl ::schemars::JsonSchema for Level {
            fn schema_name() -> ::std::string::String { "Level".to_string() }
            fn json_schema(gen: &mut ::schemars::gen::SchemaGenerator) -> ::schemars::schema::Schema {
                let mut schema = <i64 as ::schemars::JsonSchema>::json_schema(gen).into_object();
                schema.enum_values = ::std::option::Option::Some([
                    ::serde_json::from_str("1").unwrap(), ::serde_json::from_str("2").unwrap(),
                ].into_iter().collect());
                schema.into()
            }
        }"#;
        let text = rewritten(typify);
        assert!(text.contains("< i64 as :: schemars :: JsonSchema > :: json_schema (generator)"), "{text}");
        assert!(text.contains("\"enum\" , & [\"1\" , \"2\"]"), "{text}");
        assert!(!text.contains("schemars :: gen"), "{text}");
    }

    #[test]
    fn a_refused_value_becomes_not() {
        let typify = r#"impl ::schemars::JsonSchema for NotAdmin {
            fn schema_name() -> ::std::string::String { "NotAdmin".to_string() }
            fn json_schema(gen: &mut ::schemars::gen::SchemaGenerator) -> ::schemars::schema::Schema {
                let mut schema = <String as ::schemars::JsonSchema>::json_schema(gen).into_object();
                let not = ::schemars::schema::SchemaObject { enum_values: ::std::option::Option::Some([
                    ::serde_json::from_str("\"admin\"").unwrap(), ].into_iter().collect()), ..Default::default() };
                schema.subschemas().not = Some(Box::new(not.into()));
                schema.into()
            }
        }"#;
        assert!(rewritten(typify).contains("\"not\""), "{}", rewritten(typify));
    }

    #[test]
    fn other_impls_are_left_alone() {
        let ours = "impl ::schemars::JsonSchema for Open { fn schema_name() -> ::std::borrow::Cow<'static, str> { ::std::borrow::Cow::Borrowed(\"Open\") } }";
        assert_eq!(rewritten(ours), syn::parse_str::<Item>(ours).unwrap().to_token_stream().to_string());
    }
}
