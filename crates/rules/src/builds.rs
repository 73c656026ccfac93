//! Build numbers: from a build string to version and service pack level.
