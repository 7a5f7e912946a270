//! PNG images (logo, signatures) decoded and added to the document's resources.

use printpdf::{PdfDocument, RawImage};

use crate::Error;
use crate::canvas::Placed;

/// Decodes `png` and adds it to `doc`; `what` names it in the error ("logo", "signature").
pub(crate) fn place(
    doc: &mut PdfDocument,
    png: &[u8],
    what: &'static str,
) -> Result<Placed, Error> {
    const PNG_MAGIC: &[u8] = b"\x89PNG\r\n\x1a\n";
    // Only PNG decoding is compiled in; say so plainly rather than with the
    // decoder's list of missing features.
    if !png.starts_with(PNG_MAGIC) {
        return Err(Error::Image {
            what,
            reason: "not a PNG file".to_owned(),
        });
    }
    let image = RawImage::decode_from_bytes(png, &mut Vec::new())
        .map_err(|reason| Error::Image { what, reason })?;
    let placed = Placed {
        id: doc.add_image(&image),
        width_px: image.width,
        height_px: image.height,
    };
    Ok(placed)
}
