import { QueryClient } from '@tanstack/react-query';

/**
 * The renderer's one cache of what the core answered. Data is fresh until the core says it
 * changed: every contract event invalidates (or replaces) the queries it concerns
 * (`event-invalidation.ts`), so nothing polls, nothing refetches on focus, and a failed read is
 * not retried behind the owner's back — the screen says what failed and offers "Try again".
 */
export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        staleTime: Number.POSITIVE_INFINITY,
        retry: false,
        refetchOnWindowFocus: false,
        refetchOnReconnect: false,
      },
      mutations: { retry: false },
    },
  });
}
