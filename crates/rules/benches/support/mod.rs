//! The organisations the benchmarks and the instruction-count example measure.
//!
//! One block of ten computers repeats. Every block has an Exchange 2003 pool of three
//! load-balanced front ends and an Exchange 2003 back end. Three blocks in four add an
//! Exchange 2003 three-node active/passive cluster with two virtual servers, an Exchange
//! 2000 front end and an Exchange 2000 active/active pair behind it; every fourth block
//! adds instead an Exchange 2000 front end with an active/passive pair, an Exchange 5.5
//! server and an Exchange 5.5 cluster. The update is a service pack for every version.

#![allow(clippy::expect_used)]

use serde_json::json;
use sp_rules::Topology;

/// `blocks` blocks of ten computers each (servers and cluster nodes).
pub fn organisation(blocks: usize) -> Topology {
    let mut servers = Vec::new();
    let mut clusters = Vec::new();
    for b in 0..blocks {
        for m in 0..3 {
            servers.push(json!({"name": format!("fe{b}-{m}"), "version": "2003", "level": "SP1",
                "role": "front-end", "pool": format!("owa{b}")}));
        }
        servers.push(json!({"name": format!("be{b}"), "version": "2003", "level": "RTM", "role": "back-end"}));
        servers.push(json!({"name": format!("fe2k{b}"), "version": "2000", "level": "SP2", "role": "front-end",
            "windows": "2000 SP4"}));
        if b % 4 == 3 {
            clusters.push(json!({"name": format!("ap{b}"), "version": "2000", "level": "SP2", "mode": "active-passive",
                "windows": "2000 SP4", "nodes": [format!("p{b}-1"), format!("p{b}-2")],
                "virtual_servers": [{"name": format!("pvs{b}"), "owner": format!("p{b}-2")}]}));
            servers.push(json!({"name": format!("old{b}"), "version": "5.5", "level": "SP3", "windows": "NT4 SP6a"}));
            clusters.push(json!({"name": format!("cl55-{b}"), "version": "5.5", "level": "SP3", "mode": "active-passive",
                "nodes": [format!("o{b}-1"), format!("o{b}-2")],
                "virtual_servers": [{"name": format!("ovs{b}"), "owner": format!("o{b}-1")}]}));
        } else {
            clusters.push(json!({"name": format!("cl{b}"), "version": "2003", "level": "SP1", "mode": "active-passive",
                "nodes": [format!("n{b}-1"), format!("n{b}-2"), format!("n{b}-3")],
                "virtual_servers": [{"name": format!("evs{b}-1"), "owner": format!("n{b}-1")},
                                    {"name": format!("evs{b}-2"), "owner": format!("n{b}-3")}]}));
            clusters.push(json!({"name": format!("aa{b}"), "version": "2000", "level": "SP1", "mode": "active-active",
                "windows": "2000 SP3", "nodes": [format!("m{b}-1"), format!("m{b}-2")],
                "virtual_servers": [{"name": format!("vs{b}-1"), "owner": format!("m{b}-1")},
                                    {"name": format!("vs{b}-2"), "owner": format!("m{b}-2")}]}));
        }
    }
    let document = json!({"name": "Benchmark", "servers": servers, "clusters": clusters,
        "update": {"service_pack": {"2003": "SP2", "2000": "SP3", "5.5": "SP4"}}});
    Topology::from_json(&document.to_string()).expect("the generated organisation is valid")
}

/// The number of servers and cluster nodes in `topology`.
#[allow(dead_code)]
pub fn computers(topology: &Topology) -> usize {
    topology.servers.len() + topology.clusters.iter().map(|c| c.nodes.len()).sum::<usize>()
}
