//! The commission part of the quarter-close demo: one rep's statement line by line, the
//! team's totals with the three live numbers, and the incentive-efficiency flags. Only reads
//! files and prints; every figure is the library's.

use revlogic::commission::{
    CommissionPlan, EfficiencyOptions, LineKind, RepStatement, StatementRequest, TriggerState,
};
use revlogic::wire::decode::decode;
use revlogic::ErrorKind;
use serde_json::Value;

pub fn run(plan: &Value, quarter: &Value, rep_shown: &str) -> Result<(), String> {
    let plan = CommissionPlan::load(plan).map_err(|e| format!("commission-plan.json: {e}"))?;
    let request: StatementRequest = decode(quarter, "", ErrorKind::Input)
        .map_err(|e| format!("commission-quarter.json: {e}"))?;
    let statement = plan.statement(&request).map_err(|e| e.to_string())?;
    println!(
        "== Commission statement (提成结算单) — plan `{}`, {} to {}, as of {} ==",
        statement.plan_id, statement.period.from, statement.period.to, statement.as_of
    );
    for rejected in &statement.rejected {
        println!(
            "rejected {}: {}",
            rejected.id.as_deref().unwrap_or("?"),
            rejected.error
        );
    }
    if let Some(rep) = statement.reps.iter().find(|r| r.rep == rep_shown) {
        rep_lines(rep);
    }

    println!("\n== Team: the three live numbers (今日可兑现 / 本周缺口 / 超额奖励池) ==");
    println!(
        "{:<6} {:>12} {:>8} {:>11} {:>12} {:>11} {:>12} {:>10} {:>10}",
        "rep",
        "credited",
        "attain",
        "earned",
        "payable now",
        "projected",
        "settle due",
        "week gap",
        "excess"
    );
    for rep in &statement.reps {
        let t = &rep.totals;
        let gap = rep
            .week
            .as_ref()
            .map_or_else(|| "-".to_string(), |w| w.gap.to_string());
        println!(
            "{:<6} {:>12} {:>7}% {:>11} {:>12} {:>11} {:>12} {:>10} {:>10}",
            rep.rep,
            rep.credited,
            (rep.attainment * rust_decimal::Decimal::ONE_HUNDRED).round_dp(2),
            t.earned,
            t.payable_now,
            t.projected,
            t.settlement_due,
            gap,
            rep.excess_pool
        );
    }

    let report = plan
        .efficiency(&request, &EfficiencyOptions::default())
        .map_err(|e| e.to_string())?;
    println!(
        "\n== Incentive efficiency (激励效能): cost per {} of revenue; team {} ==",
        report.per,
        report
            .team
            .cost_per_unit
            .map_or_else(|| "-".to_string(), |c| c.to_string())
    );
    for rep in &report.reps {
        let mark = if rep.high_potential_low_incentive {
            "高潜力低激励"
        } else {
            ""
        };
        println!(
            "{:<6} {:>8}  {mark} {}",
            rep.rep,
            rep.efficiency
                .cost_per_unit
                .map_or_else(|| "-".to_string(), |c| c.to_string()),
            rep.reason
        );
    }
    println!();
    Ok(())
}

fn rep_lines(rep: &RepStatement) {
    println!(
        "{}: credited {} of quota {} ({}%), renewal multiplier {}",
        rep.rep,
        rep.credited,
        rep.quota,
        (rep.attainment * rust_decimal::Decimal::ONE_HUNDRED).round_dp(2),
        rep.multiplier
    );
    println!(
        "  {:<8} {:<24} {:>11} {:>7} {:>10} {:>10}  why",
        "deal", "rule", "amount", "rate", "earned", "payable"
    );
    for line in &rep.lines {
        let mut why = Vec::new();
        if line.kind == LineKind::SplitShare {
            if let Some(share) = line.share {
                why.push(format!("split share {share}"));
            }
        }
        if let Some(kicker) = line.kicker {
            why.push(format!("activation kicker +{kicker}"));
        }
        if let Some(acc) = &line.accelerator {
            let slices: Vec<String> = acc
                .slices
                .iter()
                .map(|s| {
                    let rate = s.rate.map_or_else(String::new, |r| format!(" × {r}"));
                    format!("{} {}{rate}", s.band, s.base)
                })
                .collect();
            if acc.slices.len() > 1 || acc.reached.as_ref() != "base" {
                why.push(format!("tiers: {}", slices.join(" + ")));
            }
        }
        why.push(
            match line.release.state {
                TriggerState::Payable => "payable (signed, first payment in)",
                TriggerState::Partial => "partly payable (cash received so far)",
                TriggerState::Projected if !line.release.signed => "projected: not signed",
                TriggerState::Projected => "projected: no payment yet",
            }
            .to_string(),
        );
        println!(
            "  {:<8} {:<24} {:>11} {:>7} {:>10} {:>10}  {}",
            line.deal,
            line.rule,
            line.amount,
            line.rate,
            line.earned,
            line.payable,
            why.join("; ")
        );
    }
    let t = &rep.totals;
    println!(
        "  earned {} = payable now {} + projected {}; already settled {}; this run settles {}",
        t.earned, t.payable_now, t.projected, t.previously_settled, t.settlement_due
    );
    println!(
        "  excess reward pool (above 100% of quota): {}",
        rep.excess_pool
    );
    if let Some(week) = &rep.week {
        println!(
            "  this week: {} of {} credited, gap {}",
            week.credited, week.target, week.gap
        );
    }
}
