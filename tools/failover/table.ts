import { renderTextTable } from "../output/table";

/** A plain-text table: left-aligned columns, two spaces apart, a dashed rule under the header. */
export function renderTable(
  headers: readonly string[],
  rows: readonly (readonly string[])[],
): string {
  return renderTextTable(headers, rows);
}
