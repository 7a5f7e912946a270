//! Greedy line breaking at spaces, measured with the face's real advances.

use crate::fonts::Face;

/// Breaks `text` into lines no wider than `max_width` points at `size`.
///
/// Lines break at ordinary spaces only: a no-break space (U+00A0, U+202F, as in
/// "1 234,56 €") keeps its neighbours together. `\n` forces a break. A single
/// word wider than the line is cut between characters so nothing runs past the
/// margin. Always returns at least one line.
pub(crate) fn wrap(face: &Face, size: f32, text: &str, max_width: f32) -> Vec<String> {
    let space = face.width(" ", size);
    let mut lines = Vec::new();
    for paragraph in text.split('\n') {
        let mut line = String::new();
        let mut line_width = 0.0;
        for word in paragraph.split([' ', '\t', '\r']).filter(|w| !w.is_empty()) {
            let word_width = face.width(word, size);
            let gap = if line.is_empty() { 0.0 } else { space };
            if line_width + gap + word_width <= max_width {
                if !line.is_empty() {
                    line.push(' ');
                }
                line.push_str(word);
                line_width += gap + word_width;
                continue;
            }
            if !line.is_empty() {
                lines.push(std::mem::take(&mut line));
                line_width = 0.0;
            }
            if word_width <= max_width {
                line.push_str(word);
                line_width = word_width;
            } else {
                for c in word.chars() {
                    let mut buf = [0u8; 4];
                    let w = face.width(c.encode_utf8(&mut buf), size);
                    if line_width + w > max_width && !line.is_empty() {
                        lines.push(std::mem::take(&mut line));
                        line_width = 0.0;
                    }
                    line.push(c);
                    line_width += w;
                }
            }
        }
        lines.push(line);
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fonts::faces;

    #[test]
    fn every_line_fits_and_no_word_is_lost() {
        let face = &faces().unwrap().regular;
        let text = "Remplacement du kit de distribution avec pompe à eau, galets \
                    tendeurs et courroie d’accessoires, contrôle du circuit";
        let lines = wrap(face, 9.0, text, 120.0);
        assert!(
            lines.len() > 2,
            "a long text should need several lines: {lines:?}"
        );
        for line in &lines {
            assert!(
                face.width(line, 9.0) <= 120.0,
                "{line:?} is wider than the column"
            );
        }
        assert_eq!(
            lines.join(" "),
            text.split_whitespace().collect::<Vec<_>>().join(" ")
        );
    }

    #[test]
    fn no_break_spaces_hold_an_amount_together() {
        let face = &faces().unwrap().regular;
        let amount = "1\u{202F}234,56\u{A0}€";
        let width = face.width(amount, 9.0) + 1.0;
        let lines = wrap(face, 9.0, &format!("Total {amount}"), width);
        assert_eq!(lines, vec!["Total".to_string(), amount.to_string()]);
    }

    #[test]
    fn a_word_wider_than_the_line_is_cut() {
        let face = &faces().unwrap().regular;
        let vin = "VF1RFB00067123456VF1RFB00067123456";
        let lines = wrap(face, 9.0, vin, 60.0);
        assert!(lines.len() > 1);
        assert_eq!(lines.concat(), vin);
        assert!(lines.iter().all(|l| face.width(l, 9.0) <= 60.0));
    }

    #[test]
    fn newlines_and_empty_text_give_lines() {
        let face = &faces().unwrap().regular;
        assert_eq!(wrap(face, 9.0, "", 100.0), vec![String::new()]);
        assert_eq!(wrap(face, 9.0, "a\nb", 100.0), vec!["a", "b"]);
    }
}
