//! JUnit XML checked against `tests/data/ci/JUnit.xsd` (the Apache Ant JUnit
//! schema from windyroad/JUnit-Schema) two ways: a small interpreter of the
//! part of XML Schema that file uses (elements, sequences, choices, occurrence
//! counts, required and undeclared attributes, `xs:int`/`xs:decimal`/
//! `xs:token`/`xs:dateTime`, `minLength` and `pattern`), whose rules are read
//! from the XSD rather than restated; and `xmllint`, a full validator, which
//! CI must have (`CI` set) and a local run may lack.

use std::path::PathBuf;

use regex::Regex;
use roxmltree::{Document, Node};

const XS: &str = "http://www.w3.org/2001/XMLSchema";

/// A validator for the XML Schema constructs `JUnit.xsd` uses. It walks the
/// XSD's own elements, so the rules come from the file.
pub struct Schema<'a> {
    doc: &'a Document<'a>,
}

fn is_xs(n: &Node<'_, '_>, name: &str) -> bool {
    n.is_element() && n.tag_name().namespace() == Some(XS) && n.tag_name().name() == name
}

fn xs_children<'a, 'i>(n: Node<'a, 'i>) -> impl Iterator<Item = Node<'a, 'i>> {
    n.children()
        .filter(|c| c.is_element() && !is_xs(c, "annotation"))
}

fn occurs(n: &Node<'_, '_>, attr: &str) -> usize {
    match n.attribute(attr) {
        None => 1,
        Some("unbounded") => usize::MAX,
        Some(v) => v.parse().expect("occurrence count"),
    }
}

/// XSD names refer to built-ins with the `xs:` prefix in this schema.
fn builtin(name: &str) -> Option<&str> {
    name.strip_prefix("xs:")
}

impl<'a> Schema<'a> {
    pub fn new(doc: &'a Document<'a>) -> Self {
        assert!(is_xs(&doc.root_element(), "schema"), "not an XSD");
        Schema { doc }
    }

    fn top(&self, kind: &str, name: &str) -> Option<Node<'a, 'a>> {
        xs_children(self.doc.root_element())
            .find(|n| is_xs(n, kind) && n.attribute("name") == Some(name))
    }

    /// Validate a document: its root must be a top-level element declaration.
    pub fn validate(&self, inst: &Document<'_>) -> Vec<String> {
        let root = inst.root_element();
        let mut errors = Vec::new();
        match self.top("element", root.tag_name().name()) {
            Some(decl) => self.element(decl, root, "", &mut errors),
            None => errors.push(format!(
                "no declaration for root <{}>",
                root.tag_name().name()
            )),
        }
        errors
    }

    fn element(
        &self,
        decl: Node<'a, 'a>,
        inst: Node<'_, '_>,
        path: &str,
        errors: &mut Vec<String>,
    ) {
        let path = format!("{path}/{}", inst.tag_name().name());
        if let Some(t) = decl.attribute("type") {
            if let Some(ct) = self.top("complexType", t) {
                self.complex(ct, inst, &path, errors);
            } else {
                self.no_attributes(inst, &[], &path, errors);
                self.simple_value(t, inst.text().unwrap_or_default(), &path, errors);
            }
        } else if let Some(ct) = xs_children(decl).find(|n| is_xs(n, "complexType")) {
            self.complex(ct, inst, &path, errors);
        } else if let Some(st) = xs_children(decl).find(|n| is_xs(n, "simpleType")) {
            self.no_attributes(inst, &[], &path, errors);
            self.simple_node(st, &text_of(inst), &path, errors);
        }
        // No type at all: xs:anyType, anything goes.
    }

    fn complex(&self, ct: Node<'a, 'a>, inst: Node<'_, '_>, path: &str, errors: &mut Vec<String>) {
        let mut attrs: Vec<Node<'a, 'a>> = Vec::new();
        let mut models: Vec<Node<'a, 'a>> = Vec::new();
        let mut simple: Option<&'a str> = None;
        self.collect(ct, &mut attrs, &mut models, &mut simple);
        self.no_attributes(inst, &attrs, path, errors);
        for a in &attrs {
            let name = a.attribute("name").expect("attribute name");
            match inst.attribute(name) {
                None if a.attribute("use") == Some("required") => {
                    errors.push(format!("{path}: missing required attribute `{name}`"))
                }
                None => {}
                Some(v) => {
                    let at = format!("{path}/@{name}");
                    if let Some(t) = a.attribute("type") {
                        self.simple_value(t, v, &at, errors);
                    } else if let Some(st) = xs_children(*a).find(|n| is_xs(n, "simpleType")) {
                        self.simple_node(st, v, &at, errors);
                    }
                }
            }
        }
        let children: Vec<Node<'_, '_>> = inst.children().filter(|c| c.is_element()).collect();
        if let Some(t) = simple {
            if !children.is_empty() {
                errors.push(format!("{path}: simple content has child elements"));
            }
            self.simple_value(t, &text_of(inst), path, errors);
            return;
        }
        if inst
            .children()
            .any(|c| c.is_text() && !c.text().unwrap_or_default().trim().is_empty())
        {
            errors.push(format!("{path}: text in element-only content"));
        }
        let mut pos = 0;
        for m in models {
            self.particle(m, &children, &mut pos, path, errors);
        }
        if pos < children.len() {
            errors.push(format!(
                "{path}: unexpected <{}>",
                children[pos].tag_name().name()
            ));
        }
    }

    /// Attribute declarations, content models (in order) and the simple
    /// content type of a complex type, following extensions to their base.
    fn collect(
        &self,
        ct: Node<'a, 'a>,
        attrs: &mut Vec<Node<'a, 'a>>,
        models: &mut Vec<Node<'a, 'a>>,
        simple: &mut Option<&'a str>,
    ) {
        for c in xs_children(ct) {
            if is_xs(&c, "attribute") {
                attrs.push(c);
            } else if is_xs(&c, "sequence") || is_xs(&c, "choice") {
                models.push(c);
            } else if is_xs(&c, "complexContent") || is_xs(&c, "simpleContent") {
                let ext = xs_children(c)
                    .find(|n| is_xs(n, "extension"))
                    .expect("only extensions are used");
                let base = ext.attribute("base").expect("base");
                if is_xs(&c, "complexContent") {
                    let base = self.top("complexType", base).expect("base type");
                    self.collect(base, attrs, models, simple);
                } else {
                    *simple = Some(base);
                }
                self.collect(ext, attrs, models, simple);
            } else if !is_xs(&c, "extension") {
                panic!("XSD construct not supported here: {}", c.tag_name().name());
            }
        }
    }

    fn no_attributes(
        &self,
        inst: Node<'_, '_>,
        declared: &[Node<'a, 'a>],
        path: &str,
        errors: &mut Vec<String>,
    ) {
        for a in inst.attributes() {
            if a.namespace().is_some() {
                continue;
            }
            if !declared
                .iter()
                .any(|d| d.attribute("name") == Some(a.name()))
            {
                errors.push(format!("{path}: undeclared attribute `{}`", a.name()));
            }
        }
    }

    /// Match one particle (element, sequence or choice) against children
    /// from `pos`, greedily (enough for this schema: no particle can start
    /// with the same element as the one after it).
    fn particle(
        &self,
        p: Node<'a, 'a>,
        children: &[Node<'_, '_>],
        pos: &mut usize,
        path: &str,
        errors: &mut Vec<String>,
    ) {
        let (min, max) = (occurs(&p, "minOccurs"), occurs(&p, "maxOccurs"));
        let mut count = 0;
        while count < max && *pos < children.len() {
            let before = *pos;
            if is_xs(&p, "element") {
                let name = p.attribute("name").expect("element name");
                if children[*pos].tag_name().name() != name {
                    break;
                }
                self.element(p, children[*pos], path, errors);
                *pos += 1;
            } else if is_xs(&p, "sequence") {
                for c in xs_children(p) {
                    self.particle(c, children, pos, path, errors);
                }
            } else if is_xs(&p, "choice") {
                let next = children[*pos].tag_name().name();
                let Some(alt) = xs_children(p)
                    .find(|c| is_xs(c, "element") && c.attribute("name") == Some(next))
                else {
                    break;
                };
                self.particle(alt, children, pos, path, errors);
            } else {
                panic!("XSD particle not supported here: {}", p.tag_name().name());
            }
            if *pos == before {
                break;
            }
            count += 1;
        }
        if count < min {
            let what = p.attribute("name").unwrap_or(p.tag_name().name());
            errors.push(format!(
                "{path}: expected <{what}> at least {min} time(s), found {count}"
            ));
        }
    }

    fn simple_value(&self, t: &str, v: &str, path: &str, errors: &mut Vec<String>) {
        match builtin(t) {
            Some(b) => builtin_value(b, v, path, errors),
            None => {
                let st = self.top("simpleType", t).expect("simple type");
                self.simple_node(st, v, path, errors);
            }
        }
    }

    fn simple_node(&self, st: Node<'a, 'a>, v: &str, path: &str, errors: &mut Vec<String>) {
        let r = xs_children(st)
            .find(|n| is_xs(n, "restriction"))
            .expect("only restrictions are used");
        let base = r.attribute("base").expect("base");
        self.simple_value(base, v, path, errors);
        let collapsed = matches!(base, "xs:token" | "xs:dateTime" | "xs:int" | "xs:decimal");
        let value = if collapsed { collapse(v) } else { v.to_owned() };
        for facet in xs_children(r) {
            let f = facet.attribute("value").unwrap_or_default();
            match facet.tag_name().name() {
                "minLength" => {
                    let min: usize = f.parse().expect("minLength");
                    if value.chars().count() < min {
                        errors.push(format!("{path}: shorter than {min}: {v:?}"));
                    }
                }
                "pattern" => {
                    let re = Regex::new(&format!("^(?:{f})$")).expect("pattern");
                    if !re.is_match(&value) {
                        errors.push(format!("{path}: {v:?} does not match {f}"));
                    }
                }
                "whiteSpace" => {}
                other => panic!("facet not supported here: {other}"),
            }
        }
    }
}

fn text_of(n: Node<'_, '_>) -> String {
    n.children().filter_map(|c| c.text()).collect()
}

fn collapse(v: &str) -> String {
    v.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn builtin_value(b: &str, v: &str, path: &str, errors: &mut Vec<String>) {
    let c = collapse(v);
    let ok = match b {
        "string" | "token" => true,
        "int" => c.parse::<i32>().is_ok(),
        "decimal" => Regex::new(r"^[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)$")
            .expect("re")
            .is_match(&c),
        "dateTime" => {
            let (dt, _zone) = match c
                .find(['Z', '+'])
                .or_else(|| c.rfind('-').filter(|&i| i > 10))
            {
                Some(i) => c.split_at(i),
                None => (c.as_str(), ""),
            };
            chrono::NaiveDateTime::parse_from_str(dt, "%Y-%m-%dT%H:%M:%S%.f").is_ok()
        }
        other => panic!("built-in type not supported here: xs:{other}"),
    };
    if !ok {
        errors.push(format!("{path}: {v:?} is not an xs:{b}"));
    }
}

fn xsd_path() -> PathBuf {
    super::root().join("tests/data/ci/JUnit.xsd")
}

/// What the interpreter finds wrong with `xml`; empty when it is valid.
pub fn junit_errors(xml: &str) -> Vec<String> {
    let xsd_text = std::fs::read_to_string(xsd_path()).expect("xsd");
    let xsd_doc = Document::parse(&xsd_text).expect("XSD is XML");
    let doc = Document::parse(xml).unwrap_or_else(|e| panic!("not XML: {e}\n{xml}"));
    Schema::new(&xsd_doc).validate(&doc)
}

/// The full validator too. On CI (`CI` set, as every CI service does) a
/// missing `xmllint` fails the test: `.ci/run` installs it, and a check that
/// silently does not run is no check. Locally it may be missing.
pub fn xmllint(xml: &str, what: &str) {
    let Some(path) = which("xmllint") else {
        assert!(
            std::env::var_os("CI").is_none(),
            "xmllint is required when CI is set (apt-get install libxml2-utils; .ci/run does)"
        );
        eprintln!("note: xmllint not installed; {what}: full XSD validation skipped");
        return;
    };
    let dir = tempfile::tempdir().expect("tmp");
    let file = dir.path().join("out.xml");
    std::fs::write(&file, xml).expect("write");
    let out = std::process::Command::new(path)
        .arg("--noout")
        .arg("--schema")
        .arg(xsd_path())
        .arg(&file)
        .output()
        .expect("xmllint runs");
    assert!(
        out.status.success(),
        "{what}: xmllint rejects the XML:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

fn which(cmd: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|d| d.join(cmd))
        .find(|p| p.is_file())
}
