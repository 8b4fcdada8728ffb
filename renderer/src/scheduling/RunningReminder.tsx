import { useState } from 'react';
import { useIpcQuery } from '../data/use-ipc-query';
import { formatAppointment } from '../format/dates';
import { asleepSentence } from './asleep-wording';
import { runningReminder } from './running-reminder';

/** "AgencyIQ needs to be running on this computer at 10:00 am Sun — …", for a post due at `scheduledAt`. */
export function RunningReminder({ scheduledAt, zone }: { scheduledAt: number; zone: string }) {
  const info = useIpcQuery('app.info', {});
  const preferences = useIpcQuery('preferences.get', {});
  const [now] = useState(() => Date.now());
  const asleep = useIpcQuery('scheduling.asleep', { instants: [scheduledAt] }).data?.reasons[0] ?? null;
  // Said only once both are known: a sentence that would change under the owner's eyes is worse.
  if (!info.data || !preferences.data) return null;
  const at = formatAppointment(scheduledAt, zone, now);
  return (
    <>
      <p className="running-reminder" data-testid="running-reminder">
        {runningReminder({ host: info.data.host, startAtLogin: preferences.data.startAtLogin, at })}
      </p>
      {asleep !== null && (
        <p className="asleep-warning" data-testid="asleep-warning">
          {asleepSentence(asleep)}
        </p>
      )}
    </>
  );
}
