//! Rebates (SPEC §5) in wire form.

use super::{guarded, member, to_value};
use crate::error::{Error, ErrorKind};
use crate::rebate::{
    Estimate, EstimateOrder, PreparedPeriod, RebateAgreement, SettleRequest, Settlement,
};
use crate::wire::decode::decode;
use serde_json::Value;
use std::sync::Arc;

/// Loads and validates a rebate agreement document.
pub fn load_rebate_agreement(document: &Value) -> Result<RebateAgreement, Error> {
    guarded(|| RebateAgreement::load(document))
}

/// Settles a period: `{periodStart, asOf, lines, returns?, invoices?, payments?,
/// priorSettlements?, detail?}`.
pub fn rebate_settle(agreement: &RebateAgreement, request: &Value) -> Result<Settlement, Error> {
    guarded(|| {
        let request: SettleRequest = decode(request, "", ErrorKind::Input)?;
        rebate_settle_decoded(agreement, &request)
    })
}

/// [`rebate_settle`] on a request a binding has already decoded from its host values.
pub fn rebate_settle_decoded(
    agreement: &RebateAgreement,
    request: &SettleRequest,
) -> Result<Settlement, Error> {
    guarded(|| agreement.settle(request))
}

/// Checks and sums a period once for estimates; same request as `rebate_settle`.
pub fn rebate_prepare(
    agreement: &Arc<RebateAgreement>,
    request: &Value,
) -> Result<PreparedPeriod, Error> {
    guarded(|| {
        let request: SettleRequest = decode(request, "", ErrorKind::Input)?;
        rebate_prepare_decoded(agreement, &request)
    })
}

/// [`rebate_prepare`] on a decoded request.
pub fn rebate_prepare_decoded(
    agreement: &Arc<RebateAgreement>,
    request: &SettleRequest,
) -> Result<PreparedPeriod, Error> {
    guarded(|| agreement.prepare(request))
}

/// What one more order `{id?, lines: [{sku, category?, quantity?, amount, currency?}]}` adds.
pub fn rebate_estimate(period: &PreparedPeriod, order: &Value) -> Result<Estimate, Error> {
    guarded(|| {
        let order: EstimateOrder = decode(order, "", ErrorKind::Input)?;
        period.estimate(&order)
    })
}

/// The vectors' operations of this domain. Input: `{agreement, request}` for settle,
/// `{agreement, period, orders}` for estimate (one estimate per order).
pub(super) fn call(operation: &str, input: &Value) -> Option<Result<Value, Error>> {
    let agreement = || load_rebate_agreement(member(input, "agreement"));
    Some(match operation {
        "rebate.settle" => {
            agreement().and_then(|a| to_value(rebate_settle(&a, member(input, "request"))))
        }
        "rebate.estimate" => agreement().and_then(|a| {
            let period = rebate_prepare(&Arc::new(a), member(input, "period"))?;
            to_value(rebate_estimate(&period, member(input, "order")))
        }),
        _ => return None,
    })
}
