//! Estimating what one more order adds (本单预估返点金额): the period's records are checked
//! and summed once (`prepare`), and each estimate adds the order's lines to those sums and
//! compares the entitlement with and without them. An estimate is O(order lines + tiers +
//! coefficients), whatever the size of the period, so it can run on every keystroke.

use super::chronology::{value_bands, Chronology};
use super::document::ComponentKind;
use super::figures::{overflow, Entitlement, Figures, Sums};
use super::ledger::not_negative;
use super::request::{EstimateOrder, SettleRequest};
use super::RebateAgreement;
use crate::error::{Error, ErrorCode, ErrorKind, Problem};
use crate::wire;
use chrono::NaiveDate;
use rust_decimal::Decimal;
use schemars::JsonSchema;
use serde::Serialize;
use std::sync::Arc;

/// A period checked and summed once, ready for many estimates.
#[derive(Debug, Clone)]
pub struct PreparedPeriod {
    agreement: Arc<RebateAgreement>,
    start: NaiveDate,
    end: NaiveDate,
    sums: Sums,
    /// The counted lines in purchase order, for chronologically valued quantity tiers.
    chronology: Option<Chronology>,
    without: Entitlement,
    rejected: usize,
}

/// What the period so far gives, as `PreparedRebatePeriod.baseline()` reports it.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct PeriodBaseline {
    pub figures: Figures,
    /// The entitlement of the period so far.
    #[serde(with = "wire::decimal")]
    #[schemars(with = "wire::DecimalString")]
    pub entitlement: Decimal,
    pub components: Vec<ComponentEstimate>,
    /// How many records of the period were rejected (settle lists them).
    pub rejected: usize,
}

/// What an order would add: with − without, by component.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct Estimate {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub order_id: Option<String>,
    /// The rebate the order adds: `entitlementWith − entitlementWithout` (negative only if a
    /// coefficient's condition stops holding with the order).
    #[serde(with = "wire::decimal")]
    #[schemars(with = "wire::DecimalString")]
    pub rebate: Decimal,
    #[serde(with = "wire::decimal")]
    #[schemars(with = "wire::DecimalString")]
    pub entitlement_without: Decimal,
    #[serde(with = "wire::decimal")]
    #[schemars(with = "wire::DecimalString")]
    pub entitlement_with: Decimal,
    pub components: Vec<ComponentEstimate>,
    /// Coefficients whose condition holds with the order but not without it.
    pub coefficients_switched_on: Vec<String>,
    /// Order lines that count for nothing because their SKU or category is excluded.
    pub excluded_lines: Vec<usize>,
}

/// One component with and without the order.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct ComponentEstimate {
    pub component: ComponentKind,
    #[serde(with = "wire::decimal")]
    #[schemars(with = "wire::DecimalString")]
    pub without: Decimal,
    #[serde(with = "wire::decimal")]
    #[schemars(with = "wire::DecimalString")]
    pub with: Decimal,
    /// `with − without`.
    #[serde(with = "wire::decimal")]
    #[schemars(with = "wire::DecimalString")]
    pub difference: Decimal,
    /// Volume: the band reached without and with the order (a tier crossing when they
    /// differ).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub band_without: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub band_with: Option<String>,
    /// The coefficient factor without and with the order: a decimal like every other figure
    /// (`Decimal` in Python, a string in JS).
    #[serde(with = "wire::decimal")]
    #[schemars(with = "wire::DecimalString")]
    pub factor_without: Decimal,
    #[serde(with = "wire::decimal")]
    #[schemars(with = "wire::DecimalString")]
    pub factor_with: Decimal,
}

impl RebateAgreement {
    /// Checks and sums a period once for estimates. Rejected records are counted in the
    /// baseline; `settle` on the same request lists them.
    pub fn prepare(self: &Arc<Self>, request: &SettleRequest) -> Result<PreparedPeriod, Error> {
        let ledger = self.ledger(request)?;
        let fail = |p| Error::single(ErrorKind::Input, p);
        let (chronology, valued) = match self.chronological() {
            Some(tiers) => {
                let stack = Chronology::of_lines(&ledger.lines).map_err(fail)?;
                let valued = value_bands(tiers, &[stack.whole()]).map_err(fail)?;
                (Some(stack), Some(valued))
            }
            None => (None, None),
        };
        let without = self
            .entitlement(&ledger.sums, valued.as_ref())
            .map_err(fail)?;
        Ok(PreparedPeriod {
            agreement: Arc::clone(self),
            start: ledger.start,
            end: ledger.end,
            sums: ledger.sums,
            chronology,
            without,
            rejected: ledger.rejected.len(),
        })
    }
}

impl PreparedPeriod {
    pub fn agreement(&self) -> &RebateAgreement {
        &self.agreement
    }

    /// The period so far.
    pub fn baseline(&self) -> PeriodBaseline {
        PeriodBaseline {
            figures: self.without.figures.clone(),
            entitlement: self.without.total,
            components: same(&self.without),
            rejected: self.rejected,
        }
    }

    /// The rebate `order` would add to the period: with − without, by component.
    pub fn estimate(&self, order: &EstimateOrder) -> Result<Estimate, Error> {
        let a = &self.agreement;
        let mut sums = self.sums;
        let mut excluded_lines = Vec::new();
        let fail = |p: Problem| Error::single(ErrorKind::Input, p);
        if let Some(date) = order.date {
            if date < self.start || date > self.end {
                return Err(fail(Problem::new(
                    ErrorCode::DateOutsidePeriod,
                    "date",
                    format!(
                        "{date} is outside the period {} to {}",
                        self.start, self.end
                    ),
                )));
            }
        }
        let mut stacked = self
            .chronology
            .as_ref()
            .map(|_| Chronology::with_capacity(order.lines.len()));
        // Overflow: an estimate is one figure of the whole order, so a sum that leaves the
        // range fails it at the order line and field that took it out.
        for (i, line) in order.lines.iter().enumerate() {
            let path = format!("lines[{i}]");
            let over = |field: &str, what: &str| {
                fail(overflow(
                    format!("{path}.{field}"),
                    format!(
                        "order `{}`, line {i}: {what}",
                        order.id.as_deref().unwrap_or("")
                    ),
                ))
            };
            let sum = |total: Decimal, value: Decimal, field: &str, what: &str| {
                total.checked_add(value).ok_or_else(|| over(field, what))
            };
            not_negative(line.amount, &path, "amount").map_err(fail)?;
            match line.quantity {
                Some(q) => not_negative(q, &path, "quantity").map_err(fail)?,
                None if a.needs_quantity() => {
                    return Err(fail(Problem::new(
                        ErrorCode::MissingField,
                        format!("{path}.quantity"),
                        "the volume tiers count units: each line needs its quantity",
                    )))
                }
                None => {}
            }
            if let Some(c) = line.currency {
                if c != a.currency {
                    return Err(fail(Problem::new(
                        ErrorCode::CurrencyMismatch,
                        format!("{path}.currency"),
                        format!("{c} in an agreement settled in {}", a.currency),
                    )));
                }
            }
            let category = line.category.as_deref();
            if a.exclusions.contains(&line.sku, category) {
                excluded_lines.push(i);
                sums.excluded = sum(sums.excluded, line.amount, "amount", "excluded purchases")?;
                continue;
            }
            sums.gross = sum(sums.gross, line.amount, "amount", "gross purchases")?;
            if let Some(q) = line.quantity {
                sums.quantity = sum(sums.quantity, q, "quantity", "units bought")?;
                if let Some(stack) = &mut stacked {
                    stack
                        .push(order.date.unwrap_or(self.end), q, line.amount, i)
                        .map_err(|field| over(field, "the order's lines stacked"))?;
                }
            }
            if a.new_products.contains(&line.sku, category) {
                sums.new_product_gross = sum(
                    sums.new_product_gross,
                    line.amount,
                    "amount",
                    "new-product purchases",
                )?;
            }
        }
        let valued = match (a.chronological(), &self.chronology, &stacked) {
            (Some(tiers), Some(period), Some(order_stack)) => {
                let at = order.date.map_or(period.len(), |d| period.entries_until(d));
                Some(value_bands(tiers, &period.with_inserted(at, order_stack)).map_err(fail)?)
            }
            _ => None,
        };
        let with = a.entitlement(&sums, valued.as_ref()).map_err(fail)?;
        let switched_on = a
            .coefficients
            .iter()
            .zip(with.held.iter().zip(&self.without.held))
            .filter(|(_, (w, wo))| **w && !**wo)
            .map(|(c, _)| c.id.to_string())
            .collect();
        // Both totals are in 0 ≤ total ≤ Decimal::MAX, so their difference is in range;
        // checked all the same.
        let rebate = with
            .total
            .checked_sub(self.without.total)
            .ok_or_else(|| fail(overflow("lines", "the rebate the order adds")))?;
        Ok(Estimate {
            order_id: order.id.clone(),
            rebate,
            entitlement_without: self.without.total,
            entitlement_with: with.total,
            components: compare(&self.without, &with).map_err(fail)?,
            coefficients_switched_on: switched_on,
            excluded_lines,
        })
    }
}

fn compare(without: &Entitlement, with: &Entitlement) -> Result<Vec<ComponentEstimate>, Problem> {
    with.components
        .iter()
        .zip(&without.components)
        .map(|(w, wo)| {
            // Component amounts are non-negative and in range: so is their difference.
            let difference = w.amount.checked_sub(wo.amount).ok_or_else(|| {
                overflow(
                    "lines",
                    format!("the {} component's difference", w.kind.as_str()),
                )
            })?;
            Ok(component(wo, w, difference))
        })
        .collect()
}

/// The period compared with itself: every difference is zero (at the amount's scale, as
/// `x − x` would give it).
fn same(e: &Entitlement) -> Vec<ComponentEstimate> {
    e.components
        .iter()
        .map(|c| {
            let mut zero = Decimal::ZERO;
            zero.rescale(c.amount.scale());
            component(c, c, zero)
        })
        .collect()
}

fn component(
    wo: &super::figures::ComponentOutcome,
    w: &super::figures::ComponentOutcome,
    difference: Decimal,
) -> ComponentEstimate {
    ComponentEstimate {
        component: w.kind,
        without: wo.amount,
        with: w.amount,
        difference,
        band_without: wo.tier.as_ref().map(|t| t.reached.to_string()),
        band_with: w.tier.as_ref().map(|t| t.reached.to_string()),
        factor_without: wo.factor.normalize(),
        factor_with: w.factor.normalize(),
    }
}
