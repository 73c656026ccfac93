//! The `sp-planner` command: plans, checks, build numbers, the rule catalogue and
//! knowledge-base search in a terminal.
//!
//! Exit status: 0 for success, 1 when `check` finds broken rules, 2 for bad input (with
//! one line on standard error that names the problem).

use std::fs::File;
use std::io::{self, Read, Write};
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};
use sp_rules::{Validated, builds, rules};

mod search;

/// The largest input file read, in bytes; larger topologies are refused by the rules crate.
const MAX_INPUT_BYTES: u64 = 16 * 1024 * 1024;

/// Plan how to apply Exchange Server 5.5, 2000 and 2003 service packs and hotfixes safely
/// (KB 328839).
#[derive(Debug, Parser)]
#[command(name = "sp-planner", version)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Write the roll-out plan for a topology (a `sp-planner/topology@1` JSON file).
    Plan {
        /// The topology file, or `-` for standard input.
        file: String,
        /// The output format.
        #[arg(long, value_enum, default_value_t = PlanFormat::Json)]
        format: PlanFormat,
    },
    /// Check a step list (a plan, maybe edited by hand) against every rule.
    Check {
        /// The topology file, or `-` for standard input.
        file: String,
        /// The step list: a plan document or a JSON array of steps.
        #[arg(long)]
        steps: String,
        /// The output format.
        #[arg(long, value_enum, default_value_t = ReportFormat::Json)]
        format: ReportFormat,
    },
    /// Tell the Exchange version and service pack level of a build number.
    Build {
        /// A build such as 6.5.7638, 7638 or "Version 6.5 (Build 7638.2)".
        number: String,
        /// The output format.
        #[arg(long, value_enum, default_value_t = ReportFormat::Text)]
        format: ReportFormat,
    },
    /// List the rules the planner and the validator apply.
    Rules {
        /// The output format.
        #[arg(long, value_enum, default_value_t = RulesFormat::Json)]
        format: RulesFormat,
    },
    /// Search the knowledge base.
    Search {
        /// What to look for, e.g. "c1037b44" or "which node first".
        query: String,
        /// The output format.
        #[arg(long, value_enum, default_value_t = ReportFormat::Json)]
        format: ReportFormat,
        /// The most results to show.
        #[arg(long, default_value_t = 10)]
        limit: usize,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum PlanFormat {
    Json,
    Text,
    Markdown,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum ReportFormat {
    Json,
    Text,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum RulesFormat {
    Json,
    Markdown,
}

/// What a command produced.
enum Outcome {
    /// Success: print this and exit 0.
    Done(String),
    /// `check` found broken rules: print the report and exit 1.
    Broken(String),
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(err) => return usage_error(&err),
    };
    match run(cli.command) {
        Ok(Outcome::Done(out)) => {
            print(&out);
            ExitCode::SUCCESS
        }
        Ok(Outcome::Broken(out)) => {
            print(&out);
            ExitCode::from(1)
        }
        Err(message) => {
            let mut stderr = io::stderr().lock();
            let _ = writeln!(stderr, "sp-planner: {}", one_line(&message));
            ExitCode::from(2)
        }
    }
}

/// Prints to standard output, ignoring a closed pipe (`sp-planner plan x | head`).
fn print(text: &str) {
    let mut stdout = io::stdout().lock();
    let _ = stdout.write_all(text.as_bytes());
    if !text.ends_with('\n') {
        let _ = stdout.write_all(b"\n");
    }
    let _ = stdout.flush();
}

/// Reports a command-line error in one line, or prints help and version as asked.
fn usage_error(err: &clap::Error) -> ExitCode {
    use clap::error::ErrorKind;
    match err.kind() {
        ErrorKind::DisplayHelp | ErrorKind::DisplayVersion => {
            print(&err.to_string());
            ExitCode::SUCCESS
        }
        _ => {
            let rendered = err.to_string();
            let first = rendered.lines().find(|line| !line.trim().is_empty()).unwrap_or("invalid arguments");
            let first = first.strip_prefix("error: ").unwrap_or(first);
            let mut stderr = io::stderr().lock();
            let _ = writeln!(stderr, "sp-planner: {} (see sp-planner --help)", one_line(first));
            ExitCode::from(2)
        }
    }
}

/// Keeps a message on one line.
fn one_line(message: &str) -> String {
    message.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn run(command: Command) -> Result<Outcome, String> {
    match command {
        Command::Plan { file, format } => {
            let topology = read_topology(&file)?;
            let plan = topology.plan().map_err(|err| format!("{}: {err}", shown(&file)))?;
            let out = match format {
                PlanFormat::Json => to_json(&plan)?,
                PlanFormat::Text => plan.to_text(),
                PlanFormat::Markdown => plan.to_markdown(),
            };
            Ok(Outcome::Done(out))
        }
        Command::Check { file, steps, format } => {
            if file == "-" && steps == "-" {
                return Err("the topology and the steps cannot both come from standard input".to_owned());
            }
            let topology = read_topology(&file)?;
            let text = read_input(&steps)?;
            let steps_list = sp_rules::parse_steps(&text).map_err(|err| format!("{}: {err}", shown(&steps)))?;
            let report = topology.check(&steps_list).map_err(|err| format!("{}: {err}", shown(&steps)))?;
            let broken = !report.violations.is_empty();
            let out = match format {
                ReportFormat::Json => to_json(&report)?,
                ReportFormat::Text => report_text(&serde_json::to_value(&report).map_err(|err| err.to_string())?),
            };
            Ok(if broken { Outcome::Broken(out) } else { Outcome::Done(out) })
        }
        Command::Build { number, format } => {
            let info = builds::lookup(&number).map_err(|err| err.to_string())?;
            let out = match format {
                ReportFormat::Json => to_json(&info)?,
                ReportFormat::Text => info.describe(),
            };
            Ok(Outcome::Done(out))
        }
        Command::Rules { format } => Ok(Outcome::Done(match format {
            RulesFormat::Json => rules_json()?,
            RulesFormat::Markdown => rules_markdown(),
        })),
        Command::Search { query, format, limit } => {
            search::run(&query, format == ReportFormat::Text, limit).map(Outcome::Done)
        }
    }
}

fn shown(path: &str) -> &str {
    if path == "-" { "standard input" } else { path }
}

fn to_json<T: serde::Serialize>(value: &T) -> Result<String, String> {
    serde_json::to_string_pretty(value).map_err(|err| format!("cannot write JSON: {err}"))
}

/// Reads a file, or standard input for `-`, refusing more than [`MAX_INPUT_BYTES`].
fn read_input(path: &str) -> Result<String, String> {
    let mut bytes = Vec::new();
    let result = if path == "-" {
        io::stdin().lock().take(MAX_INPUT_BYTES + 1).read_to_end(&mut bytes)
    } else {
        let file = File::open(path).map_err(|err| format!("cannot read {path}: {}", io_message(&err)))?;
        if file.metadata().is_ok_and(|meta| meta.is_dir()) {
            return Err(format!("cannot read {path}: it is a directory"));
        }
        file.take(MAX_INPUT_BYTES + 1).read_to_end(&mut bytes)
    };
    result.map_err(|err| format!("cannot read {}: {}", shown(path), io_message(&err)))?;
    if u64::try_from(bytes.len()).unwrap_or(u64::MAX) > MAX_INPUT_BYTES {
        return Err(format!("{}: the input is larger than 16 MiB", shown(path)));
    }
    String::from_utf8(bytes).map_err(|err| format!("{}: not UTF-8 text (byte {})", shown(path), err.utf8_error().valid_up_to()))
}

fn io_message(err: &io::Error) -> String {
    if err.kind() == io::ErrorKind::NotFound {
        return "file not found".to_owned();
    }
    if err.kind() == io::ErrorKind::PermissionDenied {
        return "permission denied".to_owned();
    }
    let text = err.to_string();
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_lowercase().chain(chars).collect(),
        None => "unknown error".to_owned(),
    }
}

/// Reads and validates a topology, keeping what validation worked out for planning and
/// checking it.
fn read_topology(path: &str) -> Result<Validated, String> {
    let text = read_input(path)?;
    Validated::from_json(&text).map_err(|err| format!("{}: {err}", shown(path)))
}

/// The validator's report for people, read from its JSON form so that every field the
/// validator adds is shown without this code knowing it.
fn report_text(report: &serde_json::Value) -> String {
    let violations = report.get("violations").and_then(serde_json::Value::as_array).cloned().unwrap_or_default();
    if violations.is_empty() {
        return "No rule is broken.".to_owned();
    }
    let mut out = format!("{} broken rule(s):\n", violations.len());
    for violation in &violations {
        let field = |name: &str| violation.get(name).and_then(serde_json::Value::as_str).unwrap_or_default();
        let step = match violation.get("step").and_then(serde_json::Value::as_u64) {
            Some(n) => format!("step {n}"),
            None => "plan".to_owned(),
        };
        let mut line = format!("  {step}: {} ({})", field("rule"), field("severity"));
        for detail in ["message", "consequence"] {
            let text = field(detail);
            if !text.is_empty() {
                line.push_str(" — ");
                line.push_str(text);
            }
        }
        let kb = field("kb");
        if !kb.is_empty() {
            line.push_str(&format!(" (see {kb})"));
        }
        out.push_str(&line);
        out.push('\n');
    }
    out
}

fn rules_json() -> Result<String, String> {
    let list: Vec<serde_json::Value> = rules::RULES
        .iter()
        .map(|rule| {
            serde_json::json!({
                "id": rule.id,
                "summary": rule.summary,
                "kb": rule.kb,
                "severity": rule.severity,
                "consequence": rule.consequence,
            })
        })
        .collect();
    to_json(&list)
}

fn rules_markdown() -> String {
    let mut out = String::from("# Rules\n");
    for rule in rules::RULES {
        let severity = match rule.severity {
            sp_rules::Severity::Required => "required",
            sp_rules::Severity::Recommended => "recommended",
        };
        out.push_str(&format!(
            "\n## `{id}` {{#rule-{id}}}\n\n{summary}\n\n- Severity: {severity}\n- Source: [{kb}](#{kb})\n- When broken: {consequence}\n",
            id = rule.id,
            summary = rule.summary,
            kb = rule.kb,
            consequence = rule.consequence,
        ));
    }
    out
}
