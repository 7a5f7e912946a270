//! Sample images, encoded with stored deflate blocks so no image crate is
//! needed: the signature of the demo workshops' approvals and core's tests,
//! and the pictures this crate's tests draw.

/// PNG colour types: 8-bit RGB, 8-bit RGBA.
const RGB: u8 = 2;
const RGBA: u8 = 6;

/// A hand-signature-looking PNG: a 160 × 48 dark-blue stroke on white,
/// the same bytes every time.
pub fn signature_png() -> Vec<u8> {
    let (width, height) = (160_u32, 48_u32);
    let mut raw = Vec::with_capacity(((width * 3 + 1) * height) as usize);
    for y in 0..height {
        raw.push(0); // filter: none
        for x in 0..width {
            // A wave that fades, like a signature's tail: |y - curve| < 2.
            let t = f64::from(x) / f64::from(width);
            let curve = 24.0 + 14.0 * (t * 12.0).sin() * (1.0 - t);
            let ink = (f64::from(y) - curve).abs() < 2.0 && (8..152).contains(&x);
            raw.extend_from_slice(if ink { &[20, 30, 90] } else { &[255, 255, 255] });
        }
    }
    encode(width, height, RGB, &raw)
}

/// An 8-bit RGBA image of `width` × `height` drawn by `pixel(x, y)`, as PNG.
pub fn png(width: u32, height: u32, pixel: impl Fn(u32, u32) -> [u8; 4]) -> Vec<u8> {
    let mut raw = Vec::with_capacity(((width * 4 + 1) * height) as usize);
    for y in 0..height {
        raw.push(0); // filter: none
        for x in 0..width {
            raw.extend_from_slice(&pixel(x, y));
        }
    }
    encode(width, height, RGBA, &raw)
}

/// PNG bytes of an 8-bit image of `colour` type whose rows (each led by its
/// filter byte) are `raw`.
fn encode(width: u32, height: u32, colour: u8, raw: &[u8]) -> Vec<u8> {
    let mut zlib = vec![0x78, 0x01];
    let blocks: Vec<&[u8]> = raw.chunks(0xFFFF).collect();
    for (i, block) in blocks.iter().enumerate() {
        zlib.push(u8::from(i + 1 == blocks.len()));
        let len = u16::try_from(block.len()).unwrap_or(u16::MAX);
        zlib.extend_from_slice(&len.to_le_bytes());
        zlib.extend_from_slice(&(!len).to_le_bytes());
        zlib.extend_from_slice(block);
    }
    let (mut a, mut b) = (1_u32, 0_u32);
    for &byte in raw {
        a = (a + u32::from(byte)) % 65_521;
        b = (b + a) % 65_521;
    }
    zlib.extend_from_slice(&((b << 16) | a).to_be_bytes());
    let mut header = width.to_be_bytes().to_vec();
    header.extend_from_slice(&height.to_be_bytes());
    header.extend_from_slice(&[8, colour, 0, 0, 0]); // 8-bit, not interlaced
    let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
    for (kind, data) in [(b"IHDR", header), (b"IDAT", zlib), (b"IEND", Vec::new())] {
        out.extend_from_slice(&u32::try_from(data.len()).unwrap_or(u32::MAX).to_be_bytes());
        let start = out.len();
        out.extend_from_slice(kind);
        out.extend_from_slice(&data);
        let crc = crc32(&out[start..]);
        out.extend_from_slice(&crc.to_be_bytes());
    }
    out
}

fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = !0_u32;
    for &byte in bytes {
        crc ^= u32::from(byte);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}
