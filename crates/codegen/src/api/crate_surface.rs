//! The public API of a whole crate, hand-written and generated files together, as a user
//! of it reaches it: each item at the path a user names it by, which a `pub use` may make
//! different from where it is written. The published crates' snapshots come from here, so
//! every change to their face shows in review.
//!
//! Read from the sources with syn, on stable: modules are followed from `lib.rs` through
//! `mod name;` (`name.rs` or `name/mod.rs`), re-exports are resolved within the crate, and
//! an item is public when a chain of `pub` modules or a `pub use` reaches it. What this
//! does not model, because the published crates do not use it: `#[path]`, macros that
//! expand to items, and glob re-exports of external crates.

use std::path::{Path, PathBuf};

use syn::{Item, UseTree};

use super::{impl_items, is_pub, item, render, signature, text, type_items, without_generics, ApiItem, ItemKind};

/// Why a crate's API could not be listed.
#[derive(Debug, thiserror::Error)]
pub enum CrateApiError {
    #[error("{path}: cannot read: {source}")]
    Read { path: PathBuf, source: std::io::Error },
    #[error("{path}: does not parse: {source}")]
    Parse { path: PathBuf, source: syn::Error },
    #[error("{path}: module `{module}` has no file ({module}.rs or {module}/mod.rs)")]
    MissingModule { path: PathBuf, module: String },
}

/// The public API of the crate whose root is `lib_rs`, one item per line.
pub fn crate_api(lib_rs: &Path) -> Result<String, CrateApiError> {
    let modules = load(lib_rs)?;
    Ok(Surface::new(&modules).items().iter().map(|item| render(item) + "\n").collect())
}

/// One module of the crate, with its items as written.
struct Module {
    /// Its path from the crate root: empty for the root.
    path: Vec<String>,
    items: Vec<Item>,
    /// A `#[cfg(…)]` on its declaration, such as `feature = "mock"`.
    cfg: Option<String>,
}

/// Every module of the crate, the root first, each before its children.
fn load(lib_rs: &Path) -> Result<Vec<Module>, CrateApiError> {
    let mut modules = Vec::new();
    let items = parse(lib_rs)?;
    let directory = lib_rs.parent().map(Path::to_path_buf).unwrap_or_default();
    add_module(Vec::new(), items, None, &directory, &mut modules)?;
    Ok(modules)
}

fn parse(path: &Path) -> Result<Vec<Item>, CrateApiError> {
    let source =
        std::fs::read_to_string(path).map_err(|source| CrateApiError::Read { path: path.to_path_buf(), source })?;
    let file = syn::parse_file(&source).map_err(|source| CrateApiError::Parse { path: path.to_path_buf(), source })?;
    Ok(file.items)
}

/// Adds a module and, depth first, the modules it declares; `directory` holds the files of
/// its children.
fn add_module(
    path: Vec<String>,
    items: Vec<Item>,
    cfg: Option<String>,
    directory: &Path,
    modules: &mut Vec<Module>,
) -> Result<(), CrateApiError> {
    let children: Vec<(String, Option<Vec<Item>>, Option<String>)> = items
        .iter()
        .filter_map(|it| match it {
            Item::Mod(m) => {
                let content = m.content.as_ref().map(|(_, items)| items.clone());
                Some((m.ident.to_string(), content, cfg_of(&m.attrs)))
            }
            _ => None,
        })
        .collect();
    modules.push(Module { path: path.clone(), items, cfg });
    for (name, content, cfg) in children {
        let child_path: Vec<String> = path.iter().cloned().chain([name.clone()]).collect();
        let child_directory = directory.join(&name);
        let items = match content {
            Some(items) => items,
            None => {
                let file = [directory.join(format!("{name}.rs")), child_directory.join("mod.rs")]
                    .into_iter()
                    .find(|candidate| candidate.is_file())
                    .ok_or_else(|| CrateApiError::MissingModule {
                        path: directory.to_path_buf(),
                        module: name.clone(),
                    })?;
                parse(&file)?
            }
        };
        add_module(child_path, items, cfg, &child_directory, modules)?;
    }
    Ok(())
}

/// The condition of a `#[cfg(…)]` attribute, as text.
fn cfg_of(attrs: &[syn::Attribute]) -> Option<String> {
    attrs.iter().find(|a| a.path().is_ident("cfg")).and_then(|a| a.meta.require_list().ok()).map(|l| text(&l.tokens))
}

struct Surface<'a> {
    modules: &'a [Module],
    /// The modules a chain of `pub` modules reaches from the root.
    public_modules: Vec<&'a Module>,
    /// Every `impl` of a type of the crate: the module the type is written in, its name,
    /// and the block.
    impls: Vec<(&'a Module, String, &'a syn::ItemImpl)>,
}

impl<'a> Surface<'a> {
    fn new(modules: &'a [Module]) -> Self {
        let mut surface = Self { modules, public_modules: Vec::new(), impls: Vec::new() };
        surface.public_modules = modules
            .iter()
            .filter(|module| (1..=module.path.len()).all(|depth| surface.declared_pub(&module.path[..depth])))
            .collect();
        let mut impls = Vec::new();
        for module in modules {
            for it in &module.items {
                let Item::Impl(i) = it else { continue };
                let self_type = without_generics(&text(&i.self_ty));
                let segments: Vec<String> = self_type.split("::").map(str::to_string).collect();
                if let Some(Target::Item(
                    owner,
                    Item::Struct(syn::ItemStruct { ident, .. }) | Item::Enum(syn::ItemEnum { ident, .. }),
                )) = surface.resolve(module, &segments)
                {
                    impls.push((owner, ident.to_string(), i));
                }
            }
        }
        surface.impls = impls;
        surface
    }

    /// Whether the module at `path` is declared `pub` in its parent.
    fn declared_pub(&self, path: &[String]) -> bool {
        let Some((name, parent)) = path.split_last() else { return true };
        self.modules
            .iter()
            .filter(|m| m.path == parent)
            .flat_map(|m| &m.items)
            .any(|it| matches!(it, Item::Mod(m) if m.ident == name.as_str() && is_pub(&m.vis)))
    }

    /// Every public item, from the root down in declaration order, each where a user
    /// names it.
    fn items(&self) -> Vec<ApiItem> {
        let mut found = Vec::new();
        if let Some(root) = self.modules.first() {
            for it in &root.items {
                self.public_item(root, it, "", &mut found);
            }
        }
        found
    }

    /// `it`, written in `module`, as the user sees it under `prefix`.
    fn public_item(&self, module: &'a Module, it: &'a Item, prefix: &str, found: &mut Vec<ApiItem>) {
        match it {
            Item::Struct(s) if is_pub(&s.vis) => {
                self.type_and_impls(module, it, &format!("{prefix}{}", s.ident), found)
            }
            Item::Enum(e) if is_pub(&e.vis) => self.type_and_impls(module, it, &format!("{prefix}{}", e.ident), found),
            Item::Const(c) if is_pub(&c.vis) => {
                found.push(item(ItemKind::Const, format!("{prefix}{}", c.ident), text(&c.ty), &[]))
            }
            Item::Fn(f) if is_pub(&f.vis) => {
                found.push(item(ItemKind::Function, format!("{prefix}{}", f.sig.ident), signature(&f.sig), &f.attrs))
            }
            Item::Use(u) if is_pub(&u.vis) => {
                let mut uses = Vec::new();
                use_names(&u.tree, Vec::new(), &mut uses);
                for (source, name) in uses {
                    self.reexport(module, &source, &name, prefix, found);
                }
            }
            Item::Mod(m) if is_pub(&m.vis) => {
                let child_path: Vec<String> = module.path.iter().cloned().chain([m.ident.to_string()]).collect();
                if let Some(child) = self.modules.iter().find(|candidate| candidate.path == child_path) {
                    self.module(child, &format!("{prefix}{}", m.ident), found);
                }
            }
            _ => {}
        }
    }

    /// A public module under the name `name`, and everything public in it.
    fn module(&self, module: &'a Module, name: &str, found: &mut Vec<ApiItem>) {
        let marks = module.cfg.as_ref().map(|cfg| format!(" #[cfg({cfg})]")).unwrap_or_default();
        found.push(ApiItem { detail: marks, ..item(ItemKind::Module, name.to_string(), String::new(), &[]) });
        for it in &module.items {
            self.public_item(module, it, &format!("{name}::"), found);
        }
    }

    /// A `pub use source as name` in `module`: the crate's own item under its new name, or
    /// a line naming what is re-exported from another crate.
    fn reexport(&self, module: &'a Module, source: &[String], name: &str, prefix: &str, found: &mut Vec<ApiItem>) {
        match self.resolve(module, source) {
            Some(Target::Module(target)) if name == "*" => {
                for it in &target.items {
                    self.public_item(target, it, prefix, found);
                }
            }
            Some(Target::Module(target)) => self.module(target, &format!("{prefix}{name}"), found),
            // Public where it is written, so listed there: here it is another name for it.
            Some(Target::Item(owner, it))
                if self.public_modules.iter().any(|m| std::ptr::eq(*m, owner)) && is_pub_item(it) =>
            {
                let written = owner.path.iter().cloned().chain([item_name(it)]).collect::<Vec<_>>().join("::");
                found.push(item(
                    ItemKind::Reexport,
                    format!("{prefix}{name}"),
                    format!("{written} as {prefix}{name}"),
                    &[],
                ));
            }
            Some(Target::Item(owner, it)) => {
                let renamed = rename(it, name);
                self.public_item(owner, renamed.as_ref().unwrap_or(it), prefix, found);
            }
            // In the crate, but not an item syn can see: one a macro makes.
            None if self.resolve_module(module, source).is_some() => {
                let written = self.resolve_module(module, source).map(|m| m.path.join("::")).unwrap_or_default();
                let detail = format!(
                    "{written}::{} as {prefix}{name} (made by a macro)",
                    source.last().map_or("", String::as_str)
                );
                found.push(item(ItemKind::Reexport, format!("{prefix}{name}"), detail, &[]));
            }
            None => {
                let detail = format!("{} as {prefix}{name}", source.join("::"));
                found.push(item(ItemKind::Reexport, format!("{prefix}{name}"), detail, &[]));
            }
        }
    }

    /// The type at `path` with its derives, fields or variants, then every `impl` of it
    /// anywhere in the crate.
    fn type_and_impls(&self, owner: &'a Module, it: &Item, path: &str, found: &mut Vec<ApiItem>) {
        type_items(it, path, found);
        let name = match it {
            Item::Struct(s) => s.ident.to_string(),
            Item::Enum(e) => e.ident.to_string(),
            _ => return,
        };
        for (written_in, type_name, block) in &self.impls {
            if std::ptr::eq(*written_in, owner) && *type_name == name {
                impl_items(block, path, found);
            }
        }
    }

    /// The crate's module that holds what `path` (written in `module`) names, whether or
    /// not syn can see the item itself.
    fn resolve_module(&self, module: &'a Module, path: &[String]) -> Option<&'a Module> {
        let (_, modules) = path.split_last()?;
        if modules.is_empty() {
            return None;
        }
        match self.resolve(module, modules) {
            Some(Target::Module(found)) => Some(found),
            _ => None,
        }
    }

    /// What `path`, written in `module`, names within the crate; `None` for another crate.
    fn resolve(&self, module: &'a Module, path: &[String]) -> Option<Target<'a>> {
        self.resolve_within(module, path, 0)
    }

    /// [`Surface::resolve`], following at most a few imports of imports: a cycle of them
    /// (which rustc refuses) ends as "not in the crate".
    fn resolve_within(&self, module: &'a Module, path: &[String], depth: usize) -> Option<Target<'a>> {
        if depth > 16 {
            return None;
        }
        let mut at: Vec<String> = module.path.clone();
        let mut rest = path;
        match rest.first().map(String::as_str) {
            Some("crate") => {
                at.clear();
                rest = &rest[1..];
            }
            Some("self") => rest = &rest[1..],
            _ => {}
        }
        while rest.first().map(String::as_str) == Some("super") {
            at.pop()?;
            rest = &rest[1..];
        }
        let (last, modules) = rest.split_last()?;
        at.extend(modules.iter().cloned());
        let owner = self.modules.iter().find(|m| m.path == at)?;
        if let Some(child) = self
            .modules
            .iter()
            .find(|m| m.path.len() == at.len() + 1 && m.path.starts_with(&at) && m.path[at.len()] == *last)
        {
            return Some(Target::Module(child));
        }
        let mut globs = Vec::new();
        for it in &owner.items {
            match it {
                Item::Struct(s) if s.ident == last.as_str() => return Some(Target::Item(owner, it)),
                Item::Enum(e) if e.ident == last.as_str() => return Some(Target::Item(owner, it)),
                Item::Const(c) if c.ident == last.as_str() => return Some(Target::Item(owner, it)),
                Item::Fn(f) if f.sig.ident == last.as_str() => return Some(Target::Item(owner, it)),
                Item::Use(u) => {
                    let mut uses = Vec::new();
                    use_names(&u.tree, Vec::new(), &mut uses);
                    for (source, name) in uses {
                        if name == *last {
                            // An import (public or not) names what it imports.
                            return self.resolve_within(owner, &source, depth + 1);
                        }
                        if name == "*" {
                            globs.push(source);
                        }
                    }
                }
                _ => {}
            }
        }
        // Named items and imports shadow what a glob brings in, as in Rust.
        globs.into_iter().find_map(|mut source| {
            source.push(last.clone());
            self.resolve_within(owner, &source, depth + 1)
        })
    }
}

/// Whether an item is declared `pub`.
fn is_pub_item(it: &Item) -> bool {
    match it {
        Item::Struct(s) => is_pub(&s.vis),
        Item::Enum(e) => is_pub(&e.vis),
        Item::Const(c) => is_pub(&c.vis),
        Item::Fn(f) => is_pub(&f.vis),
        _ => false,
    }
}

/// An item's own name.
fn item_name(it: &Item) -> String {
    match it {
        Item::Struct(s) => s.ident.to_string(),
        Item::Enum(e) => e.ident.to_string(),
        Item::Const(c) => c.ident.to_string(),
        Item::Fn(f) => f.sig.ident.to_string(),
        _ => String::new(),
    }
}

/// What a path names in the crate.
enum Target<'a> {
    Module(&'a Module),
    Item(&'a Module, &'a Item),
}

/// `it` under another name, for `pub use a::B as C`; `None` when the name is its own.
fn rename(it: &Item, name: &str) -> Option<Item> {
    let mut renamed = it.clone();
    let ident = match &mut renamed {
        Item::Struct(s) => &mut s.ident,
        Item::Enum(e) => &mut e.ident,
        Item::Const(c) => &mut c.ident,
        Item::Fn(f) => &mut f.sig.ident,
        _ => return None,
    };
    if ident == name {
        return None;
    }
    *ident = syn::Ident::new(name, ident.span());
    Some(renamed)
}

/// Each name a `use` tree brings in: the path it comes from (its last segment the item,
/// or `*`), and the name it is known by.
fn use_names(tree: &UseTree, base: Vec<String>, names: &mut Vec<(Vec<String>, String)>) {
    let with = |last: String| base.iter().cloned().chain([last]).collect::<Vec<_>>();
    match tree {
        UseTree::Path(p) => use_names(&p.tree, with(p.ident.to_string()), names),
        UseTree::Name(n) => names.push((with(n.ident.to_string()), n.ident.to_string())),
        UseTree::Rename(r) => names.push((with(r.ident.to_string()), r.rename.to_string())),
        UseTree::Glob(_) => names.push((base.clone(), "*".to_string())),
        UseTree::Group(g) => g.items.iter().for_each(|t| use_names(t, base.clone(), names)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn crate_of(files: &[(&str, &str)]) -> (tempfile::TempDir, PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        for (path, source) in files {
            let path = dir.path().join(path);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, source).unwrap();
        }
        let lib = dir.path().join("lib.rs");
        (dir, lib)
    }

    #[test]
    fn lists_items_where_users_name_them() {
        let (_dir, lib) = crate_of(&[
            (
                "lib.rs",
                "mod client; pub mod error; #[cfg(feature = \"mock\")] pub mod mock;\n\
                 pub use client::{Client, Builder as ClientBuilder}; pub use error::Error; pub use other_crate as models;",
            ),
            (
                "client.rs",
                "#[derive(Clone)] pub struct Client { inner: u8 }\n\
                 pub struct Builder; pub struct Hidden;\n\
                 impl Client { pub fn get(&self) -> u8 { 0 } fn private(&self) {} }",
            ),
            ("error/mod.rs", "mod detail; pub use detail::Detail;\npub enum Error { Status(Detail) }"),
            ("error/detail.rs", "pub struct Detail; impl std::fmt::Debug for Detail {}"),
            ("mock.rs", "pub fn start() {}"),
        ]);
        assert_eq!(
            crate_api(&lib).unwrap(),
            "mod error\nstruct error::Detail\nimpl std::fmt::Debug for error::Detail\nenum error::Error\n  error::Error::Status(Detail)\n\
             mod mock #[cfg(feature = \"mock\")]\nfn mock::start()\n\
             struct Client\nimpl std::clone::Clone for Client\n  fn Client::get(&self) -> u8\nstruct ClientBuilder\n\
             use error::Error as Error\nuse other_crate as models\n"
        );
    }

    #[test]
    fn a_glob_re_export_of_a_private_module_lists_its_items_at_the_root() {
        let (_dir, lib) = crate_of(&[
            ("lib.rs", "mod generated; mod usage; pub use generated::*;"),
            (
                "generated.rs",
                "pub struct User; pub mod builder { pub struct User; impl From<super::User> for User {} }",
            ),
            // Hand-written methods beside the generated file, on a type the glob brings in.
            ("usage.rs", "use crate::User; impl User { pub fn remaining(&self) -> i64 { 0 } }"),
        ]);
        assert_eq!(
            crate_api(&lib).unwrap(),
            "struct User\n  fn User::remaining(&self) -> i64\nmod builder\nstruct builder::User\nimpl std::convert::From<super::User> for builder::User\n"
        );
    }

    #[test]
    fn a_missing_module_file_is_an_error_naming_it() {
        let (_dir, lib) = crate_of(&[("lib.rs", "mod nowhere;")]);
        let error = crate_api(&lib).unwrap_err().to_string();
        assert!(error.contains("module `nowhere` has no file"), "{error}");
    }
}
