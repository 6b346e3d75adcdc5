//! A loaded rebate agreement: the document validated as a whole once and compiled for
//! settlements and estimates.

use super::document::*;
use super::figures::FIGURE_NAMES;
use crate::condition::{Condition, ConditionDoc};
use crate::error::{Error, ErrorCode, ErrorKind, Problems};
use crate::money::{Currency, RoundingMode};
use crate::tiers::{TierMode, TierTable};
use crate::wire::decode::decode_document;
use chrono::{Datelike, Months, NaiveDate};
use rust_decimal::Decimal;
use serde_json::Value;
use std::collections::HashSet;
use std::sync::Arc;

/// A validated rebate agreement.
#[derive(Debug, Clone)]
pub struct RebateAgreement {
    pub(crate) id: String,
    pub(crate) distributor: String,
    pub(crate) period: PeriodKind,
    pub(crate) currency: Currency,
    pub(crate) rounding: RoundingMode,
    pub(crate) exclusions: Products,
    pub(crate) new_products: Products,
    pub(crate) volume: Option<Volume>,
    pub(crate) new_product_bonus: Option<NewProductBonus>,
    pub(crate) payment_bonus: Option<PaymentBonus>,
    pub(crate) growth_bonus: Option<GrowthBonus>,
    pub(crate) coefficients: Vec<Coefficient>,
    /// The figures the coefficients' conditions name, so that an estimate formats only those.
    pub(crate) figures_used: Vec<&'static str>,
    pub(crate) total_cap: Option<Decimal>,
    pub(crate) order: Vec<ComponentKind>,
}

/// SKUs and categories, looked up per order line.
#[derive(Debug, Clone, Default)]
pub(crate) struct Products {
    skus: Names,
    categories: Names,
}

impl Products {
    fn from_doc(doc: &ProductSet) -> Products {
        Products {
            skus: Names::new(&doc.skus),
            categories: Names::new(&doc.categories),
        }
    }

    pub(crate) fn contains(&self, sku: &str, category: Option<&str>) -> bool {
        self.skus.contains(sku) || category.is_some_and(|c| self.categories.contains(c))
    }
}

/// A set of names asked about once per order line. An agreement names a handful of SKUs and
/// categories: comparing a few short strings is cheaper than hashing one, so small sets are
/// scanned and only large ones hashed.
#[derive(Debug, Clone)]
enum Names {
    Few(Vec<String>),
    Many(HashSet<String>),
}

impl Default for Names {
    fn default() -> Self {
        Names::Few(Vec::new())
    }
}

impl Names {
    const FEW: usize = 8;

    fn new(names: &[String]) -> Names {
        if names.len() <= Names::FEW {
            Names::Few(names.to_vec())
        } else {
            Names::Many(names.iter().cloned().collect())
        }
    }

    fn contains(&self, name: &str) -> bool {
        match self {
            Names::Few(names) => names.iter().any(|n| n == name),
            Names::Many(names) => names.contains(name),
        }
    }
}

#[derive(Debug, Clone)]
pub(crate) struct Volume {
    pub tiers: TierTable,
    pub basis: VolumeBasis,
    pub valuation: Valuation,
    pub cap: Option<Decimal>,
    pub base_after_earlier: bool,
}

#[derive(Debug, Clone)]
pub(crate) struct NewProductBonus {
    pub target: Decimal,
    pub pays: NewProductPay,
    pub cap: Option<Decimal>,
    pub base_after_earlier: bool,
}

#[derive(Debug, Clone, Copy)]
pub(crate) enum NewProductPay {
    Rate(Decimal),
    Amount(Decimal),
}

#[derive(Debug, Clone)]
pub(crate) struct PaymentBonus {
    pub within_days: u32,
    pub rate: Decimal,
    pub cap: Option<Decimal>,
    pub base_after_earlier: bool,
}

#[derive(Debug, Clone)]
pub(crate) struct GrowthBonus {
    pub tiers: TierTable,
    pub without_baseline: WithoutBaseline,
    pub cap: Option<Decimal>,
    pub base_after_earlier: bool,
}

#[derive(Debug, Clone)]
pub(crate) struct Coefficient {
    pub id: Arc<str>,
    pub when: Condition,
    pub factor: Decimal,
    /// Indexed by `ComponentKind::index`.
    pub applies_to: [bool; 4],
}

impl RebateAgreement {
    /// Loads and validates an agreement given as a wire value (JSON, a Python dict, a JS
    /// object). Every problem is reported at once, each with a code and a JSON path.
    pub fn load(document: &Value) -> Result<RebateAgreement, Error> {
        let doc: AgreementDocument = decode_document(document)?;
        RebateAgreement::from_document(&doc)
    }

    pub fn from_document(doc: &AgreementDocument) -> Result<RebateAgreement, Error> {
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
            problems.push(ErrorCode::InvalidValue, "id", "the agreement id is empty");
        }
        if doc.distributor.trim().is_empty() {
            problems.push(
                ErrorCode::InvalidValue,
                "distributor",
                "the distributor is empty",
            );
        }
        if let Some(catalogue) = &doc.catalogue {
            let known: HashSet<&str> = catalogue.iter().map(String::as_str).collect();
            for (set, name) in [
                (&doc.exclusions, "exclusions"),
                (&doc.new_products, "newProducts"),
            ] {
                for (i, sku) in set.skus.iter().enumerate() {
                    if !known.contains(sku.as_str()) {
                        problems.push(
                            ErrorCode::UnknownSku,
                            format!("{name}.skus[{i}]"),
                            format!("SKU `{sku}` is not in the agreement's catalogue"),
                        );
                    }
                }
            }
        }
        let money = MoneyBound::of(doc.currency);
        money.check(doc.total_cap, "totalCap", &mut problems);
        let volume = doc.volume.as_ref().and_then(|v| {
            cap_not_negative(v.cap, "volume.cap", &mut problems);
            money.check(v.cap, "volume.cap", &mut problems);
            money.check_bands(&v.tiers, "volume.tiers", &mut problems);
            if v.basis == VolumeBasis::Quantity && v.base_after_earlier {
                problems.push(
                    ErrorCode::InvalidValue,
                    "volume.baseAfterEarlier",
                    "earlier components are money and cannot be deducted from a quantity basis",
                );
            }
            if v.basis == VolumeBasis::Quantity
                && v.valuation == Valuation::Chronological
                && v.tiers.mode == TierMode::Graduated
            {
                rates_do_not_fall(&v.tiers, &mut problems);
            }
            TierTable::load(&v.tiers, "volume.tiers", &mut problems).map(|tiers| Volume {
                tiers,
                basis: v.basis,
                valuation: v.valuation,
                cap: v.cap,
                base_after_earlier: v.base_after_earlier,
            })
        });
        let new_product_bonus = doc.new_product_bonus.as_ref().and_then(|b| {
            money.check(b.cap, "newProductBonus.cap", &mut problems);
            money.check(b.amount, "newProductBonus.amount", &mut problems);
            load_new_product_bonus(b, &mut problems)
        });
        let payment_bonus = doc.payment_bonus.as_ref().map(|b| {
            not_negative(b.rate, "paymentBonus.rate", &mut problems);
            cap_not_negative(b.cap, "paymentBonus.cap", &mut problems);
            money.check(b.cap, "paymentBonus.cap", &mut problems);
            PaymentBonus {
                within_days: b.within_days,
                rate: b.rate,
                cap: b.cap,
                base_after_earlier: b.base_after_earlier,
            }
        });
        let growth_bonus = doc.growth_bonus.as_ref().and_then(|g| {
            cap_not_negative(g.cap, "growthBonus.cap", &mut problems);
            money.check(g.cap, "growthBonus.cap", &mut problems);
            money.check_bands(&g.tiers, "growthBonus.tiers", &mut problems);
            if g.tiers.mode == TierMode::Graduated {
                problems.push(
                    ErrorCode::InvalidValue,
                    "growthBonus.tiers.mode",
                    "growth bands pick a rate or an amount: use `retroactive` or `fixedAmount`",
                );
            }
            TierTable::load(&g.tiers, "growthBonus.tiers", &mut problems).map(|tiers| GrowthBonus {
                tiers,
                without_baseline: g.without_baseline,
                cap: g.cap,
                base_after_earlier: g.base_after_earlier,
            })
        });
        let coefficients = load_coefficients(&doc.coefficients, &mut problems);
        let mut figures_used = Vec::new();
        for c in &doc.coefficients {
            figures_named(&c.when, &mut figures_used, 1);
        }
        cap_not_negative(doc.total_cap, "totalCap", &mut problems);
        let mut seen = HashSet::new();
        for (i, kind) in doc.order.iter().enumerate() {
            if !seen.insert(*kind) {
                problems.push(
                    ErrorCode::DuplicateId,
                    format!("order[{i}]"),
                    format!("component `{}` is listed twice", kind.as_str()),
                );
            }
        }
        for kind in ComponentKind::ALL {
            let configured = match kind {
                ComponentKind::Volume => doc.volume.is_some(),
                ComponentKind::NewProduct => doc.new_product_bonus.is_some(),
                ComponentKind::Payment => doc.payment_bonus.is_some(),
                ComponentKind::Growth => doc.growth_bonus.is_some(),
            };
            if configured && !seen.contains(&kind) {
                problems.push(
                    ErrorCode::MissingField,
                    "order",
                    format!(
                        "component `{}` is configured but missing from `order`",
                        kind.as_str()
                    ),
                );
            }
        }
        problems.into_result(
            ErrorKind::Config,
            RebateAgreement {
                id: doc.id.clone(),
                distributor: doc.distributor.clone(),
                period: doc.period,
                currency: doc.currency,
                rounding: doc.rounding,
                exclusions: Products::from_doc(&doc.exclusions),
                new_products: Products::from_doc(&doc.new_products),
                volume,
                new_product_bonus,
                payment_bonus,
                growth_bonus,
                coefficients: coefficients.unwrap_or_default(),
                figures_used,
                total_cap: doc.total_cap,
                order: doc.order.clone(),
            },
        )
    }

    pub fn id(&self) -> &str {
        &self.id
    }

    pub fn distributor(&self) -> &str {
        &self.distributor
    }

    pub fn currency(&self) -> Currency {
        self.currency
    }

    /// Whether order lines must state their quantity.
    pub(crate) fn needs_quantity(&self) -> bool {
        self.volume
            .as_ref()
            .is_some_and(|v| v.basis == VolumeBasis::Quantity)
    }

    /// Whether the volume rebate depends on the order in which units were bought: graduated
    /// quantity tiers valued chronologically. Every other table is a function of the sums.
    pub(crate) fn chronological(&self) -> Option<&TierTable> {
        self.volume
            .as_ref()
            .filter(|v| {
                v.basis == VolumeBasis::Quantity
                    && v.valuation == Valuation::Chronological
                    && v.tiers.mode == TierMode::Graduated
            })
            .map(|v| &v.tiers)
    }

    /// The last day of the period starting on `start`, or why `start` does not begin one.
    pub(crate) fn period_end(&self, start: NaiveDate) -> Result<NaiveDate, String> {
        let (months, aligned) = match self.period {
            PeriodKind::Month => (1, start.day() == 1),
            PeriodKind::Quarter => (3, start.day() == 1 && start.month0() % 3 == 0),
            PeriodKind::Year => (12, start.day() == 1 && start.month() == 1),
        };
        if !aligned {
            return Err(format!(
                "{start} does not begin a calendar {}",
                match self.period {
                    PeriodKind::Month => "month",
                    PeriodKind::Quarter => "quarter",
                    PeriodKind::Year => "year",
                }
            ));
        }
        start
            .checked_add_months(Months::new(months))
            .and_then(|next| next.pred_opt())
            .ok_or_else(|| format!("{start} is beyond the calendar's range"))
    }
}

fn load_new_product_bonus(
    b: &NewProductBonusDoc,
    problems: &mut Problems,
) -> Option<NewProductBonus> {
    let before = problems.len();
    not_negative(b.target, "newProductBonus.target", problems);
    cap_not_negative(b.cap, "newProductBonus.cap", problems);
    let pays = match (b.rate, b.amount) {
        (Some(rate), None) => {
            not_negative(rate, "newProductBonus.rate", problems);
            Some(NewProductPay::Rate(rate))
        }
        (None, Some(amount)) => {
            not_negative(amount, "newProductBonus.amount", problems);
            Some(NewProductPay::Amount(amount))
        }
        (Some(_), Some(_)) => {
            problems.push(
                ErrorCode::InvalidValue,
                "newProductBonus.amount",
                "give either a `rate` or a fixed `amount`, not both",
            );
            None
        }
        (None, None) => {
            problems.push(
                ErrorCode::MissingField,
                "newProductBonus.rate",
                "the new-product bonus needs a `rate` or a fixed `amount`",
            );
            None
        }
    };
    if problems.len() != before {
        return None;
    }
    pays.map(|pays| NewProductBonus {
        target: b.target,
        pays,
        cap: b.cap,
        base_after_earlier: b.base_after_earlier,
    })
}

fn load_coefficients(docs: &[CoefficientDoc], problems: &mut Problems) -> Option<Vec<Coefficient>> {
    let before = problems.len();
    let mut ids = HashSet::new();
    let mut out = Vec::with_capacity(docs.len());
    for (i, c) in docs.iter().enumerate() {
        let path = format!("coefficients[{i}]");
        if !ids.insert(c.id.as_str()) {
            problems.push(
                ErrorCode::DuplicateId,
                format!("{path}.id"),
                format!("coefficient id `{}` is used twice", c.id),
            );
        }
        not_negative(c.factor, &format!("{path}.factor"), problems);
        if c.applies_to.is_empty() {
            problems.push(
                ErrorCode::InvalidValue,
                format!("{path}.appliesTo"),
                "a coefficient must apply to at least one component",
            );
        }
        unknown_figures(&c.when, &format!("{path}.when"), problems, 1);
        let when = Condition::compile(&c.when, &format!("{path}.when"), problems);
        if let Some(when) = when {
            if when.is_unsatisfiable() {
                problems.push(
                    ErrorCode::RuleNeverFires,
                    format!("{path}.when"),
                    format!("coefficient `{}` can never apply", c.id),
                );
            }
            let mut applies_to = [false; 4];
            for kind in &c.applies_to {
                applies_to[kind.index()] = true;
            }
            out.push(Coefficient {
                id: Arc::from(c.id.as_str()),
                when,
                factor: c.factor,
                applies_to,
            });
        }
    }
    (problems.len() == before).then_some(out)
}

/// Figures a condition names must be ones the engine computes: a typo would make the
/// coefficient silently never apply.
/// Goes no deeper than `condition::MAX_DEPTH`: `Condition::compile` refuses what lies below.
fn unknown_figures(doc: &ConditionDoc, path: &str, problems: &mut Problems, depth: usize) {
    if depth > crate::condition::MAX_DEPTH {
        return;
    }
    for (key, list) in [("all", &doc.all), ("any", &doc.any)] {
        for (i, c) in list.iter().flatten().enumerate() {
            unknown_figures(c, &format!("{path}.{key}[{i}]"), problems, depth + 1);
        }
    }
    if let Some(inner) = &doc.not {
        unknown_figures(inner, &format!("{path}.not"), problems, depth + 1);
    }
    if let Some(field) = &doc.field {
        if !FIGURE_NAMES.contains(&field.as_str()) {
            problems.push(
                ErrorCode::UnknownFigure,
                format!("{path}.field"),
                format!(
                    "`{field}` is not a period figure; known: {}",
                    FIGURE_NAMES.join(", ")
                ),
            );
        }
    }
}

/// Collects the known figure names a condition reads, once each.
/// Goes no deeper than `condition::MAX_DEPTH`, as `unknown_figures`.
fn figures_named(doc: &ConditionDoc, out: &mut Vec<&'static str>, depth: usize) {
    if depth > crate::condition::MAX_DEPTH {
        return;
    }
    for c in doc.all.iter().chain(doc.any.iter()).flatten() {
        figures_named(c, out, depth + 1);
    }
    if let Some(inner) = &doc.not {
        figures_named(inner, out, depth + 1);
    }
    if let Some(field) = &doc.field {
        if let Some(name) = FIGURE_NAMES.iter().find(|n| **n == field.as_str()) {
            if !out.contains(name) {
                out.push(name);
            }
        }
    }
}

/// The largest amount the agreement may state (a cap, a fixed bonus or band amount): one that
/// can still be written in whole minor units of its currency, `Decimal::MAX / 10^minorUnits`
/// (about 7.9 × 10²⁶ for a currency with cents). A larger one could never be paid out to the
/// cent, so it is refused at load with `OUT_OF_RANGE` rather than failing every settlement.
struct MoneyBound {
    max: Decimal,
    currency: Currency,
}

impl MoneyBound {
    fn of(currency: Currency) -> MoneyBound {
        // MAX × 10^-minorUnits is exact (a shift of the scale); minor units are at most 4
        // (ISO 4217), so the unit always exists — were it not, every amount but 0 is refused.
        let max = Decimal::try_new(1, currency.minor_units())
            .ok()
            .and_then(|unit| Decimal::MAX.checked_mul(unit))
            .map_or(Decimal::ZERO, |m| m.trunc());
        MoneyBound { max, currency }
    }

    fn check(&self, value: Option<Decimal>, path: &str, problems: &mut Problems) {
        if let Some(v) = value {
            if v.abs() > self.max {
                problems.push(
                    ErrorCode::OutOfRange,
                    path,
                    format!(
                        "{v} cannot be written in whole minor units of {}; amounts are at most {}",
                        self.currency, self.max
                    ),
                );
            }
        }
    }

    fn check_bands(&self, tiers: &crate::tiers::TierTableDoc, path: &str, problems: &mut Problems) {
        for (i, band) in tiers.bands.iter().enumerate() {
            self.check(band.amount, &format!("{path}.bands[{i}].amount"), problems);
        }
    }
}

fn not_negative(value: Decimal, path: &str, problems: &mut Problems) {
    if value.is_sign_negative() && !value.is_zero() {
        problems.push(
            ErrorCode::NegativeRate,
            path,
            format!("{value} must not be negative"),
        );
    }
}

fn cap_not_negative(cap: Option<Decimal>, path: &str, problems: &mut Problems) {
    if let Some(cap) = cap {
        if cap.is_sign_negative() && !cap.is_zero() {
            problems.push(
                ErrorCode::NegativeAmount,
                path,
                format!("the cap {cap} must not be negative"),
            );
        }
    }
}

/// Chronological valuation stacks units in purchase order; if a band paid less than the one
/// below it, a return (which moves later units down) could raise the rebate.
fn rates_do_not_fall(tiers: &crate::tiers::TierTableDoc, problems: &mut Problems) {
    for (i, pair) in tiers.bands.windows(2).enumerate() {
        if let (Some(lower), Some(upper)) = (pair[0].rate, pair[1].rate) {
            if upper < lower {
                problems.push(
                    ErrorCode::InvalidValue,
                    format!("volume.tiers.bands[{}].rate", i + 1),
                    format!(
                        "band `{}` pays {upper}, less than band `{}` below it ({lower}); chronological valuation needs rates that do not fall, or a return could raise the rebate",
                        pair[1].id, pair[0].id
                    ),
                );
            }
        }
    }
}
