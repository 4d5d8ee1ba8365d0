/**
 * Plain-text tables for every command, drawn by the `table` library: columns two spaces
 * apart, a dashed rule under the header, no outer border, so the output reads well in a
 * terminal, a CI log and a ticket alike.
 */
import { table, type Alignment, type ColumnUserConfig } from "table";

/** Options of {@link renderTextTable}. */
export interface TextTableOptions {
  /**
   * Alignment per column, by index; e.g. `right` for numbers. Default: every column `left`.
   */
  align?: readonly ("left" | "right")[];
}

// Borders reduced to what the plain style needs: a two-space gap between columns and a
// dashed rule (with the same gap) under the header row.
const PLAIN_BORDER = {
  topBody: "",
  topJoin: "",
  topLeft: "",
  topRight: "",
  bottomBody: "",
  bottomJoin: "",
  bottomLeft: "",
  bottomRight: "",
  bodyLeft: "",
  bodyRight: "",
  bodyJoin: "  ",
  joinBody: "-",
  joinLeft: "",
  joinRight: "",
  joinJoin: "  ",
};

/**
 * The library refuses control characters (they would break the layout). Tabs become spaces
 * and other control characters (not newlines, which make a cell span lines, nor the escape
 * that starts a colour sequence) a replacement character: text from AWS answers or config
 * files is shown, not rejected.
 */
function printable(cell: string): string {
  return (
    cell
      .replace(/\t/g, "  ")
      .replace(/\r\n?/g, "\n")
      // eslint-disable-next-line no-control-regex
      .replace(/[\u0000-\u0008\u000b-\u001a\u001c-\u001f\u007f]/g, "\ufffd")
  );
}

/**
 * A table as text: the header, a dashed rule as wide as each column, then the rows; no
 * trailing spaces and no trailing newline. Rows shorter than the header are padded with
 * empty cells.
 *
 * @param headers column titles; no default
 * @param rows the cells, row by row; no default (may be empty)
 * @param options see {@link TextTableOptions}; default `{}`
 */
export function renderTextTable(
  headers: readonly string[],
  rows: readonly (readonly string[])[],
  options: TextTableOptions = {},
): string {
  const width = Math.max(headers.length, ...rows.map((row) => row.length));
  const pad = (row: readonly string[]) =>
    Array.from({ length: width }, (_, i) => printable(row[i] ?? ""));
  const columns: ColumnUserConfig[] = Array.from({ length: width }, (_, i) => ({
    alignment: (options.align?.[i] ?? "left") as Alignment,
  }));
  // The library draws the rule under the header only between two rows: give a table without
  // rows one empty row, and drop its (blank) line afterwards.
  const body = rows.length > 0 ? rows.map(pad) : [pad([])];
  const text = table([pad(headers), ...body], {
    border: PLAIN_BORDER,
    columnDefault: { paddingLeft: 0, paddingRight: 0 },
    columns,
    drawHorizontalLine: (index) => index === 1,
    drawVerticalLine: (index, size) => index > 0 && index < size,
  });
  // The library ends the table with a newline; rows of empty cells stay (as empty lines).
  const lines = text
    .replace(/\n$/, "")
    .split("\n")
    .map((line) => line.trimEnd());
  return lines.slice(0, rows.length > 0 ? undefined : 2).join("\n");
}
