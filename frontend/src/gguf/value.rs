//! GGUF metadata values: the thirteen value types, arrays included, and how they are
//! read from and written to bytes.

use std::fmt;

use super::cursor::Cursor;
use crate::error::Result;

/// Arrays may nest; deeper than this is treated as a malformed file (it would only
/// serve to exhaust the stack).
const MAX_ARRAY_DEPTH: usize = 8;

/// Vectors sized by a count read from the file reserve at most this many items up
/// front (and grow as items are actually read), so a lying count costs nothing.
pub(crate) const PREALLOCATE_LIMIT: u64 = 1 << 16;

/// The type tag of a GGUF metadata value (`gguf_type` in ggml).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum GgufValueType {
    /// `uint8` (0).
    U8,
    /// `int8` (1).
    I8,
    /// `uint16` (2).
    U16,
    /// `int16` (3).
    I16,
    /// `uint32` (4).
    U32,
    /// `int32` (5).
    I32,
    /// `float32` (6).
    F32,
    /// `bool`, one byte (7).
    Bool,
    /// A `u64` length then UTF-8 bytes (8).
    String,
    /// An element type, a `u64` count, then the elements (9).
    Array,
    /// `uint64` (10).
    U64,
    /// `int64` (11).
    I64,
    /// `float64` (12).
    F64,
}

impl GgufValueType {
    /// The type for a raw tag, or `None` for an unknown tag.
    pub fn from_id(id: u32) -> Option<Self> {
        use GgufValueType::*;
        Some(match id {
            0 => U8,
            1 => I8,
            2 => U16,
            3 => I16,
            4 => U32,
            5 => I32,
            6 => F32,
            7 => Bool,
            8 => String,
            9 => Array,
            10 => U64,
            11 => I64,
            12 => F64,
            _ => return None,
        })
    }

    /// The raw tag written in files.
    pub fn id(self) -> u32 {
        use GgufValueType::*;
        match self {
            U8 => 0,
            I8 => 1,
            U16 => 2,
            I16 => 3,
            U32 => 4,
            I32 => 5,
            F32 => 6,
            Bool => 7,
            String => 8,
            Array => 9,
            U64 => 10,
            I64 => 11,
            F64 => 12,
        }
    }

    /// The fewest bytes one value of this type takes in a file (used to reject
    /// counts that cannot fit before allocating for them).
    fn min_size(self) -> u64 {
        use GgufValueType::*;
        match self {
            U8 | I8 | Bool => 1,
            U16 | I16 => 2,
            U32 | I32 | F32 => 4,
            U64 | I64 | F64 | String => 8,
            Array => 12,
        }
    }
}

impl fmt::Display for GgufValueType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let name = format!("{self:?}").to_lowercase();
        f.write_str(&name)
    }
}

/// A GGUF array: its element type (kept so that empty arrays round-trip) and items.
#[derive(Debug, Clone, PartialEq)]
pub struct GgufArray {
    /// The type of every item.
    pub elem_type: GgufValueType,
    /// The items, each of `elem_type`.
    pub items: Vec<GgufValue>,
}

/// One metadata value.
#[derive(Debug, Clone, PartialEq)]
pub enum GgufValue {
    /// `uint8`.
    U8(u8),
    /// `int8`.
    I8(i8),
    /// `uint16`.
    U16(u16),
    /// `int16`.
    I16(i16),
    /// `uint32`.
    U32(u32),
    /// `int32`.
    I32(i32),
    /// `float32`.
    F32(f32),
    /// `bool`.
    Bool(bool),
    /// `string`.
    String(String),
    /// `array`.
    Array(GgufArray),
    /// `uint64`.
    U64(u64),
    /// `int64`.
    I64(i64),
    /// `float64`.
    F64(f64),
}

impl GgufValue {
    /// The value's type tag.
    pub fn value_type(&self) -> GgufValueType {
        match self {
            GgufValue::U8(_) => GgufValueType::U8,
            GgufValue::I8(_) => GgufValueType::I8,
            GgufValue::U16(_) => GgufValueType::U16,
            GgufValue::I16(_) => GgufValueType::I16,
            GgufValue::U32(_) => GgufValueType::U32,
            GgufValue::I32(_) => GgufValueType::I32,
            GgufValue::F32(_) => GgufValueType::F32,
            GgufValue::Bool(_) => GgufValueType::Bool,
            GgufValue::String(_) => GgufValueType::String,
            GgufValue::Array(_) => GgufValueType::Array,
            GgufValue::U64(_) => GgufValueType::U64,
            GgufValue::I64(_) => GgufValueType::I64,
            GgufValue::F64(_) => GgufValueType::F64,
        }
    }

    /// Any integer value that is non-negative, as `u64`; `None` otherwise.
    pub fn as_u64(&self) -> Option<u64> {
        match *self {
            GgufValue::U8(v) => Some(v.into()),
            GgufValue::U16(v) => Some(v.into()),
            GgufValue::U32(v) => Some(v.into()),
            GgufValue::U64(v) => Some(v),
            GgufValue::I8(v) => u64::try_from(v).ok(),
            GgufValue::I16(v) => u64::try_from(v).ok(),
            GgufValue::I32(v) => u64::try_from(v).ok(),
            GgufValue::I64(v) => u64::try_from(v).ok(),
            _ => None,
        }
    }

    /// Any integer value as `i64` (when it fits); `None` otherwise.
    pub fn as_i64(&self) -> Option<i64> {
        match *self {
            GgufValue::I8(v) => Some(v.into()),
            GgufValue::I16(v) => Some(v.into()),
            GgufValue::I32(v) => Some(v.into()),
            GgufValue::I64(v) => Some(v),
            _ => self.as_u64().and_then(|v| i64::try_from(v).ok()),
        }
    }

    /// A float value (either width) as `f64`; `None` otherwise.
    pub fn as_f64(&self) -> Option<f64> {
        match *self {
            GgufValue::F32(v) => Some(v.into()),
            GgufValue::F64(v) => Some(v),
            _ => None,
        }
    }

    /// A bool value; `None` otherwise.
    pub fn as_bool(&self) -> Option<bool> {
        match *self {
            GgufValue::Bool(v) => Some(v),
            _ => None,
        }
    }

    /// A string value; `None` otherwise.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            GgufValue::String(v) => Some(v),
            _ => None,
        }
    }

    /// An array value; `None` otherwise.
    pub fn as_array(&self) -> Option<&GgufArray> {
        match self {
            GgufValue::Array(v) => Some(v),
            _ => None,
        }
    }

    /// A short description for error messages: the type, and the value when short.
    pub fn describe(&self) -> String {
        match self {
            GgufValue::String(s) if s.len() <= 40 => format!("string \"{s}\""),
            GgufValue::String(s) => format!("string of {} bytes", s.len()),
            GgufValue::Array(a) => format!("array of {} {}", a.items.len(), a.elem_type),
            other => format!("{} {}", other.value_type(), other.scalar_text()),
        }
    }

    fn scalar_text(&self) -> String {
        match self {
            GgufValue::U8(v) => v.to_string(),
            GgufValue::I8(v) => v.to_string(),
            GgufValue::U16(v) => v.to_string(),
            GgufValue::I16(v) => v.to_string(),
            GgufValue::U32(v) => v.to_string(),
            GgufValue::I32(v) => v.to_string(),
            GgufValue::F32(v) => v.to_string(),
            GgufValue::Bool(v) => v.to_string(),
            GgufValue::U64(v) => v.to_string(),
            GgufValue::I64(v) => v.to_string(),
            GgufValue::F64(v) => v.to_string(),
            GgufValue::String(_) | GgufValue::Array(_) => String::new(),
        }
    }

    /// Appends the value's bytes (without its type tag) as GGUF lays them out.
    pub(crate) fn write_payload(&self, out: &mut Vec<u8>) {
        match self {
            GgufValue::U8(v) => out.push(*v),
            GgufValue::I8(v) => out.extend(v.to_le_bytes()),
            GgufValue::U16(v) => out.extend(v.to_le_bytes()),
            GgufValue::I16(v) => out.extend(v.to_le_bytes()),
            GgufValue::U32(v) => out.extend(v.to_le_bytes()),
            GgufValue::I32(v) => out.extend(v.to_le_bytes()),
            GgufValue::F32(v) => out.extend(v.to_le_bytes()),
            GgufValue::Bool(v) => out.push(u8::from(*v)),
            GgufValue::String(s) => write_string(out, s),
            GgufValue::Array(a) => {
                out.extend(a.elem_type.id().to_le_bytes());
                out.extend((a.items.len() as u64).to_le_bytes());
                for item in &a.items {
                    item.write_payload(out);
                }
            }
            GgufValue::U64(v) => out.extend(v.to_le_bytes()),
            GgufValue::I64(v) => out.extend(v.to_le_bytes()),
            GgufValue::F64(v) => out.extend(v.to_le_bytes()),
        }
    }
}

/// Appends a GGUF string: `u64` length, then the bytes.
pub(crate) fn write_string(out: &mut Vec<u8>, s: &str) {
    out.extend((s.len() as u64).to_le_bytes());
    out.extend(s.as_bytes());
}

/// Reads a value tag; `what` names the key for the error message.
pub(crate) fn read_value_type(
    cur: &mut Cursor<'_>,
    what: &dyn Fn() -> String,
) -> Result<GgufValueType> {
    let id = cur.u32(what)?;
    GgufValueType::from_id(id).ok_or_else(|| {
        cur.malformed(format!(
            "{} has unknown value type {id} (expected 0..=12)",
            what()
        ))
    })
}

/// Reads one value of type `ty`.
pub(crate) fn read_value(
    cur: &mut Cursor<'_>,
    ty: GgufValueType,
    what: &dyn Fn() -> String,
) -> Result<GgufValue> {
    read_value_at_depth(cur, ty, what, 0)
}

fn read_value_at_depth(
    cur: &mut Cursor<'_>,
    ty: GgufValueType,
    what: &dyn Fn() -> String,
    depth: usize,
) -> Result<GgufValue> {
    Ok(match ty {
        GgufValueType::U8 => GgufValue::U8(u8::from_le_bytes(cur.array(what)?)),
        GgufValueType::I8 => GgufValue::I8(i8::from_le_bytes(cur.array(what)?)),
        GgufValueType::U16 => GgufValue::U16(u16::from_le_bytes(cur.array(what)?)),
        GgufValueType::I16 => GgufValue::I16(i16::from_le_bytes(cur.array(what)?)),
        GgufValueType::U32 => GgufValue::U32(cur.u32(what)?),
        GgufValueType::I32 => GgufValue::I32(i32::from_le_bytes(cur.array(what)?)),
        GgufValueType::F32 => GgufValue::F32(f32::from_le_bytes(cur.array(what)?)),
        GgufValueType::Bool => GgufValue::Bool(u8::from_le_bytes(cur.array(what)?) != 0),
        GgufValueType::String => GgufValue::String(cur.string(what)?),
        GgufValueType::U64 => GgufValue::U64(cur.u64(what)?),
        GgufValueType::I64 => GgufValue::I64(i64::from_le_bytes(cur.array(what)?)),
        GgufValueType::F64 => GgufValue::F64(f64::from_le_bytes(cur.array(what)?)),
        GgufValueType::Array => GgufValue::Array(read_array(cur, what, depth)?),
    })
}

fn read_array(cur: &mut Cursor<'_>, what: &dyn Fn() -> String, depth: usize) -> Result<GgufArray> {
    if depth >= MAX_ARRAY_DEPTH {
        return Err(cur.malformed(format!(
            "{} nests arrays deeper than {MAX_ARRAY_DEPTH} levels",
            what()
        )));
    }
    let elem_type = read_value_type(cur, what)?;
    let count = cur.u64(what)?;
    let min_bytes = count.saturating_mul(elem_type.min_size());
    if min_bytes > cur.remaining() as u64 {
        return Err(cur.malformed(format!(
            "{} declares {count} items of {elem_type}, which needs at least {min_bytes} bytes (only {} remain)",
            what(),
            cur.remaining()
        )));
    }
    let mut items = Vec::with_capacity(count.min(PREALLOCATE_LIMIT) as usize);
    for i in 0..count {
        let item_what = || format!("{} item #{i}", what());
        items.push(read_value_at_depth(cur, elem_type, &item_what, depth + 1)?);
    }
    Ok(GgufArray { elem_type, items })
}
