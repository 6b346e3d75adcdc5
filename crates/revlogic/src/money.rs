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
/// non-negative with a positive sum. Any total in the decimal range is split: the minor units
/// are counted in 128-bit integers, so a total whose count of minor units does not fit a
/// decimal (above about 7.9 × 10²⁶ CNY) still splits. A part is written at the currency's
/// scale, or with fewer places when its trailing digits are zeros and the full scale does not
/// fit; a part that no decimal can hold exactly is `OVERFLOW` at `total`. So is a total of
/// more than 2^96 minor units split by weights whose places span more than 38 digits (`1e-28`
/// next to `1e20`), the one case computed in decimals.
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
    if weights.iter().all(Decimal::is_zero) {
        return Err(Problem::new(
            ErrorCode::InvalidWeights,
            "weights",
            "weights must not all be zero",
        ));
    }

    let units_total = minor_units_of(total.amount, scale).ok_or_else(|| {
        Problem::new(
            ErrorCode::Overflow,
            "total",
            format!("{} has too many minor units to count", total.amount),
        )
    })?;
    let parts = match allocate_in_integers(units_total, weights) {
        Some(parts) => parts,
        None => allocate_in_decimals(units_total, weights)?,
    };
    let negative = total.amount.is_sign_negative();
    parts
        .into_iter()
        .map(|units| {
            amount_of_minor_units(units, negative, scale)
                .map(|amount| Money::new(amount, total.currency))
                .ok_or_else(|| {
                    Problem::new(
                        ErrorCode::Overflow,
                        "total",
                        format!(
                            "a part of {} {} has more digits than a decimal holds",
                            total.amount, total.currency
                        ),
                    )
                })
        })
        .collect()
}

/// The magnitude of `amount` counted in units of `10^-scale`, computed from the mantissa so
/// that it works whatever the size of the amount. `None` only when the amount has more places
/// than `scale` (which `allocate` refuses before) or the count does not fit 128 bits (it
/// always does: a mantissa is below 2^96 and `scale` is at most 3 more places).
fn minor_units_of(amount: Decimal, scale: u32) -> Option<u128> {
    let mantissa = amount.mantissa().unsigned_abs();
    match scale.checked_sub(amount.scale()) {
        Some(up) => mantissa.checked_mul(10u128.checked_pow(up)?),
        None => {
            let down = 10u128.checked_pow(amount.scale().checked_sub(scale)?)?;
            (mantissa.checked_rem(down)? == 0).then(|| mantissa.checked_div(down))?
        }
    }
}

/// `units × 10^-scale` with the sign, exactly: at `scale` places when the mantissa fits,
/// otherwise with as many fewer places as trailing zeros allow; `None` when no decimal holds
/// the value exactly.
fn amount_of_minor_units(units: u128, negative: bool, scale: u32) -> Option<Decimal> {
    let (mut mantissa, mut places) = (units, scale);
    loop {
        if let Ok(m) = i128::try_from(mantissa) {
            // A zero part is written `0.00` whatever the total's sign.
            let signed = if negative { m.checked_neg()? } else { m };
            if let Ok(amount) = Decimal::try_from_i128_with_scale(signed, places) {
                return Some(amount);
            }
        }
        if places == 0 || mantissa % 10 != 0 {
            return None;
        }
        mantissa /= 10;
        places -= 1;
    }
}

/// The rule in 128-bit integers, for weights that share a scale within 128 bits (every
/// weight a settings screen writes): scaled to a common number of places, `units × w ÷ Σw`
/// and its remainder are exact integer operations, so this gives exactly what the decimal
/// path gives at a fraction of the cost (a settlement allocates every component over every
/// order line). A product beyond 128 bits is divided in 256 bits. `None` when the weights do
/// not fit a common scale; the decimal path then runs.
fn allocate_in_integers(units_total: u128, weights: &[Decimal]) -> Option<Vec<u128>> {
    let scale = weights.iter().map(|w| w.scale()).max()?;
    let mut scaled = Vec::with_capacity(weights.len());
    let mut sum: u128 = 0;
    for w in weights {
        let v = w
            .mantissa()
            .unsigned_abs()
            .checked_mul(10u128.checked_pow(scale.checked_sub(w.scale())?)?)?;
        sum = sum.checked_add(v)?;
        scaled.push(v);
    }
    if sum == 0 {
        return None;
    }
    let mut floors = Vec::with_capacity(weights.len());
    let mut remainders = Vec::with_capacity(weights.len());
    let mut handed_out: u128 = 0;
    let small_sum = u64::try_from(sum).ok();
    for (i, w) in scaled.into_iter().enumerate() {
        let (floor, remainder) = match units_total.checked_mul(w) {
            // 64-bit division is many times cheaper than 128-bit, and usually enough.
            Some(numerator) => match (u64::try_from(numerator).ok(), small_sum) {
                (Some(n), Some(d)) => (u128::from(n / d), u128::from(n % d)),
                _ => (numerator / sum, numerator % sum),
            },
            None => divide_wide(multiply_wide(units_total, w), sum)?,
        };
        // Σ floors ≤ Σ units × w ÷ Σw = units: the sum stays below the total.
        handed_out = handed_out.checked_add(floor)?;
        floors.push(floor);
        remainders.push((remainder, i));
    }
    let leftover = usize::try_from(units_total.checked_sub(handed_out)?).ok()?;
    hand_out_leftover(&mut floors, remainders, leftover);
    Some(floors)
}

/// Gives one more unit each to the `leftover` parts with the largest remainders, ties to the
/// earlier part; only the first `leftover` need to be in order.
fn hand_out_leftover<R: Ord>(
    floors: &mut [u128],
    mut remainders: Vec<(R, usize)>,
    leftover: usize,
) {
    if leftover == 0 {
        return;
    }
    let by_size = |a: &(R, usize), b: &(R, usize)| b.0.cmp(&a.0).then(a.1.cmp(&b.1));
    if leftover < remainders.len() {
        remainders.select_nth_unstable_by(leftover - 1, by_size);
    }
    for (_, i) in remainders.iter().take(leftover) {
        // Each part gets at most one unit, and a floor is at most the total minus the others.
        floors[*i] += 1;
    }
}

/// `a × b` as 256 bits (high, low).
fn multiply_wide(a: u128, b: u128) -> (u128, u128) {
    const LOW: u128 = u64::MAX as u128;
    let (a1, a0) = (a >> 64, a & LOW);
    let (b1, b0) = (b >> 64, b & LOW);
    // Each partial product of two 64-bit halves fits 128 bits, and so do the sums below:
    // `middle` is under 3 × 2^64, and the true high half is under 2^128.
    let (low_low, low_high, high_low, high_high) = (a0 * b0, a0 * b1, a1 * b0, a1 * b1);
    let middle = (low_low >> 64) + (low_high & LOW) + (high_low & LOW);
    let low = (low_low & LOW) | (middle << 64);
    let high = high_high + (low_high >> 64) + (high_low >> 64) + (middle >> 64);
    (high, low)
}

/// The quotient and remainder of a 256-bit number by `divisor`, by shifting and subtracting;
/// `None` when the quotient would not fit 128 bits (the high half is not below the divisor).
fn divide_wide((high, low): (u128, u128), divisor: u128) -> Option<(u128, u128)> {
    if high >= divisor {
        return None;
    }
    let (mut remainder, mut quotient) = (high, 0u128);
    for bit in (0..128).rev() {
        // remainder < divisor, so twice it plus a bit is below 2 × divisor: at most one
        // subtraction, and a carry out of the top bit means it is above the divisor.
        let carry = remainder >> 127;
        remainder = (remainder << 1) | ((low >> bit) & 1);
        quotient <<= 1;
        if carry == 1 || remainder >= divisor {
            remainder = remainder.wrapping_sub(divisor);
            quotient |= 1;
        }
    }
    Some((quotient, remainder))
}

/// The same rule in decimals, for weights whose scales no 128-bit integer spans (a weight of
/// `1e-28` next to one of `1e20`). The count of minor units must then fit a decimal.
fn allocate_in_decimals(units_total: u128, weights: &[Decimal]) -> Result<Vec<u128>, Problem> {
    let too_large = || overflow("allocation").under("total");
    let units = i128::try_from(units_total)
        .ok()
        .and_then(|u| Decimal::try_from_i128_with_scale(u, 0).ok())
        .ok_or_else(too_large)?;
    let weight_sum = weights
        .iter()
        .try_fold(Decimal::ZERO, |acc, w| acc.checked_add(*w))
        .ok_or_else(|| overflow("the weight sum").under("weights"))?;
    let mut floors: Vec<u128> = Vec::with_capacity(weights.len());
    let mut remainders: Vec<(Decimal, usize)> = Vec::with_capacity(weights.len());
    for (i, w) in weights.iter().enumerate() {
        // units × w / Σw: the numerator is exact, the quotient is rounded to 28 digits.
        let numerator = units.checked_mul(*w).ok_or_else(too_large)?;
        let share = numerator.checked_div(weight_sum).ok_or_else(too_large)?;
        // Remainders are compared as exact numerators (numerator − floor × Σw, all over the
        // same Σw): two shares whose fractions differ only beyond the 28th digit would
        // otherwise tie, and a quotient rounded up onto an integer would get the wrong floor.
        let mut floor = share.floor();
        let mut remainder = floor
            .checked_mul(weight_sum)
            .and_then(|x| numerator.checked_sub(x))
            .ok_or_else(too_large)?;
        // The rounded quotient is within one unit of the exact one: at most one step each way.
        while remainder.is_sign_negative() && !remainder.is_zero() {
            floor = floor.checked_sub(Decimal::ONE).ok_or_else(too_large)?;
            remainder = remainder.checked_add(weight_sum).ok_or_else(too_large)?;
        }
        while remainder >= weight_sum {
            floor = floor.checked_add(Decimal::ONE).ok_or_else(too_large)?;
            remainder = remainder.checked_sub(weight_sum).ok_or_else(too_large)?;
        }
        floors.push(floor.to_u128().ok_or_else(too_large)?);
        remainders.push((remainder, i));
    }
    // Each floor is at most the total, and they add up to at most the total.
    let handed_out = floors
        .iter()
        .try_fold(0u128, |acc, f| acc.checked_add(*f))
        .ok_or_else(too_large)?;
    let leftover = units_total
        .checked_sub(handed_out)
        .and_then(|l| usize::try_from(l).ok())
        .ok_or_else(too_large)?;
    hand_out_leftover(&mut floors, remainders, leftover);
    Ok(floors)
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
    fn totals_beyond_a_decimal_count_of_minor_units_still_split() {
        let parts = allocate(cny("1000000000000000000000000000"), &[d("1"), d("1")]).unwrap();
        let amounts: Vec<String> = parts.iter().map(|m| m.amount.to_string()).collect();
        assert_eq!(
            amounts,
            vec![
                "500000000000000000000000000.00",
                "500000000000000000000000000.00"
            ]
        );
        // Weights of 28 places next to large ones take the 256-bit division.
        let parts = allocate(
            cny("-1000000000000000000000000000"),
            &[d("0.0000000000000000000000000001"), d("1"), d("1")],
        )
        .unwrap();
        let amounts: Vec<String> = parts.iter().map(|m| m.amount.to_string()).collect();
        assert_eq!(
            amounts,
            vec![
                "-0.05",
                "-499999999999999999999999999.98",
                "-499999999999999999999999999.97"
            ]
        );
    }

    #[test]
    fn a_part_no_decimal_holds_is_an_overflow_at_the_total() {
        // A third of this total has 29 digits before the point and a fraction of a cent.
        let error = allocate(cny("79228162514264337593543950334"), &[d("1"); 3]).unwrap_err();
        assert_eq!(
            (error.code, error.path.as_str()),
            (ErrorCode::Overflow, "total")
        );
        // Whole parts drop the zeros after the point rather than overflow.
        let parts = allocate(cny("79228162514264337593543950334"), &[d("1"); 2]).unwrap();
        let amounts: Vec<String> = parts.iter().map(|m| m.amount.to_string()).collect();
        assert_eq!(
            amounts,
            vec![
                "39614081257132168796771975167",
                "39614081257132168796771975167"
            ]
        );
        // Shares in weights no integer spans, with a total whose units no decimal holds.
        let error = allocate(
            cny("1000000000000000000000000000"),
            &[
                d("0.0000000000000000000000000001"),
                d("79228162514264337593543950335"),
            ],
        )
        .unwrap_err();
        assert_eq!(
            (error.code, error.path.as_str()),
            (ErrorCode::Overflow, "total")
        );
    }

    #[test]
    fn large_weights_are_summed_without_overflow() {
        let max = d("79228162514264337593543950335");
        let parts = allocate(cny("1.00"), &[max, max]).unwrap();
        let amounts: Vec<String> = parts.iter().map(|m| m.amount.to_string()).collect();
        assert_eq!(amounts, vec!["0.50", "0.50"]);
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
            units in 0u128..(1u128 << 96),
            weights in prop::collection::vec((0i64..100_000_000, 0u32..5), 1..40),
            zeros in 0usize..3,
        ) {
            prop_assume!(weights.iter().any(|(w, _)| *w > 0));
            let mut ws: Vec<Decimal> = weights.iter().map(|(w, s)| Decimal::new(*w, *s)).collect();
            ws.extend(std::iter::repeat_n(Decimal::ZERO, zeros));
            // Units below 2^96 fit a decimal, so the decimal path can run on every case; it
            // refuses only numerators beyond the decimal range.
            if let Ok(decimal) = allocate_in_decimals(units, &ws) {
                prop_assert_eq!(allocate_in_integers(units, &ws), Some(decimal));
            }
        }

        #[test]
        fn wide_products_divide_like_narrow_ones(a in any::<u64>(), b in any::<u64>(), d in 1u128..) {
            let (high, low) = multiply_wide(u128::from(a), u128::from(b));
            prop_assert_eq!(high, 0);
            let n = u128::from(a) * u128::from(b);
            prop_assert_eq!(divide_wide((high, low), d), Some((n / d, n % d)));
        }

        #[test]
        fn wide_division_undoes_wide_multiplication(a in any::<u128>(), b in 1u128.., r in any::<u128>()) {
            // a × b + r' = a × b with r' < b: dividing gives a back with remainder r'.
            let r = r % b;
            let (high, low) = multiply_wide(a, b);
            let (low, carry) = low.overflowing_add(r);
            let high = high + u128::from(carry);
            prop_assert_eq!(divide_wide((high, low), b), Some((a, r)));
        }
    }
}
