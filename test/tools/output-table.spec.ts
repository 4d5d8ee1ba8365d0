/**
 * The table layer: the failover tool's tables keep their exact layout now that the `table`
 * library draws them. The oracle is the hand-written renderer the library replaced, kept here
 * verbatim, compared on generated tables.
 */
import { strict as assert } from "node:assert";
import fc from "fast-check";
import { renderTable } from "../../tools/failover/table";
import { renderTextTable } from "../../tools/output/table";

/** The failover tool's renderer before this change (tools/failover/table.ts, verbatim). */
function handWritten(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, i) => (i === cells.length - 1 ? cell : cell.padEnd(widths[i])))
      .join("  ")
      .trimEnd();
  return [line(headers), line(widths.map((w) => "-".repeat(w))), ...rows.map(line)].join("\n");
}

// Printable ASCII words as AWS and config names are (the old renderer measured UTF-16 code
// units, so only single-width characters compare fairly).
const cell = fc.stringMatching(/^[A-Za-z0-9:/._-]{0,12}( [A-Za-z0-9,]{1,6})?$/);

describe("tables (tools/output/table.ts)", () => {
  it("lay out the failover tool's tables exactly as its hand-written renderer did", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 6 }).chain((columns) =>
          fc.record({
            headers: fc.array(
              cell.filter((h) => h.trim() !== ""),
              {
                minLength: columns,
                maxLength: columns,
              },
            ),
            rows: fc.array(fc.array(cell, { minLength: columns, maxLength: columns }), {
              maxLength: 8,
            }),
          }),
        ),
        ({ headers, rows }) => {
          assert.equal(renderTable(headers, rows), handWritten(headers, rows));
        },
      ),
      { numRuns: 300 },
    );
  });

  it("right-aligns the columns asked for", () => {
    const text = renderTextTable(
      ["pool", "total"],
      [
        ["a", "1,000"],
        ["bb", "12"],
      ],
      { align: ["left", "right"] },
    );
    assert.equal(text, ["pool  total", "----  -----", "a     1,000", "bb       12"].join("\n"));
  });

  it("shows control characters instead of refusing the table", () => {
    const text = renderTextTable(["name"], [["tab\there"], ["bell\u0007"]]);
    assert.deepEqual(text.split("\n").slice(2), ["tab  here", "bell\ufffd"]);
  });

  it("keeps the rule under the header of a table without rows", () => {
    assert.equal(renderTextTable(["Region", "ready"], []), "Region  ready\n------  -----");
  });
});
