// DataFrames as Markdown and HTML tables: numbers to a fixed number of significant digits,
// nulls as an en dash, text escaped for its format.
import type pl from 'nodejs-polars';

export type Cell = string | number | boolean | null | undefined;

/** Formats one cell: integers as they are, other numbers to `digits` significant digits. */
export function formatCell(value: Cell, digits = 3): string {
  if (value === null || value === undefined || (typeof value === 'number' && Number.isNaN(value))) return '–';
  if (typeof value === 'number') {
    if (Number.isInteger(value)) return String(value);
    const abs = Math.abs(value);
    if (abs !== 0 && (abs < 1e-3 || abs >= 1e6)) return value.toExponential(digits - 1);
    return String(Number(value.toPrecision(digits)));
  }
  return String(value);
}

/** Column names and rows of cells of a DataFrame. */
export function frameCells(frame: pl.DataFrame): { columns: string[]; rows: Cell[][] } {
  const columns = frame.columns;
  const records = frame.toRecords() as Array<Record<string, Cell>>;
  return { columns, rows: records.map((r) => columns.map((c) => r[c])) };
}

function escapeMarkdown(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** GitHub-flavoured Markdown table; numeric columns right-aligned. */
export function tableToMarkdown(columns: readonly string[], rows: readonly Cell[][], digits = 3): string {
  const numeric = columns.map((_, j) => rows.some((r) => typeof r[j] === 'number'));
  const head = `| ${columns.map(escapeMarkdown).join(' | ')} |`;
  const rule = `|${numeric.map((n) => (n ? ' ---: ' : ' --- ')).join('|')}|`;
  const body = rows.map((r) => `| ${r.map((c) => escapeMarkdown(formatCell(c, digits))).join(' | ')} |`);
  return [head, rule, ...body].join('\n');
}

/** HTML table with a header row; numeric cells carry class "num". */
export function tableToHtml(columns: readonly string[], rows: readonly Cell[][], digits = 3): string {
  const head = `<tr>${columns.map((c) => `<th>${escapeHtml(c)}</th>`).join('')}</tr>`;
  const body = rows.map((r) => `<tr>${r.map((c) => `<td${typeof c === 'number' ? ' class="num"' : ''}>${escapeHtml(formatCell(c, digits))}</td>`).join('')}</tr>`);
  return `<table>\n<thead>${head}</thead>\n<tbody>\n${body.join('\n')}\n</tbody>\n</table>`;
}

/** A DataFrame as a Markdown table. */
export function frameToMarkdown(frame: pl.DataFrame, digits = 3): string {
  const { columns, rows } = frameCells(frame);
  return tableToMarkdown(columns, rows, digits);
}

/** A DataFrame as an HTML table. */
export function frameToHtml(frame: pl.DataFrame, digits = 3): string {
  const { columns, rows } = frameCells(frame);
  return tableToHtml(columns, rows, digits);
}
