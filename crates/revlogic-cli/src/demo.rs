//! The quarter-close demo: reads the sample data, runs the library, prints what a sales
//! manager would see. All logic is the library's; this file only reads files and prints.

use revlogic::stages::{Direction, Pipeline, RepStatus, Severity};
use revlogic::wire::ops;
use serde_json::Value;
use std::path::Path;

fn read(dir: &Path, name: &str) -> Result<Value, String> {
    let path = dir.join(name);
    let text = std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    serde_json::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))
}

pub fn run(dir: &Path) -> Result<(), String> {
    let pipeline =
        Pipeline::load(&read(dir, "pipeline.json")?).map_err(|e| format!("pipeline.json: {e}"))?;
    println!(
        "revlogic quarter-close demo — sample data in {}",
        dir.display()
    );
    println!(
        "pipeline `{}` ({} stages)\n",
        pipeline.id(),
        pipeline.document().stages.len()
    );
    stage_moves(&pipeline, &read(dir, "transitions.json")?)?;
    breaker(&pipeline, &read(dir, "submissions.json")?)?;
    dwell(&pipeline, &read(dir, "stage-histories.json")?)?;
    crate::commission_demo::run(
        &read(dir, "commission-plan.json")?,
        &read(dir, "commission-quarter.json")?,
        "wang",
    )?;
    Ok(())
}

fn stage_moves(pipeline: &Pipeline, requests: &Value) -> Result<(), String> {
    println!("== Stage moves (商机阶段跃迁校验) ==");
    let batch = ops::check_transitions(pipeline, requests, false).map_err(|e| e.to_string())?;
    for outcome in &batch.results {
        match outcome {
            revlogic::batch::RecordOutcome::Ok(c) => {
                let verdict = if c.allowed { "ALLOWED" } else { "BLOCKED" };
                let dir = match c.direction {
                    Direction::Backward => " (backward)",
                    Direction::ToLost => " (lost)",
                    _ => "",
                };
                println!(
                    "{:<9} {} {} → {}{dir}",
                    verdict, c.opportunity_id, c.from, c.to
                );
                for v in &c.violations {
                    let tag = if v.severity == Severity::Warning {
                        "warning"
                    } else {
                        "missing"
                    };
                    println!("          {tag}: {}", v.message);
                }
                for a in c.approvals_required.iter().filter(|a| a.satisfied) {
                    println!(
                        "          approved by {} ({})",
                        a.approved_by.as_deref().unwrap_or(&a.role),
                        a.rule
                    );
                }
                for e in &c.effects {
                    let data = serde_json::to_string(&e.data).unwrap_or_default();
                    println!(
                        "          effect: {} {} {data}",
                        e.kind,
                        e.role.as_deref().unwrap_or("")
                    );
                }
            }
            revlogic::batch::RecordOutcome::Rejected(r) => {
                println!("REJECTED  {} — {}", r.id.as_deref().unwrap_or("?"), r.error);
            }
        }
    }
    let s = batch.summary;
    println!(
        "{} moves: {} allowed, {} blocked, {} rejected\n",
        s.total, s.allowed, s.blocked, s.rejected
    );
    Ok(())
}

fn breaker(pipeline: &Pipeline, request: &Value) -> Result<(), String> {
    println!("== Data-quality breaker (数据质量熔断) ==");
    let report = ops::data_quality(pipeline, request).map_err(|e| e.to_string())?;
    for rep in &report.reps {
        let status = if rep.status == RepStatus::Suspended {
            "SUSPENDED"
        } else {
            "active"
        };
        println!("{:<6} {status:<9} {}", rep.rep, rep.message);
    }
    println!();
    Ok(())
}

fn dwell(pipeline: &Pipeline, request: &Value) -> Result<(), String> {
    println!("== Dwell-time anomalies, top 3 per team (各阶段停留时长TOP3异常项) ==");
    let report = ops::dwell_times(pipeline, request).map_err(|e| e.to_string())?;
    for team in &report.teams {
        println!("team {}:", team.team);
        if team.top.is_empty() {
            println!("  no stay beyond its stage's threshold");
        }
        for a in &team.top {
            let now = if a.current { " (still there)" } else { "" };
            println!(
                "  {} in {}: {} h, threshold {} h, {} h over{now}",
                a.opportunity_id, a.stage, a.hours, a.threshold_hours, a.excess_hours
            );
        }
    }
    for r in &report.rejected {
        println!(
            "rejected history {}: {}",
            r.id.as_deref().unwrap_or("?"),
            r.error
        );
    }
    Ok(())
}
