import { preferencesSchema } from '@shared/ipc/preferences-channels';
import type { EventHub } from '../events/event-hub';
import type { Clock } from '../ports/clock';
import type { Logger } from '../ports/logger';
import type { PublishingActivity } from '../ports/publishing-activity';
import { systemTimers, type Timers } from '../ports/timers';
import type { Updater } from '../ports/updater';
import type { PreferencesStore } from '../preferences/preferences-store';
import { scheduleUpdateChecks } from './update-check-schedule';
import { UpdateController } from './update-controller';

/** What a host tells the core about updates: an Updater, or why this build has none. */
export type UpdatesOption = { updater: Updater } | { disabledReason: string };

/** Said in the browser host, which never updates itself (it is not shipped). */
export const BROWSER_HOST_UPDATES_REASON =
  'Updates are not available in the web browser. The installed app updates itself.';

/**
 * Builds the update controller, keeps it in step with the `autoDownloadUpdates` switch
 * (`preferences.changed`), forwards its state as `updates.changed`, and, when there is an
 * Updater, checks shortly after start and every six hours. Returns the controller and `stop`.
 */
export async function openUpdates(options: {
  updates: UpdatesOption;
  publishing: PublishingActivity;
  preferences: Pick<PreferencesStore, 'get'>;
  events: EventHub;
  clock: Clock;
  logger: Logger;
  timers?: Timers;
}): Promise<{ controller: UpdateController; stop: () => void }> {
  const updater = 'updater' in options.updates ? options.updates.updater : null;
  const controller = new UpdateController({
    updater,
    disabledReason: 'disabledReason' in options.updates ? options.updates.disabledReason : '',
    publishing: options.publishing,
    autoDownload: (await options.preferences.get()).autoDownloadUpdates,
    clock: options.clock,
    logger: options.logger,
    onChange: (status) => options.events.emit('updates.changed', status),
  });
  const unsubscribe = options.events.subscribe(({ event, payload }) => {
    if (event !== 'preferences.changed') return;
    const parsed = preferencesSchema.safeParse(payload);
    if (parsed.success) controller.setAutoDownload(parsed.data.autoDownloadUpdates);
  });
  const stopChecks = updater === null ? () => {} : scheduleUpdateChecks({ check: () => controller.check(), timers: options.timers ?? systemTimers });
  return {
    controller,
    stop: () => {
      stopChecks();
      unsubscribe();
      controller.dispose();
    },
  };
}
