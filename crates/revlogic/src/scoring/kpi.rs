//! KPI helpers (SPEC §2.8): forecast accuracy, target deviation with its ±10% band, and
//! decision acceleration with explicit units.

use super::decode_record as decode_problem;
use super::display;
use crate::batch::{RecordOutcome, Rejection};
use crate::error::{Error, ErrorCode, ErrorKind, Problem};
use crate::wire;
use rust_decimal::Decimal;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// `kpi`'s request: any of the three lists, and the parameters.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct KpiRequest {
    /// `{id, forecast, actualWithin30Days}` records.
    #[serde(default)]
    pub forecast_accuracy: Vec<Value>,
    /// `{id, target, actual}` records.
    #[serde(default)]
    pub target_deviation: Vec<Value>,
    /// `{id, before: {value, unit}, after: {value, unit}}` records.
    #[serde(default)]
    pub decision_acceleration: Vec<Value>,
    /// A deviation beyond ± this is flagged (default 0.10; exactly ±0.10 is not).
    #[serde(default = "tolerance", with = "wire::decimal")]
    #[schemars(with = "wire::DecimalString")]
    pub deviation_tolerance: Decimal,
    /// Hours in a working day, needed only to compare working days with hours or days.
    #[serde(default, with = "wire::decimal_opt")]
    #[schemars(with = "Option<wire::DecimalString>")]
    pub hours_per_working_day: Option<Decimal>,
    /// Decimal places of the ratios (half-up; default 4).
    #[serde(default = "four")]
    pub decimals: u32,
}

fn tolerance() -> Decimal {
    Decimal::new(10, 2)
}
fn four() -> u32 {
    4
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct ForecastRecord {
    pub id: String,
    #[serde(with = "wire::decimal")]
    #[schemars(with = "wire::DecimalString")]
    pub forecast: Decimal,
    /// Receipts actually collected within 30 days of the forecast.
    #[serde(with = "wire::decimal")]
    #[schemars(with = "wire::DecimalString")]
    pub actual_within30_days: Decimal,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct TargetRecord {
    pub id: String,
    #[serde(with = "wire::decimal")]
    #[schemars(with = "wire::DecimalString")]
    pub target: Decimal,
    #[serde(with = "wire::decimal")]
    #[schemars(with = "wire::DecimalString")]
    pub actual: Decimal,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct AccelerationRecord {
    pub id: String,
    pub before: Duration,
    pub after: Duration,
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct Duration {
    #[serde(with = "wire::decimal")]
    #[schemars(with = "wire::DecimalString")]
    pub value: Decimal,
    pub unit: DurationUnit,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub enum DurationUnit {
    Hours,
    /// Calendar days of 24 hours.
    Days,
    /// Working days; converting them needs `hoursPerWorkingDay`.
    WorkingDays,
}

#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct KpiValue {
    pub id: String,
    /// The ratio (accuracy, deviation or acceleration).
    #[serde(with = "wire::decimal")]
    #[schemars(with = "wire::DecimalString")]
    pub value: Decimal,
    /// Target deviation only: outside the tolerance band.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub flagged: Option<bool>,
    /// How it was computed, with the inputs.
    pub formula: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct KpiReport {
    pub forecast_accuracy: Vec<RecordOutcome<KpiValue>>,
    pub target_deviation: Vec<RecordOutcome<KpiValue>>,
    pub decision_acceleration: Vec<RecordOutcome<KpiValue>>,
}

pub fn kpi(request: &Value) -> Result<KpiReport, Error> {
    let r: KpiRequest = crate::wire::decode::decode(request, "", ErrorKind::Input)?;
    if r.deviation_tolerance < Decimal::ZERO {
        return Err(Error::single(
            ErrorKind::Input,
            Problem::new(
                ErrorCode::OutOfRange,
                "deviationTolerance",
                "the tolerance must be ≥ 0",
            ),
        ));
    }
    if r.hours_per_working_day
        .is_some_and(|h| h <= Decimal::ZERO || h > Decimal::from(24))
    {
        return Err(Error::single(
            ErrorKind::Input,
            Problem::new(
                ErrorCode::OutOfRange,
                "hoursPerWorkingDay",
                "a working day has more than 0 and at most 24 hours",
            ),
        ));
    }
    if r.decimals > 10 {
        return Err(Error::single(
            ErrorKind::Input,
            Problem::new(
                ErrorCode::OutOfRange,
                "decimals",
                "at most 10 decimal places",
            ),
        ));
    }
    let dp = r.decimals;
    let forecast_accuracy = each(
        &r.forecast_accuracy,
        "forecastAccuracy",
        |f: ForecastRecord, path| {
            if f.forecast <= Decimal::ZERO {
                return Err(Problem::new(
                    ErrorCode::OutOfRange,
                    format!("{path}.forecast"),
                    "the forecast must be positive",
                ));
            }
            let value = ratio(f.actual_within30_days, f.forecast, path)?;
            Ok(KpiValue {
                formula: format!("{} ÷ {}", f.actual_within30_days, f.forecast),
                id: f.id,
                value: display(value, dp),
                flagged: None,
            })
        },
    );
    let target_deviation = each(
        &r.target_deviation,
        "targetDeviation",
        |t: TargetRecord, path| {
            if t.target <= Decimal::ZERO {
                return Err(Problem::new(
                    ErrorCode::OutOfRange,
                    format!("{path}.target"),
                    "the target must be positive",
                ));
            }
            let value = display(
                ratio(t.actual, t.target, path)?
                    .checked_sub(Decimal::ONE)
                    .ok_or_else(|| {
                        Problem::new(
                            ErrorCode::Overflow,
                            path,
                            "the deviation leaves the decimal range",
                        )
                    })?,
                dp,
            );
            Ok(KpiValue {
                formula: format!("{} ÷ {} − 1", t.actual, t.target),
                id: t.id,
                flagged: Some(value.abs() > r.deviation_tolerance),
                value,
            })
        },
    );
    let decision_acceleration = each(
        &r.decision_acceleration,
        "decisionAcceleration",
        |a: AccelerationRecord, path| {
            let before = in_common_unit(
                a.before,
                a.after.unit,
                r.hours_per_working_day,
                &format!("{path}.before"),
            )?;
            let after = in_common_unit(
                a.after,
                a.before.unit,
                r.hours_per_working_day,
                &format!("{path}.after"),
            )?;
            if before <= Decimal::ZERO || after < Decimal::ZERO {
                return Err(Problem::new(
                    ErrorCode::OutOfRange,
                    format!("{path}.before"),
                    "durations must be ≥ 0 and `before` positive",
                ));
            }
            let saved = before.checked_sub(after).ok_or_else(|| {
                Problem::new(
                    ErrorCode::Overflow,
                    format!("{path}.after"),
                    format!("`{}`: the time saved leaves the decimal range", a.id),
                )
            })?;
            let value = ratio(saved, before, path)?;
            Ok(KpiValue {
                formula: format!("({before} − {after}) ÷ {before}"),
                id: a.id,
                value: display(value, dp),
                flagged: None,
            })
        },
    );
    Ok(KpiReport {
        forecast_accuracy,
        target_deviation,
        decision_acceleration,
    })
}

fn ratio(a: Decimal, b: Decimal, path: &str) -> Result<Decimal, Problem> {
    a.checked_div(b).ok_or_else(|| {
        Problem::new(
            ErrorCode::Overflow,
            path,
            "the ratio leaves the decimal range",
        )
    })
}

/// Both durations in the same unit: unchanged when the units agree, otherwise in hours —
/// working days only with the caller's `hoursPerWorkingDay`, never an assumed 8.
fn in_common_unit(
    d: Duration,
    other: DurationUnit,
    hours_per_day: Option<Decimal>,
    path: &str,
) -> Result<Decimal, Problem> {
    if d.unit == other {
        return Ok(d.value);
    }
    let factor = match d.unit {
        DurationUnit::Hours => Decimal::ONE,
        DurationUnit::Days => Decimal::from(24),
        DurationUnit::WorkingDays => hours_per_day.ok_or_else(|| {
            Problem::new(
                ErrorCode::MissingField,
                "hoursPerWorkingDay",
                format!("{path} is in working days and the other duration is not: say how many hours a working day has"),
            )
        })?,
    };
    let needs_hours_per_day = other == DurationUnit::WorkingDays && hours_per_day.is_none();
    if needs_hours_per_day {
        return Err(Problem::new(
            ErrorCode::MissingField,
            "hoursPerWorkingDay",
            "one duration is in working days: say how many hours a working day has",
        ));
    }
    d.value.checked_mul(factor).ok_or_else(|| {
        Problem::new(
            ErrorCode::Overflow,
            path,
            "the duration leaves the decimal range",
        )
    })
}

fn each<T: serde::de::DeserializeOwned>(
    items: &[Value],
    root: &str,
    f: impl Fn(T, &str) -> Result<KpiValue, Problem>,
) -> Vec<RecordOutcome<KpiValue>> {
    items
        .iter()
        .enumerate()
        .map(|(index, v)| {
            let path = format!("{root}[{index}]");
            match decode_problem::<T>(v, &path).and_then(|t| f(t, &path)) {
                Ok(k) => RecordOutcome::Ok(k),
                Err(error) => RecordOutcome::Rejected(Rejection {
                    index,
                    id: v.get("id").and_then(Value::as_str).map(str::to_string),
                    error,
                }),
            }
        })
        .collect()
}
