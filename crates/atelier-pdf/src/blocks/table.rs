//! Tables: cells wrap within their column, a row grows to its tallest cell,
//! and the header row is repeated on every page the table runs onto.

use crate::canvas::Canvas;
use crate::style::{
    self, ACCENT, BLOCK_GAP, HEADER_FILL, LEFT, RIGHT, RULE, STRIPE_FILL, TEXT_W, TextStyle,
};
use crate::wrap::wrap;
use crate::{Align, Error, Table};

pub(super) const PAD_X: f32 = 1.6 * style::PT_PER_MM;
const PAD_Y: f32 = 1.1 * style::PT_PER_MM;
const HEADER: TextStyle = TextStyle::bold(style::SMALL_SIZE);
const CELL: TextStyle = TextStyle::regular(style::CELL_SIZE);

/// A table's columns placed on the page.
struct Grid {
    xs: Vec<f32>,
    widths: Vec<f32>,
    aligns: Vec<Align>,
}

/// One row's cells broken into lines.
struct Row {
    cells: Vec<Vec<String>>,
    lines: usize,
}

impl Row {
    fn layout(canvas: &Canvas<'_>, grid: &Grid, texts: &[String], style: TextStyle) -> Self {
        let face = canvas.face(style.weight);
        let cells: Vec<_> = texts
            .iter()
            .zip(&grid.widths)
            .map(|(text, w)| wrap(face, style.size, text, w - 2.0 * PAD_X))
            .collect();
        let lines = cells.iter().map(Vec::len).max().unwrap_or(1);
        Self { cells, lines }
    }

    fn height(lines: usize, style: TextStyle) -> f32 {
        lines as f32 * style.line_height() + 2.0 * PAD_Y
    }

    /// Draws lines `from..to` of every cell at the cursor and moves it down.
    fn draw(
        &self,
        canvas: &mut Canvas<'_>,
        grid: &Grid,
        (from, to): (usize, usize),
        style: TextStyle,
        fill: Option<style::Rgb>,
    ) {
        let height = Self::height(to - from, style);
        if let Some(fill) = fill {
            canvas.fill_rect(LEFT, canvas.y, TEXT_W, height, fill);
        }
        for (col, lines) in self.cells.iter().enumerate() {
            let (x, w, align) = (grid.xs[col], grid.widths[col], grid.aligns[col]);
            for (j, line) in lines.iter().enumerate().take(to).skip(from) {
                let top = canvas.y + PAD_Y + (j - from) as f32 * style.line_height();
                canvas.text_in(x + PAD_X, w - 2.0 * PAD_X, top, line, style, align);
            }
        }
        canvas.y += height;
    }
}

pub(super) fn draw(canvas: &mut Canvas<'_>, table: &Table) -> Result<(), Error> {
    let grid = grid(table)?;
    if table.columns.is_empty() {
        return Ok(());
    }
    let header_texts: Vec<String> = table.columns.iter().map(|c| c.header.clone()).collect();
    let header = Row::layout(canvas, &grid, &header_texts, HEADER);
    let header_h = Row::height(header.lines, HEADER);
    let rows = table
        .rows
        .iter()
        .map(|cells| Row::layout(canvas, &grid, cells, CELL))
        .collect::<Vec<_>>();
    let fresh_room = canvas.bottom - Canvas::continuation_top() - header_h;

    let first_h = rows.first().map_or(0.0, |r| Row::height(r.lines, CELL));
    canvas.ensure(header_h + first_h.min(fresh_room));
    draw_header(canvas, &grid, &header);
    for (i, row) in rows.iter().enumerate() {
        let fill = (i % 2 == 1).then_some(STRIPE_FILL);
        let mut from = 0;
        let mut on_fresh_page = false;
        loop {
            let need = Row::height(row.lines - from, CELL);
            if need <= canvas.room() {
                row.draw(canvas, &grid, (from, row.lines), CELL, fill);
                break;
            }
            let mut fit = ((canvas.room() - 2.0 * PAD_Y) / CELL.line_height())
                .floor()
                .max(0.0) as usize;
            if on_fresh_page {
                // Even a page too short for one line must make progress.
                fit = fit.max(1);
            }
            // A row taller than a whole page is the only one ever split.
            if (need > fresh_room || on_fresh_page) && fit > 0 {
                row.draw(canvas, &grid, (from, from + fit), CELL, fill);
                from += fit;
            }
            canvas.page_break();
            draw_header(canvas, &grid, &header);
            on_fresh_page = true;
        }
        canvas.hline(LEFT, RIGHT, canvas.y, RULE, 0.3);
    }
    canvas.y += BLOCK_GAP;
    Ok(())
}

fn draw_header(canvas: &mut Canvas<'_>, grid: &Grid, header: &Row) {
    let height = Row::height(header.lines, HEADER);
    canvas.fill_rect(LEFT, canvas.y, TEXT_W, height, HEADER_FILL);
    header.draw(canvas, grid, (0, header.lines), HEADER, None);
    canvas.hline(LEFT, RIGHT, canvas.y, ACCENT, 0.8);
}

/// Shares the text width between the columns in proportion to their weights,
/// and checks every row has one cell per column.
fn grid(table: &Table) -> Result<Grid, Error> {
    for (column, c) in table.columns.iter().enumerate() {
        if !(c.width.is_finite() && c.width > 0.0) {
            return Err(Error::ColumnWidth {
                column,
                width: c.width,
            });
        }
    }
    let expected = table.columns.len();
    for (row, cells) in table.rows.iter().enumerate() {
        if cells.len() != expected {
            return Err(Error::TableShape {
                row,
                expected,
                found: cells.len(),
            });
        }
    }
    let total: f32 = table.columns.iter().map(|c| c.width).sum();
    let widths: Vec<f32> = table
        .columns
        .iter()
        .map(|c| c.width / total * TEXT_W)
        .collect();
    let xs = widths
        .iter()
        .scan(LEFT, |x, w| {
            let start = *x;
            *x += w;
            Some(start)
        })
        .collect();
    Ok(Grid {
        xs,
        widths,
        aligns: table.columns.iter().map(|c| c.align).collect(),
    })
}
