import { afterEach, describe, expect, it } from 'vitest';
import { EventHub } from '../../electron/core/events/event-hub';
import { openLicence } from '../../electron/core/licence/open-licence';
import { SYNC_INTERVAL_MS } from '../../electron/core/licence/licence-sync';
import { systemClock } from '../../electron/core/ports/clock';
import type { HttpClient, HttpRequest } from '../../electron/core/ports/http-client';
import { silentLogger } from '../../electron/core/ports/logger';
import { ManualTimers, settle } from '../support/fake-updater';
import { openTempDatabase, type TempDatabase } from '../support/temp-database';
import { recordingShell, testSecretStore } from '../support/test-ports';

// Opening a domain has no side effects (electron/core/domain.ts): the licence domain's first
// sync and its renewal timer begin at `start`, so a core opened and then closed without starting
// (a failure while opening a later domain) never talked to the licence server.

const temps: TempDatabase[] = [];
afterEach(async () => {
  for (const temp of temps.splice(0)) await temp.cleanup();
});

/** Records every request; the licence server is unreachable. */
function recordingHttp(): HttpClient & { requests: HttpRequest[] } {
  const requests: HttpRequest[] = [];
  return {
    requests,
    send: async (request) => {
      requests.push(request);
      return { kind: 'not_sent', reason: 'refused', message: 'connect ECONNREFUSED' };
    },
  };
}

async function open() {
  const temp = openTempDatabase('agencyiq-licence-start-');
  temps.push(temp);
  const http = recordingHttp();
  const timers = new ManualTimers();
  const licence = await openLicence({
    db: temp.database.db,
    secretStore: testSecretStore(),
    shell: recordingShell(),
    clock: systemClock,
    timers,
    logger: silentLogger,
    events: new EventHub(silentLogger),
    env: { AGENCYIQ_LICENCE_SERVER_URL: 'http://127.0.0.1:9' },
    allowDevOverrides: true,
    http,
  });
  return { licence, http, timers };
}

describe('the licence domain', () => {
  it('sends nothing and arms no timer until it is started', async () => {
    const { licence, http, timers } = await open();
    await settle();
    await new Promise((resolve) => setImmediate(resolve));
    expect(http.requests).toEqual([]);
    expect(timers.delays()).toEqual([]);
    await licence.close();
  });

  it('syncs with the licence server once started, and renews on its timer', async () => {
    const { licence, http, timers } = await open();
    licence.start?.();
    await expect.poll(() => http.requests.length).toBeGreaterThan(0);
    expect(http.requests[0]?.url.startsWith('http://127.0.0.1:9/')).toBe(true);
    expect(timers.delays()).toContain(SYNC_INTERVAL_MS);
    await licence.close();
    expect(timers.delays()).not.toContain(SYNC_INTERVAL_MS);
  });
});
