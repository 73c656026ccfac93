//! Topology and plan documents read and written through one JSON tree.
//!
//! serde's derived (de)serializers for the rules crate's types, each instantiated with
//! serde_json, take much of the WebAssembly module. Here serde_json reads every document into a
//! [`Json`] tree (one `Deserialize` impl) and writes every document from one (one `Serialize`
//! impl); plain functions turn the tree into a [`Topology`] and a [`Topology`] or a [`Plan`]
//! into the tree, following the serde attributes of `sp_rules` field by field.
//!
//! The reader accepts exactly the documents serde's derive accepts and reports wrong ones in
//! the same words (the tests compare the two on many documents). Where serde_json would report
//! a wrong value as a syntax error (a number where a name of a version is expected, an object
//! with two keys for an enum, an array with more elements than the struct it stands for has
//! fields), the reader reports it as a wrong value, in serde_json's words for its own `Value`
//! where it has them. The tree keeps repeated keys, so that a repeated field is refused where
//! serde's derive refuses it and a version named twice in a service pack takes the last level,
//! as serde reads a map. The tree has no positions, so its errors name no line and column.
//! The writer's output is byte for byte what `serde_json::to_string` writes.

use std::collections::BTreeMap;
use std::fmt;

use serde::de::{Error as _, MapAccess, SeqAccess, Unexpected, Visitor};
use serde::ser::{SerializeMap as _, SerializeSeq as _};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::Error;
use sp_rules::{
    Cluster, ClusterMode, Hotfix, Level, Options, Plan, PoolStrategy, Restart, Role, Server, Severity, Step, Topology,
    Update, Version, VirtualServer, Windows,
};

/// A JSON value. An object keeps its members in the order written, repeated keys included,
/// so that the reader can report a repeated field where serde's derive does.
#[derive(Debug, Clone, PartialEq)]
pub enum Json {
    /// `null`.
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// A whole number that fits `u64`.
    Unsigned(u64),
    /// A negative whole number that fits `i64`.
    Signed(i64),
    /// Any other number.
    Float(f64),
    /// A string.
    String(String),
    /// An array.
    Array(Vec<Json>),
    /// An object, its members in order.
    Object(Vec<(String, Json)>),
}

impl Json {
    /// What the value is, as serde names it in an error.
    fn unexpected(&self) -> Unexpected<'_> {
        match self {
            Json::Null => Unexpected::Unit,
            Json::Bool(b) => Unexpected::Bool(*b),
            Json::Unsigned(n) => Unexpected::Unsigned(*n),
            Json::Signed(n) => Unexpected::Signed(*n),
            Json::Float(x) => Unexpected::Float(*x),
            Json::String(s) => Unexpected::Str(s),
            Json::Array(_) => Unexpected::Seq,
            Json::Object(_) => Unexpected::Map,
        }
    }

    /// The error for this value where `expected` was expected.
    fn invalid(&self, expected: &str) -> Error {
        Error::invalid_type(self.unexpected(), &expected)
    }
}

struct JsonVisitor;

impl<'de> Visitor<'de> for JsonVisitor {
    type Value = Json;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_bool<E>(self, b: bool) -> Result<Json, E> {
        Ok(Json::Bool(b))
    }

    fn visit_u64<E>(self, n: u64) -> Result<Json, E> {
        Ok(Json::Unsigned(n))
    }

    fn visit_i64<E>(self, n: i64) -> Result<Json, E> {
        Ok(Json::Signed(n))
    }

    fn visit_f64<E>(self, x: f64) -> Result<Json, E> {
        Ok(Json::Float(x))
    }

    fn visit_str<E>(self, s: &str) -> Result<Json, E> {
        Ok(Json::String(s.to_owned()))
    }

    fn visit_string<E>(self, s: String) -> Result<Json, E> {
        Ok(Json::String(s))
    }

    fn visit_unit<E>(self) -> Result<Json, E> {
        Ok(Json::Null)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Json, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element()? {
            items.push(item);
        }
        Ok(Json::Array(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Json, A::Error> {
        let mut members = Vec::new();
        while let Some(key) = map.next_key::<String>()? {
            let value = map.next_value()?;
            members.push((key, value));
        }
        Ok(Json::Object(members))
    }
}

impl<'de> Deserialize<'de> for Json {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Json, D::Error> {
        deserializer.deserialize_any(JsonVisitor)
    }
}

impl Serialize for Json {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Json::Null => serializer.serialize_unit(),
            Json::Bool(b) => serializer.serialize_bool(*b),
            Json::Unsigned(n) => serializer.serialize_u64(*n),
            Json::Signed(n) => serializer.serialize_i64(*n),
            Json::Float(x) => serializer.serialize_f64(*x),
            Json::String(s) => serializer.serialize_str(s),
            Json::Array(items) => {
                let mut seq = serializer.serialize_seq(Some(items.len()))?;
                for item in items {
                    seq.serialize_element(item)?;
                }
                seq.end()
            }
            Json::Object(members) => {
                let mut map = serializer.serialize_map(Some(members.len()))?;
                for (key, value) in members {
                    map.serialize_entry(key, value)?;
                }
                map.end()
            }
        }
    }
}

/// Reads a JSON document into a tree; a syntax error is serde_json's, with line and column.
pub fn parse(text: &str) -> Result<Json, Error> {
    serde_json::from_str(text)
}

/// Writes a tree as compact JSON, as `serde_json::to_string` does.
pub fn write(json: &Json) -> String {
    serde_json::to_string(json).unwrap_or_default()
}

// ---- Reading -------------------------------------------------------------------------------

/// The fields of a struct as serde's derive reads it: `name` is what it expects ("struct
/// Server"), `fields` the field names in declaration order and `required` a bit for each field
/// without a default.
struct Shape {
    name: &'static str,
    fields: &'static [&'static str],
    required: u32,
}

/// Reads a struct in either of the forms serde's derive accepts: an object of named fields
/// (an unknown or repeated field is an error) or an array of the fields in declaration order.
/// `set` reads the value of field `index`.
///
/// `set` is a trait object so that one copy of this function serves every struct.
fn read_struct<'a>(value: &'a Json, shape: &Shape, set: &mut dyn FnMut(usize, &'a Json) -> Result<(), Error>) -> Result<(), Error> {
    let mut seen = 0u32;
    let by_position = match value {
        Json::Object(members) => {
            for (key, value) in members {
                let index = shape
                    .fields
                    .iter()
                    .position(|field| field == key)
                    .ok_or_else(|| Error::unknown_field(key, shape.fields))?;
                let bit = 1u32 << index;
                if seen & bit != 0 {
                    let field = shape.fields.get(index).copied().unwrap_or_default();
                    return Err(Error::duplicate_field(field));
                }
                set(index, value)?;
                seen |= bit;
            }
            false
        }
        Json::Array(items) => {
            for (index, item) in items.iter().enumerate().take(shape.fields.len()) {
                set(index, item)?;
                seen |= 1u32 << index;
            }
            if items.len() > shape.fields.len() {
                return Err(Error::invalid_length(items.len(), &elements(shape).as_str()));
            }
            true
        }
        other => return Err(other.invalid(shape.name)),
    };
    let missing = shape.required & !seen;
    if missing != 0 {
        let index = missing.trailing_zeros() as usize;
        return Err(if by_position {
            Error::invalid_length(index, &elements(shape).as_str())
        } else {
            Error::missing_field(shape.fields.get(index).copied().unwrap_or_default())
        });
    }
    Ok(())
}

/// What serde's derive expects of a struct written as an array.
fn elements(shape: &Shape) -> String {
    match shape.fields.len() {
        1 => format!("{} with 1 element", shape.name),
        count => format!("{} with {count} elements", shape.name),
    }
}

fn string(value: &Json) -> Result<String, Error> {
    match value {
        Json::String(s) => Ok(s.clone()),
        other => Err(other.invalid("a string")),
    }
}

fn boolean(value: &Json) -> Result<bool, Error> {
    match value {
        Json::Bool(b) => Ok(*b),
        other => Err(other.invalid("a boolean")),
    }
}

fn option<T>(value: &Json, read: impl FnOnce(&Json) -> Result<T, Error>) -> Result<Option<T>, Error> {
    match value {
        Json::Null => Ok(None),
        value => read(value).map(Some),
    }
}

fn list<T>(value: &Json, read: fn(&Json) -> Result<T, Error>) -> Result<Vec<T>, Error> {
    let Json::Array(items) = value else {
        return Err(value.invalid("a sequence"));
    };
    let mut out = Vec::with_capacity(items.len());
    for item in items {
        out.push(read(item)?);
    }
    Ok(out)
}

/// The position in `names` of the variant named `name`.
fn variant_named(name: &str, names: &'static [&'static str]) -> Result<usize, Error> {
    names.iter().position(|known| *known == name).ok_or_else(|| Error::unknown_variant(name, names))
}

/// The position in `names` of a variant without data: its name as a string, or an object with
/// its name as the only key and `null` as the value, as serde_json reads both.
fn unit_variant(value: &Json, names: &'static [&'static str]) -> Result<usize, Error> {
    match value {
        Json::String(name) => variant_named(name, names),
        Json::Object(members) => single(members, &mut |name, inner| {
            let variant = variant_named(name, names)?;
            match inner {
                Json::Null => Ok(variant),
                other => Err(other.invalid("unit")),
            }
        }),
        other => Err(other.invalid("string or map")),
    }
}

/// Reads an enum variant written as an object: `read` takes the first member (as serde_json
/// reads it before it sees whether there are more), and there must be no other.
fn single<T>(members: &[(String, Json)], read: &mut dyn FnMut(&str, &Json) -> Result<T, Error>) -> Result<T, Error> {
    let wrong = || Error::invalid_value(Unexpected::Map, &"map with a single key");
    let (name, value) = members.first().ok_or_else(wrong)?;
    let variant = read(name, value)?;
    if members.len() > 1 {
        return Err(wrong());
    }
    Ok(variant)
}

const VERSIONS: &[&str] = &["5.5", "2000", "2003"];
const LEVELS: &[&str] = &["RTM", "SP1", "SP2", "SP3", "SP4"];

// Each reader below turns the position of a name among the names it passes into the variant.

/// The version at `index` of [`VERSIONS`].
fn version_at(index: usize) -> Version {
    match index {
        0 => Version::V55,
        1 => Version::V2000,
        _ => Version::V2003,
    }
}

fn version(value: &Json) -> Result<Version, Error> {
    unit_variant(value, VERSIONS).map(version_at)
}

fn level(value: &Json) -> Result<Level, Error> {
    unit_variant(value, LEVELS).map(|index| match index {
        0 => Level::Rtm,
        1 => Level::Sp1,
        2 => Level::Sp2,
        3 => Level::Sp3,
        _ => Level::Sp4,
    })
}

fn role(value: &Json) -> Result<Role, Error> {
    unit_variant(value, &["standalone", "front-end", "back-end"]).map(|index| match index {
        0 => Role::Standalone,
        1 => Role::FrontEnd,
        _ => Role::BackEnd,
    })
}

fn cluster_mode(value: &Json) -> Result<ClusterMode, Error> {
    unit_variant(value, &["active-passive", "active-active"])
        .map(|index| if index == 0 { ClusterMode::ActivePassive } else { ClusterMode::ActiveActive })
}

fn pool_strategy(value: &Json) -> Result<PoolStrategy, Error> {
    unit_variant(value, &["together", "rolling"])
        .map(|index| if index == 0 { PoolStrategy::Together } else { PoolStrategy::Rolling })
}

fn windows(value: &Json) -> Result<Windows, Error> {
    string(value).map(Windows)
}

const TOPOLOGY: Shape = Shape {
    name: "struct Topology",
    fields: &["format", "name", "servers", "clusters", "update", "options"],
    required: 1 << 4,
};

/// Reads a topology from a tree, as serde's derive for [`Topology`] reads it from JSON.
pub fn topology(value: &Json) -> Result<Topology, Error> {
    let mut format = None;
    let mut name = String::new();
    let mut servers = Vec::new();
    let mut clusters = Vec::new();
    let mut update = None;
    let mut options = Options::default();
    read_struct(value, &TOPOLOGY, &mut |index, value| {
        match index {
            0 => format = option(value, string)?,
            1 => name = string(value)?,
            2 => servers = list(value, server)?,
            3 => clusters = list(value, cluster)?,
            4 => update = Some(read_update(value)?),
            _ => options = read_options(value)?,
        }
        Ok(())
    })?;
    let update = update.ok_or_else(|| Error::missing_field("update"))?;
    Ok(Topology { format, name, servers, clusters, update, options })
}

const SERVER: Shape = Shape {
    name: "struct Server",
    fields: &["name", "version", "level", "build", "role", "pool", "sbs", "remote", "windows"],
    required: 0b11,
};

fn server(value: &Json) -> Result<Server, Error> {
    let mut server = Server {
        name: String::new(),
        version: Version::V2003,
        level: None,
        build: None,
        role: Role::Standalone,
        pool: None,
        sbs: false,
        remote: false,
        windows: None,
    };
    read_struct(value, &SERVER, &mut |index, value| {
        match index {
            0 => server.name = string(value)?,
            1 => server.version = version(value)?,
            2 => server.level = option(value, level)?,
            3 => server.build = option(value, string)?,
            4 => server.role = role(value)?,
            5 => server.pool = option(value, string)?,
            6 => server.sbs = boolean(value)?,
            7 => server.remote = boolean(value)?,
            _ => server.windows = option(value, windows)?,
        }
        Ok(())
    })?;
    Ok(server)
}

const CLUSTER: Shape = Shape {
    name: "struct Cluster",
    fields: &["name", "version", "level", "build", "mode", "nodes", "virtual_servers", "remote", "windows"],
    required: 0b11_0011,
};

fn cluster(value: &Json) -> Result<Cluster, Error> {
    let mut cluster = Cluster {
        name: String::new(),
        version: Version::V2003,
        level: None,
        build: None,
        mode: ClusterMode::ActivePassive,
        nodes: Vec::new(),
        virtual_servers: Vec::new(),
        remote: false,
        windows: None,
    };
    read_struct(value, &CLUSTER, &mut |index, value| {
        match index {
            0 => cluster.name = string(value)?,
            1 => cluster.version = version(value)?,
            2 => cluster.level = option(value, level)?,
            3 => cluster.build = option(value, string)?,
            4 => cluster.mode = cluster_mode(value)?,
            5 => cluster.nodes = list(value, string)?,
            6 => cluster.virtual_servers = list(value, virtual_server)?,
            7 => cluster.remote = boolean(value)?,
            _ => cluster.windows = option(value, windows)?,
        }
        Ok(())
    })?;
    Ok(cluster)
}

const VIRTUAL_SERVER: Shape = Shape { name: "struct VirtualServer", fields: &["name", "owner"], required: 0b11 };

fn virtual_server(value: &Json) -> Result<VirtualServer, Error> {
    let mut evs = VirtualServer { name: String::new(), owner: String::new() };
    read_struct(value, &VIRTUAL_SERVER, &mut |index, value| {
        match index {
            0 => evs.name = string(value)?,
            _ => evs.owner = string(value)?,
        }
        Ok(())
    })?;
    Ok(evs)
}

const UPDATES: &[&str] = &["service_pack", "hotfix"];

/// The update: an object with the variant as its only key. The variant's name alone is a
/// variant without data, which neither variant is.
fn read_update(value: &Json) -> Result<Update, Error> {
    match value {
        Json::String(name) => {
            variant_named(name, UPDATES)?;
            Err(Error::invalid_type(Unexpected::UnitVariant, &"newtype variant"))
        }
        Json::Object(members) => single(members, &mut |name, inner| {
            if variant_named(name, UPDATES)? == 1 {
                hotfix(inner).map(Update::Hotfix)
            } else {
                service_pack(inner).map(Update::ServicePack)
            }
        }),
        other => Err(other.invalid("string or map")),
    }
}

/// A service pack per version; a version named twice takes the last level, as serde reads a
/// map.
fn service_pack(value: &Json) -> Result<BTreeMap<Version, Level>, Error> {
    let Json::Object(members) = value else {
        return Err(value.invalid("a map"));
    };
    let mut levels = BTreeMap::new();
    for (name, value) in members {
        let version = version_at(variant_named(name, VERSIONS)?);
        levels.insert(version, level(value)?);
    }
    Ok(levels)
}

const HOTFIX: Shape = Shape {
    name: "struct Hotfix",
    fields: &["id", "version", "requires", "updates_virtual_servers"],
    required: 0b111,
};

fn hotfix(value: &Json) -> Result<Hotfix, Error> {
    let mut hotfix = Hotfix { id: String::new(), version: Version::V2003, requires: Level::Rtm, updates_virtual_servers: false };
    read_struct(value, &HOTFIX, &mut |index, value| {
        match index {
            0 => hotfix.id = string(value)?,
            1 => hotfix.version = version(value)?,
            2 => hotfix.requires = level(value)?,
            _ => hotfix.updates_virtual_servers = boolean(value)?,
        }
        Ok(())
    })?;
    Ok(hotfix)
}

const OPTIONS: Shape = Shape { name: "struct Options", fields: &["front_end_pool"], required: 0 };

fn read_options(value: &Json) -> Result<Options, Error> {
    let mut options = Options::default();
    read_struct(value, &OPTIONS, &mut |_, value| {
        options.front_end_pool = pool_strategy(value)?;
        Ok(())
    })?;
    Ok(options)
}

// ---- Writing -------------------------------------------------------------------------------

/// An object's members, written in order; a member given `None` is left out, as serde's
/// `skip_serializing_if` leaves it out.
fn object(members: &mut [(&str, Option<Json>)]) -> Json {
    Json::Object(
        members
            .iter_mut()
            .filter_map(|(key, value)| value.take().map(|value| ((*key).to_owned(), value)))
            .collect(),
    )
}

fn text(s: &str) -> Option<Json> {
    Some(Json::String(s.to_owned()))
}

/// A string, left out when it is empty.
fn text_unless_empty(s: &str) -> Option<Json> {
    (!s.is_empty()).then(|| Json::String(s.to_owned()))
}

/// `true`, left out when it is `false`.
fn flag(b: bool) -> Option<Json> {
    b.then_some(Json::Bool(true))
}

fn number(n: u32) -> Option<Json> {
    Some(Json::Unsigned(u64::from(n)))
}

fn strings<'a>(items: impl IntoIterator<Item = &'a str>) -> Option<Json> {
    Some(Json::Array(items.into_iter().map(|s| Json::String(s.to_owned())).collect()))
}

fn role_name(role: Role) -> &'static str {
    match role {
        Role::Standalone => "standalone",
        Role::FrontEnd => "front-end",
        Role::BackEnd => "back-end",
    }
}

/// A topology as serde's derive for [`Topology`] writes it.
pub fn topology_tree(topology: &Topology) -> Json {
    object(&mut [
        ("format", topology.format.as_deref().and_then(text)),
        ("name", text(&topology.name)),
        ("servers", Some(Json::Array(topology.servers.iter().map(server_tree).collect()))),
        ("clusters", Some(Json::Array(topology.clusters.iter().map(cluster_tree).collect()))),
        ("update", Some(update_tree(&topology.update))),
        (
            "options",
            (topology.options != Options::default()).then(|| {
                let pool = match topology.options.front_end_pool {
                    PoolStrategy::Together => "together",
                    PoolStrategy::Rolling => "rolling",
                };
                object(&mut [("front_end_pool", text(pool))])
            }),
        ),
    ])
}

fn server_tree(server: &Server) -> Json {
    object(&mut [
        ("name", text(&server.name)),
        ("version", text(server.version.as_str())),
        ("level", server.level.map(Level::as_str).and_then(text)),
        ("build", server.build.as_deref().and_then(text)),
        ("role", (server.role != Role::Standalone).then(|| Json::String(role_name(server.role).to_owned()))),
        ("pool", server.pool.as_deref().and_then(text)),
        ("sbs", flag(server.sbs)),
        ("remote", flag(server.remote)),
        ("windows", server.windows.as_ref().and_then(|windows| text(&windows.0))),
    ])
}

fn cluster_tree(cluster: &Cluster) -> Json {
    let mode = match cluster.mode {
        ClusterMode::ActivePassive => "active-passive",
        ClusterMode::ActiveActive => "active-active",
    };
    let virtual_servers = cluster
        .virtual_servers
        .iter()
        .map(|evs| object(&mut [("name", text(&evs.name)), ("owner", text(&evs.owner))]))
        .collect();
    object(&mut [
        ("name", text(&cluster.name)),
        ("version", text(cluster.version.as_str())),
        ("level", cluster.level.map(Level::as_str).and_then(text)),
        ("build", cluster.build.as_deref().and_then(text)),
        ("mode", text(mode)),
        ("nodes", strings(cluster.nodes.iter().map(String::as_str))),
        ("virtual_servers", Some(Json::Array(virtual_servers))),
        ("remote", flag(cluster.remote)),
        ("windows", cluster.windows.as_ref().and_then(|windows| text(&windows.0))),
    ])
}

fn update_tree(update: &Update) -> Json {
    match update {
        Update::ServicePack(levels) => {
            let levels = levels
                .iter()
                .map(|(version, level)| (version.as_str().to_owned(), Json::String(level.as_str().to_owned())))
                .collect();
            object(&mut [("service_pack", Some(Json::Object(levels)))])
        }
        Update::Hotfix(hotfix) => object(&mut [(
            "hotfix",
            Some(object(&mut [
                ("id", text(&hotfix.id)),
                ("version", text(hotfix.version.as_str())),
                ("requires", text(hotfix.requires.as_str())),
                ("updates_virtual_servers", flag(hotfix.updates_virtual_servers)),
            ])),
        )]),
    }
}

/// A plan as `sp_rules` writes it in the `sp-planner/plan@1` format.
pub fn plan_tree(plan: &Plan) -> Json {
    let phases = plan.phases.iter().map(|phase| object(&mut [("id", text(&phase.id)), ("title", text(&phase.title))]));
    let warnings = plan.warnings.iter().map(|warning| {
        let severity = match warning.severity {
            Severity::Recommended => "recommended",
            Severity::Required => "required",
        };
        object(&mut [
            ("rule", text(&warning.rule)),
            ("severity", text(severity)),
            ("target", text_unless_empty(&warning.target)),
            ("message", text(&warning.message)),
            ("kb", text(&warning.kb)),
        ])
    });
    let totals = &plan.totals;
    object(&mut [
        ("format", text(&plan.format)),
        ("organisation", text(&plan.organisation)),
        ("update", text(&plan.update)),
        ("phases", Some(Json::Array(phases.collect()))),
        ("steps", Some(Json::Array(plan.steps.iter().map(step_tree).collect()))),
        ("warnings", Some(Json::Array(warnings.collect()))),
        (
            "totals",
            Some(object(&mut [
                ("steps", number(totals.steps)),
                ("evs_moves", number(totals.evs_moves)),
                ("front_end_outage_steps", number(totals.front_end_outage_steps)),
                ("pool_outage_steps", number(totals.pool_outage_steps)),
                ("evs_offline_steps", number(totals.evs_offline_steps)),
                ("possible_restarts", number(totals.possible_restarts)),
                ("likely_restarts", number(totals.likely_restarts)),
            ])),
        ),
    ])
}

fn step_tree(step: &Step) -> Json {
    let restart = match step.restart {
        Restart::None => "none",
        Restart::Possible => "possible",
        Restart::Likely => "likely",
    };
    object(&mut [
        ("n", number(step.n)),
        ("phase", text_unless_empty(&step.phase)),
        ("action", text(step.action.as_str())),
        ("target", text(&step.target)),
        ("from", step.from.as_deref().and_then(text)),
        ("to", step.to.as_deref().and_then(text)),
        ("rules", (!step.rules.is_empty()).then(|| strings(step.rules.iter())).flatten()),
        ("kb", text_unless_empty(&step.kb)),
        ("restart", text(restart)),
        ("unavailable", (!step.unavailable.is_empty()).then(|| strings(step.unavailable.iter().map(|name| name.as_str()))).flatten()),
        ("text", (!step.text.is_empty()).then(|| Json::String(step.text().into_owned()))),
    ])
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::panic)]

    use std::path::Path;

    use super::*;

    /// Reads a topology document: its syntax, then its fields.
    fn read_topology(text: &str) -> Result<Topology, Error> {
        topology(&parse(text)?)
    }

    /// serde_json's message without its position, which the tree does not know.
    fn without_position(error: &Error) -> String {
        let message = error.to_string();
        let at = format!(" at line {} column {}", error.line(), error.column());
        message.strip_suffix(&at).map_or(message.clone(), str::to_owned)
    }

    /// Every JSON document under `tests/scenarios`, by path.
    fn scenario_files() -> Vec<(String, String)> {
        fn walk(dir: &Path, out: &mut Vec<(String, String)>) {
            let mut entries: Vec<_> = std::fs::read_dir(dir).unwrap().map(|entry| entry.unwrap().path()).collect();
            entries.sort();
            for path in entries {
                if path.is_dir() {
                    walk(&path, out);
                } else if path.extension().is_some_and(|ext| ext == "json") {
                    out.push((path.display().to_string(), std::fs::read_to_string(&path).unwrap()));
                }
            }
        }
        let mut out = Vec::new();
        walk(&Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/scenarios"), &mut out);
        assert!(out.len() > 30, "the scenarios were not found");
        out
    }

    /// Every preset of the knowledge base and every scenario document.
    pub(crate) fn documents() -> Vec<(String, String)> {
        let mut out: Vec<(String, String)> =
            sp_kb::Kb::get().presets().map(|(name, json)| (format!("preset {name}"), json.to_owned())).collect();
        assert!(!out.is_empty(), "the knowledge base has no presets");
        out.extend(scenario_files());
        out
    }

    /// Every document that differs from `value` by one edit: a member removed, repeated,
    /// added or renamed; a value replaced by one of another type, by `null`, or (for an object)
    /// by the array of its values; a string misspelled.
    fn mutations(value: &Json) -> Vec<Json> {
        let mut out = Vec::new();
        match value {
            Json::Object(members) => {
                for index in 0..members.len() {
                    let mut removed = members.clone();
                    removed.remove(index);
                    out.push(Json::Object(removed));
                    let mut repeated = members.clone();
                    repeated.insert(index + 1, members[index].clone());
                    out.push(Json::Object(repeated));
                    let mut renamed = members.clone();
                    renamed[index].0.push('x');
                    out.push(Json::Object(renamed));
                    for inner in mutations(&members[index].1) {
                        let mut changed = members.clone();
                        changed[index].1 = inner;
                        out.push(Json::Object(changed));
                    }
                }
                for at in [0, members.len()] {
                    let mut added = members.clone();
                    added.insert(at, ("colour".to_owned(), Json::Unsigned(1)));
                    out.push(Json::Object(added));
                }
                out.push(Json::Array(members.iter().map(|(_, value)| value.clone()).collect()));
                if let Some((_, first)) = members.first() {
                    out.push(Json::Array(vec![first.clone()]));
                }
            }
            Json::Array(items) => {
                for index in 0..items.len() {
                    for inner in mutations(&items[index]) {
                        let mut changed = items.clone();
                        changed[index] = inner;
                        out.push(Json::Array(changed));
                    }
                }
                out.push(Json::Array(Vec::new()));
            }
            Json::String(s) => {
                for wrong in [format!("{s}x"), s.to_lowercase(), s.to_uppercase(), String::new(), "2004".to_owned()] {
                    if wrong != *s {
                        out.push(Json::String(wrong));
                    }
                }
                out.push(Json::Object(vec![(s.clone(), Json::Null)]));
                out.push(Json::Object(vec![(s.clone(), Json::Unsigned(1))]));
            }
            _ => {}
        }
        for other in [
            Json::Null,
            Json::Bool(true),
            Json::Unsigned(5),
            Json::Signed(-5),
            Json::Float(1.5),
            Json::String("x".to_owned()),
            Json::Array(Vec::new()),
            Json::Object(Vec::new()),
            Json::Object(vec![("x".to_owned(), Json::Null), ("y".to_owned(), Json::Null)]),
        ] {
            if std::mem::discriminant(&other) != std::mem::discriminant(value) || other == Json::Null {
                out.push(other);
            }
        }
        out
    }

    /// How the two readers compared on a set of documents.
    #[derive(Debug, Default)]
    struct Tally {
        accepted: usize,
        refused_alike: usize,
        /// Documents serde_json refuses with a syntax error and the tree reader as a wrong
        /// value (see the module documentation).
        refused_as_syntax: usize,
    }

    /// Reads `text` with both readers and checks that they agree.
    fn compare(label: &str, text: &str, tally: &mut Tally) {
        let derived = serde_json::from_str::<Topology>(text);
        let ours = read_topology(text);
        match (derived, ours) {
            (Ok(expected), Ok(read)) => {
                assert_eq!(read, expected, "{label}: {text}");
                tally.accepted += 1;
            }
            (Err(expected), Err(error)) => {
                if error.is_syntax() {
                    // The tree reader's own syntax errors are serde_json's, with the position.
                    assert_eq!(error.to_string(), expected.to_string(), "{label}: {text}");
                    tally.refused_alike += 1;
                } else if expected.is_data() {
                    assert_eq!(error.to_string(), without_position(&expected).as_str(), "{label}: {text}");
                    assert_eq!(error.classify(), expected.classify(), "{label}: {text}");
                    tally.refused_alike += 1;
                } else {
                    assert!(expected.is_syntax(), "{label}: {expected}");
                    assert!(error.is_data(), "{label}: {error}");
                    tally.refused_as_syntax += 1;
                }
            }
            (Ok(_), Err(error)) => panic!("{label}: only serde accepts it; the tree reader says {error}: {text}"),
            (Err(error), Ok(_)) => panic!("{label}: only the tree reader accepts it; serde says {error}: {text}"),
        }
    }

    #[test]
    fn the_reader_agrees_with_serde_on_every_preset_and_scenario() {
        let mut tally = Tally::default();
        for (label, text) in documents() {
            compare(&label, &text, &mut tally);
        }
        assert!(tally.accepted > 30, "{tally:?}");
        assert!(tally.refused_alike > 10, "{tally:?}");
    }

    #[test]
    fn the_reader_agrees_with_serde_on_every_mutation() {
        let mut tally = Tally::default();
        for (label, text) in documents() {
            let Ok(tree) = parse(&text) else { continue };
            for (n, mutated) in mutations(&tree).iter().enumerate() {
                compare(&format!("{label}, mutation {n}"), &write(mutated), &mut tally);
            }
        }
        assert!(tally.accepted > 1000, "{tally:?}");
        assert!(tally.refused_alike > 10_000, "{tally:?}");
        println!("{tally:?}");
    }
    /// Every topology serde accepts among the documents and their mutations.
    fn topologies() -> Vec<(String, Topology)> {
        let mut out = Vec::new();
        for (label, text) in documents() {
            let Ok(tree) = parse(&text) else { continue };
            for (n, document) in std::iter::once(tree.clone()).chain(mutations(&tree)).enumerate() {
                if let Ok(topology) = serde_json::from_str::<Topology>(&write(&document)) {
                    out.push((format!("{label}, mutation {n}"), topology));
                }
            }
        }
        out
    }

    #[test]
    fn the_writer_writes_topologies_as_serde_does() {
        let topologies = topologies();
        assert!(topologies.len() > 1000);
        for (label, topology) in &topologies {
            assert_eq!(write(&topology_tree(topology)), serde_json::to_string(topology).unwrap(), "{label}");
        }
        // Every optional field, written and left out.
        let mut full = topologies.iter().find(|(_, t)| !t.servers.is_empty() && !t.clusters.is_empty()).unwrap().1.clone();
        full.options.front_end_pool = PoolStrategy::Rolling;
        full.servers[0].role = Role::BackEnd;
        full.servers[0].pool = Some("POOL \"1\"\n".to_owned());
        full.servers[0].sbs = true;
        full.servers[0].remote = true;
        full.servers[0].windows = Some(Windows("2000 SP4".to_owned()));
        full.servers[0].build = Some("6.5.7226".to_owned());
        full.clusters[0].remote = true;
        full.clusters[0].windows = Some(Windows("2003".to_owned()));
        full.clusters[0].mode = ClusterMode::ActiveActive;
        full.update = Update::Hotfix(Hotfix { id: "KB1".to_owned(), version: Version::V55, requires: Level::Sp4, updates_virtual_servers: true });
        assert_eq!(write(&topology_tree(&full)), serde_json::to_string(&full).unwrap());
        assert_eq!(topology(&topology_tree(&full)).unwrap(), full);
    }

    #[test]
    fn the_writer_writes_plans_as_serde_does() {
        let mut plans = 0;
        for (label, topology) in topologies() {
            let Ok(plan) = sp_rules::Validated::new(topology).and_then(|valid| valid.plan()) else { continue };
            assert_eq!(write(&plan_tree(&plan)), serde_json::to_string(&plan).unwrap(), "{label}");
            plans += 1;
            if plans % 50 == 1 {
                // A plan read back from JSON holds its sentences and rule ids as strings.
                let read: Plan = serde_json::from_str(&serde_json::to_string(&plan).unwrap()).unwrap();
                assert_eq!(write(&plan_tree(&read)), serde_json::to_string(&read).unwrap(), "{label}");
            }
        }
        assert!(plans > 500, "{plans}");
    }

    #[test]
    fn the_writer_writes_numbers_as_serde_json_does() {
        for text in ["0", "4294967295", "18446744073709551615", "-1", "-9223372036854775808", "1.5", "-0.0", "1e300", "[1,-2,3.25]"] {
            let tree = parse(text).unwrap();
            let value: serde_json::Value = serde_json::from_str(text).unwrap();
            assert_eq!(write(&tree), serde_json::to_string(&value).unwrap(), "{text}");
        }
    }
}
