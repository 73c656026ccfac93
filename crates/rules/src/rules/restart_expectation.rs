//! `restart-expectation`: Expect a restart after installing on Exchange 2000 or 2003 outside a
//! cluster, and plan one after installs over Terminal Services.
//!
//! KB 328839 says that on non-clustered Exchange 2000 and 2003 servers, Small Business
//! Server included, a restart may be needed, for example when the update runs over Terminal
//! Services; Exchange 5.5 needs none, and cluster nodes need none (SEED, R-11). For
//! Exchange 2000 SP3, an install over Terminal Services definitely needs a restart (S17).
//! The predicted restart of each `install` (`possible`, `likely` or `none`) is counted in
//! the report's totals.
//!
//! The validator reports, at the end, every `install` on a non-clustered Exchange 2000 or
//! 2003 server run over Terminal Services (`remote`) that no later `restart` step on the
//! same server follows.
//!
//! Knowledge-base section: `restarts`.

use super::RuleInfo;
use crate::check::Violation;
use crate::sim::Sim;
use crate::steps::Severity;

/// The rule's stable id.
pub const ID: &str = "restart-expectation";

pub(crate) static INFO: RuleInfo = RuleInfo {
    id: ID,
    summary: "Expect a restart after installing on Exchange 2000 or 2003 outside a cluster, and plan one after installs over Terminal Services.",
    kb: "restarts",
    severity: Severity::Recommended,
    consequence: "The server restarts unplanned in the middle of the working day, or Setup leaves files in use until a restart nobody scheduled.",
    unconfirmed: None,
};

pub(crate) fn at_end(sim: &Sim<'_>, out: &mut Vec<Violation>) {
    for server in &sim.servers {
        if let Some(n) = server.restart_due {
            let message = format!(
                "{} is updated over Terminal Services at step {n}, which will likely need a restart, and no restart step follows",
                server.name
            );
            out.push(INFO.violation(Some(n), server.name, message));
        }
    }
}

#[cfg(test)]
mod tests {
    use expect_test::expect;

    use super::ID;
    use crate::rules::test_support::*;

    #[test]
    fn remote_install_without_restart() {
        check_rule(ID, MIXED_SINGLE, "restart REMOTE1\ninstall REMOTE1\ninstall MAIL1", expect![[r#"
            2 recommended REMOTE1: REMOTE1 is updated over Terminal Services at step 2, which will likely need a restart, and no restart step follows
        "#]]);
    }

    #[test]
    fn restart_after_keeps_the_rule() {
        check_rule(ID, MIXED_SINGLE, "install REMOTE1\nrestart REMOTE1\ninstall MAIL1\ninstall OLD1", expect![""]);
    }
}
