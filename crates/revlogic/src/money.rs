//! Money: decimal amounts with a currency, explicit rounding, and exact allocation of a whole
//! into parts. Every domain uses this module; none rounds on its own.

use crate::error::{ErrorCode, Problem};
use crate::wire;
use rust_decimal::prelude::*;
use rust_decimal::Decimal;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::fmt;

/// An ISO 4217 currency code such as `CNY`. Only codes in the table below are accepted, so a
/// typo (`CYN`) is an error rather than a new currency.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Currency([u8; 3]);

/// Currencies and their minor-unit exponents (ISO 4217). The list covers the currencies our
/// customers settle in; adding one is a one-line change.
const CURRENCIES: &[(&str, u32)] = &[
    ("AED", 2),
    ("AUD", 2),
    ("BRL", 2),
    ("CAD", 2),
    ("CHF", 2),
    ("CNY", 2),
    ("CZK", 2),
    ("DKK", 2),
    ("EUR", 2),
    ("GBP", 2),
    ("HKD", 2),
    ("IDR", 2),
    ("INR", 2),
    ("JPY", 0),
    ("KRW", 0),
    ("KWD", 3),
    ("MOP", 2),
    ("MXN", 2),
    ("MYR", 2),
    ("NOK", 2),
    ("NZD", 2),
    ("PHP", 2),
    ("PLN", 2),
    ("RUB", 2),
    ("SAR", 2),
    ("SEK", 2),
    ("SGD", 2),
    ("THB", 2),
    ("TRY", 2),
    ("TWD", 2),
    ("USD", 2),
    ("VND", 0),
    ("ZAR", 2),
];

impl Currency {
    pub const CNY: Currency = Currency(*b"CNY");

    /// Parses a known ISO 4217 code (upper case).
    pub fn parse(code: &str) -> Result<Currency, (ErrorCode, String)> {
        CURRENCIES
            .iter()
            .find(|(c, _)| *c == code)
            .map(|(c, _)| {
                let b = c.as_bytes();
                Currency([b[0], b[1], b[2]])
            })
            .ok_or_else(|| {
                (
                    ErrorCode::InvalidCurrency,
                    format!("`{code}` is not a known ISO 4217 currency code"),
                )
            })
    }

    pub fn code(&self) -> &str {
        // The bytes come from the ASCII table above.
        std::str::from_utf8(&self.0).unwrap_or("???")
    }

    /// Digits after the decimal point in the currency's minor unit (2 for CNY, 0 for JPY).
    pub fn minor_units(&self) -> u32 {
        CURRENCIES
            .iter()
            .find(|(c, _)| c.as_bytes() == self.0)
            .map(|(_, m)| *m)
            .unwrap_or(2)
    }
}

impl Default for Currency {
    fn default() -> Self {
        Currency::CNY
    }
}

impl fmt::Display for Currency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl Serialize for Currency {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.code())
    }
}

impl<'de> Deserialize<'de> for Currency {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        Currency::parse(&text)
            .map_err(|(code, msg)| serde::de::Error::custom(wire::scalar::coded(code, msg)))
    }
}

impl JsonSchema for Currency {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Currency".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        let codes: Vec<&str> = CURRENCIES.iter().map(|(c, _)| *c).collect();
        schemars::json_schema!({ "type": "string", "enum": codes, "description": "ISO 4217 currency code" })
    }
}

/// How a value is brought to a given number of decimal places.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub enum RoundingMode {
    /// 四舍五入: halves go away from zero (2.345 → 2.35, −2.345 → −2.35).
    #[default]
    HalfUp,
    /// Banker's rounding: halves go to the even neighbour (2.345 → 2.34, 2.355 → 2.36).
    HalfEven,
}

impl RoundingMode {
    /// Rounds `value` to `scale` decimal places.
    pub fn round(self, value: Decimal, scale: u32) -> Decimal {
        let strategy = match self {
            RoundingMode::HalfUp => RoundingStrategy::MidpointAwayFromZero,
            RoundingMode::HalfEven => RoundingStrategy::MidpointNearestEven,
        };
        value.round_dp_with_strategy(scale, strategy)
    }
}

/// An amount in a currency.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Money {
    #[serde(with = "wire::decimal")]
    #[schemars(with = "wire::DecimalString")]
    pub amount: Decimal,
    #[serde(default)]
    pub currency: Currency,
}

impl Money {
    pub fn new(amount: Decimal, currency: Currency) -> Self {
        Money { amount, currency }
    }

    pub fn zero(currency: Currency) -> Self {
        Money {
            amount: Decimal::ZERO,
            currency,
        }
    }

    /// Adds two amounts of the same currency; a different currency or an overflow is an error.
    pub fn checked_add(self, other: Money) -> Result<Money, Problem> {
        self.same_currency(&other)?;
        self.amount
            .checked_add(other.amount)
            .map(|amount| Money {
                amount,
                currency: self.currency,
            })
            .ok_or_else(|| overflow("addition"))
    }

    pub fn checked_sub(self, other: Money) -> Result<Money, Problem> {
        self.same_currency(&other)?;
        self.amount
            .checked_sub(other.amount)
            .map(|amount| Money {
                amount,
                currency: self.currency,
            })
            .ok_or_else(|| overflow("subtraction"))
    }

    /// Multiplies by a rate or quantity. The result is not rounded: call `round` where the
    /// plan says amounts are rounded.
    pub fn checked_mul(self, factor: Decimal) -> Result<Money, Problem> {
        self.amount
            .checked_mul(factor)
            .map(|amount| Money {
                amount,
                currency: self.currency,
            })
            .ok_or_else(|| overflow("multiplication"))
    }

    /// Rounds to the currency's minor unit.
    pub fn round(self, mode: RoundingMode) -> Money {
        Money {
            amount: mode.round(self.amount, self.currency.minor_units()),
            currency: self.currency,
        }
    }

    fn same_currency(&self, other: &Money) -> Result<(), Problem> {
        if self.currency == other.currency {
            Ok(())
        } else {
            Err(Problem::new(
                ErrorCode::CurrencyMismatch,
                "",
                format!(
                    "cannot combine {} with {} without exchange rates",
                    self.currency, other.currency
                ),
            ))
        }
    }
}

fn overflow(what: &str) -> Problem {
    Problem::new(
        ErrorCode::Overflow,
        "",
        format!("{what} left the decimal range"),
    )
}

/// Splits `total` into parts proportional to `weights` so that the parts, each in whole minor
/// units of the currency, add up to `total` exactly. Each part first gets its proportional
/// share rounded down; the minor units left over go one each to the parts with the largest
/// remainders, ties to the earlier part. Negative totals are split by the same rule on their
/// magnitude, so the result is symmetric.
///
/// `total` must itself be in whole minor units (round it first); weights must be
/// non-negative with a positive sum.
pub fn allocate(total: Money, weights: &[Decimal]) -> Result<Vec<Money>, Problem> {
    let scale = total.currency.minor_units();
    if total.amount.round_dp(scale) != total.amount {
        return Err(Problem::new(
            ErrorCode::InvalidValue,
            "total",
            format!(
                "{} has more decimal places than {} allows ({scale}); round it first",
                total.amount, total.currency
            ),
        ));
    }
    if weights.is_empty() {
        return Err(Problem::new(
            ErrorCode::InvalidWeights,
            "weights",
            "at least one weight is required",
        ));
    }
    if let Some(i) = weights
        .iter()
        .position(|w| w.is_sign_negative() && !w.is_zero())
    {
        return Err(Problem::new(
            ErrorCode::InvalidWeights,
            format!("weights[{i}]"),
            "weights must not be negative",
        ));
    }
    let weight_sum = weights
        .iter()
        .try_fold(Decimal::ZERO, |acc, w| acc.checked_add(*w))
        .ok_or_else(|| overflow("weight sum"))?;
    if weight_sum.is_zero() {
        return Err(Problem::new(
            ErrorCode::InvalidWeights,
            "weights",
            "weights must not all be zero",
        ));
    }

    let unit = Decimal::new(1, scale);
    let magnitude = total.amount.abs();
    let units_total = (magnitude / unit).trunc();
    let sign = if total.amount.is_sign_negative() {
        -Decimal::ONE
    } else {
        Decimal::ONE
    };
    let to_money = |units: Decimal| {
        let mut amount = units * unit * sign;
        amount.rescale(scale);
        Money::new(amount, total.currency)
    };
    if let Some(parts) = units_total
        .to_i128()
        .and_then(|units| allocate_in_integers(units, weights))
    {
        let negative = total.amount.is_sign_negative();
        // Whole minor units are the mantissa of the amount at the currency's scale.
        return Ok(parts
            .into_iter()
            .map(|units| {
                let units = if negative { -units } else { units };
                Money::new(Decimal::from_i128_with_scale(units, scale), total.currency)
            })
            .collect());
    }
    let mut floors: Vec<Decimal> = Vec::with_capacity(weights.len());
    let mut remainders: Vec<(usize, Decimal)> = Vec::with_capacity(weights.len());
    for (i, w) in weights.iter().enumerate() {
        // units × w / Σw: the numerator is exact, the quotient is rounded to 28 digits.
        let numerator = units_total
            .checked_mul(*w)
            .ok_or_else(|| overflow("allocation"))?;
        let share = numerator
            .checked_div(weight_sum)
            .ok_or_else(|| overflow("allocation"))?;
        // Remainders are compared as exact numerators (numerator − floor × Σw, all over the
        // same Σw): two shares whose fractions differ only beyond the 28th digit would
        // otherwise tie, and a quotient rounded up onto an integer would get the wrong floor.
        let mut floor = share.floor();
        let mut remainder = floor
            .checked_mul(weight_sum)
            .and_then(|x| numerator.checked_sub(x))
            .ok_or_else(|| overflow("allocation"))?;
        while remainder.is_sign_negative() && !remainder.is_zero() {
            floor -= Decimal::ONE;
            remainder += weight_sum;
        }
        while remainder >= weight_sum {
            floor += Decimal::ONE;
            remainder -= weight_sum;
        }
        floors.push(floor);
        remainders.push((i, remainder));
    }
    let handed_out: Decimal = floors.iter().copied().sum();
    let mut leftover = (units_total - handed_out).to_usize().unwrap_or(0);
    remainders.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    for (i, _) in remainders {
        if leftover == 0 {
            break;
        }
        floors[i] += Decimal::ONE;
        leftover -= 1;
    }
    Ok(floors.into_iter().map(to_money).collect())
}

/// The same rule in 128-bit integers, for the usual case of weights with few decimal places:
/// scaled to a common number of places, `units × w ÷ Σw` and its remainder are exact integer
/// operations, so this gives exactly what the decimal path gives at a fraction of the cost (a
/// settlement allocates every component over every order line). `None` when a weight or a
/// product does not fit; the decimal path then runs.
fn allocate_in_integers(units_total: i128, weights: &[Decimal]) -> Option<Vec<i128>> {
    let scale = weights.iter().map(|w| w.scale()).max()?;
    if scale > 12 {
        return None;
    }
    let mut scaled = Vec::with_capacity(weights.len());
    let mut sum: i128 = 0;
    for w in weights {
        let v = w
            .mantissa()
            .checked_mul(10i128.checked_pow(scale - w.scale())?)?;
        sum = sum.checked_add(v)?;
        scaled.push(v);
    }
    if sum <= 0 {
        return None;
    }
    let mut floors = Vec::with_capacity(weights.len());
    let mut remainders = Vec::with_capacity(weights.len());
    let mut handed_out: i128 = 0;
    let small_sum = u64::try_from(sum).ok();
    for (i, w) in scaled.into_iter().enumerate() {
        let numerator = units_total.checked_mul(w)?;
        // 64-bit division is many times cheaper than 128-bit, and usually enough.
        let (floor, remainder) = match (u64::try_from(numerator).ok(), small_sum) {
            (Some(n), Some(d)) => (i128::from(n / d), i128::from(n % d)),
            _ => (numerator / sum, numerator % sum),
        };
        handed_out += floor;
        floors.push(floor);
        remainders.push((remainder, i));
    }
    let leftover = usize::try_from(units_total - handed_out).ok()?;
    if leftover > 0 {
        // Largest remainders first, ties to the earlier part; only the first `leftover`
        // need to be in order.
        let by_size = |a: &(i128, usize), b: &(i128, usize)| b.0.cmp(&a.0).then(a.1.cmp(&b.1));
        if leftover < remainders.len() {
            remainders.select_nth_unstable_by(leftover - 1, by_size);
        }
        for &(_, i) in remainders.iter().take(leftover) {
            floors[i] += 1;
        }
    }
    Some(floors)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn d(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    fn cny(s: &str) -> Money {
        Money::new(d(s), Currency::CNY)
    }

    #[test]
    fn rounding_modes_differ_only_on_halves() {
        assert_eq!(RoundingMode::HalfUp.round(d("2.345"), 2), d("2.35"));
        assert_eq!(RoundingMode::HalfEven.round(d("2.345"), 2), d("2.34"));
        assert_eq!(RoundingMode::HalfEven.round(d("2.355"), 2), d("2.36"));
        assert_eq!(RoundingMode::HalfUp.round(d("-2.345"), 2), d("-2.35"));
        assert_eq!(RoundingMode::HalfUp.round(d("2.344"), 2), d("2.34"));
    }

    #[test]
    fn one_hundred_in_three_equal_parts() {
        let parts = allocate(cny("100.00"), &[Decimal::ONE, Decimal::ONE, Decimal::ONE]).unwrap();
        let amounts: Vec<String> = parts.iter().map(|m| m.amount.to_string()).collect();
        assert_eq!(amounts, vec!["33.34", "33.33", "33.33"]);
    }

    #[test]
    fn largest_remainder_wins_the_leftover_cent() {
        // 10.00 by 1:2:3 → exact shares 1.6667, 3.3333, 5.0000 → 1.67, 3.33, 5.00
        let parts = allocate(cny("10.00"), &[d("1"), d("2"), d("3")]).unwrap();
        let amounts: Vec<String> = parts.iter().map(|m| m.amount.to_string()).collect();
        assert_eq!(amounts, vec!["1.67", "3.33", "5.00"]);
    }

    #[test]
    fn remainders_are_compared_exactly() {
        // Shares 0.4999…9998 and 0.5000…0002 round to the same 28-digit quotient; the larger
        // exact remainder still wins the cent.
        let parts = allocate(cny("0.01"), &[d("1"), d("1.000000000000000000000000001")]).unwrap();
        let amounts: Vec<String> = parts.iter().map(|m| m.amount.to_string()).collect();
        assert_eq!(amounts, vec!["0.00", "0.01"]);
    }

    #[test]
    fn negative_totals_mirror_positive_ones() {
        let parts = allocate(cny("-100.00"), &[Decimal::ONE; 3]).unwrap();
        let amounts: Vec<String> = parts.iter().map(|m| m.amount.to_string()).collect();
        assert_eq!(amounts, vec!["-33.34", "-33.33", "-33.33"]);
    }

    #[test]
    fn yen_has_no_minor_unit() {
        let jpy = Currency::parse("JPY").unwrap();
        let parts = allocate(Money::new(d("100"), jpy), &[Decimal::ONE; 3]).unwrap();
        let amounts: Vec<String> = parts.iter().map(|m| m.amount.to_string()).collect();
        assert_eq!(amounts, vec!["34", "33", "33"]);
    }

    #[test]
    fn bad_weights_and_unrounded_totals_are_refused() {
        assert_eq!(
            allocate(cny("1.00"), &[]).unwrap_err().code,
            ErrorCode::InvalidWeights
        );
        assert_eq!(
            allocate(cny("1.00"), &[d("0"), d("0")]).unwrap_err().code,
            ErrorCode::InvalidWeights
        );
        assert_eq!(
            allocate(cny("1.00"), &[d("-1"), d("2")]).unwrap_err().path,
            "weights[0]"
        );
        assert_eq!(
            allocate(cny("1.001"), &[d("1")]).unwrap_err().code,
            ErrorCode::InvalidValue
        );
    }

    #[test]
    fn adding_different_currencies_is_an_error() {
        let usd = Money::new(d("1"), Currency::parse("USD").unwrap());
        assert_eq!(
            cny("1").checked_add(usd).unwrap_err().code,
            ErrorCode::CurrencyMismatch
        );
        assert_eq!(cny("0.1").checked_add(cny("0.2")).unwrap().amount, d("0.3"));
    }

    #[test]
    fn unknown_currency_codes_are_refused() {
        assert_eq!(
            Currency::parse("CYN").unwrap_err().0,
            ErrorCode::InvalidCurrency
        );
        assert_eq!(
            Currency::parse("cny").unwrap_err().0,
            ErrorCode::InvalidCurrency
        );
    }

    proptest! {
        #[test]
        fn allocation_sums_exactly_and_stays_within_a_cent(
            cents in -10_000_000_000i64..10_000_000_000i64,
            weights in prop::collection::vec(0u32..1_000_000, 1..40),
        ) {
            prop_assume!(weights.iter().any(|w| *w > 0));
            let total = Money::new(Decimal::new(cents, 2), Currency::CNY);
            let ws: Vec<Decimal> = weights.iter().map(|w| Decimal::from(*w)).collect();
            let parts = allocate(total, &ws).unwrap();
            prop_assert_eq!(parts.len(), ws.len());
            let sum: Decimal = parts.iter().map(|m| m.amount).sum();
            prop_assert_eq!(sum, total.amount);
            let weight_sum: Decimal = ws.iter().copied().sum();
            for (part, w) in parts.iter().zip(&ws) {
                let exact = total.amount * *w / weight_sum;
                prop_assert!((part.amount - exact).abs() < Decimal::new(1, 2));
                prop_assert_eq!(part.amount.scale(), 2);
            }
        }

        #[test]
        fn the_integer_path_gives_what_the_decimal_path_gives(
            cents in -10_000_000_000i64..10_000_000_000i64,
            weights in prop::collection::vec((0i64..100_000_000, 0u32..5), 1..40),
            zeros in 0usize..3,
        ) {
            prop_assume!(weights.iter().any(|(w, _)| *w > 0));
            let total = Money::new(Decimal::new(cents, 2), Currency::CNY);
            let mut short: Vec<Decimal> = weights.iter().map(|(w, s)| Decimal::new(*w, *s)).collect();
            // Zero weights get zero parts, printed alike whatever the total's sign.
            short.extend(std::iter::repeat_n(Decimal::ZERO, zeros));
            // Weights of more than 12 places go the decimal way; the numbers are the same.
            let long: Vec<Decimal> = short
                .iter()
                .map(|w| {
                    let mut w = *w;
                    w.rescale(20);
                    w
                })
                .collect();
            let print = |parts: Vec<Money>| parts.iter().map(|m| m.amount.to_string()).collect::<Vec<_>>();
            prop_assert_eq!(print(allocate(total, &short).unwrap()), print(allocate(total, &long).unwrap()));
        }
    }
}
