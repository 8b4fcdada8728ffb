import { z } from 'zod';
import { invoke } from './define';

export const appInfoSchema = z.strictObject({
  version: z.string(),
  schemaVersion: z.number().int(),
  host: z.enum(['electron', 'browser']),
});
export type AppInfo = z.infer<typeof appInfoSchema>;

export const appChannels = {
  'app.info': invoke(z.strictObject({}), appInfoSchema),
};
