import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { LicenceDevice } from '@shared/ipc/licence-channels';
import { ipcQueryKey, useIpcQuery } from '../data/use-ipc-query';
import { call, errorMessage } from '../ipc/client';
import { LoadFailed } from '../ui/LoadFailed';
import { formatLongDate } from '../format/dates';

const OS_LABELS: Record<LicenceDevice['os'], string> = { mac: 'Mac', windows: 'Windows', linux: 'Linux', other: 'Computer' };

/**
 * The computers using the plan, with "Deactivate" (after a confirmation) to free a seat.
 * `seats` is null when this computer has no lease to read it from (its plan now covers fewer
 * computers than hold it); `onRemoved` then re-checks the plan, since the freed seat may be its.
 */
export function DevicesList({ seats, onRemoved }: { seats: number | null; onRemoved?: () => void }) {
  const client = useQueryClient();
  const query = useIpcQuery('licence.devices', {});
  const devices = query.data?.devices ?? null;
  const [error, setError] = useState<string | null>(null);
  const [confirming, setConfirming] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const deactivate = async (device: LicenceDevice) => {
    setBusy(true);
    setError(null);
    try {
      client.setQueryData(ipcQueryKey('licence.devices', {}), await call('licence.deactivate', { deviceId: device.id }));
      setConfirming(null);
      onRemoved?.();
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="plan-section" aria-labelledby="devices-heading">
      <h2 id="devices-heading">Computers using your plan</h2>
      {devices !== null && (
        <p className="hint">
          {seats === null
            ? `${devices.length} ${devices.length === 1 ? 'computer holds' : 'computers hold'} your plan.`
            : `${devices.length} of ${seats} ${seats === 1 ? 'computer' : 'computers'} in use.`}
        </p>
      )}
      {error && (
        <div className="notice notice-error" role="alert">
          <p>{error}</p>
        </div>
      )}
      {devices === null && query.isError && (
        <LoadFailed action="load the computers on your plan" message={errorMessage(query.error)} onRetry={() => void query.refetch()} />
      )}
      {devices === null && !query.isError && (
        <p role="status" className="loading">
          Loading the computers on your plan…
        </p>
      )}
      {devices !== null && (
        <ul className="device-list">
          {devices.map((device) => (
            <li key={device.id} className="device-row">
              <div className="device-main">
                <p className="device-name">
                  {device.name}
                  {device.current && <span className="chip">This computer</span>}
                </p>
                <p className="hint">
                  {OS_LABELS[device.os]} · added {formatLongDate(device.activatedAt)}
                </p>
              </div>
              {confirming === device.id ? (
                <div className="device-confirm" role="group" aria-label={`Deactivate ${device.name}?`}>
                  <p>
                    {device.current
                      ? 'Remove this computer from your plan? It will stop publishing until you enter the licence key again.'
                      : `Remove ${device.name} from your plan? It will stop publishing within a few days.`}
                  </p>
                  <div className="actions">
                    <button type="button" className="button button-danger" disabled={busy} onClick={() => void deactivate(device)}>
                      {busy ? 'Removing…' : 'Yes, deactivate'}
                    </button>
                    <button type="button" className="button button-secondary" autoFocus disabled={busy} onClick={() => setConfirming(null)}>
                      Keep it
                    </button>
                  </div>
                </div>
              ) : (
                <button type="button" className="button button-danger button-small" onClick={() => setConfirming(device.id)}>
                  Deactivate<span className="visually-hidden">: {device.name}</span>
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
