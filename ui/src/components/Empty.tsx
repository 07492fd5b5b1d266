import { EmptyState } from '@mantine/core';
import type { ReactNode } from 'react';

export function Empty({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <EmptyState title={title} size="sm" py="xl">
      {children}
    </EmptyState>
  );
}
