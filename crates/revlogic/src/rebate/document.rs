//! The rebate agreement document (SPEC §5): what a CRM's settings screen edits and stores for
//! one distributor. Every number SPEC gives as a default is a member here with that default;
//! loading it (`RebateAgreement::load`) validates everything and reports every problem at once.

use crate::condition::ConditionDoc;
use crate::money::{Currency, RoundingMode};
use crate::tiers::TierTableDoc;
use crate::wire;
use rust_decimal::Decimal;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::json;

/// A distributor's rebate agreement (返点协议) for a kind of settlement period.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct AgreementDocument {
    /// Version of this document format; this library reads version 1.
    pub schema_version: u32,
    pub id: String,
    /// The distributor the agreement is with; echoed on every settlement.
    pub distributor: String,
    /// The settlement period (default a calendar quarter).
    #[serde(default)]
    pub period: PeriodKind,
    /// The agreement's currency (default CNY); records in another currency are rejected.
    #[serde(default)]
    pub currency: Currency,
    /// How each component is rounded to the currency's minor unit (default half-up).
    #[serde(default)]
    pub rounding: RoundingMode,
    /// SKUs the agreement knows. When given, every SKU named in `exclusions` and
    /// `newProducts` must be listed here (a typo there would silently change the rebate).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub catalogue: Option<Vec<String>>,
    /// Purchases that never count toward any component (excluded SKUs and categories).
    #[serde(default)]
    pub exclusions: ProductSet,
    /// What counts as a new product (新品) for the new-product bonus and the
    /// `newProductPurchases` figure.
    #[serde(default)]
    pub new_products: ProductSet,
    /// Volume tiers (阶梯返点) on net purchases.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub volume: Option<VolumeDoc>,
    /// New-product bonus (新品达成奖).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub new_product_bonus: Option<NewProductBonusDoc>,
    /// Payment-timeliness bonus (回款时效奖).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payment_bonus: Option<PaymentBonusDoc>,
    /// Growth tiers against the same period last year (optional).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub growth_bonus: Option<GrowthBonusDoc>,
    /// Conditional coefficients on period figures. Absent: SPEC's example (collection rate
    /// ≥ 85% and new-product purchases ≥ 300,000 → volume rebate × 1.2); `[]`: none.
    #[serde(default = "default_coefficients")]
    pub coefficients: Vec<CoefficientDoc>,
    /// A cap on the whole rebate of the period; none by default.
    #[serde(
        default,
        with = "wire::decimal_opt",
        skip_serializing_if = "Option::is_none"
    )]
    #[schemars(with = "Option<wire::DecimalString>")]
    pub total_cap: Option<Decimal>,
    /// The fixed order in which components are computed. A component whose `baseAfterEarlier`
    /// is set has the components before it deducted from its base, and a total cap cuts the
    /// last component first. Default: volume, newProduct, payment, growth.
    #[serde(default = "default_order")]
    pub order: Vec<ComponentKind>,
}

/// The length of a settlement period; periods are calendar-aligned.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub enum PeriodKind {
    Month,
    #[default]
    Quarter,
    Year,
}

/// The three components of a rebate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub enum ComponentKind {
    /// Volume tiers on net purchases.
    Volume,
    /// New-product bonus.
    NewProduct,
    /// Payment-timeliness bonus.
    Payment,
    /// Growth bonus against the same period last year.
    Growth,
}

impl ComponentKind {
    pub const ALL: [ComponentKind; 4] = [
        ComponentKind::Volume,
        ComponentKind::NewProduct,
        ComponentKind::Payment,
        ComponentKind::Growth,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ComponentKind::Volume => "volume",
            ComponentKind::NewProduct => "newProduct",
            ComponentKind::Payment => "payment",
            ComponentKind::Growth => "growth",
        }
    }

    pub(crate) fn index(self) -> usize {
        match self {
            ComponentKind::Volume => 0,
            ComponentKind::NewProduct => 1,
            ComponentKind::Payment => 2,
            ComponentKind::Growth => 3,
        }
    }
}

/// A set of products named by SKU or by category.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct ProductSet {
    #[serde(default)]
    pub skus: Vec<String>,
    #[serde(default)]
    pub categories: Vec<String>,
}

/// Volume tiers on the period's net purchases.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct VolumeDoc {
    /// What the tier bounds measure: `value` (net purchase amount, default) or `quantity`
    /// (net units bought).
    #[serde(default)]
    pub basis: VolumeBasis,
    /// How units are turned into money on a `quantity` basis (default `averagePrice`).
    #[serde(default)]
    pub valuation: Valuation,
    /// The shared tier table (graduated = incremental, retroactive = cumulative,
    /// fixedAmount), bounds in the agreement currency.
    pub tiers: TierTableDoc,
    #[serde(
        default,
        with = "wire::decimal_opt",
        skip_serializing_if = "Option::is_none"
    )]
    #[schemars(with = "Option<wire::DecimalString>")]
    pub cap: Option<Decimal>,
    /// Deduct the components computed before this one (see `order`) from its base.
    #[serde(default)]
    pub base_after_earlier: bool,
}

/// What volume tier bounds measure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub enum VolumeBasis {
    /// Net purchase value in the agreement currency.
    #[default]
    Value,
    /// Net units bought (lines need a `quantity`).
    Quantity,
}

/// How the units in each quantity band are valued.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub enum Valuation {
    /// Every unit at the period's average net price (net purchases ÷ net units): the tier
    /// amount in units × rate is multiplied by that price. Retroactive tiers then pay the
    /// reached band's rate on net purchases exactly.
    #[default]
    AveragePrice,
    /// Units in the order they were bought: lines sorted by order date, ties by order id
    /// (a line without one first) and then line id, each line's net units (bought less
    /// returned) stacked on the ones before it. The units of a line that fall into a band are
    /// valued at that line's net price (its amount less returns ÷ its units less returns), so
    /// a graduated table pays each band's rate on the value of the units that landed in it.
    /// A return takes units off the line it names, and the lines after it move down. Retroactive
    /// and fixed-amount tables give the same rebate as `averagePrice`; graduated tables need
    /// rates that do not fall from band to band (otherwise a return could move later units into
    /// a dearer band and raise the rebate).
    Chronological,
}

/// New-product bonus: once new-product purchases reach `target`, a rate on them or a fixed
/// amount (exactly one of `rate` and `amount`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct NewProductBonusDoc {
    /// Net new-product purchases that earn the bonus, inclusive (default 300,000).
    #[serde(default = "default_new_product_target", with = "wire::decimal")]
    #[schemars(with = "wire::DecimalString")]
    pub target: Decimal,
    #[serde(
        default,
        with = "wire::decimal_opt",
        skip_serializing_if = "Option::is_none"
    )]
    #[schemars(with = "Option<wire::DecimalString>")]
    pub rate: Option<Decimal>,
    #[serde(
        default,
        with = "wire::decimal_opt",
        skip_serializing_if = "Option::is_none"
    )]
    #[schemars(with = "Option<wire::DecimalString>")]
    pub amount: Option<Decimal>,
    #[serde(
        default,
        with = "wire::decimal_opt",
        skip_serializing_if = "Option::is_none"
    )]
    #[schemars(with = "Option<wire::DecimalString>")]
    pub cap: Option<Decimal>,
    #[serde(default)]
    pub base_after_earlier: bool,
}

/// Payment-timeliness bonus: `rate` on the amounts paid within `withinDays` days of their
/// invoice date (a payment on day `withinDays` counts, one a day later does not).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct PaymentBonusDoc {
    /// Default 30 days (SPEC leaves N to the agreement).
    #[serde(default = "default_within_days")]
    pub within_days: u32,
    #[serde(with = "wire::decimal")]
    #[schemars(with = "wire::DecimalString")]
    pub rate: Decimal,
    #[serde(
        default,
        with = "wire::decimal_opt",
        skip_serializing_if = "Option::is_none"
    )]
    #[schemars(with = "Option<wire::DecimalString>")]
    pub cap: Option<Decimal>,
    #[serde(default)]
    pub base_after_earlier: bool,
}

/// Growth bonus: the growth rate of net purchases over the same period last year
/// (`(net − lastYear) ÷ lastYear`, a fraction) picks a band of `tiers`; in `retroactive` mode the
/// band's rate applies to the period's net purchases, in `fixedAmount` mode the band pays its
/// amount. A negative growth rate falls in the first band.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct GrowthBonusDoc {
    /// Bounds are growth rates (`"0.1"` is +10%); mode `retroactive` or `fixedAmount`.
    pub tiers: TierTableDoc,
    /// What happens without a valid baseline (no figure for last year — a new distributor —
    /// or last year's net purchases not above 0 because returns exceeded purchases).
    #[serde(default)]
    pub without_baseline: WithoutBaseline,
    #[serde(
        default,
        with = "wire::decimal_opt",
        skip_serializing_if = "Option::is_none"
    )]
    #[schemars(with = "Option<wire::DecimalString>")]
    pub cap: Option<Decimal>,
    #[serde(default)]
    pub base_after_earlier: bool,
}

/// The growth bonus without a valid baseline.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub enum WithoutBaseline {
    /// No growth bonus (the default): growth cannot be measured.
    #[default]
    NoBonus,
    /// The first band applies, as for zero growth (a new distributor treated as flat).
    FirstBand,
}

/// A conditional coefficient: when `when` holds on the period figures, the components in
/// `appliesTo` are multiplied by `factor` (several that hold multiply together).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct CoefficientDoc {
    pub id: String,
    /// A condition (docs/conditions.md) on the figures `grossPurchases`, `excludedPurchases`,
    /// `returns`, `netPurchases`, `newProductPurchases`, `invoiced`, `paid`, `paidOnTime` and
    /// `collectionRate` (absent when nothing was invoiced, so comparisons on it are false).
    pub when: ConditionDoc,
    #[serde(with = "wire::decimal")]
    #[schemars(with = "wire::DecimalString")]
    pub factor: Decimal,
    /// Default: the volume component only (SPEC: "the tier rebate is multiplied").
    #[serde(default = "default_applies_to")]
    pub applies_to: Vec<ComponentKind>,
}

fn default_new_product_target() -> Decimal {
    Decimal::new(300_000, 0)
}

fn default_within_days() -> u32 {
    30
}

fn default_applies_to() -> Vec<ComponentKind> {
    vec![ComponentKind::Volume]
}

fn default_order() -> Vec<ComponentKind> {
    ComponentKind::ALL.to_vec()
}

/// SPEC §5's example coefficient, the default when a document says nothing about coefficients.
pub fn default_coefficients() -> Vec<CoefficientDoc> {
    let when = serde_json::from_value::<ConditionDoc>(json!({"all": [
        {"field": "collectionRate", "op": "gte", "value": "0.85"},
        {"field": "newProductPurchases", "op": "gte", "value": "300000"}
    ]}))
    .unwrap_or_default();
    vec![CoefficientDoc {
        id: "collectionAndNewProducts".to_string(),
        when,
        factor: Decimal::new(12, 1),
        applies_to: default_applies_to(),
    }]
}
