import { Text } from '@mantine/core';
import type { UseQueryResult } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { isApiError } from '../api/errors';
import { NotAllowedPage } from '../pages/NotAllowedPage';
import { ErrorNotice } from './ErrorNotice';
import { PageLoader } from './PageLoader';

interface QueryStateProps<T> {
  query: UseQueryResult<T>;
  /** When given and true for the data, `emptyText` is shown instead of `children`. */
  isEmpty?: (data: T) => boolean;
  emptyText?: string;
  children: (data: T) => ReactNode;
}

/** The loading, failed (with retry), forbidden and empty states around any query's data. */
export function QueryState<T>({ query, isEmpty, emptyText, children }: QueryStateProps<T>) {
  if (query.isPending) return <PageLoader />;
  if (query.isError) {
    if (isApiError(query.error) && query.error.status === 403) return <NotAllowedPage />;
    return <ErrorNotice error={query.error} onRetry={() => void query.refetch()} />;
  }
  if (isEmpty?.(query.data)) {
    return (
      <Text py="md" className="empty-state">
        {emptyText}
      </Text>
    );
  }
  return children(query.data);
}
