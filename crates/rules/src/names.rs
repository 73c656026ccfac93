//! Names shared between the steps and moments that mention them.
//!
//! A plan of a large organisation names the same servers thousands of times: as targets,
//! in the lists of what is down, in sentences. A [`Name`] is a view into a shared,
//! reference-counted text, so that copying one copies no characters and allocates nothing;
//! the planner and the validator keep every name of an organisation in one such text.
//! [`Names`] is a shared, immutable list of names, which consecutive steps with the same
//! outages share.
//!
//! Both read and write JSON as plain strings and lists of strings, and compare, order and
//! hash as the text they hold.

use std::borrow::Borrow;
use std::cmp::Ordering;
use std::fmt;
use std::hash::{Hash, Hasher};
use std::ops::Deref;
use std::sync::Arc;

use serde::{Deserialize, Deserializer, Serialize, Serializer};


/// A server, node, virtual server, cluster or pool name, cheap to copy.
///
/// It reads as a `&str` (through `Deref`) and compares equal to strings with the same text.
#[derive(Clone)]
pub struct Name {
    /// The shared text the name is part of.
    text: Arc<str>,
    /// Where the name starts in `text`, in bytes.
    start: u32,
    /// Where the name ends in `text`, in bytes.
    end: u32,
    /// What the name stood for where it was made, as [`crate::sim`] numbers servers, nodes
    /// and virtual servers (0 when unknown): a hint the validator confirms by comparing the
    /// name before it uses it, so that it need not look the name up.
    hint: u32,
}

impl Name {
    /// The name as a string slice.
    pub fn as_str(&self) -> &str {
        self.text.get(self.start as usize..self.end as usize).unwrap_or_default()
    }

    /// A name that is the part `start..end` of `text`, or a copy when the span does not fit
    /// the compact form.
    fn part(text: &Arc<str>, start: usize, end: usize) -> Name {
        match (u32::try_from(start), u32::try_from(end), text.get(start..end)) {
            (Ok(start), Ok(end), Some(_)) => Name { text: Arc::clone(text), start, end, hint: 0 },
            (_, _, part) => Name::from(part.unwrap_or_default()),
        }
    }

    /// What the name stood for where it was made (0 when unknown); see [`Name::hint`].
    pub(crate) fn hint(&self) -> u32 {
        self.hint
    }

    /// The name with `hint` (see [`Name::hint`]), which the caller knows to hold.
    pub(crate) fn with_hint(self, hint: u32) -> Name {
        Name { hint, ..self }
    }

    /// Whether two names are the same name: two names of one table with hints are the same
    /// when their hints are, without comparing their text.
    pub(crate) fn same_name(&self, other: &Name) -> bool {
        if self.hint != 0 && other.hint != 0 && Arc::ptr_eq(&self.text, &other.text) {
            self.hint == other.hint
        } else {
            self == other
        }
    }

    /// What identifies this view of its shared text: the text's address and the span.
    /// Two names with the same key hold the same characters.
    pub(crate) fn view_key(&self) -> (usize, u32, u32) {
        (Arc::as_ptr(&self.text).cast::<u8>().addr(), self.start, self.end)
    }

    /// Whether two names are the same view of the same shared text (so certainly equal).
    pub(crate) fn same_view(&self, other: &Name) -> bool {
        Arc::ptr_eq(&self.text, &other.text) && self.start == other.start && self.end == other.end
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

impl Default for Name {
    fn default() -> Name {
        Name::from("")
    }
}

impl From<&str> for Name {
    fn from(text: &str) -> Name {
        Name::from(Arc::<str>::from(text))
    }
}

impl From<&String> for Name {
    fn from(text: &String) -> Name {
        Name::from(text.as_str())
    }
}

impl From<String> for Name {
    fn from(text: String) -> Name {
        Name::from(Arc::<str>::from(text))
    }
}

impl From<Arc<str>> for Name {
    fn from(text: Arc<str>) -> Name {
        let end = text.len();
        Name::part(&text, 0, end)
    }
}

impl From<Name> for String {
    fn from(name: Name) -> String {
        name.as_str().to_owned()
    }
}

impl fmt::Debug for Name {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_str(), f)
    }
}

impl fmt::Display for Name {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl PartialEq for Name {
    fn eq(&self, other: &Name) -> bool {
        self.same_view(other) || self.as_str() == other.as_str()
    }
}

impl Eq for Name {}

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

impl Hash for Name {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.as_str().hash(state);
    }
}

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

impl Serialize for Name {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for Name {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Name, D::Error> {
        String::deserialize(deserializer).map(Name::from)
    }
}

/// A list of names, shared: copying it copies no names.
///
/// It reads as a slice of [`Name`]s (through `Deref`) and compares equal to any list of
/// strings with the same texts in the same order. A list of one name, the most common
/// outage, is held without a list of its own.
#[derive(Clone, Default)]
pub struct Names(List);

#[derive(Clone, Default)]
enum List {
    #[default]
    Empty,
    One(Name),
    Many(Arc<[Name]>),
}

impl Names {
    /// The empty list.
    pub const fn new() -> Names {
        Names(List::Empty)
    }

    /// Empties the list.
    pub fn clear(&mut self) {
        self.0 = List::Empty;
    }

    /// Whether two lists are the same shared list (so certainly equal).
    pub(crate) fn same_list(&self, other: &Names) -> bool {
        match (&self.0, &other.0) {
            (List::Many(a), List::Many(b)) => Arc::ptr_eq(a, b),
            (List::One(a), List::One(b)) => a.same_view(b),
            (List::Empty, List::Empty) => true,
            _ => false,
        }
    }
}

impl Deref for Names {
    type Target = [Name];

    fn deref(&self) -> &[Name] {
        match &self.0 {
            List::Empty => &[],
            List::One(name) => std::slice::from_ref(name),
            List::Many(names) => names,
        }
    }
}

impl From<Vec<Name>> for Names {
    fn from(mut names: Vec<Name>) -> Names {
        match names.len() {
            0 => Names::new(),
            1 => names.pop().map_or_else(Names::new, |name| Names(List::One(name))),
            _ => Names(List::Many(Arc::from(names))),
        }
    }
}

impl<T: Into<Name>> FromIterator<T> for Names {
    fn from_iter<I: IntoIterator<Item = T>>(iter: I) -> Names {
        let mut iter = iter.into_iter().map(Into::into);
        match iter.size_hint() {
            (0, Some(0)) => Names::new(),
            (1, Some(1)) => iter.next().map_or_else(Names::new, |name| Names(List::One(name))),
            _ => {
                let list: Arc<[Name]> = iter.collect();
                if list.is_empty() { Names::new() } else { Names(List::Many(list)) }
            }
        }
    }
}

impl<'a> IntoIterator for &'a Names {
    type Item = &'a Name;
    type IntoIter = std::slice::Iter<'a, Name>;

    fn into_iter(self) -> Self::IntoIter {
        self.iter()
    }
}

impl fmt::Debug for Names {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

impl PartialEq for Names {
    fn eq(&self, other: &Names) -> bool {
        self.same_list(other) || **self == **other
    }
}

impl Eq for Names {}

impl<S: AsRef<str>> PartialEq<[S]> for Names {
    fn eq(&self, other: &[S]) -> bool {
        self.len() == other.len() && self.iter().zip(other).all(|(a, b)| a.as_str() == b.as_ref())
    }
}

impl<S: AsRef<str>, const N: usize> PartialEq<[S; N]> for Names {
    fn eq(&self, other: &[S; N]) -> bool {
        *self == other[..]
    }
}

impl<S: AsRef<str>> PartialEq<Vec<S>> for Names {
    fn eq(&self, other: &Vec<S>) -> bool {
        *self == other[..]
    }
}

impl Serialize for Names {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.iter())
    }
}

impl<'de> Deserialize<'de> for Names {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Names, D::Error> {
        Vec::<Name>::deserialize(deserializer).map(Names::from)
    }
}

/// Names in a row, for the entities of the planner and the validator, found by their
/// position.
#[derive(Debug)]
pub(crate) struct NameRow {
    text: Arc<str>,
    /// Where each name ends in `text`; it starts where the one before ends.
    ends: Vec<usize>,
}

impl NameRow {
    /// A row of `names`, in order, of which there are about `count`.
    pub fn with_capacity<'a>(names: impl IntoIterator<Item = &'a str>, count: usize) -> NameRow {
        let mut text = String::with_capacity(count.saturating_mul(8));
        let mut ends = Vec::with_capacity(count);
        for name in names {
            text.push_str(name);
            ends.push(text.len());
        }
        NameRow { text: Arc::from(text), ends }
    }

    /// The name at `index`, or an empty name past the end.
    pub fn get(&self, index: usize) -> Name {
        let start = match index.checked_sub(1) {
            Some(before) => self.ends.get(before).copied().unwrap_or_default(),
            None => 0,
        };
        let end = self.ends.get(index).copied().unwrap_or(start);
        // A span of the row is a whole name, so it needs no check that it falls on
        // character boundaries.
        match (u32::try_from(start), u32::try_from(end)) {
            (Ok(start), Ok(end)) => Name { text: Arc::clone(&self.text), start, end, hint: 0 },
            _ => Name::part(&self.text, start, end),
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    #[test]
    fn names_compare_as_their_text() {
        let a = Name::from("MAIL1");
        assert_eq!(a, "MAIL1");
        assert_eq!("MAIL1", a);
        assert_eq!(a, String::from("MAIL1"));
        assert_eq!(Name::from("A").cmp(&Name::from("B")), Ordering::Less);
        assert_eq!(format!("{a} {a:?}"), r#"MAIL1 "MAIL1""#);
        let row = NameRow::with_capacity(["N1", "", "EVS1"], 0);
        assert_eq!([row.get(0), row.get(1), row.get(2), row.get(3)], ["N1", "", "EVS1", ""]);
        assert!(row.get(2).same_view(&row.get(2)));
        assert!(!row.get(2).same_view(&Name::from("EVS1")));
    }

    #[test]
    fn hinted_names_of_one_row_are_the_same_by_their_hints() {
        let row = NameRow::with_capacity(["FE1", "BE1", "FE1"], 3);
        let first = row.get(0).with_hint(7);
        assert_eq!(first, "FE1");
        assert_eq!(first.hint(), 7);
        assert_eq!(row.get(0).hint(), 0);
        assert_eq!(Name::from("FE1").hint(), 0);
        // Same hint in one row: the same name, without comparing text.
        assert!(first.same_name(&row.get(0).with_hint(7)));
        assert!(!first.same_name(&row.get(1).with_hint(8)));
        // Without hints on both sides, or across rows, the text decides.
        assert!(first.same_name(&row.get(2)));
        assert!(first.same_name(&Name::from("FE1").with_hint(9)));
        assert!(!first.same_name(&row.get(1)));
        assert_eq!(row.get(1), "BE1");
    }

    #[test]
    fn lists_compare_and_serialise_as_lists_of_strings() {
        let names: Names = ["EVS1", "N1"].into_iter().collect();
        assert_eq!(names, ["EVS1", "N1"]);
        assert_eq!(names, vec![String::from("EVS1"), String::from("N1")]);
        assert_eq!(names.join(", "), "EVS1, N1");
        let json = serde_json::to_string(&names).unwrap();
        assert_eq!(json, r#"["EVS1","N1"]"#);
        let back: Names = serde_json::from_str(&json).unwrap();
        assert_eq!(back, names);
        let one: Names = ["EVS1"].into_iter().collect();
        assert_eq!(one, ["EVS1"]);
        assert_eq!(one, Names::from(vec![Name::from("EVS1")]));
        assert_eq!(serde_json::to_string(&one).unwrap(), r#"["EVS1"]"#);
        assert!(one.same_list(&one.clone()) && !one.same_list(&names));
        let mut copy = names.clone();
        assert!(copy.same_list(&names));
        copy.clear();
        assert!(copy.is_empty() && copy == Names::new());
        assert_eq!(format!("{names:?}"), r#"["EVS1", "N1"]"#);
    }
}
