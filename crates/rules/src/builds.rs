//! Build numbers: from a build string to version and service pack level.
//!
//! The table holds every service pack and post-service-pack rollup build of Exchange
//! Server 5.5, Exchange 2000 Server and Exchange Server 2003 (knowledge-base section
//! `build-numbers`). [`lookup`] accepts the forms administrators copy from their tools:
//!
//! ```
//! use sp_rules::builds::lookup;
//! use sp_rules::{Level, Version};
//!
//! let info = lookup("Version 6.5 (Build 7638.2)").unwrap();
//! assert_eq!((info.version, info.level), (Version::V2003, Level::Sp2));
//! assert_eq!(lookup("7226").unwrap().level, Level::Sp1);
//! ```
//!
//! A build between two known builds is taken as the level below it (a server with
//! hotfixes on top of that service pack), and the answer says so in its `note`.

use serde::Serialize;

use crate::{Error, ErrorKind, Level, Version};

/// One known build.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KnownBuild {
    /// The Exchange version.
    pub version: Version,
    /// The build number (the third part of `6.5.7638.2`).
    pub build: u32,
    /// The revision (the fourth part), when the sources give one.
    pub revision: Option<u32>,
    /// The service pack level a server at this build has.
    pub level: Level,
    /// What this build is, e.g. `"Service Pack 2"` or `"post-SP3 rollup"`.
    pub release: &'static str,
    /// The release date as the sources give it.
    pub date: &'static str,
}

const fn known(
    version: Version,
    build: u32,
    revision: Option<u32>,
    level: Level,
    release: &'static str,
    date: &'static str,
) -> KnownBuild {
    KnownBuild { version, build, revision, level, release, date }
}

/// Every known build, grouped by version and sorted by build number.
///
/// Exchange Server 2003 SP2 is build 6.5.7638 (full build 7638.2). Microsoft's build
/// number page prints 6.5.7683, which is a transposition: servers at SP2 report 7638.2.
pub static BUILDS: &[KnownBuild] = &[
    known(Version::V55, 1960, None, Level::Rtm, "original release", "3 February 1998"),
    known(Version::V55, 2232, None, Level::Sp1, "Service Pack 1", "5 August 1998"),
    known(Version::V55, 2448, None, Level::Sp2, "Service Pack 2", "23 December 1998"),
    known(Version::V55, 2650, None, Level::Sp3, "Service Pack 3", "9 September 1999"),
    known(Version::V55, 2653, None, Level::Sp4, "Service Pack 4", "1 November 2000"),
    known(Version::V2000, 4417, None, Level::Rtm, "original release", "29 November 2000"),
    known(Version::V2000, 4712, None, Level::Sp1, "Service Pack 1", "21 June 2001"),
    known(Version::V2000, 5762, None, Level::Sp2, "Service Pack 2", "29 November 2001"),
    known(Version::V2000, 6249, None, Level::Sp3, "Service Pack 3", "18 July 2002"),
    known(Version::V2000, 6487, None, Level::Sp3, "post-SP3 rollup", "September 2003"),
    known(Version::V2000, 6556, None, Level::Sp3, "post-SP3 rollup", "April 2004"),
    known(Version::V2000, 6603, None, Level::Sp3, "post-SP3 rollup", "August 2004"),
    known(Version::V2000, 6620, Some(5), Level::Sp3, "post-SP3 rollup", "March 2008"),
    known(Version::V2000, 6620, Some(7), Level::Sp3, "post-SP3 rollup", "August 2008"),
    known(Version::V2003, 6944, None, Level::Rtm, "original release", "28 September 2003"),
    known(Version::V2003, 7226, Some(6), Level::Sp1, "Service Pack 1", "25 May 2004"),
    known(Version::V2003, 7638, Some(2), Level::Sp2, "Service Pack 2", "19 October 2005"),
    known(Version::V2003, 7653, Some(33), Level::Sp2, "post-SP2 rollup", "March 2008"),
    known(Version::V2003, 7654, Some(4), Level::Sp2, "post-SP2 rollup", "August 2008"),
];

/// The build numbers each version can have: from its original release up to (not
/// including) the upper bound. A bare build number is placed by these ranges.
const RANGES: [(Version, &str, u32, u32); 3] = [
    (Version::V55, "5.5", 1960, 3000),
    (Version::V2000, "6.0", 4417, 6944),
    (Version::V2003, "6.5", 6944, 8000),
];

/// What a build number means.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BuildInfo {
    /// The Exchange version.
    pub version: Version,
    /// The service pack level.
    pub level: Level,
    /// The build as `major.minor.build`, with the revision when one was given.
    pub build: String,
    /// Whether the build is in the table (otherwise it lies after a known build).
    pub exact: bool,
    /// The known build this one was matched to, e.g. `"Service Pack 2"`.
    pub release: &'static str,
    /// The release date of that known build.
    pub date: &'static str,
    /// An explanation when the match is not exact or the input needs a remark.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

impl BuildInfo {
    /// The answer in one sentence, for people.
    pub fn describe(&self) -> String {
        let mut text = format!(
            "{} {} (build {}): {}, {}",
            self.version.product(),
            self.level,
            self.build,
            self.release,
            self.date
        );
        if let Some(note) = &self.note {
            text.push_str("; ");
            text.push_str(note);
        }
        text
    }
}

/// Reads a build number and tells the version and service pack level.
///
/// Accepted forms: `"6.5.7638"`, `"6.5.7638.2"`, `"7638"`, `"7638.2"` and the form the
/// admin tools show, `"Version 6.5 (Build 7638.2)"` (with or without a trailing
/// `": Service Pack 2"` inside the parentheses).
pub fn lookup(input: &str) -> Result<BuildInfo, Error> {
    let text = input.trim();
    if text.is_empty() {
        return Err(unknown("the build number is empty"));
    }
    if text.len() > 100 {
        return Err(unknown("the build number is too long"));
    }
    let (prefix, build, revision) = parse(text)?;
    let (version, prefix_text) = match prefix {
        Some(prefix) => {
            let range = RANGES.iter().find(|(_, p, _, _)| *p == prefix).ok_or_else(|| {
                unknown(format!(
                    "`{prefix}` is not an Exchange 5.5, 2000 or 2003 version (expected 5.5, 6.0 or 6.5)"
                ))
            })?;
            (range.0, range.1)
        }
        None => {
            let range = RANGES
                .iter()
                .find(|(_, _, low, high)| (*low..*high).contains(&build))
                .ok_or_else(|| unknown(format!("build {build} is not a known Exchange 5.5, 2000 or 2003 build")))?;
            (range.0, range.1)
        }
    };
    let (low, high) = RANGES
        .iter()
        .find(|(v, _, _, _)| *v == version)
        .map(|(_, _, low, high)| (*low, *high))
        .unwrap_or((0, 0));
    if build < low {
        return Err(unknown(format!(
            "build {prefix_text}.{build} is older than the original release of {} ({prefix_text}.{low})",
            version.product()
        )));
    }
    if build >= high {
        return Err(unknown(format!("build {prefix_text}.{build} is not a known {} build", version.product())));
    }
    let shown = match revision {
        Some(rev) => format!("{prefix_text}.{build}.{rev}"),
        None => format!("{prefix_text}.{build}"),
    };
    let below = BUILDS
        .iter()
        .rfind(|known| known.version == version && known.build <= build)
        .ok_or_else(|| unknown(format!("build {shown} is not a known {} build", version.product())))?;
    // Prefer the entry with the same revision when several share a build number.
    let same_build: Vec<&KnownBuild> =
        BUILDS.iter().filter(|known| known.version == version && known.build == build).collect();
    let matched = same_build
        .iter()
        .copied()
        .find(|known| revision.is_some() && known.revision == revision)
        .or_else(|| same_build.first().copied())
        .unwrap_or(below);
    let exact = matched.build == build;
    let note = if !exact {
        Some(format!(
            "build {build} is not in the table; it comes after {} ({prefix_text}.{}), so the server is at {} with later hotfixes",
            matched.release, matched.build, matched.level
        ))
    } else if version == Version::V2003 && build == 7638 {
        Some("Microsoft's build number page prints 6.5.7683 for SP2, a transposition of 7638".to_owned())
    } else {
        None
    };
    Ok(BuildInfo {
        version,
        level: matched.level,
        build: shown,
        exact,
        release: matched.release,
        date: matched.date,
        note,
    })
}

fn unknown(message: impl Into<String>) -> Error {
    Error::new(ErrorKind::UnknownBuild, message)
}

/// Splits a build string into its `major.minor` prefix, build and revision.
fn parse(text: &str) -> Result<(Option<String>, u32, Option<u32>), Error> {
    let lower = text.to_ascii_lowercase();
    if let Some(rest) = lower.strip_prefix("version") {
        // "Version 6.5 (Build 7638.2: Service Pack 2)"
        let rest = rest.trim_start();
        let open = rest.find('(').ok_or_else(|| malformed(text))?;
        let prefix = rest.get(..open).unwrap_or_default().trim();
        let inner = rest.get(open + 1..).unwrap_or_default();
        let inner = inner.strip_suffix(')').ok_or_else(|| malformed(text))?;
        let inner = inner.trim().strip_prefix("build").ok_or_else(|| malformed(text))?.trim();
        let number = inner.split(':').next().unwrap_or_default().trim();
        let parts = numbers(number, text)?;
        let (build, revision) = match parts.as_slice() {
            [build] => (*build, None),
            [build, revision] => (*build, Some(*revision)),
            _ => return Err(malformed(text)),
        };
        let prefix_parts = numbers(prefix, text)?;
        let [major, minor] = prefix_parts.as_slice() else {
            return Err(malformed(text));
        };
        return Ok((Some(format!("{major}.{minor}")), build, revision));
    }
    let parts = numbers(&lower, text)?;
    match parts.as_slice() {
        [build] => Ok((None, *build, None)),
        [build, revision] if *build >= 1000 => Ok((None, *build, Some(*revision))),
        [major, minor, build] => Ok((Some(format!("{major}.{minor}")), *build, None)),
        [major, minor, build, revision] => Ok((Some(format!("{major}.{minor}")), *build, Some(*revision))),
        _ => Err(malformed(text)),
    }
}

/// Reads dot-separated decimal numbers, each at most six digits.
fn numbers(text: &str, original: &str) -> Result<Vec<u32>, Error> {
    text.split('.')
        .map(|part| {
            if part.is_empty() || part.len() > 6 || !part.bytes().all(|b| b.is_ascii_digit()) {
                Err(malformed(original))
            } else {
                part.parse::<u32>().map_err(|_| malformed(original))
            }
        })
        .collect()
}

fn malformed(text: &str) -> Error {
    unknown(format!(
        "`{text}` is not a build number (expected a form such as 6.5.7638, 7638 or Version 6.5 (Build 7638.2))"
    ))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

    use super::*;

    fn level(input: &str) -> (Version, Level, bool) {
        let info = lookup(input).unwrap();
        (info.version, info.level, info.exact)
    }

    #[test]
    fn every_table_entry_resolves_to_itself() {
        for known in BUILDS {
            let prefix = match known.version {
                Version::V55 => "5.5",
                Version::V2000 => "6.0",
                Version::V2003 => "6.5",
            };
            let info = lookup(&format!("{prefix}.{}", known.build)).unwrap();
            assert_eq!((info.version, info.level, info.exact), (known.version, known.level, true), "{known:?}");
        }
    }

    #[test]
    fn accepts_the_forms_administrators_paste() {
        assert_eq!(level("6.5.7638"), (Version::V2003, Level::Sp2, true));
        assert_eq!(level("6.5.7638.2"), (Version::V2003, Level::Sp2, true));
        assert_eq!(level("7638"), (Version::V2003, Level::Sp2, true));
        assert_eq!(level("7226.6"), (Version::V2003, Level::Sp1, true));
        assert_eq!(level("Version 6.5 (Build 7638.2)"), (Version::V2003, Level::Sp2, true));
        assert_eq!(level("Version 6.5 (Build 7226.6: Service Pack 1)"), (Version::V2003, Level::Sp1, true));
        assert_eq!(level("  6.0.6249 "), (Version::V2000, Level::Sp3, true));
        assert_eq!(level("5.5.2653"), (Version::V55, Level::Sp4, true));
        assert_eq!(level("2448"), (Version::V55, Level::Sp2, true));
    }

    #[test]
    fn sp2_notes_the_typo_on_the_build_page() {
        let info = lookup("6.5.7638").unwrap();
        assert!(info.note.unwrap().contains("7683"));
        // 7683 itself is after SP2: a hotfix build, not SP3.
        let info = lookup("6.5.7683").unwrap();
        assert_eq!((info.level, info.exact), (Level::Sp2, false));
    }

    #[test]
    fn a_build_between_known_builds_takes_the_level_below() {
        let info = lookup("6.5.7500").unwrap();
        assert_eq!((info.version, info.level, info.exact), (Version::V2003, Level::Sp1, false));
        assert_eq!(
            info.note.as_deref(),
            Some("build 7500 is not in the table; it comes after Service Pack 1 (6.5.7226), so the server is at SP1 with later hotfixes")
        );
        assert_eq!(level("6.0.5000"), (Version::V2000, Level::Sp1, false));
        assert_eq!(level("6.0.6620.7"), (Version::V2000, Level::Sp3, true));
        assert_eq!(lookup("6.0.6620.7").unwrap().date, "August 2008");
        assert_eq!(lookup("6.0.6620.5").unwrap().date, "March 2008");
        assert_eq!(level("6.5.7654.4"), (Version::V2003, Level::Sp2, true));
    }

    #[test]
    fn rejects_malformed_and_unknown_builds() {
        let cases = [
            ("", "the build number is empty"),
            ("abc", "`abc` is not a build number (expected a form such as 6.5.7638, 7638 or Version 6.5 (Build 7638.2))"),
            ("6.5.", "`6.5.` is not a build number (expected a form such as 6.5.7638, 7638 or Version 6.5 (Build 7638.2))"),
            ("6.5.-1", "`6.5.-1` is not a build number (expected a form such as 6.5.7638, 7638 or Version 6.5 (Build 7638.2))"),
            ("1.2.3.4.5", "`1.2.3.4.5` is not a build number (expected a form such as 6.5.7638, 7638 or Version 6.5 (Build 7638.2))"),
            ("99999999999", "`99999999999` is not a build number (expected a form such as 6.5.7638, 7638 or Version 6.5 (Build 7638.2))"),
            ("8.0.685.24", "`8.0` is not an Exchange 5.5, 2000 or 2003 version (expected 5.5, 6.0 or 6.5)"),
            ("6.5.6000", "build 6.5.6000 is older than the original release of Exchange Server 2003 (6.5.6944)"),
            ("6.5.9000", "build 6.5.9000 is not a known Exchange Server 2003 build"),
            ("100", "build 100 is not a known Exchange 5.5, 2000 or 2003 build"),
            ("Version 6.5 (Build x)", "`Version 6.5 (Build x)` is not a build number (expected a form such as 6.5.7638, 7638 or Version 6.5 (Build 7638.2))"),
        ];
        for (input, message) in cases {
            let err = lookup(input).unwrap_err();
            assert_eq!((err.kind(), err.message()), (ErrorKind::UnknownBuild, message), "{input:?}");
        }
    }
}
