//! Plain-Rust views of the MLIR types kforge ops use: ranked tensors of a float
//! or integer element type.
use melior::ir::{Type, TypeLike};
use mlir_sys::*;
use std::fmt;

/// An element type a kforge tensor can have. Compute ops take the float types
/// `f32`, `f16`, `bf16` and the integer types `i64`, `i32` (the verifier says
/// which where); `kforge.weight` and `kforge.reshape` take any of them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ElementType {
    /// 32-bit IEEE float.
    F32,
    /// 16-bit IEEE float.
    F16,
    /// bfloat16.
    BF16,
    /// 64-bit IEEE float (stored weights only).
    F64,
    /// 64-bit signless integer (token ids, positions).
    I64,
    /// 32-bit signless integer.
    I32,
    /// 16-bit signless integer (stored weights only).
    I16,
    /// 8-bit signless integer (stored, e.g. quantized, weights only).
    I8,
    /// 8-bit unsigned integer `ui8` (stored weights only).
    U8,
    /// 1-bit integer (masks, flags).
    I1,
}

impl ElementType {
    /// Every element type, in the order of the enum.
    pub const ALL: [ElementType; 10] = [
        Self::F32,
        Self::F16,
        Self::BF16,
        Self::F64,
        Self::I64,
        Self::I32,
        Self::I16,
        Self::I8,
        Self::U8,
        Self::I1,
    ];

    /// Whether the type is a float type (`f64` included).
    pub fn is_float(self) -> bool {
        matches!(self, Self::F32 | Self::F16 | Self::BF16 | Self::F64)
    }

    /// Whether compute ops take this float type (`f32`, `f16`, `bf16`).
    pub fn is_compute_float(self) -> bool {
        matches!(self, Self::F32 | Self::F16 | Self::BF16)
    }

    /// Size of one element in bytes (`i1` takes a byte: kforge packs no bits).
    pub fn byte_size(self) -> usize {
        match self {
            Self::F64 | Self::I64 => 8,
            Self::F32 | Self::I32 => 4,
            Self::F16 | Self::BF16 | Self::I16 => 2,
            Self::I8 | Self::U8 | Self::I1 => 1,
        }
    }

    /// The largest finite value of a float type (`None` for integers).
    pub fn max_finite(self) -> Option<f64> {
        match self {
            Self::F32 => Some(f32::MAX as f64),
            Self::F16 => Some(65504.0),
            Self::BF16 => Some(3.389_531_389_251_535_5e38),
            Self::F64 => Some(f64::MAX),
            _ => None,
        }
    }

    /// The MLIR spelling (`f32`, `i64`, …).
    pub fn mlir_name(self) -> &'static str {
        match self {
            Self::F32 => "f32",
            Self::F16 => "f16",
            Self::BF16 => "bf16",
            Self::F64 => "f64",
            Self::I64 => "i64",
            Self::I32 => "i32",
            Self::I16 => "i16",
            Self::I8 => "i8",
            Self::U8 => "ui8",
            Self::I1 => "i1",
        }
    }
}

impl fmt::Display for ElementType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.mlir_name())
    }
}

/// One tensor dimension: a static size or `?`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Dim {
    /// A size known at compile time.
    Static(u64),
    /// A size known only at run time (`?`).
    Dynamic,
}

impl Dim {
    /// The static size, if known.
    pub fn size(self) -> Option<u64> {
        match self {
            Self::Static(n) => Some(n),
            Self::Dynamic => None,
        }
    }

    /// Whether two dims can describe the same run-time size.
    pub fn compatible(self, other: Dim) -> bool {
        match (self, other) {
            (Self::Static(a), Self::Static(b)) => a == b,
            _ => true,
        }
    }
}

impl fmt::Display for Dim {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Static(n) => write!(f, "{n}"),
            Self::Dynamic => f.write_str("?"),
        }
    }
}

/// The largest tensor kforge accepts, in bytes: 2^47 (128 TiB, the user address
/// space of x86-64 and AArch64 with 4-level page tables). Every element count, byte
/// size and offset computed from a verified type then fits `i64` and `usize` with
/// room for products of a few of them (`dialect/OPS.md`, *Conventions*).
pub const MAX_TENSOR_BYTES: u64 = 1 << 47;

/// A ranked tensor type: shape and element type.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct TensorType {
    /// Dimensions, outermost first.
    pub shape: Vec<Dim>,
    /// Element type.
    pub element: ElementType,
}

impl TensorType {
    /// A tensor with all dims static.
    pub fn new(shape: &[u64], element: ElementType) -> Self {
        Self {
            shape: shape.iter().map(|&d| Dim::Static(d)).collect(),
            element,
        }
    }

    /// A tensor of `f32`.
    pub fn f32(shape: &[u64]) -> Self {
        Self::new(shape, ElementType::F32)
    }

    /// A tensor of `i64`.
    pub fn i64(shape: &[u64]) -> Self {
        Self::new(shape, ElementType::I64)
    }

    /// Number of dimensions.
    pub fn rank(&self) -> usize {
        self.shape.len()
    }

    /// The static sizes, or `None` when a dim is dynamic.
    pub fn static_shape(&self) -> Option<Vec<u64>> {
        self.shape.iter().map(|d| d.size()).collect()
    }

    /// Element count when static and within `u64`.
    pub fn num_elements(&self) -> Option<u64> {
        self.static_shape()?
            .iter()
            .try_fold(1u64, |n, &d| n.checked_mul(d))
    }

    /// Bytes of the static dims (a dynamic dim counts as 1), exactly: `None`
    /// only beyond `u128`.
    pub fn static_byte_size(&self) -> Option<u128> {
        self.shape
            .iter()
            .filter_map(|d| d.size())
            .try_fold(self.element.byte_size() as u128, |n, d| {
                n.checked_mul(u128::from(d))
            })
    }

    /// Checks that the tensor (its static dims) holds at most [`MAX_TENSOR_BYTES`];
    /// the error says by how much it does not, e.g. `expected … to be at most
    /// 140737488355328 bytes, got 73786976294838206464`.
    pub fn check_size(&self) -> Result<(), String> {
        match self.static_byte_size() {
            Some(n) if n <= u128::from(MAX_TENSOR_BYTES) => Ok(()),
            n => Err(format!(
                "size ({} bytes) to be at most {MAX_TENSOR_BYTES} bytes (2^47)",
                n.map_or_else(|| "more than 2^128".to_string(), |n| n.to_string())
            )),
        }
    }

    /// The same shape with another element type.
    pub fn with_element(&self, element: ElementType) -> Self {
        Self {
            shape: self.shape.clone(),
            element,
        }
    }

    /// Whether `self` (declared) can hold a value of type `other` (inferred).
    pub fn compatible(&self, other: &TensorType) -> bool {
        self.element == other.element
            && self.rank() == other.rank()
            && self
                .shape
                .iter()
                .zip(&other.shape)
                .all(|(a, b)| a.compatible(*b))
    }

    /// Reads a builtin ranked tensor type; `None` for any other type.
    pub fn from_mlir(ty: Type) -> Option<Self> {
        let raw = ty.to_raw();
        // SAFETY: `raw` is a valid type owned by a live context.
        unsafe {
            if !mlirTypeIsARankedTensor(raw) {
                return None;
            }
            let element = element_from_mlir(mlirShapedTypeGetElementType(raw))?;
            let rank = mlirShapedTypeGetRank(raw);
            let shape = (0..rank)
                .map(|i| {
                    if mlirShapedTypeIsDynamicDim(raw, i as isize) {
                        Dim::Dynamic
                    } else {
                        Dim::Static(mlirShapedTypeGetDimSize(raw, i as isize) as u64)
                    }
                })
                .collect();
            Some(Self { shape, element })
        }
    }

    /// The MLIR spelling, e.g. `tensor<4x?xf32>`.
    pub fn mlir_string(&self) -> String {
        self.to_string()
    }
}

impl fmt::Display for TensorType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("tensor<")?;
        for d in &self.shape {
            write!(f, "{d}x")?;
        }
        write!(f, "{}>", self.element)
    }
}

fn element_from_mlir(ty: MlirType) -> Option<ElementType> {
    // SAFETY: `ty` comes from a live shaped type.
    unsafe {
        if mlirTypeIsAF32(ty) {
            Some(ElementType::F32)
        } else if mlirTypeIsAF16(ty) {
            Some(ElementType::F16)
        } else if mlirTypeIsABF16(ty) {
            Some(ElementType::BF16)
        } else if mlirTypeIsAF64(ty) {
            Some(ElementType::F64)
        } else if mlirTypeIsAInteger(ty) && mlirIntegerTypeIsSignless(ty) {
            match mlirIntegerTypeGetWidth(ty) {
                64 => Some(ElementType::I64),
                32 => Some(ElementType::I32),
                16 => Some(ElementType::I16),
                8 => Some(ElementType::I8),
                1 => Some(ElementType::I1),
                _ => None,
            }
        } else if mlirTypeIsAInteger(ty) && mlirIntegerTypeIsUnsigned(ty) {
            (mlirIntegerTypeGetWidth(ty) == 8).then_some(ElementType::U8)
        } else {
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prints_like_mlir() {
        let t = TensorType {
            shape: vec![Dim::Static(4), Dim::Dynamic],
            element: ElementType::F32,
        };
        assert_eq!(t.to_string(), "tensor<4x?xf32>");
        assert_eq!(TensorType::i64(&[]).to_string(), "tensor<i64>");
    }

    #[test]
    fn reads_mlir_types() {
        let context = crate::create_context();
        let ty = Type::parse(&context, "tensor<2x?xbf16>").unwrap();
        let t = TensorType::from_mlir(ty).unwrap();
        assert_eq!(t.shape, vec![Dim::Static(2), Dim::Dynamic]);
        assert_eq!(t.element, ElementType::BF16);
        assert!(TensorType::from_mlir(Type::parse(&context, "f32").unwrap()).is_none());
    }

    #[test]
    fn every_element_type_round_trips() {
        let context = crate::create_context();
        for element in ElementType::ALL {
            let text = format!("tensor<2x{element}>");
            let t = TensorType::from_mlir(Type::parse(&context, &text).unwrap()).unwrap();
            assert_eq!(t.element, element, "{text}");
            assert_eq!(t.to_string(), text);
        }
        for other in [
            "tensor<2xsi64>",
            "tensor<2xui64>",
            "tensor<2xi4>",
            "tensor<2xindex>",
        ] {
            let ty = Type::parse(&context, other).unwrap();
            assert!(TensorType::from_mlir(ty).is_none(), "{other}");
        }
    }

    #[test]
    fn sizes_beyond_the_limit_are_rejected() {
        assert_eq!(TensorType::f32(&[2, 3]).static_byte_size(), Some(24));
        let dynamic = TensorType {
            shape: vec![Dim::Dynamic, Dim::Static(1 << 45)],
            element: ElementType::F32,
        };
        assert_eq!(dynamic.static_byte_size(), Some(1 << 47));
        assert!(dynamic.check_size().is_ok());
        assert!(TensorType::new(&[1 << 47], ElementType::I8)
            .check_size()
            .is_ok());
        let err = TensorType::new(&[(1 << 47) + 1], ElementType::I8)
            .check_size()
            .unwrap_err();
        assert_eq!(
            err,
            "size (140737488355329 bytes) to be at most 140737488355328 bytes (2^47)"
        );
        let huge = TensorType::f32(&[1 << 32, 1 << 32]);
        assert!(huge
            .check_size()
            .unwrap_err()
            .starts_with("size (73786976294838206464 bytes)"));
        let beyond = TensorType::f32(&[i64::MAX as u64; 3]);
        assert!(beyond
            .check_size()
            .unwrap_err()
            .starts_with("size (more than 2^128 bytes)"));
    }

    #[test]
    fn element_count_overflow_is_none() {
        let t = TensorType::f32(&[1 << 32, 1 << 32]);
        assert_eq!(t.num_elements(), None);
        assert_eq!(
            TensorType::f32(&[1 << 31, 1 << 32]).num_elements(),
            Some(1 << 63)
        );
    }
}
