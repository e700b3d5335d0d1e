//! [`Name`]: the text of an id, kept inline when short.
//!
//! A city's ledgers hold a million records, each with three ids (its own,
//! its `ref`, its `kind`) of a dozen ASCII characters. As `String`s each was
//! a heap block of its own (32 bytes with the allocator's header) beside the
//! 24 bytes of the `String`: 96 bytes a record, a fifth of a check's memory.
//! A `Name` is the same 24 bytes and holds up to [`INLINE`] bytes of ASCII in
//! place; anything longer or not ASCII goes to the heap, as before.

use std::borrow::Borrow;
use std::cmp::Ordering;
use std::fmt;
use std::hash::{Hash, Hasher};
use std::ops::Deref;

/// The longest text kept inline.
pub const INLINE: usize = 22;

#[derive(Clone)]
pub struct Name(Repr);

#[derive(Clone)]
enum Repr {
    /// ASCII only, so that any prefix of the bytes is a `str`.
    Inline {
        len: u8,
        bytes: [u8; INLINE],
    },
    Heap(Box<str>),
}

impl Name {
    pub fn new(s: &str) -> Name {
        if s.len() <= INLINE && s.is_ascii() {
            let mut bytes = [0u8; INLINE];
            bytes[..s.len()].copy_from_slice(s.as_bytes());
            Name(Repr::Inline {
                len: s.len() as u8,
                bytes,
            })
        } else {
            Name(Repr::Heap(s.into()))
        }
    }

    pub fn as_str(&self) -> &str {
        match &self.0 {
            // ASCII by construction: the check cannot fail.
            Repr::Inline { len, bytes } => {
                std::str::from_utf8(&bytes[..usize::from(*len)]).unwrap_or_default()
            }
            Repr::Heap(s) => s,
        }
    }
}

impl Default for Name {
    fn default() -> Name {
        Name::new("")
    }
}

impl Deref for Name {
    type Target = str;
    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl AsRef<str> for Name {
    fn as_ref(&self) -> &str {
        self.as_str()
    }
}

impl Borrow<str> for Name {
    fn borrow(&self) -> &str {
        self.as_str()
    }
}

impl From<&str> for Name {
    fn from(s: &str) -> Name {
        Name::new(s)
    }
}

impl From<String> for Name {
    fn from(s: String) -> Name {
        if s.len() <= INLINE && s.is_ascii() {
            Name::new(&s)
        } else {
            Name(Repr::Heap(s.into_boxed_str()))
        }
    }
}

impl From<&Name> for String {
    fn from(n: &Name) -> String {
        n.as_str().to_owned()
    }
}

impl From<Name> for String {
    fn from(n: Name) -> String {
        match n.0 {
            Repr::Heap(s) => s.into_string(),
            Repr::Inline { .. } => n.as_str().to_owned(),
        }
    }
}

impl PartialEq for Name {
    fn eq(&self, other: &Name) -> bool {
        self.as_str() == other.as_str()
    }
}

impl Eq for Name {}

impl PartialEq<str> for Name {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<&str> for Name {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl PartialEq<String> for Name {
    fn eq(&self, other: &String) -> bool {
        self.as_str() == other.as_str()
    }
}

impl PartialEq<Name> for str {
    fn eq(&self, other: &Name) -> bool {
        self == other.as_str()
    }
}

impl PartialEq<Name> for &str {
    fn eq(&self, other: &Name) -> bool {
        *self == other.as_str()
    }
}

impl PartialEq<Name> for String {
    fn eq(&self, other: &Name) -> bool {
        self.as_str() == other.as_str()
    }
}

impl PartialOrd for Name {
    fn partial_cmp(&self, other: &Name) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Name {
    fn cmp(&self, other: &Name) -> Ordering {
        self.as_str().cmp(other.as_str())
    }
}

/// As its text, so that a map keyed by `Name` is looked up by `&str`.
impl Hash for Name {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.as_str().hash(state);
    }
}

/// As its text (`"WP14"`), like a `String`.
impl fmt::Debug for Name {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_str(), f)
    }
}

impl fmt::Display for Name {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self.as_str(), f)
    }
}

impl serde::Serialize for Name {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_ascii_is_inline_and_the_rest_on_the_heap() {
        assert_eq!(std::mem::size_of::<Name>(), 24);
        for s in ["", "a", "WP14", "jw-2018-001", &"x".repeat(INLINE)] {
            let n = Name::new(s);
            assert!(matches!(n.0, Repr::Inline { .. }), "{s}");
            assert_eq!(n.as_str(), s);
            assert_eq!(String::from(n.clone()), s);
        }
        for s in [&"x".repeat(INLINE + 1), "会议", "é"] {
            let n = Name::from(s.to_owned());
            assert!(matches!(n.0, Repr::Heap(_)), "{s}");
            assert_eq!(n.as_str(), s);
        }
    }

    #[test]
    fn compares_and_hashes_as_its_text() {
        use std::collections::HashSet;
        let set: HashSet<Name> = ["b", "a"].into_iter().map(Name::new).collect();
        assert!(set.contains("a"));
        assert!(Name::new("a") < Name::new("b"));
        assert_eq!(Name::new("long-".repeat(9).as_str()), "long-".repeat(9));
        assert_eq!(format!("{:?}", Name::new("a")), "\"a\"");
    }
}
