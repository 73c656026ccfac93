//! The `search` subcommand: ranked knowledge-base results as JSON or text.
