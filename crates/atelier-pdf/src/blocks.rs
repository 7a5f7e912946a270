//! Drawing of each kind of body block, at the canvas cursor.

mod table;

use crate::canvas::{Canvas, Placed};
use crate::style::{
    self, ACCENT, AMBER, BLOCK_GAP, GREEN, GREY, HEADER_FILL, LEFT, MUTED, RED, RIGHT, RULE,
    TEXT_W, TextStyle, mm,
};
use crate::wrap::wrap;
use crate::{Align, Block, CheckItem, Error, Status, TotalRow};

/// Draws `block`; `signature` is the decoded image of a [`Block::Signature`].
pub(crate) fn draw(
    canvas: &mut Canvas<'_>,
    block: &Block,
    signature: Option<&Placed>,
) -> Result<(), Error> {
    match block {
        Block::Heading(text) => heading(canvas, text),
        Block::Paragraph(text) => paragraph(canvas, text),
        Block::Fields(fields) => self::fields(canvas, fields),
        Block::Table(t) => table::draw(canvas, t)?,
        Block::Totals(rows) => totals(canvas, rows),
        Block::Checklist(items) => checklist(canvas, items),
        Block::Signature { label, caption, .. } => {
            self::signature(canvas, label, signature, caption);
        }
        Block::Spacer(millimetres) => {
            if millimetres.is_finite() && *millimetres > 0.0 {
                canvas.y += mm(*millimetres);
            }
        }
    }
    Ok(())
}

fn heading(canvas: &mut Canvas<'_>, text: &str) {
    let style = TextStyle::bold(style::HEADING_SIZE).color(ACCENT);
    let lines = wrap(canvas.face(style.weight), style.size, text, TEXT_W);
    let height = lines.len() as f32 * style.line_height() + mm(1.0);
    // A heading keeps at least a few lines of what it announces with it.
    if !canvas.ensure(height + mm(2.0) + mm(15.0)) && !canvas.at_page_top() {
        canvas.y += mm(2.0);
    }
    for line in &lines {
        canvas.text(LEFT, canvas.y, line, style);
        canvas.y += style.line_height();
    }
    canvas.hline(LEFT, RIGHT, canvas.y + mm(0.5), ACCENT, 0.6);
    canvas.y += mm(1.0) + mm(2.5);
}

fn paragraph(canvas: &mut Canvas<'_>, text: &str) {
    let style = TextStyle::regular(style::BODY_SIZE);
    for line in wrap(canvas.face(style.weight), style.size, text, TEXT_W) {
        canvas.ensure(style.line_height());
        canvas.text(LEFT, canvas.y, &line, style);
        canvas.y += style.line_height();
    }
    canvas.y += BLOCK_GAP;
}

/// Label/value rows, in two columns when there are more than three.
fn fields(canvas: &mut Canvas<'_>, fields: &[(String, String)]) {
    let label = TextStyle::regular(style::CELL_SIZE).color(MUTED);
    let value = TextStyle::regular(style::CELL_SIZE);
    let columns = if fields.len() > 3 { 2 } else { 1 };
    let gap = mm(8.0);
    let column_w = (TEXT_W - gap * (columns - 1) as f32) / columns as f32;
    // Each column's labels line up on their own widest one.
    let label_ws: Vec<f32> = (0..columns)
        .map(|c| {
            fields
                .iter()
                .skip(c)
                .step_by(columns)
                .map(|(l, _)| canvas.width(l, label) + mm(3.0))
                .fold(0.0, f32::max)
                .min(column_w * 0.45)
        })
        .collect();
    let line_h = value.line_height();
    for row in fields.chunks(columns) {
        let cells: Vec<_> = row
            .iter()
            .zip(&label_ws)
            .map(|((l, v), &label_w)| {
                let l = wrap(canvas.face(label.weight), label.size, l, label_w - mm(2.0));
                let v = wrap(canvas.face(value.weight), value.size, v, column_w - label_w);
                (l, v)
            })
            .collect();
        let lines = cells
            .iter()
            .map(|(l, v)| l.len().max(v.len()))
            .max()
            .unwrap_or(1);
        canvas.ensure(lines as f32 * line_h);
        for (i, (labels, values)) in cells.iter().enumerate() {
            let x = LEFT + i as f32 * (column_w + gap);
            let label_w = label_ws[i];
            for (j, line) in labels.iter().enumerate() {
                canvas.text(x, canvas.y + j as f32 * line_h, line, label);
            }
            for (j, line) in values.iter().enumerate() {
                canvas.text(x + label_w, canvas.y + j as f32 * line_h, line, value);
            }
        }
        canvas.y += lines as f32 * line_h + mm(0.6);
    }
    canvas.y += BLOCK_GAP;
}

/// The totals box at the right, kept whole on one page.
fn totals(canvas: &mut Canvas<'_>, rows: &[TotalRow]) {
    let box_w = mm(85.0);
    let x = RIGHT - box_w;
    let pad = mm(2.5);
    // The amounts end where the table's amounts above them end.
    let pad_right = table::PAD_X;
    let style_of = |strong| {
        if strong {
            TextStyle::bold(style::BODY_SIZE + 0.5)
        } else {
            TextStyle::regular(style::CELL_SIZE)
        }
    };
    let laid_out: Vec<_> = rows
        .iter()
        .map(|row| {
            let style = style_of(row.strong);
            let amount_w = canvas.width(&row.amount, style);
            let label_w = (box_w - pad - pad_right - amount_w - mm(4.0)).max(mm(20.0));
            let labels = wrap(canvas.face(style.weight), style.size, &row.label, label_w);
            let height = labels.len() as f32 * style.line_height() + mm(2.0);
            (row, style, labels, height)
        })
        .collect();
    let total_h: f32 = laid_out.iter().map(|(.., h)| h).sum();
    canvas.ensure(total_h);
    let top = canvas.y;
    for (i, (row, style, labels, height)) in laid_out.iter().enumerate() {
        let y = canvas.y;
        if row.strong {
            canvas.fill_rect(x, y, box_w, *height, HEADER_FILL);
        }
        if i > 0 {
            canvas.hline(x, RIGHT, y, RULE, 0.4);
        }
        for (j, line) in labels.iter().enumerate() {
            canvas.text(
                x + pad,
                y + mm(1.0) + j as f32 * style.line_height(),
                line,
                *style,
            );
        }
        let amount_w = box_w - pad - pad_right;
        canvas.text_in(
            x + pad,
            amount_w,
            y + mm(1.0),
            &row.amount,
            *style,
            Align::Right,
        );
        canvas.y += height;
    }
    if !rows.is_empty() {
        canvas.stroke_rect(x, top, box_w, total_h, RULE);
    }
    canvas.y += BLOCK_GAP;
}

/// Inspection points: mark, point, status word, remark; one rule under each.
fn checklist(canvas: &mut Canvas<'_>, items: &[CheckItem]) {
    let body = TextStyle::regular(style::CELL_SIZE);
    let status = TextStyle::bold(style::CELL_SIZE);
    let comment = TextStyle::regular(style::CELL_SIZE).color(MUTED);
    let mark = mm(3.2);
    let pad = mm(1.2);
    let label_x = LEFT + mark + mm(2.5);
    let label_w = TEXT_W * 0.34;
    let status_x = label_x + label_w + mm(2.0);
    let status_w = TEXT_W * 0.16;
    let comment_x = status_x + status_w + mm(2.0);
    let comment_w = RIGHT - comment_x;
    let line_h = body.line_height();
    for item in items {
        let labels = wrap(canvas.face(body.weight), body.size, &item.label, label_w);
        let statuses = wrap(
            canvas.face(status.weight),
            status.size,
            &item.status_label,
            status_w,
        );
        let comments = wrap(
            canvas.face(comment.weight),
            comment.size,
            &item.comment,
            comment_w,
        );
        let lines = labels.len().max(statuses.len()).max(comments.len());
        let height = lines as f32 * line_h + 2.0 * pad;
        canvas.ensure(height);
        let top = canvas.y + pad;
        canvas.fill_rect(
            LEFT,
            top + (line_h - mark) / 2.0,
            mark,
            mark,
            status_colour(item.status),
        );
        for (x, lines, style) in [
            (label_x, &labels, body),
            (status_x, &statuses, status),
            (comment_x, &comments, comment),
        ] {
            for (j, line) in lines.iter().enumerate() {
                canvas.text(x, top + j as f32 * line_h, line, style);
            }
        }
        canvas.y += height;
        canvas.hline(LEFT, RIGHT, canvas.y, RULE, 0.3);
    }
    canvas.y += BLOCK_GAP;
}

fn status_colour(status: Status) -> style::Rgb {
    match status {
        Status::Ok => GREEN,
        Status::Watch => AMBER,
        Status::Urgent => RED,
        Status::NotChecked => GREY,
    }
}

/// The label, a box with the signature inside, the caption; at the right, kept whole.
fn signature(canvas: &mut Canvas<'_>, label: &str, image: Option<&Placed>, caption: &str) {
    let box_w = mm(85.0);
    let box_h = mm(25.0);
    let x = RIGHT - box_w;
    let label_style = TextStyle::bold(style::CELL_SIZE);
    let caption_style = TextStyle::regular(style::SMALL_SIZE).color(MUTED);
    let labels = wrap(
        canvas.face(label_style.weight),
        label_style.size,
        label,
        box_w,
    );
    let captions = wrap(
        canvas.face(caption_style.weight),
        caption_style.size,
        caption,
        box_w,
    );
    let height = labels.len() as f32 * label_style.line_height()
        + box_h
        + mm(2.0)
        + captions.len() as f32 * caption_style.line_height();
    canvas.ensure(height);
    for line in &labels {
        canvas.text(x, canvas.y, line, label_style);
        canvas.y += label_style.line_height();
    }
    canvas.y += mm(1.0);
    canvas.stroke_rect(x, canvas.y, box_w, box_h, RULE);
    if let Some(image) = image {
        let pad = mm(2.0);
        let area = (
            x + pad,
            canvas.y + pad,
            box_w - 2.0 * pad,
            box_h - 2.0 * pad,
        );
        canvas.image(image, area, Align::Center, true);
    }
    canvas.y += box_h + mm(1.0);
    for line in &captions {
        canvas.text(x, canvas.y, line, caption_style);
        canvas.y += caption_style.line_height();
    }
    canvas.y += BLOCK_GAP;
}
