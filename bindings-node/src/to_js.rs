//! Typed core results → plain JS values, through serde.
//!
//! napi's own serializer (`Env::to_js_value`) builds every property name afresh from a C
//! string; a batch result repeats the same few dozen names hundreds of thousands of times, and
//! that dominated the cost of a call. This serializer creates each `&'static str` (field names,
//! enum tags) once per conversion and reuses the handle. Output is what JSON would give:
//! structs and maps as plain objects, sequences as arrays, `None` as `null`, newtype structs
//! (the core's decimal/date/instant markers) transparent.

use napi::{sys, Env, Status, Unknown};
use serde::ser::{self, Serialize};
use std::cell::RefCell;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::ptr;

type Handle = sys::napi_value;
type Result<T> = std::result::Result<T, napi::Error>;

/// Converts `value` into a JS value in `env`'s current scope (valid as long as that scope,
/// like napi's own `Env::to_js_value`).
pub fn to_js<'scope, T: Serialize + ?Sized>(env: &Env, value: &T) -> Result<Unknown<'scope>> {
    let writer = Writer {
        env: env.raw(),
        names: RefCell::new(HashMap::default()),
    };
    let handle = value.serialize(&writer)?;
    // SAFETY: the handle was just created in this env's current scope.
    Ok(unsafe { Unknown::from_raw_unchecked(env.raw(), handle) })
}

struct Writer {
    env: sys::napi_env,
    /// Handles of `&'static str` names already created, keyed by address and length.
    names: RefCell<HashMap<(usize, usize), Handle, BuildHasherDefault<AddressHasher>>>,
}

/// The keys are addresses of static strings: mixing them with one multiplication is enough,
/// and SipHash showed up in profiles of large batches.
#[derive(Default)]
struct AddressHasher(u64);

impl Hasher for AddressHasher {
    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.write_u64(u64::from(*b));
        }
    }

    fn write_usize(&mut self, n: usize) {
        self.write_u64(n as u64);
    }

    fn write_u64(&mut self, n: u64) {
        self.0 = (self.0.rotate_left(5) ^ n).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

fn check(status: sys::napi_status) -> Result<()> {
    if status == sys::Status::napi_ok {
        Ok(())
    } else {
        Err(napi::Error::from_status(Status::from(status)))
    }
}

impl Writer {
    fn string(&self, s: &str) -> Result<Handle> {
        let mut out = ptr::null_mut();
        check(unsafe {
            sys::napi_create_string_utf8(self.env, s.as_ptr().cast(), s.len() as isize, &mut out)
        })?;
        Ok(out)
    }

    fn name(&self, s: &'static str) -> Result<Handle> {
        let id = (s.as_ptr() as usize, s.len());
        if let Some(handle) = self.names.borrow().get(&id) {
            return Ok(*handle);
        }
        let handle = self.string(s)?;
        self.names.borrow_mut().insert(id, handle);
        Ok(handle)
    }

    fn object(&self) -> Result<Handle> {
        let mut out = ptr::null_mut();
        check(unsafe { sys::napi_create_object(self.env, &mut out) })?;
        Ok(out)
    }

    fn array(&self, len: usize) -> Result<Handle> {
        let mut out = ptr::null_mut();
        check(unsafe { sys::napi_create_array_with_length(self.env, len, &mut out) })?;
        Ok(out)
    }

    fn set(&self, object: Handle, key: Handle, value: Handle) -> Result<()> {
        check(unsafe { sys::napi_set_property(self.env, object, key, value) })
    }

    fn null(&self) -> Result<Handle> {
        let mut out = ptr::null_mut();
        check(unsafe { sys::napi_get_null(self.env, &mut out) })?;
        Ok(out)
    }

    fn double(&self, v: f64) -> Result<Handle> {
        let mut out = ptr::null_mut();
        check(unsafe { sys::napi_create_double(self.env, v, &mut out) })?;
        Ok(out)
    }

    /// `{variant: value}`, serde's external tagging, as serde_json writes it.
    fn tagged(&self, variant: &'static str, value: Handle) -> Result<Handle> {
        let object = self.object()?;
        self.set(object, self.name(variant)?, value)?;
        Ok(object)
    }
}

impl<'a> ser::Serializer for &'a Writer {
    type Ok = Handle;
    type Error = napi::Error;
    type SerializeSeq = Seq<'a>;
    type SerializeTuple = Seq<'a>;
    type SerializeTupleStruct = Seq<'a>;
    type SerializeTupleVariant = Seq<'a>;
    type SerializeMap = Object<'a>;
    type SerializeStruct = Object<'a>;
    type SerializeStructVariant = Object<'a>;

    fn serialize_bool(self, v: bool) -> Result<Handle> {
        let mut out = ptr::null_mut();
        check(unsafe { sys::napi_get_boolean(self.env, v, &mut out) })?;
        Ok(out)
    }

    fn serialize_i8(self, v: i8) -> Result<Handle> {
        self.serialize_i64(v.into())
    }

    fn serialize_i16(self, v: i16) -> Result<Handle> {
        self.serialize_i64(v.into())
    }

    fn serialize_i32(self, v: i32) -> Result<Handle> {
        self.serialize_i64(v.into())
    }

    fn serialize_i64(self, v: i64) -> Result<Handle> {
        // A JS number, as JSON.parse would give (exact within ±2^53).
        let mut out = ptr::null_mut();
        check(unsafe { sys::napi_create_int64(self.env, v, &mut out) })?;
        Ok(out)
    }

    fn serialize_u8(self, v: u8) -> Result<Handle> {
        self.serialize_u64(v.into())
    }

    fn serialize_u16(self, v: u16) -> Result<Handle> {
        self.serialize_u64(v.into())
    }

    fn serialize_u32(self, v: u32) -> Result<Handle> {
        self.serialize_u64(v.into())
    }

    fn serialize_u64(self, v: u64) -> Result<Handle> {
        self.double(v as f64)
    }

    fn serialize_f32(self, v: f32) -> Result<Handle> {
        self.double(v.into())
    }

    fn serialize_f64(self, v: f64) -> Result<Handle> {
        self.double(v)
    }

    fn serialize_char(self, v: char) -> Result<Handle> {
        self.string(v.encode_utf8(&mut [0; 4]))
    }

    fn serialize_str(self, v: &str) -> Result<Handle> {
        self.string(v)
    }

    fn serialize_bytes(self, v: &[u8]) -> Result<Handle> {
        let array = self.array(v.len())?;
        for (i, b) in v.iter().enumerate() {
            let item = self.serialize_u64((*b).into())?;
            check(unsafe { sys::napi_set_element(self.env, array, i as u32, item) })?;
        }
        Ok(array)
    }

    fn serialize_none(self) -> Result<Handle> {
        self.null()
    }

    fn serialize_some<T: ?Sized + Serialize>(self, value: &T) -> Result<Handle> {
        value.serialize(self)
    }

    fn serialize_unit(self) -> Result<Handle> {
        self.null()
    }

    fn serialize_unit_struct(self, _name: &'static str) -> Result<Handle> {
        self.null()
    }

    fn serialize_unit_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
    ) -> Result<Handle> {
        // Enum tags repeat as often as field names: cached too.
        self.name(variant)
    }

    fn serialize_newtype_struct<T: ?Sized + Serialize>(
        self,
        _name: &'static str,
        value: &T,
    ) -> Result<Handle> {
        value.serialize(self)
    }

    fn serialize_newtype_variant<T: ?Sized + Serialize>(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        value: &T,
    ) -> Result<Handle> {
        let inner = value.serialize(self)?;
        self.tagged(variant, inner)
    }

    fn serialize_seq(self, len: Option<usize>) -> Result<Seq<'a>> {
        Ok(Seq {
            writer: self,
            array: self.array(len.unwrap_or(0))?,
            next: 0,
            variant: None,
        })
    }

    fn serialize_tuple(self, len: usize) -> Result<Seq<'a>> {
        self.serialize_seq(Some(len))
    }

    fn serialize_tuple_struct(self, _: &'static str, len: usize) -> Result<Seq<'a>> {
        self.serialize_seq(Some(len))
    }

    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        len: usize,
    ) -> Result<Seq<'a>> {
        let mut seq = self.serialize_seq(Some(len))?;
        seq.variant = Some(variant);
        Ok(seq)
    }

    fn serialize_map(self, _len: Option<usize>) -> Result<Object<'a>> {
        Ok(Object {
            writer: self,
            object: self.object()?,
            key: None,
            variant: None,
        })
    }

    fn serialize_struct(self, _: &'static str, _: usize) -> Result<Object<'a>> {
        self.serialize_map(None)
    }

    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        _: usize,
    ) -> Result<Object<'a>> {
        let mut object = self.serialize_map(None)?;
        object.variant = Some(variant);
        Ok(object)
    }
}

pub struct Seq<'a> {
    writer: &'a Writer,
    array: Handle,
    next: u32,
    variant: Option<&'static str>,
}

impl Seq<'_> {
    fn push<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<()> {
        let item = value.serialize(self.writer)?;
        check(unsafe { sys::napi_set_element(self.writer.env, self.array, self.next, item) })?;
        self.next += 1;
        Ok(())
    }

    fn finish(self) -> Result<Handle> {
        match self.variant {
            Some(variant) => self.writer.tagged(variant, self.array),
            None => Ok(self.array),
        }
    }
}

impl ser::SerializeSeq for Seq<'_> {
    type Ok = Handle;
    type Error = napi::Error;

    fn serialize_element<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<()> {
        self.push(value)
    }

    fn end(self) -> Result<Handle> {
        self.finish()
    }
}

impl ser::SerializeTuple for Seq<'_> {
    type Ok = Handle;
    type Error = napi::Error;

    fn serialize_element<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<()> {
        self.push(value)
    }

    fn end(self) -> Result<Handle> {
        self.finish()
    }
}

impl ser::SerializeTupleStruct for Seq<'_> {
    type Ok = Handle;
    type Error = napi::Error;

    fn serialize_field<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<()> {
        self.push(value)
    }

    fn end(self) -> Result<Handle> {
        self.finish()
    }
}

impl ser::SerializeTupleVariant for Seq<'_> {
    type Ok = Handle;
    type Error = napi::Error;

    fn serialize_field<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<()> {
        self.push(value)
    }

    fn end(self) -> Result<Handle> {
        self.finish()
    }
}

pub struct Object<'a> {
    writer: &'a Writer,
    object: Handle,
    /// A map key waiting for its value.
    key: Option<Handle>,
    variant: Option<&'static str>,
}

impl Object<'_> {
    fn finish(self) -> Result<Handle> {
        match self.variant {
            Some(variant) => self.writer.tagged(variant, self.object),
            None => Ok(self.object),
        }
    }
}

impl ser::SerializeMap for Object<'_> {
    type Ok = Handle;
    type Error = napi::Error;

    fn serialize_key<T: ?Sized + Serialize>(&mut self, key: &T) -> Result<()> {
        // Keys become strings, as in JSON (a number key 1 is the property "1").
        let key = key.serialize(self.writer)?;
        let mut text = ptr::null_mut();
        check(unsafe { sys::napi_coerce_to_string(self.writer.env, key, &mut text) })?;
        self.key = Some(text);
        Ok(())
    }

    fn serialize_value<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<()> {
        let key = self
            .key
            .take()
            .ok_or_else(|| napi::Error::new(Status::GenericFailure, "map value without a key"))?;
        let value = value.serialize(self.writer)?;
        self.writer.set(self.object, key, value)
    }

    fn end(self) -> Result<Handle> {
        self.finish()
    }
}

impl ser::SerializeStruct for Object<'_> {
    type Ok = Handle;
    type Error = napi::Error;

    fn serialize_field<T: ?Sized + Serialize>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<()> {
        let value = value.serialize(self.writer)?;
        self.writer.set(self.object, self.writer.name(key)?, value)
    }

    fn end(self) -> Result<Handle> {
        self.finish()
    }
}

impl ser::SerializeStructVariant for Object<'_> {
    type Ok = Handle;
    type Error = napi::Error;

    fn serialize_field<T: ?Sized + Serialize>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<()> {
        let value = value.serialize(self.writer)?;
        self.writer.set(self.object, self.writer.name(key)?, value)
    }

    fn end(self) -> Result<Handle> {
        self.finish()
    }
}
