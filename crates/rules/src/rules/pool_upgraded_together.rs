//! `pool-upgraded-together`: Take the front ends of a load-balanced Exchange 2003 pool out of
//! service together, upgrade them all, and bring them back together.
//!
//! KB 328839 asks to upgrade all load-balanced Exchange 2003 front ends at the same time:
//! take them all offline, upgrade each, bring them all back (SEED, F-03-LB-1). While some
//! front ends in service run the new service pack and others the old release, mobile
//! clients get synchronization key errors when the load balancer moves them between the
//! two; the errors stop once every front end runs the same level (SEED, F-03-LB-2, -3).
//! TechNet's approach of one front end at a time is the `rolling` pool strategy
//! (`options.front_end_pool`); with it the mixed period is not reported, because the user
//! chose to accept it. What the rolling strategy still needs is that each member leaves the
//! load balancer before its install: Setup stops the Exchange services, and a member still
//! in the load balancer keeps receiving users it can no longer serve. This rule, the one
//! about how a pool is taken through the update, reports that too.
//!
//! The validator reports, with the `together` strategy, a step after which the members *in
//! service* of a pool of Exchange 2003 servers run mixed levels, when they did not before
//! that step; with the `rolling` strategy, an `install` on a member of such a pool that is
//! still in service.
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

/// What users suffer when a member is upgraded in service under the rolling strategy.
const ROLLING_CONSEQUENCE: &str = "While Setup runs, the Exchange services on the front end are stopped, but the load balancer still sends users to it: their connections fail until the install ends.";

pub(crate) fn on_step(ctx: &StepCtx<'_, '_>, out: &mut Vec<Violation>) {
    let sim = ctx.sim;
    let Target::Server(id) = ctx.target else { return };
    let server = sim.server(id);
    let Some(pool_id) = server.pool else { return };
    let pool = sim.pool(pool_id);
    if !pool.all_2003 {
        return;
    }
    if sim.topology.options.front_end_pool == PoolStrategy::Rolling {
        if ctx.step.action == Action::Install && server.in_service && server.applies == Applies::Yes {
            let message = format!(
                "{} is upgraded while it is still in the load balancer of pool {}: take it out of service first",
                server.name, pool.name
            );
            let mut violation = INFO.violation(ctx.n(), server.name, message);
            violation.consequence = ROLLING_CONSEQUENCE.to_string();
            out.push(violation);
        }
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
    #![allow(clippy::unwrap_used)]

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
    fn rolling_strategy_accepts_the_mixed_period() {
        let rolling = FRONT_BACK_2003.replace(r#""update""#, r#""options": {"front_end_pool": "rolling"}, "update""#);
        check_rule(
            ID,
            &rolling,
            "take-offline FE1\ninstall FE1\nbring-online FE1\ntake-offline FE2\ninstall FE2\nbring-online FE2",
            expect![""],
        );
    }

    #[test]
    fn rolling_strategy_takes_each_member_out_before_its_install() {
        let rolling = FRONT_BACK_2003.replace(r#""update""#, r#""options": {"front_end_pool": "rolling"}, "update""#);
        check_rule(
            ID,
            &rolling,
            "take-offline FE1\ninstall FE1\nbring-online FE1\ninstall FE2",
            expect![[r#"
                4 recommended FE2: FE2 is upgraded while it is still in the load balancer of pool WEB: take it out of service first
            "#]],
        );
        let topology: crate::Topology = serde_json::from_str(&rolling).unwrap();
        let report = crate::check(&topology, &steps("install FE1")).unwrap();
        let violation = report.violations.iter().find(|v| v.rule == ID).unwrap();
        assert!(violation.consequence.contains("load balancer still sends users"), "{}", violation.consequence);
    }
}
