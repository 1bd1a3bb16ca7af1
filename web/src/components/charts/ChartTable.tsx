import './charts.css';
import { Table } from '@mantine/core';

export interface ChartTableColumn {
  key: string;
  header: string;
  /** Numbers are aligned to the end of the cell. */
  numeric?: boolean;
}

export interface ChartTableProps {
  /** Visible caption: what the table (and the chart it stands for) shows. */
  caption: string;
  columns: readonly ChartTableColumn[];
  /** One row per period or territory: the first column is a row header, values already formatted. */
  rows: ReadonlyArray<{ key: string; cells: Record<string, string> }>;
  testId?: string;
}

/** The table alternative of a chart or map: the same numbers, formatted for the UI language. */
export function ChartTable({ caption, columns, rows, testId }: ChartTableProps) {
  return (
    <Table.ScrollContainer minWidth={480}>
      <Table striped verticalSpacing="xs" className="chart-table" data-testid={testId}>
        <caption className="chart-caption">{caption}</caption>
        <Table.Thead>
          <Table.Tr>
            {columns.map((column) => (
              <Table.Th key={column.key} scope="col" className={column.numeric ? 'num' : undefined}>
                {column.header}
              </Table.Th>
            ))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((row) => (
            <Table.Tr key={row.key} data-key={row.key}>
              {columns.map((column, index) =>
                index === 0 ? (
                  <Table.Th key={column.key} scope="row" fw={400}>
                    {row.cells[column.key] ?? ''}
                  </Table.Th>
                ) : (
                  <Table.Td
                    key={column.key}
                    className={column.numeric ? 'num' : undefined}
                    data-column={column.key}
                  >
                    {row.cells[column.key] ?? ''}
                  </Table.Td>
                ),
              )}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
