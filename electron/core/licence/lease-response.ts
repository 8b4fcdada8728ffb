import type { z } from 'zod';
import type { leaseResponseSchema } from '@shared/licence/licence-api';

/** The server's answer to a lease renewal or an activation. */
export type LeaseResponse = z.infer<typeof leaseResponseSchema>;
