import { PLATFORM_LABELS, type Platform } from '@shared/domain/platform';
import { PlatformLogo } from '../ui/PlatformLogo';

/**
 * A platform's name on its own colour, so posts can be told apart at a glance; the name is
 * always written out, never left to the colour alone.
 */
export function PlatformTag({ platform, detail }: { platform: Platform; detail?: string }) {
  return (
    <span className={`platform-tag platform-${platform}`}>
      <PlatformLogo platform={platform} tone="current" />
      {PLATFORM_LABELS[platform]}
      {detail && <span className="platform-tag-detail"> · {detail}</span>}
    </span>
  );
}
