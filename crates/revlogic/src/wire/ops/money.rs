//! Money helpers in wire form.

use super::guarded;
use super::to_value;
use crate::error::{Error, ErrorKind};
use crate::money::{allocate as allocate_money, Money};
use crate::wire::decode::decode;
use crate::wire::DecimalString;
use rust_decimal::Decimal;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// `{total: {amount, currency}, weights: [...]}` → the parts, summing exactly to the total.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AllocateRequest {
    pub total: Money,
    #[schemars(with = "Vec<DecimalString>")]
    #[serde(deserialize_with = "decimal_list")]
    pub weights: Vec<Decimal>,
}

#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct Allocation {
    pub parts: Vec<Money>,
}

fn decimal_list<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Vec<Decimal>, D::Error> {
    #[derive(Deserialize)]
    struct Item(#[serde(with = "crate::wire::decimal")] Decimal);
    Vec::<Item>::deserialize(d).map(|items| items.into_iter().map(|i| i.0).collect())
}

pub fn allocate(request: &Value) -> Result<Allocation, Error> {
    guarded(|| {
        let request: AllocateRequest = decode(request, "", ErrorKind::Input)?;
        allocate_money(request.total, &request.weights)
            .map(|parts| Allocation { parts })
            .map_err(|p| Error::single(ErrorKind::Input, p))
    })
}

/// The vectors' operations of this domain; the input is the allocation request itself.
pub(super) fn call(operation: &str, input: &Value) -> Option<Result<Value, Error>> {
    (operation == "money.allocate").then(|| to_value(allocate(input)))
}
