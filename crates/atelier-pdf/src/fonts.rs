//! The two faces every document uses (DejaVu Sans and DejaVu Sans Bold, shipped
//! in `fonts/`, cut down to Latin, Greek, Cyrillic and the common signs:
//! `fonts/LICENSE` says how), parsed once per process, and text measurement
//! from their real glyph advances.

use std::sync::OnceLock;

use printpdf::ParsedFont;

use crate::Error;
use crate::style::Weight;

static REGULAR_TTF: &[u8] = include_bytes!("../fonts/DejaVuSans.ttf");
static BOLD_TTF: &[u8] = include_bytes!("../fonts/DejaVuSans-Bold.ttf");

/// Characters below this code point have their advance looked up in a table
/// instead of the font's cmap: Latin-1, Latin Extended-A and typographic
/// punctuation cover nearly all of a French document.
const CACHED: usize = 0x2200;

/// A parsed face with its advances ready for measuring.
pub(crate) struct Face {
    pub font: ParsedFont,
    units_per_em: f32,
    advances: Vec<u16>,
}

impl Face {
    fn parse(bytes: &[u8], name: &'static str) -> Result<Self, Error> {
        let font = ParsedFont::from_bytes(bytes, 0, &mut Vec::new()).ok_or(Error::Font(name))?;
        let units_per_em = f32::from(font.pdf_font_metrics.units_per_em.max(1));
        let mut face = Self {
            font,
            units_per_em,
            advances: Vec::new(),
        };
        face.advances = (0..CACHED as u32)
            .map(|cp| face.lookup_advance(cp))
            .collect();
        Ok(face)
    }

    /// The advance printpdf will use: it maps each `char` to one glyph (the
    /// `.notdef` glyph 0 when the font has none) and applies no kerning.
    fn lookup_advance(&self, code_point: u32) -> u16 {
        let glyph = self.font.lookup_glyph_index(code_point).unwrap_or(0);
        self.font.get_horizontal_advance(glyph)
    }

    fn advance(&self, c: char) -> u16 {
        match self.advances.get(c as usize) {
            Some(&a) => a,
            None => self.lookup_advance(c as u32),
        }
    }

    /// Width of `text` set at `size` points, in points.
    pub(crate) fn width(&self, text: &str, size: f32) -> f32 {
        let units: u32 = text.chars().map(|c| u32::from(self.advance(c))).sum();
        units as f32 * size / self.units_per_em
    }
}

/// The regular and bold faces.
pub(crate) struct Faces {
    pub regular: Face,
    pub bold: Face,
}

impl Faces {
    pub(crate) fn get(&self, weight: Weight) -> &Face {
        match weight {
            Weight::Regular => &self.regular,
            Weight::Bold => &self.bold,
        }
    }
}

/// The faces, parsed on first use; parsing costs more than laying out a page.
pub(crate) fn faces() -> Result<&'static Faces, Error> {
    static FACES: OnceLock<Result<Faces, &'static str>> = OnceLock::new();
    FACES
        .get_or_init(|| {
            let parse = |bytes, name| Face::parse(bytes, name).map_err(|_| name);
            Ok(Faces {
                regular: parse(REGULAR_TTF, "DejaVuSans.ttf")?,
                bold: parse(BOLD_TTF, "DejaVuSans-Bold.ttf")?,
            })
        })
        .as_ref()
        .map_err(|name| Error::Font(name))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn widths_come_from_the_font_not_a_guess() {
        let faces = faces().unwrap();
        let r = &faces.regular;
        // DejaVu Sans: 'i' is 569 units and 'W' 2025 units of 2048.
        assert!((r.width("i", 2048.0) - 569.0).abs() < 0.01);
        assert!((r.width("W", 2048.0) - 2025.0).abs() < 0.01);
        assert!(faces.bold.width("Total", 10.0) > r.width("Total", 10.0));
    }

    #[test]
    fn french_typography_has_glyphs() {
        let faces = faces().unwrap();
        for c in "éèêàçœ€«»’\u{202F}\u{A0}°—".chars() {
            assert!(
                faces.regular.font.lookup_glyph_index(c as u32).is_some(),
                "DejaVu Sans should have a glyph for {c:?} (U+{:04X})",
                c as u32
            );
        }
    }

    /// The faces are cut down (fonts/LICENSE): every letter of the Latin
    /// alphabets (a Polish, Turkish or Vietnamese name), Greek and Cyrillic
    /// stays, in both weights; Arabic is what was left out.
    #[test]
    fn the_cut_down_faces_keep_every_european_script() {
        let faces = faces().unwrap();
        let kept = (0x20..0x7F)
            .chain(0xA0..0x250)
            .chain(0x391..0x3A2)
            .chain(0x3B1..0x3CA)
            .chain(0x410..0x450)
            .chain(0x1EA0..0x1EFA)
            .chain([0x20AC, 0x2116, 0x2122, 0x2713, 0x2717, 0xFFFD]);
        for cp in kept {
            for face in [&faces.regular, &faces.bold] {
                assert!(
                    face.font.lookup_glyph_index(cp).is_some(),
                    "U+{cp:04X} should have a glyph"
                );
            }
        }
        assert_eq!(
            faces.regular.font.lookup_glyph_index(0x0627),
            None,
            "Arabic alef"
        );
    }
}
