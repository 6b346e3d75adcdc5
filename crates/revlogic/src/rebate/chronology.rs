//! Chronological valuation of graduated quantity tiers (`volume.valuation: chronological`).
//!
//! The counted lines are stacked in the order they were bought — by order date, then order id
//! (a line without one first), then line id — each contributing its net units (bought less
//! returned) and its net value (amount less returns). A band of the tier table covers a range of
//! stacked units; the value in the band is the value of the units lying there, each line's units
//! at that line's net price. A line whose units were all returned but whose value was not (or a
//! line of zero units) has no width: its value sits at its point of the stack, in the band the
//! table's boundary rule gives that point.
//!
//! Everything is computed from prefix sums, so the value below any point of the stack is a
//! binary search and one interpolation. An estimate inserts the order's lines at their date
//! without copying the period: the stack is read as three parts — the lines before the order,
//! the order, and the lines after it moved up by the order's units — and the very same sums
//! are formed as when the order is settled, so `estimate = settle(with) − settle(without)`
//! holds to the last digit.

use super::ledger::CountedLine;
use crate::error::Problem;
use crate::tiers::{Boundary, TierTable};
use crate::wire;
use chrono::NaiveDate;
use rust_decimal::Decimal;
use schemars::JsonSchema;
use serde::Serialize;
use std::sync::Arc;

use super::figures::overflow;

/// Overflow in the stack as a whole (its prefix sums, a band's value): the period's `lines`
/// taken together left the range, and the call fails there.
fn over(what: &str) -> Problem {
    overflow(
        "lines",
        format!("the lines stacked in purchase order: {what}"),
    )
}

/// The units that fell into one band, what they are worth, and what the band pays on them.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct UnitSlice {
    pub band: Arc<str>,
    /// Net units stacked inside the band.
    #[serde(with = "wire::decimal")]
    #[schemars(with = "wire::DecimalString")]
    pub units: Decimal,
    /// Their value, each line's units at that line's net price. Not rounded.
    #[serde(with = "wire::decimal")]
    #[schemars(with = "wire::DecimalString")]
    pub value: Decimal,
    #[serde(with = "wire::decimal")]
    #[schemars(with = "wire::DecimalString")]
    pub rate: Decimal,
    /// `value × rate`. Not rounded.
    #[serde(with = "wire::decimal")]
    #[schemars(with = "wire::DecimalString")]
    pub amount: Decimal,
}

/// The graduated table applied to a stack: one slice per band touched and their total.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Valued {
    pub slices: Vec<UnitSlice>,
    pub amount: Decimal,
}

/// Lines stacked in purchase order, with prefix sums of units and value.
#[derive(Debug, Clone, Default)]
pub(crate) struct Chronology {
    /// Units stacked below each entry; one more element than entries (the last is the total).
    start: Vec<Decimal>,
    /// Value stacked below each entry, the same way.
    below: Vec<Decimal>,
    units: Vec<Decimal>,
    value: Vec<Decimal>,
    dates: Vec<NaiveDate>,
    /// The ledger line each entry is.
    pub line: Vec<usize>,
}

impl Chronology {
    /// The counted (not excluded) lines of a ledger in purchase order.
    pub fn of_lines(lines: &[CountedLine]) -> Result<Chronology, Problem> {
        let mut order: Vec<usize> = (0..lines.len()).filter(|&i| !lines[i].excluded).collect();
        order.sort_by(|&a, &b| {
            let (x, y) = (&lines[a], &lines[b]);
            x.date()
                .cmp(&y.date())
                .then_with(|| x.order_id().cmp(&y.order_id()))
                .then_with(|| x.id().cmp(y.id()))
        });
        let mut c = Chronology::with_capacity(order.len());
        for i in order {
            let l = &lines[i];
            let at = |field: &str, what: &str| {
                overflow(
                    format!("lines[{}].{field}", l.index),
                    format!("order line `{}`: {what}", l.id()),
                )
            };
            // Returns are at most what the line bought (checked in the ledger): in range.
            let units = l
                .quantity()
                .checked_sub(l.returned_units)
                .ok_or_else(|| at("quantity", "its net units"))?;
            let value = l
                .amount()
                .checked_sub(l.returned)
                .ok_or_else(|| at("amount", "its net value"))?;
            c.push(l.date(), units, value, i)
                .map_err(|field| at(field, "the lines stacked up to it"))?;
        }
        Ok(c)
    }

    pub fn with_capacity(n: usize) -> Chronology {
        let mut start = Vec::with_capacity(n + 1);
        let mut below = Vec::with_capacity(n + 1);
        start.push(Decimal::ZERO);
        below.push(Decimal::ZERO);
        Chronology {
            start,
            below,
            units: Vec::with_capacity(n),
            value: Vec::with_capacity(n),
            dates: Vec::with_capacity(n),
            line: Vec::with_capacity(n),
        }
    }

    /// Stacks one more entry on top (entries must come in purchase order). When the stack
    /// would leave the range, the field of the entry that took it out (`quantity` or
    /// `amount`), for the caller to name the record.
    pub fn push(
        &mut self,
        date: NaiveDate,
        units: Decimal,
        value: Decimal,
        line: usize,
    ) -> Result<(), &'static str> {
        let n = self.units.len();
        let top = self.start[n].checked_add(units).ok_or("quantity")?;
        let worth = self.below[n].checked_add(value).ok_or("amount")?;
        self.start.push(top);
        self.below.push(worth);
        self.units.push(units);
        self.value.push(value);
        self.dates.push(date);
        self.line.push(line);
        Ok(())
    }

    pub fn len(&self) -> usize {
        self.units.len()
    }

    pub fn total_units(&self) -> Decimal {
        self.start[self.len()]
    }

    /// How many entries are dated on or before `date`: an order of that date goes after them.
    pub fn entries_until(&self, date: NaiveDate) -> usize {
        self.dates.partition_point(|d| *d <= date)
    }

    /// The whole stack as one part.
    pub fn whole(&self) -> Part<'_> {
        Part {
            stack: self,
            from: 0,
            to: self.len(),
            offset: Decimal::ZERO,
        }
    }

    /// This stack with `order` inserted after its first `at` entries: the entries below, the
    /// order, and the entries above moved up by the order's units.
    pub fn with_inserted<'a>(&'a self, at: usize, order: &'a Chronology) -> [Part<'a>; 3] {
        let at = at.min(self.len());
        let bottom = self.start[at];
        [
            Part {
                stack: self,
                from: 0,
                to: at,
                offset: Decimal::ZERO,
            },
            Part {
                stack: order,
                from: 0,
                to: order.len(),
                offset: bottom,
            },
            Part {
                stack: self,
                from: at,
                to: self.len(),
                offset: order.total_units(),
            },
        ]
    }

    /// Entries wholly below `x` (`inclusive`: at or below). With `inclusive` false a point
    /// entry at `x` is not below it, with `true` it is. Both predicates hold on a prefix of
    /// the entries, since entries are stacked in order.
    fn count_below(&self, x: Decimal, inclusive: bool) -> usize {
        let (mut lo, mut hi) = (0, self.len());
        while lo < hi {
            let mid = lo + (hi - lo) / 2;
            let end = self.start[mid + 1];
            let below = if inclusive || !self.units[mid].is_zero() {
                end <= x
            } else {
                self.start[mid] < x
            };
            if below {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        lo
    }

    /// Each entry's rebate under a graduated table: the value of its units in each band × the
    /// band's rate (the weights the volume rebate is allocated back by). A weight that leaves
    /// the range is the entry's own arithmetic: `Err(j)` names the entry.
    pub fn weights(&self, tiers: &TierTable) -> Result<Vec<Decimal>, usize> {
        let mut out = Vec::with_capacity(self.len());
        for j in 0..self.len() {
            let (start, units, value) = (self.start[j], self.units[j], self.value[j]);
            let mul = |a: Decimal, b: Decimal| a.checked_mul(b).ok_or(j);
            if units.is_zero() {
                out.push(mul(value, tiers.reached(start).value)?);
                continue;
            }
            let end = self.start[j + 1];
            let mut w = Decimal::ZERO;
            for band in &tiers.bands {
                let lo = band.from.max(start);
                let hi = band.to.map_or(end, |to| to.min(end));
                if hi <= lo {
                    continue;
                }
                // A line inside one band is worth its whole value there: no division.
                let part = if lo == start && hi == end {
                    value
                } else {
                    mul(value, hi.checked_sub(lo).ok_or(j)?)?
                        .checked_div(units)
                        .ok_or(j)?
                };
                w = w.checked_add(mul(part, band.value)?).ok_or(j)?;
            }
            out.push(w);
        }
        Ok(out)
    }
}

/// A run of entries `[from, to)` of a stack, moved up by `offset` units.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Part<'a> {
    pub stack: &'a Chronology,
    pub from: usize,
    pub to: usize,
    pub offset: Decimal,
}

impl Part<'_> {
    fn units(&self) -> Result<Decimal, Problem> {
        self.stack.start[self.to]
            .checked_sub(self.stack.start[self.from])
            .ok_or_else(|| over("units"))
    }

    fn value(&self) -> Result<Decimal, Problem> {
        self.stack.below[self.to]
            .checked_sub(self.stack.below[self.from])
            .ok_or_else(|| over("value"))
    }

    /// The value of this part's units below `u` as an exact sum of whole entries and the
    /// interpolated share of the entry `u` cuts (zero when it cuts none).
    fn below(&self, u: Decimal, inclusive: bool) -> Result<(Decimal, Decimal), Problem> {
        let x = u
            .checked_sub(self.offset)
            .ok_or_else(|| over("a band bound"))?;
        let k = self
            .stack
            .count_below(x, inclusive)
            .clamp(self.from, self.to);
        let whole = self.stack.below[k]
            .checked_sub(self.stack.below[self.from])
            .ok_or_else(|| over("value"))?;
        let s = self.stack;
        let cut = if k < self.to && !s.units[k].is_zero() && s.start[k] < x {
            let inside = x
                .checked_sub(s.start[k])
                .ok_or_else(|| over("a band bound"))?;
            mul(s.value[k], inside)?
                .checked_div(s.units[k])
                .ok_or_else(|| over("a line's value in a band"))?
        } else {
            Decimal::ZERO
        };
        Ok((whole, cut))
    }
}

/// The value of the stack formed by `parts` (bottom to top) below `u`.
fn value_below(parts: &[Part<'_>], u: Decimal, inclusive: bool) -> Result<Decimal, Problem> {
    let mut whole = Decimal::ZERO;
    let mut cut = Decimal::ZERO;
    for p in parts {
        let (w, c) = p.below(u, inclusive)?;
        whole = whole.checked_add(w).ok_or_else(|| over("value"))?;
        // At most one entry of the whole stack is cut.
        if !c.is_zero() {
            cut = c;
        }
    }
    // The exact sum first and the cut share added once, in every reading of the stack alike.
    whole.checked_add(cut).ok_or_else(|| over("value"))
}

/// A graduated table applied to the stack formed by `parts`: the units and value in each band.
pub(crate) fn value_bands(tiers: &TierTable, parts: &[Part<'_>]) -> Result<Valued, Problem> {
    let inclusive = tiers.boundary == Boundary::UpperInclusive;
    let mut total_units = Decimal::ZERO;
    let mut total_value = Decimal::ZERO;
    for p in parts {
        total_units = total_units
            .checked_add(p.units()?)
            .ok_or_else(|| over("units"))?;
        total_value = total_value
            .checked_add(p.value()?)
            .ok_or_else(|| over("value"))?;
    }
    let reached = tiers.reached(total_units).id.clone();
    let mut slices = Vec::with_capacity(tiers.bands.len());
    let mut amount = Decimal::ZERO;
    // The first band starts at 0 and (upper-inclusive tables) includes it.
    let mut lower_value = Decimal::ZERO;
    for band in &tiers.bands {
        let upper_value = match band.to {
            Some(to) if to < total_units || (to == total_units && !inclusive) => {
                value_below(parts, to, inclusive)?
            }
            // Every unit and point of the stack is at or below this bound.
            _ => total_value,
        };
        let value = upper_value
            .checked_sub(lower_value)
            .ok_or_else(|| over("a band's value"))?;
        let hi = band.to.map_or(total_units, |to| to.min(total_units));
        let units = hi
            .checked_sub(band.from.min(total_units))
            .ok_or_else(|| over("a band's units"))?
            .max(Decimal::ZERO);
        lower_value = upper_value;
        if units.is_zero() && value.is_zero() && band.id != reached {
            continue;
        }
        let earned = mul(value, band.value)?;
        amount = amount
            .checked_add(earned)
            .ok_or_else(|| over("the volume tiers' total"))?;
        // Unrounded figures are shown without trailing zeros, as the other unrounded
        // figures are.
        slices.push(UnitSlice {
            band: band.id.clone(),
            units: units.normalize(),
            value: value.normalize(),
            rate: band.value,
            amount: earned.normalize(),
        });
    }
    Ok(Valued {
        slices,
        amount: amount.normalize(),
    })
}

fn mul(a: Decimal, b: Decimal) -> Result<Decimal, Problem> {
    a.checked_mul(b)
        .ok_or_else(|| over("a band's value × rate"))
}
