//! Bad input to `vendor` and `codegen`: one clear error naming the file (and the JSON
//! pointer where there is one), and nothing in `openapi/` or `crates/` changes.

use std::path::Path;

use elevenlabs_user_tests::{checksums, scratch_workspace};
use xtask::{one_line, run, Workspace};

/// Runs `cargo xtask <args>` against `workspace` and returns its one-line error.
fn error_of(workspace: &Workspace, args: &[&str]) -> String {
    let args: Vec<String> = args.iter().map(|a| a.to_string()).collect();
    let mut out = Vec::new();
    match run(&args, workspace, &mut out) {
        Ok(status) => panic!("{args:?} succeeded with {status:?}: {}", String::from_utf8_lossy(&out)),
        Err(error) => one_line(&error),
    }
}

fn operation_with_schema(schema: serde_json::Value, components: serde_json::Value) -> String {
    serde_json::json!({
        "openapi": "3.1.0",
        "info": {"title": "t", "version": "1"},
        "paths": {"/v1/user": {"get": {"responses": {"200": {"description": "ok",
            "content": {"application/json": {"schema": schema}}}}}}},
        "components": {"schemas": components}
    })
    .to_string()
}

#[test]
fn vendor_rejects_bad_documents_and_writes_nothing() {
    let scratch = scratch_workspace();
    let workspace = Workspace::at(scratch.path());
    let inputs = tempfile::tempdir().unwrap();
    let write = |name: &str, bytes: &[u8]| {
        let path = inputs.path().join(name);
        std::fs::write(&path, bytes).unwrap();
        path.display().to_string()
    };
    let user = serde_json::json!({"$ref": "#/components/schemas/User"});
    let cases: Vec<(String, &str)> = vec![
        (inputs.path().join("missing.json").display().to_string(), "cannot read"),
        (inputs.path().display().to_string(), "cannot read"),
        (write("empty.json", b""), "empty"),
        (write("latin1.json", b"{\"openapi\": \"3.1.0\", \"info\": \"caf\xe9\"}"), "not UTF-8"),
        (write("broken.json", b"{\"openapi\": \"3.1.0\", "), "invalid JSON"),
        (write("broken.yaml", b"openapi: 3.1.0\npaths: [\n"), "invalid YAML"),
        (write("swagger.json", br#"{"swagger": "2.0", "paths": {}}"#), "Swagger"),
        (write("future.json", br#"{"openapi": "4.0.0", "paths": {}}"#), "unsupported OpenAPI version"),
        (write("deep.json", format!("{}{}", "[".repeat(10_000), "]".repeat(10_000)).as_bytes()), "invalid JSON"),
        (
            write("no-user.json", br#"{"openapi": "3.1.0", "paths": {"/v1/voices": {"get": {}}}}"#),
            "no operation GET /v1/user",
        ),
        (
            write("missing-ref.json", operation_with_schema(user.clone(), serde_json::json!({})).as_bytes()),
            "points to nothing",
        ),
        (
            write(
                "cycle.json",
                operation_with_schema(
                    user.clone(),
                    serde_json::json!({
                        "User": {"$ref": "#/components/schemas/Alias"}, "Alias": {"$ref": "#/components/schemas/User"}
                    }),
                )
                .as_bytes(),
            ),
            "$ref cycle",
        ),
        (
            write(
                "external.json",
                operation_with_schema(serde_json::json!({"$ref": "other.json#/User"}), serde_json::json!({}))
                    .as_bytes(),
            ),
            "external $ref",
        ),
    ];
    let before = checksums(scratch.path());
    for (path, expected) in &cases {
        let error = error_of(&workspace, &["vendor", "--from", path]);
        let file_name = Path::new(path).file_name().unwrap().to_string_lossy().into_owned();
        assert!(error.contains(expected), "{path}: {error}");
        assert!(error.contains(&file_name), "the error names the file: {error}");
        assert!(!error.contains('\n'));
    }
    let pointed = error_of(&workspace, &["vendor", "--from", &cases[10].0]);
    assert!(
        pointed.contains("at /paths/~1v1~1user/get/responses/200/content/application~1json/schema/$ref"),
        "{pointed}"
    );
    assert_eq!(checksums(scratch.path()), before, "bad input changed files");
}

#[test]
fn codegen_rejects_a_bad_fragment_and_leaves_crates_alone() {
    let scratch = scratch_workspace();
    let workspace = Workspace::at(scratch.path());
    let user = serde_json::json!({"$ref": "#/components/schemas/User"});
    let cases = [
        ("{\"openapi\": ", "invalid JSON"),
        (
            &*operation_with_schema(user.clone(), serde_json::json!({"User": {"anyOf": {"type": "null"}}})),
            "at /components/schemas/User/anyOf",
        ),
        (&*operation_with_schema(user, serde_json::json!({})), "points to nothing"),
    ];
    for (fragment, expected) in cases {
        std::fs::write(workspace.fragment(), fragment).unwrap();
        let before = checksums(&scratch.path().join("crates"));
        let error = error_of(&workspace, &["codegen"]);
        assert!(error.contains(expected) && error.contains("v1-user.json"), "{error}");
        assert_eq!(checksums(&scratch.path().join("crates")), before);
    }
    std::fs::write(workspace.overrides(), "{").unwrap();
    assert!(error_of(&workspace, &["codegen"]).contains("overrides.json"));
}

/// codegen generates the fragment's operations and schema-diff compares the recorded ones:
/// an operation added to the fragment by hand, unrecorded, would reach the crates unseen
/// by the report.
#[test]
fn codegen_refuses_a_fragment_that_disagrees_with_its_provenance() {
    let scratch = scratch_workspace();
    let workspace = Workspace::at(scratch.path());
    let mut fragment: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(workspace.fragment()).unwrap()).unwrap();
    let get_user = fragment["paths"]["/v1/user"]["get"].clone();
    let mut extra = get_user.clone();
    extra["operationId"] = "get_user_again".into();
    fragment["paths"]["/v1/users/{id}"] = serde_json::json!({"get": extra});
    std::fs::write(workspace.fragment(), fragment.to_string()).unwrap();
    let before = checksums(&scratch.path().join("crates"));
    let error = error_of(&workspace, &["codegen"]);
    assert!(error.contains("holds GET /v1/users/{id}, which openapi/provenance.json does not record"), "{error}");
    assert!(error.contains("cargo xtask vendor"), "the error says what to do: {error}");
    assert_eq!(checksums(&scratch.path().join("crates")), before);

    // The other way: provenance records an operation the fragment lacks.
    fragment["paths"].as_object_mut().unwrap().remove("/v1/users/{id}");
    std::fs::write(workspace.fragment(), fragment.to_string()).unwrap();
    let mut provenance: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(workspace.provenance()).unwrap()).unwrap();
    provenance["operations"] = serde_json::json!(["GET /v1/user", "GET /v1/voices"]);
    std::fs::write(workspace.provenance(), provenance.to_string()).unwrap();
    let error = error_of(&workspace, &["codegen", "--check"]);
    assert!(error.contains("lacks GET /v1/voices, which openapi/provenance.json records"), "{error}");
}

#[test]
fn unknown_commands_and_flags_are_errors() {
    let workspace = Workspace::at(scratch_workspace().path());
    assert!(error_of(&workspace, &["vendr"]).contains("unknown command"));
    assert!(error_of(&workspace, &["vendor"]).contains("missing --from"));
    assert!(error_of(&workspace, &["codegen", "--chek"]).contains("unexpected argument"));
    assert!(error_of(&workspace, &["vendor", "--from", "x", "--operation", "GET nowhere"]).contains("not an operation"));
}

/// Bad documents every command must refuse: (file name, bytes, what the error says).
fn bad_documents() -> Vec<(&'static str, Vec<u8>, &'static str)> {
    let mut huge = br#"{"openapi": "3.1.0", "info": {"title": "t", "version": "1", "description": ""#.to_vec();
    huge.extend(std::iter::repeat_n(b'x', 50 * 1024 * 1024));
    huge.extend(br#""}, "paths": {}}"#);
    let user = serde_json::json!({"$ref": "#/components/schemas/User"});
    vec![
        ("empty.json", Vec::new(), "empty"),
        ("latin1.yaml", b"openapi: caf\xe9".to_vec(), "not UTF-8"),
        ("broken.json", b"{\"openapi\": \"3.1.0\", ".to_vec(), "invalid JSON"),
        ("broken.yaml", b"openapi: 3.1.0\npaths: [\n".to_vec(), "invalid YAML"),
        ("deep.json", format!("{}{}", "[".repeat(10_000), "]".repeat(10_000)).into_bytes(), "invalid JSON"),
        ("deep.yaml", format!("a: {}{}", "[".repeat(10_000), "]".repeat(10_000)).into_bytes(), "invalid YAML"),
        ("swagger.json", br#"{"swagger": "2.0", "paths": {}}"#.to_vec(), "Swagger"),
        ("four.json", br#"{"openapi": "4.0.0", "paths": {}}"#.to_vec(), "unsupported OpenAPI version"),
        ("huge.json", huge, "no GET /v1/user"),
        (
            "cycle.json",
            operation_with_schema(
                user.clone(),
                serde_json::json!({
                    "User": {"$ref": "#/components/schemas/Alias"}, "Alias": {"$ref": "#/components/schemas/User"}
                }),
            )
            .into_bytes(),
            "$ref cycle",
        ),
        ("missing.json", operation_with_schema(user, serde_json::json!({})).into_bytes(), "points to nothing"),
        (
            "external.json",
            operation_with_schema(serde_json::json!({"$ref": "https://example.com/user.json"}), serde_json::json!({}))
                .into_bytes(),
            "external $ref",
        ),
    ]
}

#[test]
fn every_command_refuses_every_bad_document_and_writes_nothing() {
    let scratch = scratch_workspace();
    let workspace = Workspace::at(scratch.path());
    let inputs = tempfile::tempdir().unwrap();
    let good = workspace.fragment().display().to_string();
    for (name, bytes, expected) in bad_documents() {
        let path = inputs.path().join(name);
        std::fs::write(&path, &bytes).unwrap();
        let path = path.display().to_string();
        let before = checksums(scratch.path());

        // vendor refuses it; huge.json is valid OpenAPI, only without the operation.
        let vendor_expected = if name == "huge.json" { "no operation GET /v1/user" } else { expected };
        let error = error_of(&workspace, &["vendor", "--from", &path]);
        assert!(error.contains(vendor_expected) && error.contains(name), "vendor {name}: {error}");

        // schema-diff refuses it as BASE or HEAD, except the huge document, which is valid.
        if name != "huge.json" {
            for args in [["schema-diff", &path, &good], ["schema-diff", &good, &path]] {
                let error = error_of(&workspace, &args);
                assert!(error.contains(expected) && error.contains(name), "schema-diff {name}: {error}");
            }
        }

        // codegen refuses it as the vendored fragment, and leaves crates/ alone.
        let committed = std::fs::read(workspace.fragment()).unwrap();
        std::fs::write(workspace.fragment(), &bytes).unwrap();
        let error = error_of(&workspace, &["codegen"]);
        assert!(error.contains(expected) && error.contains("v1-user.json"), "codegen {name}: {error}");
        std::fs::write(workspace.fragment(), committed).unwrap();

        assert_eq!(checksums(scratch.path()), before, "{name} changed files");
    }
}

#[test]
fn a_missing_or_directory_input_is_refused_by_every_command() {
    let scratch = scratch_workspace();
    let workspace = Workspace::at(scratch.path());
    let dir = scratch.path().join("openapi").display().to_string();
    for path in [dir.as_str(), "/no/such/spec.json"] {
        assert!(error_of(&workspace, &["vendor", "--from", path]).contains("cannot read"));
        assert!(error_of(&workspace, &["schema-diff", path, path]).contains("cannot read"));
    }
    std::fs::remove_file(workspace.fragment()).unwrap();
    assert!(error_of(&workspace, &["codegen"]).contains("v1-user.json: at (document root): cannot read"));
}

#[test]
fn a_git_revision_that_reads_as_an_option_is_refused_and_writes_nothing() {
    let scratch = scratch_workspace();
    let workspace = Workspace::at(scratch.path());
    let before = checksums(scratch.path());
    for source in ["git:--output=out.txt:y", "git:-p:openapi/v1-user.json"] {
        let error = error_of(&workspace, &["schema-diff", source]);
        assert!(error.contains(source) && error.contains("cannot start with '-'"), "{error}");
        let error = error_of(&workspace, &["schema-diff", "openapi/v1-user.json", source]);
        assert!(error.contains("cannot start with '-'"), "{error}");
    }
    assert_eq!(checksums(scratch.path()), before);
    assert!(!Path::new("out.txt:y").exists() && !scratch.path().join("out.txt:y").exists());
}

/// `vendor` takes several operations into one fragment, records the set, re-vendors it by
/// default, and refuses an operation the document lacks without writing anything.
#[test]
fn vendor_takes_several_operations_and_remembers_them() {
    let scratch = scratch_workspace();
    let workspace = Workspace::at(scratch.path());
    let document = elevenlabs_user_tests::data_dir().join("upstream/elevenlabs-openapi-2026-08-22.json");
    let document = document.to_str().unwrap();
    let run_ok = |args: &[&str]| {
        let args: Vec<String> = args.iter().map(|a| a.to_string()).collect();
        let mut out = Vec::new();
        run(&args, &workspace, &mut out).unwrap_or_else(|e| panic!("{args:?}: {}", one_line(&e)));
        String::from_utf8(out).unwrap()
    };
    let provenance = || -> serde_json::Value {
        serde_json::from_str(&std::fs::read_to_string(workspace.provenance()).unwrap()).unwrap()
    };
    let settings = "GET /v1/audio-native/{project_id}/settings";
    run_ok(&["vendor", "--from", document, "--operation", settings, "--operation", "GET /v1/user"]);
    assert_eq!(provenance()["operations"], serde_json::json!([settings, "GET /v1/user"]));
    let fragment = std::fs::read_to_string(workspace.fragment()).unwrap();
    assert!(fragment.contains("\"/v1/audio-native/{project_id}/settings\"") && fragment.contains("\"/v1/user\""));

    let again = run_ok(&["vendor", "--from", document]);
    assert!(again.contains("nothing to do"), "a plain vendor re-vendors the recorded set: {again}");

    let before = checksums(scratch.path());
    let error = error_of(&workspace, &["vendor", "--from", document, "--operation", "GET /v1/no-such-thing"]);
    assert!(error.contains("GET /v1/no-such-thing"), "{error}");
    let error =
        error_of(&workspace, &["vendor", "--from", document, "--operation", "GET /v1/user", "--all-operations"]);
    assert!(error.contains("unexpected argument") || error.contains("cannot be used"), "{error}");
    assert_eq!(checksums(scratch.path()), before);

    let generated = elevenlabs_codegen::generate(
        &elevenlabs_spec::load_path(&workspace.fragment()).unwrap().value,
        &elevenlabs_spec::Overrides::default(),
        &elevenlabs_codegen::Options::default(),
    )
    .unwrap();
    assert_eq!(generated.client.matches("OperationInfo {").count(), 2, "the client gets every vendored operation");
    assert!(generated.client.contains("pub fn get_user_info("));
}
