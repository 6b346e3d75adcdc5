//! Turning wire values into typed documents and records, with every failure mapped to a
//! stable code and a JSON path. Every binding hands the core a `serde_json::Value` tree built
//! from its host values (never JSON text), and this module is the only place that reads it.

use crate::error::{join_path, Error, ErrorCode, ErrorKind, Problem};
use serde::de::DeserializeOwned;
use serde_json::Value;

use super::limits;
use super::strict::Strict;

/// Decodes one value; the first structural problem becomes the error.
pub fn decode<T: DeserializeOwned>(value: &Value, root: &str, kind: ErrorKind) -> Result<T, Error> {
    decode_problem(value, root).map_err(|p| Error::single(kind, p))
}

/// Decodes one value, returning the problem instead of an error (for per-record rejection).
pub fn decode_problem<T: DeserializeOwned>(value: &Value, root: &str) -> Result<T, Problem> {
    serde_path_to_error::deserialize::<_, T>(Strict::root(value)).map_err(|err| {
        let path = render_path(err.path());
        classify(&err.inner().to_string(), &path).under(root)
    })
}

/// Decodes a configuration document and reports **every** structural problem, not only the
/// first: after each failure the offending array element or unknown member is set aside and
/// the rest is decoded again, so a typo in stage 2 does not hide a wrong type in stage 5.
/// When anything was set aside the document is rejected as a whole.
pub fn decode_document<T: DeserializeOwned>(value: &Value) -> Result<T, Error> {
    // Each round removes one node, so the loop ends; the cap guards against pathological
    // documents where a removal would not change the error.
    const MAX_ROUNDS: usize = 200;
    let mut working = value.clone();
    let mut removed = RemovedElements::default();
    let mut problems: Vec<Problem> = Vec::new();
    for _ in 0..MAX_ROUNDS {
        match serde_path_to_error::deserialize::<_, T>(Strict::root(&working)) {
            Ok(doc) if problems.is_empty() => return Ok(doc),
            Ok(_) => break,
            Err(err) => {
                let segments = segments_of(err.path());
                let original = removed.to_original(&segments);
                let message = err.inner().to_string();
                let problem = classify(&message, &render_segments(&original));
                let unknown_key = (problem.code == ErrorCode::UnknownField)
                    .then(|| backticked(&message))
                    .flatten();
                let progressed = match unknown_key {
                    Some(key) => remove_member(&mut working, &segments, &key),
                    None => {
                        remove_innermost_element(&mut working, &segments, &original, &mut removed)
                    }
                };
                problems.push(problem);
                if !progressed {
                    break;
                }
            }
        }
    }
    Err(Error::config(problems))
}

/// Remembers which array elements `decode_document` set aside, by their original index, so
/// that later problems are reported at the paths the caller wrote.
#[derive(Default)]
struct RemovedElements(std::collections::HashMap<String, Vec<usize>>);

impl RemovedElements {
    fn to_original(&self, segments: &[Segment]) -> Vec<Segment> {
        let mut out: Vec<Segment> = Vec::with_capacity(segments.len());
        for s in segments {
            let mapped = match s {
                Segment::Index(i) => {
                    let gone = self
                        .0
                        .get(&render_segments(&out))
                        .map(Vec::as_slice)
                        .unwrap_or(&[]);
                    Segment::Index(nth_kept(*i, gone))
                }
                Segment::Key(k) => Segment::Key(k.clone()),
            };
            out.push(mapped);
        }
        out
    }

    fn record(&mut self, array_path: String, original_index: usize) {
        let list = self.0.entry(array_path).or_default();
        let at = list.partition_point(|&x| x < original_index);
        list.insert(at, original_index);
    }
}

/// The original index of the `n`-th element still present, given the sorted removed indices.
fn nth_kept(n: usize, removed_sorted: &[usize]) -> usize {
    let mut index = n;
    for &r in removed_sorted {
        if r <= index {
            index += 1;
        } else {
            break;
        }
    }
    index
}

/// Decodes each element of a batch on its own, so one bad record is rejected with its code and
/// path while the others still compute. `root` names the array (e.g. `requests`).
pub fn decode_batch<T: DeserializeOwned>(items: &[Value], root: &str) -> Vec<Result<T, Problem>> {
    items
        .iter()
        .enumerate()
        .map(|(i, item)| decode_problem(item, &format!("{root}[{i}]")))
        .collect()
}

/// Reads a member that must be an array, for batch operations.
pub fn array_member<'v>(request: &'v Value, key: &str) -> Result<&'v [Value], Error> {
    match request.get(key) {
        Some(Value::Array(items)) => within_list_limit(items, key),
        Some(_) => Err(Error::single(
            ErrorKind::Input,
            Problem::new(
                ErrorCode::InvalidType,
                key,
                format!("`{key}` must be an array"),
            ),
        )),
        None => Err(Error::single(
            ErrorKind::Input,
            Problem::new(ErrorCode::MissingField, key, format!("`{key}` is required")),
        )),
    }
}

/// A batch's records, unless there are more than [`limits::MAX_LIST_LEN`] of them.
pub fn within_list_limit<'v>(items: &'v [Value], name: &str) -> Result<&'v [Value], Error> {
    match limits::list_too_long(items.len()) {
        Some((code, message)) => Err(Error::single(
            ErrorKind::Input,
            Problem::new(code, name, message),
        )),
        None => Ok(items),
    }
}

/// The problem a deserializer's error message describes at `path`: the same code and path rule
/// as [`decode`], for bindings that deserialize typed requests straight from host values.
pub fn problem_from_message(message: &str, path: &str) -> Problem {
    classify(message, path)
}

/// Maps a serde error message to a stable code. Messages raised by our own deserializers carry
/// their code in front (`[CODE] …`); serde's own wording identifies the rest.
fn classify(message: &str, path: &str) -> Problem {
    if let Some(rest) = message.strip_prefix('[') {
        if let Some((code, text)) = rest.split_once("] ") {
            if let Some(code) = ErrorCode::parse(code) {
                return Problem::new(code, path, strip_serde_position(text));
            }
        }
    }
    if let Some(problem) = integer_out_of_range(message, path) {
        return problem;
    }
    let code = if message.starts_with("missing field") {
        ErrorCode::MissingField
    } else if message.starts_with("unknown field") {
        ErrorCode::UnknownField
    } else if message.starts_with("invalid type") {
        ErrorCode::InvalidType
    } else {
        ErrorCode::InvalidValue
    };
    let mut problem = Problem::new(code, path, strip_serde_position(message));
    // serde reports a missing member at its parent, and an unknown one sometimes at its
    // parent: point at the member itself either way.
    if matches!(code, ErrorCode::MissingField | ErrorCode::UnknownField) {
        if let Some(name) = backticked(message) {
            let already = path == name || path.ends_with(&format!(".{name}"));
            if !already {
                problem.path = join_path(path, &name);
            }
        }
    }
    problem
}

/// serde's refusal of a whole number outside its type (`invalid value: integer `-1`, expected
/// u32`) as `OUT_OF_RANGE` with the bounds in words: a type name means nothing to a caller.
fn integer_out_of_range(message: &str, path: &str) -> Option<Problem> {
    let rest = message.strip_prefix("invalid value: integer `")?;
    let (number, expected) = rest.split_once("`, expected ")?;
    let expected = expected.split(" at line ").next().unwrap_or(expected);
    let (low, high): (i128, i128) = match expected {
        "u8" => (0, u8::MAX.into()),
        "u16" => (0, u16::MAX.into()),
        "u32" => (0, u32::MAX.into()),
        "u64" => (0, u64::MAX.into()),
        "usize" => (0, usize::MAX as i128),
        "i8" => (i8::MIN.into(), i8::MAX.into()),
        "i16" => (i16::MIN.into(), i16::MAX.into()),
        "i32" => (i32::MIN.into(), i32::MAX.into()),
        _ => return None,
    };
    Some(Problem::new(
        ErrorCode::OutOfRange,
        path,
        format!("{number} is outside {low} to {high}"),
    ))
}

fn strip_serde_position(message: &str) -> String {
    match message.find(" at line ") {
        Some(i) => message[..i].to_string(),
        None => message.to_string(),
    }
}

fn backticked(message: &str) -> Option<String> {
    let start = message.find('`')? + 1;
    let len = message[start..].find('`')?;
    Some(message[start..start + len].to_string())
}

#[derive(Debug, Clone)]
enum Segment {
    Index(usize),
    Key(String),
}

fn segments_of(path: &serde_path_to_error::Path) -> Vec<Segment> {
    use serde_path_to_error::Segment as S;
    path.iter()
        .filter_map(|s| match s {
            S::Seq { index } => Some(Segment::Index(*index)),
            S::Map { key } => Some(Segment::Key(key.clone())),
            S::Enum { variant } => Some(Segment::Key(variant.clone())),
            S::Unknown => None,
        })
        .collect()
}

fn render_segments(segments: &[Segment]) -> String {
    let mut out = String::new();
    for s in segments {
        match s {
            Segment::Index(i) => out.push_str(&format!("[{i}]")),
            Segment::Key(k) if out.is_empty() => out.push_str(k),
            Segment::Key(k) => {
                out.push('.');
                out.push_str(k);
            }
        }
    }
    out
}

fn render_path(path: &serde_path_to_error::Path) -> String {
    render_segments(&segments_of(path))
}

fn node_mut<'v>(root: &'v mut Value, segments: &[Segment]) -> Option<&'v mut Value> {
    let mut node = root;
    for s in segments {
        node = match (s, node) {
            (Segment::Index(i), Value::Array(items)) => items.get_mut(*i)?,
            (Segment::Key(k), Value::Object(map)) => map.get_mut(k)?,
            _ => return None,
        };
    }
    Some(node)
}

fn remove_member(root: &mut Value, segments: &[Segment], key: &str) -> bool {
    // The path of an unknown-field error may or may not already end with the key itself.
    let parent_len = match segments.last() {
        Some(Segment::Key(k)) if k == key => segments.len() - 1,
        _ => segments.len(),
    };
    match node_mut(root, &segments[..parent_len]) {
        Some(Value::Object(map)) => map.remove(key).is_some(),
        _ => false,
    }
}

fn remove_innermost_element(
    root: &mut Value,
    segments: &[Segment],
    original: &[Segment],
    removed: &mut RemovedElements,
) -> bool {
    let Some(pos) = segments
        .iter()
        .rposition(|s| matches!(s, Segment::Index(_)))
    else {
        return false;
    };
    let (Segment::Index(index), Segment::Index(original_index)) = (&segments[pos], &original[pos])
    else {
        return false;
    };
    match node_mut(root, &segments[..pos]) {
        Some(Value::Array(items)) if *index < items.len() => {
            items.remove(*index);
            removed.record(render_segments(&original[..pos]), *original_index);
            true
        }
        _ => false,
    }
}

/// A list read into a vector sized once from the reader's length hint. serde's own `Vec`
/// reader caps that hint at a megabyte of elements (a guard against hostile lengths in formats
/// that state them up front) and then grows by doubling, which for a million large records
/// copies the whole batch several times. The readers here give a hint only for a list already
/// in memory (a host language's list), so the hint is the real length.
pub fn presized_vec<'de, D, T>(d: D) -> Result<Vec<T>, D::Error>
where
    D: serde::Deserializer<'de>,
    T: serde::Deserialize<'de>,
{
    struct Items<T>(std::marker::PhantomData<T>);
    impl<'de, T: serde::Deserialize<'de>> serde::de::Visitor<'de> for Items<T> {
        type Value = Vec<T>;

        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("a sequence")
        }

        fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<T>, A::Error> {
            let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0));
            while let Some(item) = seq.next_element()? {
                items.push(item);
            }
            Ok(items)
        }
    }
    d.deserialize_seq(Items(std::marker::PhantomData))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;
    use serde_json::json;

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Item {
        name: String,
        #[serde(with = "crate::wire::decimal")]
        amount: rust_decimal::Decimal,
    }

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Doc {
        items: Vec<Item>,
    }

    #[test]
    fn a_document_reports_every_structural_problem() {
        let value = json!({"items": [
            {"name": "a", "amount": "1"},
            {"name": 5, "amount": "1"},
            {"name": "c", "amount": "1", "typo": true},
            {"name": "d", "amount": 0.5},
            {"amount": "2"}
        ]});
        let err = decode_document::<Doc>(&value).unwrap_err();
        let got: Vec<(ErrorCode, &str)> = err
            .problems
            .iter()
            .map(|p| (p.code, p.path.as_str()))
            .collect();
        assert_eq!(
            got,
            vec![
                (ErrorCode::InvalidType, "items[1].name"),
                (ErrorCode::UnknownField, "items[2].typo"),
                (ErrorCode::FloatNotAllowed, "items[3].amount"),
                (ErrorCode::MissingField, "items[4].name"),
            ]
        );
        assert_eq!(err.problems.len(), 4, "{:?}", err.problems);
        assert_eq!(err.kind, ErrorKind::Config);
    }

    #[test]
    fn batch_elements_fail_alone() {
        let items = vec![
            json!({"name": "a", "amount": "1.5"}),
            json!({"name": "b", "amount": "x"}),
        ];
        let out = decode_batch::<Item>(&items, "requests");
        assert!(out[0].is_ok());
        let p = out[1].as_ref().unwrap_err();
        assert_eq!(p.code, ErrorCode::InvalidDecimal);
        assert_eq!(p.path, "requests[1].amount");
    }
}
