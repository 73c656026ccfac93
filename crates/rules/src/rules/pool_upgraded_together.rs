//! `pool-upgraded-together`: Take the front ends of a load-balanced Exchange 2003 pool out of
//! service together, upgrade them all, and bring them back together.
//!
//! KB 328839 asks to upgrade all load-balanced Exchange 2003 front ends at the same time:
//! take them all offline, upgrade each, bring them all back (SEED, F-03-LB-1). While some
//! front ends in service run the new service pack and others the old release, mobile
//! clients get synchronization key errors when the load balancer moves them between the
//! two; the errors stop once every front end runs the same level (SEED, F-03-LB-2, -3).
//! TechNet's approach of one front end at a time is the `rolling` pool strategy
//! (`options.front_end_pool`); with it this rule is not reported, because the user chose
//! to accept the mixed period.
//!
//! The validator reports a step after which the members *in service* of a pool of Exchange
//! 2003 servers run mixed levels, when they did not before that step.
//!
//! Knowledge-base section: `e2003-load-balanced-front-ends`.

use super::{RuleInfo, StepCtx};
use crate::check::Violation;
use crate::sim::{Applies, Target};
use crate::steps::Severity;
use crate::{Action, PoolStrategy};

/// The rule's stable id.
pub const ID: &str = "pool-upgraded-together";

pub(crate) static INFO: RuleInfo = RuleInfo {
    id: ID,
    summary: "Take the front ends of a load-balanced Exchange 2003 pool out of service together, upgrade them all, and bring them back together.",
    kb: "e2003-load-balanced-front-ends",
    severity: Severity::Recommended,
    consequence: "While some front ends of the pool run the new service pack and others the old release, phones and other mobile clients get synchronization key errors when the load balancer sends them from one to the other.",
    unconfirmed: None,
};

pub(crate) fn on_step(ctx: &StepCtx<'_, '_>, out: &mut Vec<Violation>) {
    let sim = ctx.sim;
    if sim.topology.options.front_end_pool == PoolStrategy::Rolling {
        return;
    }
    let Target::Server(id) = ctx.target else { return };
    let server = sim.server(id);
    let Some(pool_id) = server.pool else { return };
    let pool = sim.pool(pool_id);
    if !pool.all_2003 {
        return;
    }
    let (new, old) = (pool.new_in_service, pool.old_in_service);
    // The counts of members in service at the new and the old level after the step.
    let (new_after, old_after) = match ctx.step.action {
        Action::Install if server.in_service && !server.is_new() && server.applies == Applies::Yes => {
            (new + 1, old.saturating_sub(1))
        }
        Action::BringOnline if !server.in_service && server.is_new() => (new + 1, old),
        Action::BringOnline if !server.in_service => (new, old + 1),
        _ => return,
    };
    let mixed_before = new > 0 && old > 0;
    if mixed_before || new_after == 0 || old_after == 0 {
        return;
    }
    let members = if old_after == 1 { "member" } else { "members" };
    let message = format!(
        "from this step pool {} serves mixed levels: {} in service at {} and {old_after} {members} in service at {}",
        pool.name,
        new_after,
        sim.update_words(server.version),
        server.level,
    );
    out.push(INFO.violation(ctx.n(), pool.name, message));
}

#[cfg(test)]
mod tests {
    use expect_test::expect;

    use super::ID;
    use crate::rules::test_support::*;

    #[test]
    fn one_at_a_time_mixes_the_pool() {
        check_rule(
            ID,
            FRONT_BACK_2003,
            "take-offline FE1\ninstall FE1\nbring-online FE1\ntake-offline FE2\ninstall FE2\nbring-online FE2",
            expect![[r#"
                3 recommended WEB: from this step pool WEB serves mixed levels: 1 in service at SP2 and 1 member in service at SP1
            "#]],
        );
        check_rule(ID, FRONT_BACK_2003, "install FE1\ninstall FE2", expect![[r#"
            1 recommended WEB: from this step pool WEB serves mixed levels: 1 in service at SP2 and 1 member in service at SP1
        "#]]);
    }

    #[test]
    fn all_together_keeps_the_rule() {
        check_rule(
            ID,
            FRONT_BACK_2003,
            "take-offline FE1\ntake-offline FE2\ninstall FE1\ninstall FE2\nbring-online FE1\nbring-online FE2",
            expect![""],
        );
    }

    #[test]
    fn rolling_strategy_is_not_reported() {
        let rolling = FRONT_BACK_2003.replace(r#""update""#, r#""options": {"front_end_pool": "rolling"}, "update""#);
        check_rule(ID, &rolling, "take-offline FE1\ninstall FE1\nbring-online FE1", expect![""]);
    }
}
