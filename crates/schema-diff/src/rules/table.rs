//! The rule table: every kind of wire change, once. See [`super`] for what a row states.

use super::Condition::*;
use super::Estimate::*;
use super::When::*;
use super::{Rule, Subject};
use crate::semver::Semver;
use crate::wire::{Additional, Aspect, Presence};

/// Declares the kinds, family by family: `Kind = "kind-id" when <pattern of the aspect> =>
/// { meaning, request, response, tolerated, estimate, message }`. The families, and the
/// kinds within each, are in the order the documentation lists them.
macro_rules! rules {
    ($(
        $family:ident $title:literal {
            $( $kind:ident = $id:literal when $pattern:pat => {
                meaning: $meaning:literal,
                request: $request:expr,
                response: $response:expr,
                tolerated: $tolerated:expr,
                estimate: $estimate:expr,
                message: $message:expr $(,)?
            } )*
        }
    )*) => {
        /// What changed: one kind per rule of [`RULES`].
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum ChangeKind { $($($kind,)*)* }

        /// The families of kinds, in the order the documentation lists them.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
        pub enum Family { $($family,)* }

        impl Family {
            pub fn title(self) -> &'static str {
                match self { $(Family::$family => $title,)* }
            }
        }

        /// Every rule, in [`ChangeKind`]'s order.
        pub static RULES: &[Rule] = &[$($(Rule {
            kind: ChangeKind::$kind,
            id: $id,
            family: Family::$family,
            meaning: $meaning,
            request: $request,
            response: $response,
            tolerated: $tolerated,
            estimate: $estimate,
            message: $message,
        },)*)*];

        impl ChangeKind {
            /// Every kind, in the table's order.
            pub const ALL: &'static [ChangeKind] = &[$($(ChangeKind::$kind,)*)*];

            /// The kind of a difference the engine found.
            pub fn of(aspect: &Aspect) -> ChangeKind {
                match aspect { $($($pattern => ChangeKind::$kind,)*)* }
            }
        }
    };
}

/// What changed in a security scheme's definition, key by key: `changed its `in` from
/// header to query`; the whole definitions are the change's `before` and `after`.
fn scheme_changes(s: &Subject) -> String {
    use serde_json::Value;
    let (Some(Value::Object(before)), Some(Value::Object(after))) = (s.before, s.after) else {
        return match (s.before, s.after) {
            (Some(_), None) => "is no longer defined".into(),
            (None, Some(_)) => "is now defined".into(),
            _ => format!("changed from {} to {}", s.before_text(), s.after_text()),
        };
    };
    let keys: std::collections::BTreeSet<&String> = before.keys().chain(after.keys()).collect();
    let shown = |value: Option<&Value>| match value {
        None => "nothing".to_string(),
        Some(Value::String(text)) => crate::quote::code(text),
        Some(Value::Object(_) | Value::Array(_)) => "another".to_string(),
        Some(other) => crate::quote::code(&other.to_string()),
    };
    let parts: Vec<String> = keys
        .into_iter()
        .filter(|key| before.get(*key) != after.get(*key))
        .map(|key| match (before.get(key), after.get(key)) {
            (Some(Value::Object(_)), Some(Value::Object(_))) => format!("its {}", crate::quote::code(key)),
            (was, is) => format!("its {} from {} to {}", crate::quote::code(key), shown(was), shown(is)),
        })
        .collect();
    format!("changed {}", parts.join(", "))
}

fn required_suffix(s: &Subject) -> &'static str {
    if s.facts.required {
        " as required"
    } else {
        ""
    }
}

rules! {
    Operations "Operations and responses" {
        OperationAdded = "operation-added" when Aspect::Operation(Presence::Added) => {
            meaning: "an operation appeared",
            request: Never, response: Never, tolerated: Always, estimate: Fixed(Semver::Minor),
            message: |s| format!("{} was added", s.operation),
        }
        OperationRemoved = "operation-removed" when Aspect::Operation(Presence::Removed) => {
            meaning: "an operation vanished",
            request: Always, response: Always, tolerated: Never, estimate: Fixed(Semver::Major),
            message: |s| format!("{} was removed", s.operation),
        }
        ComparedInPart = "compared-in-part" when Aspect::ComparedInPart => {
            meaning: "a body or parameter too large or too deep to compare whole (more than 50,000 schema positions, or 64 levels): what lies past was not compared, and may have changed in any way",
            request: Always, response: Always, tolerated: Never, estimate: Fixed(Semver::Major),
            message: |s| format!("{} of {} was compared in part: past 50,000 schema positions or 64 levels, changes are not known", s.shown, s.operation),
        }
        OperationIdChanged = "operation-id-changed" when Aspect::OperationId => {
            meaning: "the `operationId`, which names the generated method and builder, changed; the same requests on the wire",
            request: Never, response: Never, tolerated: Always, estimate: Fixed(Semver::Major),
            message: |s| format!("the operationId of {} changed from {} to {}", s.operation, s.before_text(), s.after_text()),
        }
        PathParameterRenamed = "path-parameter-renamed" when Aspect::PathParameterName => {
            meaning: "a path parameter was renamed in the path template (`/pets/{id}` to `/pets/{petId}`): the same requests on the wire, a renamed setter in Rust",
            request: Never, response: Never, tolerated: Always, estimate: Fixed(Semver::Major),
            message: |s| format!("the path parameter {} of {} is now {}", s.before_text(), s.operation, s.after_text()),
        }
        ResponseAdded = "response-added" when Aspect::Response(Presence::Added) => {
            meaning: "a status code is newly documented",
            request: Never, response: Never, tolerated: Always, estimate: Fixed(Semver::Minor),
            message: |s| format!("{} is newly documented", s.shown),
        }
        ResponseRemoved = "response-removed" when Aspect::Response(Presence::Removed) => {
            meaning: "a status code is no longer documented",
            request: Never, response: Never, tolerated: Always, estimate: Fixed(Semver::Major),
            message: |s| format!("{} is no longer documented", s.shown),
        }
        RequestBodyAdded = "request-body-added" when Aspect::RequestBody(Presence::Added) => {
            meaning: "the operation now takes a request body",
            request: If(Required), response: Never, tolerated: Always, estimate: MajorIf(Required, Semver::Minor),
            message: |s| format!("{} now takes a request body{}", s.operation, required_suffix(s)),
        }
        RequestBodyRemoved = "request-body-removed" when Aspect::RequestBody(Presence::Removed) => {
            meaning: "the operation no longer takes a request body",
            // The server may refuse the body BASE's callers send; a webhook's receivers
            // (who read it as a response) find none.
            request: Always, response: Always, tolerated: Always, estimate: Fixed(Semver::Major),
            message: |s| format!("{} no longer takes a request body", s.operation),
        }
        RequestBodyBecameRequired = "request-body-became-required" when Aspect::RequestBodyRequired(true) => {
            meaning: "the request body must now be sent",
            request: Always, response: Never, tolerated: Always, estimate: Fixed(Semver::Major),
            message: |s| format!("the request body of {} is now required", s.operation),
        }
        RequestBodyBecameOptional = "request-body-became-optional" when Aspect::RequestBodyRequired(false) => {
            meaning: "the request body may now be left out",
            request: Never, response: Always, tolerated: Always, estimate: Fixed(Semver::Minor),
            message: |s| format!("the request body of {} is now optional", s.operation),
        }
        MediaTypeAdded = "media-type-added" when Aspect::MediaType(Presence::Added) => {
            meaning: "a body may now be sent, or come, as another media type (the generated client asks for the one it reads)",
            request: Never, response: Never, tolerated: Always, estimate: Fixed(Semver::Minor),
            message: |s| format!("{} may now be {}", s.shown, s.after_text()),
        }
        MediaTypeRemoved = "media-type-removed" when Aspect::MediaType(Presence::Removed) => {
            meaning: "a body is no longer sent, or accepted, as a media type",
            // A client that asked for it gets another, or none; the generated client
            // minds only when it is the one it reads.
            request: Always, response: Always, tolerated: Unless(ReadByClient), estimate: Fixed(Semver::Major),
            message: |s| format!("{} is no longer {}", s.shown, s.before_text()),
        }
    }
    // A parameter is in what the API sends only in a webhook or a callback, whose
    // receivers read it as a client reads a response header.
    Parameters "Parameters" {
        ParameterAdded = "parameter-added" when Aspect::Parameter(Presence::Added) => {
            meaning: "a parameter appeared",
            request: If(Required), response: Never, tolerated: Always, estimate: MajorIf(Required, Semver::Minor),
            message: |s| format!("{} was added{}", s.shown, required_suffix(s)),
        }
        ParameterRemoved = "parameter-removed" when Aspect::Parameter(Presence::Removed) => {
            meaning: "a parameter vanished",
            request: Never, response: If(WasRequired), tolerated: Always, estimate: Fixed(Semver::Major),
            message: |s| format!("{} was removed", s.shown),
        }
        ParameterBecameRequired = "parameter-became-required" when Aspect::ParameterRequired(true) => {
            meaning: "a parameter must now be sent",
            request: Always, response: Never, tolerated: Always, estimate: Fixed(Semver::Major),
            message: |s| format!("{} is now required", s.shown),
        }
        ParameterBecameOptional = "parameter-became-optional" when Aspect::ParameterRequired(false) => {
            meaning: "a parameter may now be left out",
            request: Never, response: Always, tolerated: Always, estimate: Fixed(Semver::Minor),
            message: |s| format!("{} is now optional", s.shown),
        }
        ParameterStyleChanged = "parameter-style-changed" when Aspect::ParameterStyle => {
            meaning: "a parameter's `style` or `explode`, how its value is written, changed",
            request: Always, response: Always, tolerated: Always, estimate: Fixed(Semver::Major),
            message: |s| format!("{} is now written as {}", s.shown, s.after_text()),
        }
    }
    // progenitor types no response header, so none reaches the generated Rust API, and
    // the client generated from BASE reads them all (callers read them as text). In the
    // answer to a webhook or callback, which its receivers send, a header they must now
    // send breaks them.
    ResponseHeaders "Response headers" {
        ResponseHeaderAdded = "response-header-added" when Aspect::ResponseHeader(Presence::Added) => {
            meaning: "a response documents a new header",
            request: If(Required), response: Never, tolerated: Always, estimate: Fixed(Semver::Patch),
            message: |s| format!("{} was added{}", s.shown, required_suffix(s)),
        }
        ResponseHeaderRemoved = "response-header-removed" when Aspect::ResponseHeader(Presence::Removed) => {
            meaning: "a response no longer documents a header; a client that reads it finds none",
            request: Never, response: If(WasRequired), tolerated: Always, estimate: Fixed(Semver::Patch),
            message: |s| format!("{} was removed{}", s.shown, if s.facts.was_required { " (it was required)" } else { "" }),
        }
        ResponseHeaderBecameRequired = "response-header-became-required" when Aspect::ResponseHeaderRequired(true) => {
            meaning: "a response header is now always sent",
            request: Always, response: Never, tolerated: Always, estimate: Fixed(Semver::Patch),
            message: |s| format!("{} is now always sent", s.shown),
        }
        ResponseHeaderBecameOptional = "response-header-became-optional" when Aspect::ResponseHeaderRequired(false) => {
            meaning: "a response header may now be absent",
            request: Never, response: Always, tolerated: Always, estimate: Fixed(Semver::Patch),
            message: |s| format!("{} may now be absent", s.shown),
        }
    }
    // Found at the operation, judged as what callers send (`ChangeKind::direction_at`).
    Security "Who may call" {
        SecurityRequirementAdded = "security-requirement-added" when Aspect::SecurityRequirement(Presence::Added) => {
            meaning: "callers may now also present these credentials: an alternative of the operation's `security` (its own, else the document's) appeared",
            request: Never, response: Never, tolerated: Always, estimate: Fixed(Semver::Patch),
            message: |s| format!("{} now also accepts {}", s.operation, s.after_text()),
        }
        SecurityRequirementRemoved = "security-requirement-removed" when Aspect::SecurityRequirement(Presence::Removed) => {
            meaning: "callers may no longer present these credentials, or none (`no credentials`: the operation now requires some); it breaks callers unless HEAD still accepts what they presented, as when it asks for fewer schemes or scopes, or for none",
            request: If(Narrowed), response: Never, tolerated: Always, estimate: Fixed(Semver::Patch),
            message: |s| {
                let verb = if s.facts.narrowed { "no longer accepts" } else { "no longer asks for" };
                format!("{} {verb} {}", s.operation, s.before_text())
            },
        }
        SecuritySchemeChanged = "security-scheme-changed" when Aspect::SecurityScheme => {
            meaning: "a security scheme the operation names is defined differently: where the credential goes, its name, its kind or its flows",
            request: Always, response: Never, tolerated: Always, estimate: Fixed(Semver::Patch),
            message: |s| format!("the security scheme {} of {} {}", s.shown, s.operation, scheme_changes(s)),
        }
    }
    Presence "Presence of fields" {
        PropertyAdded = "property-added" when Aspect::Property(Presence::Added) => {
            meaning: "a field appeared. Objects accept fields they do not name, so a response breaks strict clients only where BASE's object refused them (`additionalProperties: false`, or a schema the field's values do not fit); the generated client keeps unknown fields, closed objects' too, in a map typed as `additionalProperties`",
            request: If(Required), response: If(Widened), tolerated: If(ReadableByBase), estimate: Fixed(Semver::Minor),
            message: |s| format!("{} was added{}", s.shown, required_suffix(s)),
        }
        PropertyRemoved = "property-removed" when Aspect::Property(Presence::Removed) => {
            meaning: "a field vanished; callers that send it are refused where HEAD's object refuses fields it does not name",
            request: If(Narrowed), response: If(WasRequired), tolerated: If(BaseFieldIsOption), estimate: Fixed(Semver::Major),
            message: |s| format!("{} was removed{}", s.shown, if s.facts.was_required { " (it was required)" } else { "" }),
        }
        PropertyBecameRequired = "property-became-required" when Aspect::PropertyRequired(true) => {
            meaning: "a field must now be present",
            request: Always, response: Never, tolerated: Always, estimate: Fixed(Semver::Major),
            message: |s| format!("{} is now required", s.shown),
        }
        PropertyBecameOptional = "property-became-optional" when Aspect::PropertyRequired(false) => {
            meaning: "a field may now be absent",
            request: Never, response: Always, tolerated: If(BaseFieldIsOption), estimate: Fixed(Semver::Major),
            message: |s| format!("{} may now be absent", s.shown),
        }
    }
    Nullability "Nullability" {
        PropertyBecameNullable = "property-became-nullable" when Aspect::Nullable(true) => {
            meaning: "a value may now be `null`",
            request: Never, response: Always, tolerated: If(BaseFieldIsOption), estimate: Fixed(Semver::Major),
            message: |s| format!("{} may now be null", s.shown),
        }
        PropertyBecameNonNullable = "property-became-non-nullable" when Aspect::Nullable(false) => {
            meaning: "a value may no longer be `null`",
            request: Always, response: Never, tolerated: Always, estimate: Fixed(Semver::Major),
            message: |s| format!("{} is no longer null", s.shown),
        }
    }
    KindOfValue "Kind of value" {
        TypeChanged = "type-changed" when Aspect::Type => {
            meaning: "the kind of value changed, or an enum restriction was lifted or added",
            request: If(Narrowed), response: If(Widened), tolerated: If(ReadableByBase), estimate: Fixed(Semver::Major),
            message: |s| {
                if s.facts.values_lifted {
                    format!("{} is no longer restricted to listed values", s.shown)
                } else if s.facts.values_restricted {
                    format!("{} is now restricted to listed values", s.shown)
                } else {
                    format!("{} changed from {} to {}", s.shown, s.before_text(), s.after_text())
                }
            },
        }
        FormatChanged = "format-changed" when Aspect::Format => {
            meaning: "the `format` changed: documentation here, except an integer's that passes `i64` (a `u64`)",
            request: If(Narrowed), response: If(Widened), tolerated: If(ReadableByBase), estimate: Fixed(Semver::Major),
            message: |s| format!("the format of {} changed from {} to {}", s.shown, s.before_text(), s.after_text()),
        }
        ConstraintChanged = "constraint-changed" when Aspect::Constraint => {
            meaning: "a bound on values (`maxLength`, `minimum`, `pattern`, `uniqueItems`, …), or an assertion the generated types do not check (`not`, `if`/`then`/`else`, `contains`, `prefixItems`, `patternProperties`, `propertyNames`, `dependentRequired`, `dependentSchemas`, `unevaluated…`), changed",
            request: If(Narrowed), response: If(Widened), tolerated: If(ReadableByBase), estimate: MajorIf(Narrowed, Semver::Patch),
            message: |s| format!("{} changed its bound from {} to {}", s.shown, s.before_text(), s.after_text()),
        }
    }
    EnumValues "Enum values" {
        EnumValueAdded = "enum-value-added" when Aspect::EnumValue(Presence::Added) => {
            meaning: "an enum accepts a new value",
            // Open enums read values they do not know.
            request: Never, response: Always, tolerated: Always, estimate: Fixed(Semver::Minor),
            message: |s| format!("{} may now be {}", s.shown, s.after.map(ToString::to_string).unwrap_or_default()),
        }
        EnumValueRemoved = "enum-value-removed" when Aspect::EnumValue(Presence::Removed) => {
            meaning: "an enum value, or one of an `x-extensible-enum` list, is gone",
            request: Always, response: Never, tolerated: Always, estimate: Fixed(Semver::Major),
            message: |s| format!("{} is no longer {}", s.shown, s.before.map(ToString::to_string).unwrap_or_default()),
        }
    }
    Unions "Unions and compositions" {
        UnionMemberAdded = "union-member-added" when Aspect::UnionMember(Presence::Added) => {
            meaning: "a union (`oneOf`, `anyOf`) has a new member; a `oneOf` whose members were told apart refuses a value the new member matches beside another, so a new member that may overlap another narrows what requests may send; BASE's generated union of two or more members keeps what none reads in its catch-all, `Unknown`",
            request: If(Narrowed), response: If(Widened), tolerated: If(ReadableByBase), estimate: Fixed(Semver::Minor),
            message: |s| format!("{} is a new member, {}", s.shown, s.after_text()),
        }
        UnionMemberRemoved = "union-member-removed" when Aspect::UnionMember(Presence::Removed) => {
            meaning: "a union lost a member",
            request: Always, response: Never, tolerated: Always, estimate: Fixed(Semver::Major),
            message: |s| format!("{} is no longer a member", s.shown),
        }
        UnionBecameExclusive = "union-became-exclusive" when Aspect::Exclusive(true) => {
            meaning: "an `anyOf` became a `oneOf` of the same members: a value that two members match is refused where they may overlap (typify generates an `anyOf` of objects as a struct of optional parts, a `oneOf` as an enum)",
            request: If(Narrowed), response: Never, tolerated: Always, estimate: Fixed(Semver::Major),
            message: |s| format!("{} now takes a value for one member only (`oneOf`, was `anyOf`)", s.shown),
        }
        UnionBecameInclusive = "union-became-inclusive" when Aspect::Exclusive(false) => {
            meaning: "a `oneOf` became an `anyOf` of the same members: a value may now match several members, which a strict client refuses where they may overlap; the generated union gives it to the member that knows the most of it",
            request: Never, response: If(Widened), tolerated: Always, estimate: Fixed(Semver::Major),
            message: |s| format!("{} now takes a value that several members match (`anyOf`, was `oneOf`)", s.shown),
        }
        AllOfPartAdded = "all-of-part-added" when Aspect::AllOfPart(Presence::Added) => {
            meaning: "a schema composed with `allOf` has a new part, which every value must now match too (the generated type is built from the parts)",
            request: Always, response: Never, tolerated: Always, estimate: Fixed(Semver::Major),
            message: |s| format!("{} must now also match {}", s.shown, s.after_text()),
        }
        AllOfPartRemoved = "all-of-part-removed" when Aspect::AllOfPart(Presence::Removed) => {
            meaning: "a part of an `allOf` composition is gone (what it alone required is reported as its own change)",
            request: Never, response: Never, tolerated: Always, estimate: Fixed(Semver::Major),
            message: |s| format!("{} no longer must match {}", s.shown, s.before_text()),
        }
        DiscriminatorChanged = "discriminator-changed" when Aspect::Discriminator => {
            meaning: "the property that tells a union's members apart, or the values its mapping names, changed; BASE's generated union of two or more members keeps a value whose tag it does not know in its catch-all, `Unknown`",
            request: If(Narrowed), response: If(Widened), tolerated: If(ReadableByBase), estimate: Fixed(Semver::Major),
            message: |s| format!("the discriminator of {} changed from {} to {}", s.shown, s.before_text(), s.after_text()),
        }
    }
    Maps "Objects and maps" {
        AdditionalPropertiesAllowed = "additional-properties-allowed" when Aspect::AdditionalProperties(Additional::Forbidden, _) => {
            meaning: "an object now accepts properties it does not name (the models keep them)",
            request: Never, response: Always, tolerated: Always, estimate: Fixed(Semver::Minor),
            message: |s| format!("{} now accepts properties it does not name", s.shown),
        }
        AdditionalPropertiesForbidden = "additional-properties-forbidden" when Aspect::AdditionalProperties(_, Additional::Forbidden) => {
            meaning: "an object no longer accepts properties it does not name",
            request: Always, response: Never, tolerated: Always, estimate: Fixed(Semver::Major),
            message: |s| format!("{} no longer accepts properties it does not name", s.shown),
        }
        MapValueChanged = "map-value-changed" when Aspect::AdditionalProperties(_, _) => {
            meaning: "the values of a map are now described by a schema, or no longer",
            request: If(Narrowed), response: If(Widened), tolerated: If(ReadableByBase), estimate: Fixed(Semver::Major),
            message: |s| format!("the values of {} changed from {} to {}", s.shown, s.before_text(), s.after_text()),
        }
    }
    Access "Who sends a value" {
        PropertyBecameReadOnly = "property-became-read-only" when Aspect::ReadOnly(true) => {
            meaning: "`readOnly: true` was set: the server now ignores, or refuses, what callers send for it (the generated types do not read the keyword: a required one stays required, as responses carry it)",
            request: Always, response: Never, tolerated: Always, estimate: Fixed(Semver::Patch),
            message: |s| format!("{} is now read-only", s.shown),
        }
        PropertyBecameWritable = "property-became-writable" when Aspect::ReadOnly(false) => {
            meaning: "`readOnly: true` was cleared: callers may now send it",
            request: Never, response: Never, tolerated: Always, estimate: Fixed(Semver::Patch),
            message: |s| format!("{} is no longer read-only", s.shown),
        }
        PropertyBecameWriteOnly = "property-became-write-only" when Aspect::WriteOnly(true) => {
            meaning: "`writeOnly: true` was set: the server need not send it in responses, even where it is required (codegen then generates a required one as optional)",
            request: Never, response: Always, tolerated: If(BaseFieldIsOption), estimate: MajorIf(Required, Semver::Patch),
            message: |s| format!("{} is now write-only: responses may leave it out", s.shown),
        }
        PropertyBecameReadable = "property-became-readable" when Aspect::WriteOnly(false) => {
            meaning: "`writeOnly: true` was cleared: responses may now carry it (a required one is generated as required again)",
            request: Never, response: Never, tolerated: Always, estimate: MajorIf(Required, Semver::Patch),
            message: |s| format!("{} is no longer write-only", s.shown),
        }
    }
    Annotations "Annotations" {
        DeprecatedAdded = "deprecated-added" when Aspect::Deprecated(true) => {
            meaning: "`deprecated: true` was set",
            request: Never, response: Never, tolerated: Always, estimate: Fixed(Semver::Minor),
            message: |s| format!("{} is now deprecated", s.shown),
        }
        DeprecatedRemoved = "deprecated-removed" when Aspect::Deprecated(false) => {
            meaning: "`deprecated: true` was cleared",
            request: Never, response: Never, tolerated: Always, estimate: Fixed(Semver::Patch),
            message: |s| format!("{} is no longer deprecated", s.shown),
        }
        DescriptionChanged = "description-changed" when Aspect::Description => {
            meaning: "the description changed",
            request: Never, response: Never, tolerated: Always, estimate: Fixed(Semver::Patch),
            message: |s| format!("the description of {} changed", s.shown),
        }
        DefaultChanged = "default-changed" when Aspect::Default => {
            meaning: "the default value changed",
            request: If(Parameter), response: Never, tolerated: Always, estimate: Fixed(Semver::Patch),
            message: |s| format!("the default of {} changed", s.shown),
        }
        TitleChanged = "title-changed" when Aspect::Title => {
            meaning: "the title changed (typify names an inline schema's type after it)",
            request: Never, response: Never, tolerated: Always, estimate: Fixed(Semver::Patch),
            message: |s| format!("the title of {} changed from {} to {}", s.shown, s.before_text(), s.after_text()),
        }
    }
}
