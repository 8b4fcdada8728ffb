import { describe, expect, it } from 'vitest';
import type { DeepLinkAction } from '../../electron/core/deep-links/deep-link-action';
import { createDeepLinkRouter } from '../../electron/core/deep-links/deep-link-router';
import { recordingLogger } from '../support/test-ports';

describe('deep-link router', () => {
  it('hands a parsed link to the handler of its kind only', async () => {
    const seen: DeepLinkAction[] = [];
    const route = createDeepLinkRouter(
      { 'licence-return': async (action) => void seen.push(action) },
      recordingLogger(),
    );
    await route('agencyiq://licence/success?session_id=cs_test_a1B2c3D4e5F6g7H8');
    await route('agencyiq://compose');
    expect(seen).toEqual([{ kind: 'licence-return', outcome: 'success', sessionId: 'cs_test_a1B2c3D4e5F6g7H8' }]);
  });

  it('drops a hostile link with only its reason logged, and survives a throwing handler', async () => {
    const logger = recordingLogger();
    const { lines } = logger;
    const route = createDeepLinkRouter(
      {
        'oauth-complete': async () => {
          throw new Error('boom');
        },
      },
      logger,
    );
    await route('agencyiq://oauth/x?code=SECRETCODE&state=');
    await route('agencyiq://oauth/complete?handoff=aaaaaaaaaaaaaaaaaaaaaaaa');
    expect(lines.join('\n')).not.toContain('SECRETCODE');
    expect(lines.join('\n')).not.toContain('aaaaaaaaaaaaaaaaaaaaaaaa');
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain('boom');
  });
});
