//! Search quality on the real content: queries typed as a user would, each with the section
//! that must rank first or within the top three.

#![allow(clippy::indexing_slicing)]

use sp_kb::Kb;

/// `(query, section anchor, worst acceptable rank)`.
const CASES: &[(&str, &str, usize)] = &[
    // Error texts and codes pasted from a log or a dialog.
    ("c1037b44", "error-c1037b44", 1),
    ("ID no: c1037b44", "error-c1037b44", 1),
    ("The version of Exchange on this computer does not match the version of Exchange on server", "error-c1037b44", 1),
    ("event 1025", "event-1025", 1),
    ("MSExchangeCluster 1025", "event-1025", 1),
    ("The Exchange virtual server needs to be upgraded before coming online", "event-1025", 1),
    ("\"needs to be upgraded before coming online\"", "event-1025", 1),
    // Symptoms.
    ("upgrade virtual server option missing", "event-1025", 3),
    ("virtual server won't come online after service pack", "event-1025", 3),
    ("setup hangs upgrading several virtual servers", "e2003-setup-hangs-multiple-evs", 1),
    ("mobile devices sync key errors", "e2003-load-balanced-front-ends", 3),
    ("owa script errors after upgrading back end", "e2000-front-end-back-end", 3),
    ("cannot restore backup after sp2", "e2000-sp2-restore", 3),
    ("sp2 restore old backup exchange 2000", "e2000-sp2-restore", 1),
    ("public network card binding order", "e2003-binding-order", 1),
    ("full text index population after upgrade", "e2003-clean-install-migration", 3),
    // Version and build numbers, KB numbers.
    ("6.5.7638", "build-numbers-2003", 3),
    ("6.0.6249", "build-numbers-2000", 3),
    ("5.5.2653", "build-numbers-55", 3),
    ("which build is exchange 2003 sp2", "build-numbers-2003", 3),
    ("how do I find the service pack level of a server", "finding-the-build", 3),
    ("KB 842427", "e2003-clean-install-migration", 3),
    ("831464", "e2003-sp1-windows-hotfix", 1),
    ("hotfix 831464 before sp1", "e2003-sp1-windows-hotfix", 1),
    ("KB 271824 performance optimizer", "e55-performance-optimizer", 1),
    // "Which node first" questions.
    ("which node first exchange 2000 active passive", "e2000-active-passive", 3),
    ("exchange 5.5 cluster which node first", "e55-cluster", 3),
    ("active active cluster move both virtual servers to one node", "e2000-active-active", 3),
    ("2003 cluster node order", "cluster-node-order", 3),
    ("exchange 2003 cluster nodes then virtual servers", "e2003-cluster", 3),
    ("update node second node 5.5", "e55-cluster", 3),
    ("more than two nodes one evs per node", "e2003-multi-node", 3),
    // Typos and partial words, as typed.
    ("perfomance optimzer", "e55-performance-optimizer", 1),
    ("load balansed front ends", "e2003-load-balanced-front-ends", 3),
    ("clean instal migraton", "e2003-clean-install-migration", 3),
    ("prerequisits exchange 2000 sp3", "e2000-prerequisites", 3),
    ("upgrade exchange virtual serv", "e2003-upgrade-virtual-server", 1),
    ("small business server 2003", "e2003-sbs", 3),
    ("sbs 2000 sp1a", "sbs-2000-sp1a", 3),
    ("front ends before back", "e2003-front-end-back-end", 3),
    // Planning questions.
    ("when is a restart needed", "restarts", 3),
    ("restart terminal services session", "restarts", 3),
    ("can a service pack be uninstalled", "backups", 3),
    ("test in a lab first", "lab-testing", 1),
    ("stop the cluster service before installing", "rule-stop-cluster-service-before-install", 1),
    ("cluster node needs reboot after service pack?", "cluster-basics", 3),
    ("non clustered exchange 2003 server", "e2003-non-clustered", 3),
    ("exchange 5.5 small business server", "e55-sbs", 3),
    ("windows service pack on a cluster pause node", "cluster-windows-updates", 3),
    ("rule catalogue", "rules", 1),
    ("glossary", "glossary", 1),
];

#[test]
fn queries_find_their_sections() {
    let kb = Kb::get();
    let mut failures = Vec::new();
    for &(query, expected, worst) in CASES {
        assert!(kb.section(expected).is_some(), "the table expects #{expected}, which does not exist");
        let hits = kb.search(query, 5);
        let rank = hits.iter().position(|hit| hit.id == expected).map(|i| i + 1);
        if rank.is_none_or(|rank| rank > worst) {
            let got: Vec<&str> = hits.iter().map(|hit| hit.id).collect();
            failures.push(format!("{query:?}: wanted #{expected} within {worst}, got rank {rank:?} of {got:?}"));
        }
    }
    assert!(failures.is_empty(), "{} of {} queries miss:\n{}", failures.len(), CASES.len(), failures.join("\n"));
}

#[test]
fn the_table_is_big_enough() {
    assert!(CASES.len() >= 40);
}
