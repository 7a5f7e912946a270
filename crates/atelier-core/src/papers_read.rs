//! Test helpers: reading a PDF back as its reader does (poppler's pdftotext).

use std::io::Write;
use std::process::Command;

/// The text of a PDF as pdftotext lays it out, every run of spaces (no-break
/// ones included) made one plain space. `ATELIER_KEEP_PDF=DIR` keeps a copy
/// of each PDF read, to look at.
pub(crate) fn text_of(pdf: &[u8]) -> String {
    assert!(pdf.starts_with(b"%PDF-"), "a PDF");
    let mut file = tempfile::NamedTempFile::new().unwrap();
    file.write_all(pdf).unwrap();
    if let Some(dir) = std::env::var_os("ATELIER_KEEP_PDF") {
        let name = format!("atelier-{}.pdf", pdf.len());
        std::fs::write(std::path::Path::new(&dir).join(name), pdf).unwrap();
    }
    let out = Command::new("pdftotext")
        .args(["-layout"])
        .arg(file.path())
        .arg("-")
        .output()
        .expect("pdftotext runs (apt-get install poppler-utils)");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout)
        .unwrap()
        .split(|c: char| c.is_whitespace() || c == '\u{a0}' || c == '\u{202f}')
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Asserts each piece (its no-break spaces made plain) is in `text`.
pub(crate) fn assert_has(text: &str, pieces: &[&str]) {
    for piece in pieces {
        let piece = piece.replace(['\u{a0}', '\u{202f}'], " ");
        assert!(
            text.contains(&piece),
            "{piece:?} should be printed; the text is:\n{text}"
        );
    }
}
