import { useEffect, useRef } from 'react';
import { subscribe } from '../ipc/client';

// A post going out moves several targets within milliseconds; one reload covers them all.
const SETTLE_MS = 150;

/**
 * Calls `onChange` (debounced) whenever a post is scheduled, moved or resolved, or one of its
 * platforms moves on (`scheduling.changed`, `publishing.target-changed`), and on
 * `connections.changed` when `alsoConnections` is set.
 */
export function useSchedulingChanges(onChange: () => void, alsoConnections = false): void {
  const latest = useRef(onChange);
  useEffect(() => {
    latest.current = onChange;
  }, [onChange]);

  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const changed = () => {
      clearTimeout(timer);
      timer = setTimeout(() => latest.current(), SETTLE_MS);
    };
    const stops = [subscribe('scheduling.changed', changed), subscribe('publishing.target-changed', changed)];
    if (alsoConnections) stops.push(subscribe('connections.changed', changed));
    return () => {
      clearTimeout(timer);
      stops.forEach((stop) => stop());
    };
  }, [alsoConnections]);
}
