//! The live figure (SPEC §4): the three numbers a rep's phone shows at any moment —
//! payable now (今日可兑现金额), the gap to this week's target (本周进度缺口) and the excess
//! reward pool above 100% attainment (本月超额奖励池) — with the totals behind them.
//!
//! It is the statement of one rep with totals only and no explanations, so it is cheap
//! enough to recompute on every deal update from that rep's deals.

use super::request::StatementRequest;
use super::statement::Shape;
use super::CommissionPlan;
use crate::error::{Error, ErrorCode, ErrorKind, Problem};
use crate::wire;
use chrono::NaiveDate;
use rust_decimal::Decimal;
use schemars::JsonSchema;
use serde::Serialize;

/// `plan.liveFigure(request)`.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct LiveFigure {
    pub rep: String,
    #[serde(with = "wire::date")]
    #[schemars(with = "wire::DateString")]
    pub as_of: NaiveDate,
    /// 今日可兑现金额: commission released for payment (the statement's `payableNow`).
    #[serde(with = "wire::decimal")]
    #[schemars(with = "wire::DecimalString")]
    pub payable_now: Decimal,
    /// What a settlement run today would pay (the statement's `settlementDue`).
    #[serde(with = "wire::decimal")]
    #[schemars(with = "wire::DecimalString")]
    pub settlement_due: Decimal,
    /// 本周进度缺口: absent when the rep has no weekly target or the request no week.
    #[serde(with = "wire::decimal_opt", skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<wire::DecimalString>")]
    pub week_gap: Option<Decimal>,
    /// 本月超额奖励池.
    #[serde(with = "wire::decimal")]
    #[schemars(with = "wire::DecimalString")]
    pub excess_pool: Decimal,
    #[serde(with = "wire::decimal")]
    #[schemars(with = "wire::DecimalString")]
    pub earned: Decimal,
    #[serde(with = "wire::decimal")]
    #[schemars(with = "wire::DecimalString")]
    pub projected: Decimal,
    #[serde(with = "wire::decimal")]
    #[schemars(with = "wire::DecimalString")]
    pub attainment: Decimal,
    /// Deals of the rep that could not be used; the figures do not include them.
    pub rejected_deals: Vec<String>,
}

impl CommissionPlan {
    /// The live figure of the request's one rep.
    pub fn live_figure(&self, request: &StatementRequest) -> Result<LiveFigure, Error> {
        if request.reps.len() != 1 {
            return Err(Error::single(
                ErrorKind::Input,
                Problem::new(
                    ErrorCode::InvalidValue,
                    "reps",
                    format!(
                        "a live figure is for exactly one rep; the request names {}",
                        request.reps.len()
                    ),
                ),
            ));
        }
        let statement = self.statement_shaped(request, Shape::TOTALS)?;
        let Some(rep) = statement.reps.into_iter().next() else {
            return Err(Error::single(
                ErrorKind::Input,
                Problem::new(ErrorCode::InvalidValue, "reps", "no rep to state"),
            ));
        };
        Ok(LiveFigure {
            as_of: statement.as_of,
            payable_now: rep.totals.payable_now,
            settlement_due: rep.totals.settlement_due,
            week_gap: rep.week.map(|w| w.gap),
            excess_pool: rep.excess_pool,
            earned: rep.totals.earned,
            projected: rep.totals.projected,
            attainment: rep.attainment,
            rejected_deals: rep.rejected_deals,
            rep: rep.rep,
        })
    }
}
