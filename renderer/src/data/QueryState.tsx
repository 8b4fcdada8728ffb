import type { UseQueryResult } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { errorMessage } from '../ipc/client';
import { LoadFailed } from '../ui/LoadFailed';

/**
 * The one way a screen shows a read: "Loading …" until the first answer, the shared LoadFailed
 * notice (what failed, why, "Try again") when it failed, otherwise its content. A reload keeps
 * the content on screen.
 */
export function QueryState<T>({
  query,
  loading,
  action,
  children,
}: {
  query: UseQueryResult<T>;
  /** What is loading, as the owner would say it: "Loading your drafts…". */
  loading: string;
  /** What failed, completing "We couldn’t …": "load your drafts". */
  action: string;
  children: (data: T) => ReactNode;
}) {
  if (query.data !== undefined) return <>{children(query.data)}</>;
  if (query.isError) return <LoadFailed action={action} message={errorMessage(query.error)} onRetry={() => void query.refetch()} />;
  return (
    <p role="status" className="loading">
      {loading}
    </p>
  );
}
