import { Stack, Table, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { Empty } from '../../../components/Empty';

/** One part of the sync page: its heading, and its content or what stands for none. */
export function SyncSection({ title, empty, isEmpty, children }: { title: string; empty: string; isEmpty: boolean; children: ReactNode }) {
  return (
    <Stack gap="xs" component="section">
      <Title order={2} size="h4">
        {title}
      </Title>
      {isEmpty ? <Empty title={empty} /> : children}
    </Stack>
  );
}

/** A column heading: its text, or, when hidden, a label for screen readers only (an actions column). */
export interface Column {
  label: string;
  hidden?: boolean;
  right?: boolean;
}

/** A table that scrolls sideways on narrow screens, with a heading row. */
export function SyncTable({ columns, minWidth, testId, children }: { columns: Column[]; minWidth: number; testId: string; children: ReactNode }) {
  return (
    <div className="table-scroll">
      <Table verticalSpacing="xs" miw={minWidth} data-testid={testId}>
        <Table.Thead>
          <Table.Tr>
            {columns.map((c) => (
              <Table.Th scope="col" key={c.label} ta={c.right ? 'right' : undefined}>
                {c.hidden ? <span className="sr-only">{c.label}</span> : c.label}
              </Table.Th>
            ))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>{children}</Table.Tbody>
      </Table>
    </div>
  );
}
