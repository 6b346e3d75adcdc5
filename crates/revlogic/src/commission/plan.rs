//! A loaded commission plan: the document validated once and compiled for statements.

use super::document::*;
use super::rules::RateTable;
use crate::error::{Error, ErrorCode, ErrorKind, Problems};
use crate::money::{Currency, RoundingMode};
use crate::tiers::{TierMode, TierTable};
use crate::wire::decode::decode_document;
use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde_json::Value;
use std::collections::HashSet;
use std::sync::Arc;

/// A validated commission plan.
#[derive(Debug, Clone)]
pub struct CommissionPlan {
    pub(crate) id: String,
    pub(crate) currency: Currency,
    pub(crate) rounding: RoundingMode,
    pub(crate) crediting_date: CreditingDate,
    pub(crate) quota_proration: super::QuotaProration,
    pub(crate) exchange_rate_date: super::RateDate,
    /// Sorted by `effective_from`, strictly increasing.
    pub(crate) versions: Vec<PlanVersion>,
    /// Ids of the steps the library itself explains, interned once per plan so that lines
    /// share them instead of allocating per deal.
    pub(crate) names: BuiltinRules,
}

#[derive(Debug, Clone)]
pub(crate) struct BuiltinRules {
    pub activation: Arc<str>,
    pub accelerator: Arc<str>,
    pub renewal: Arc<str>,
    pub release: [Arc<str>; 3],
    pub rounding: Arc<str>,
}

impl Default for BuiltinRules {
    fn default() -> Self {
        BuiltinRules {
            activation: Arc::from("kickers.activation"),
            accelerator: Arc::from("accelerator"),
            renewal: Arc::from("kickers.renewal"),
            release: [
                Arc::from("release.signedAndFirstPayment"),
                Arc::from("release.fullyPaid"),
                Arc::from("release.proportionalToCash"),
            ],
            rounding: Arc::from("rounding"),
        }
    }
}

#[derive(Debug, Clone)]
pub(crate) struct PlanVersion {
    pub id: Arc<str>,
    pub effective_from: NaiveDate,
    pub rates: RateTable,
    pub accelerator: Option<Accelerator>,
    pub release: ReleasePolicy,
    pub activation: Option<ActivationKickerDoc>,
    pub renewal: Option<RenewalMultiplierDoc>,
    pub caps: CapsDoc,
    pub clawback: ClawbackDoc,
    pub awards: AwardsDoc,
}

#[derive(Debug, Clone)]
pub(crate) struct Accelerator {
    pub measure: AcceleratorMeasure,
    pub scope: AcceleratorScope,
    pub tiers: TierTable,
}

impl CommissionPlan {
    /// Loads and validates a plan given as a wire value (JSON, a Python dict, a JS object).
    /// Every problem is reported at once, each with a code and a JSON path.
    pub fn load(document: &Value) -> Result<CommissionPlan, Error> {
        let doc: PlanDocument = decode_document(document)?;
        CommissionPlan::from_document(&doc)
    }

    pub fn from_document(doc: &PlanDocument) -> Result<CommissionPlan, Error> {
        let mut problems = Problems::new();
        if doc.schema_version != 1 {
            problems.push(
                ErrorCode::UnsupportedSchemaVersion,
                "schemaVersion",
                format!(
                    "schema version {} is not supported; this library reads version 1",
                    doc.schema_version
                ),
            );
        }
        if doc.id.trim().is_empty() {
            problems.push(ErrorCode::InvalidValue, "id", "the plan id is empty");
        }
        if doc.versions.is_empty() {
            problems.push(
                ErrorCode::EmptyPlan,
                "versions",
                "a plan needs at least one version with rate rules",
            );
        }
        let mut ids = HashSet::new();
        let mut dates: Vec<(NaiveDate, usize)> = Vec::new();
        let mut versions = Vec::with_capacity(doc.versions.len());
        for (i, v) in doc.versions.iter().enumerate() {
            let path = format!("versions[{i}]");
            if !ids.insert(v.id.as_str()) {
                problems.push(
                    ErrorCode::DuplicateId,
                    format!("{path}.id"),
                    format!("version id `{}` is used twice", v.id),
                );
            }
            if let Some((_, j)) = dates.iter().find(|(d, _)| *d == v.effective_from) {
                problems.push(
                    ErrorCode::InvalidValue,
                    format!("{path}.effectiveFrom"),
                    format!(
                        "versions `{}` and `{}` both take effect on {}",
                        doc.versions[*j].id, v.id, v.effective_from
                    ),
                );
            }
            dates.push((v.effective_from, i));
            if let Some(version) = load_version(v, &path, &mut problems) {
                versions.push(version);
            }
        }
        versions.sort_by_key(|v| v.effective_from);
        problems.into_result(
            ErrorKind::Config,
            CommissionPlan {
                id: doc.id.clone(),
                currency: doc.currency,
                rounding: doc.rounding,
                crediting_date: doc.crediting_date,
                quota_proration: doc.quota_proration,
                exchange_rate_date: doc.exchange_rate_date,
                versions,
                names: BuiltinRules::default(),
            },
        )
    }

    pub fn id(&self) -> &str {
        &self.id
    }

    pub fn currency(&self) -> Currency {
        self.currency
    }

    /// The version in effect on `date`: the latest whose `effectiveFrom` is on or before it.
    pub(crate) fn version_on(&self, date: NaiveDate) -> Option<&PlanVersion> {
        self.versions
            .iter()
            .rev()
            .find(|v| v.effective_from <= date)
    }
}

fn load_version(v: &PlanVersionDoc, path: &str, problems: &mut Problems) -> Option<PlanVersion> {
    let before = problems.len();
    let rates = RateTable::load(&v.rules, &format!("{path}.rules"), problems);
    let accelerator = v.accelerator.as_ref().and_then(|a| {
        let tiers_path = format!("{path}.accelerator.tiers");
        if a.tiers.mode == TierMode::FixedAmount {
            problems.push(
                ErrorCode::InvalidValue,
                format!("{tiers_path}.mode"),
                "accelerator bands are multipliers: use `graduated` or `retroactive`",
            );
        }
        TierTable::load(&a.tiers, &tiers_path, problems).map(|tiers| Accelerator {
            measure: a.measure,
            scope: a.scope,
            tiers,
        })
    });
    let activation = &v.kickers.activation;
    let kick_path = format!("{path}.kickers.activation");
    non_negative(
        activation.threshold,
        &format!("{kick_path}.threshold"),
        problems,
    );
    non_negative(
        activation.add_rate,
        &format!("{kick_path}.addRate"),
        problems,
    );
    if let Some(r) = &v.kickers.renewal {
        let p = format!("{path}.kickers.renewal");
        non_negative(r.baseline, &format!("{p}.baseline"), problems);
        non_negative(r.step_increase, &format!("{p}.stepIncrease"), problems);
        if r.step_size <= Decimal::ZERO {
            problems.push(
                ErrorCode::OutOfRange,
                format!("{p}.stepSize"),
                "the step size must be above 0",
            );
        }
        if r.cap < Decimal::ONE {
            problems.push(
                ErrorCode::OutOfRange,
                format!("{p}.cap"),
                "the multiplier cap must be at least 1",
            );
        }
    }
    for (value, name) in [
        (v.caps.per_deal, "perDeal"),
        (v.caps.per_period, "perPeriod"),
    ] {
        if let Some(value) = value {
            non_negative(value, &format!("{path}.caps.{name}"), problems);
        }
    }
    non_negative(v.awards.min, &format!("{path}.awards.min"), problems);
    if v.awards.max < v.awards.min {
        problems.push(
            ErrorCode::OutOfRange,
            format!("{path}.awards.max"),
            "the largest award is below the smallest",
        );
    }
    if problems.len() != before {
        return None;
    }
    Some(PlanVersion {
        id: Arc::from(v.id.as_str()),
        effective_from: v.effective_from,
        rates: rates?,
        accelerator,
        release: v.release,
        activation: activation.enabled.then(|| activation.clone()),
        renewal: v.kickers.renewal.clone(),
        caps: v.caps.clone(),
        clawback: v.clawback.clone(),
        awards: v.awards.clone(),
    })
}

fn non_negative(value: Decimal, path: &str, problems: &mut Problems) {
    if value.is_sign_negative() && !value.is_zero() {
        problems.push(
            ErrorCode::NegativeRate,
            path,
            format!("{value} must not be negative"),
        );
    }
}
