import { PLATFORM_LABELS, type Platform } from '@shared/domain/platform';
import { PlatformLogo } from '../ui/PlatformLogo';

/**
 * A platform's name on its own colour, so posts can be told apart at a glance; the name is
 * always written out, never left to the colour alone (on a calendar chip, beside its mark, for
 * screen readers, so the chip has room for the post's words).
 */
export function PlatformTag({ platform, detail, compact = false }: { platform: Platform; detail?: string; compact?: boolean }) {
  return (
    <span className={`platform-tag platform-${platform}${compact ? ' platform-tag-compact' : ''}`}>
      <PlatformLogo platform={platform} tone="current" />
      {/* Compact (a calendar chip): the mark alone is seen, the name is still read out. */}
      {compact ? <span className="visually-hidden">{PLATFORM_LABELS[platform]}</span> : PLATFORM_LABELS[platform]}
      {detail && <span className="platform-tag-detail"> · {detail}</span>}
    </span>
  );
}
