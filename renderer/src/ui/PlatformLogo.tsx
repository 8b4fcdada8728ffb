import { siFacebook, siInstagram, siX, siYoutube } from 'simple-icons';
import type { Platform } from '@shared/domain/platform';

/**
 * Each network's mark, from Simple Icons (CC0 paths of the brands' own logos; each links its
 * brand guidelines, which we follow: the unaltered mark, in its colour or in one flat colour).
 * LinkedIn is not in Simple Icons (removed at LinkedIn's request) and its guidelines ask for
 * the official asset, so it gets a neutral letter rather than an imitation of its logo.
 */
const MARKS: Partial<Record<Platform, { path: string; hex: string }>> = {
  facebook: siFacebook,
  instagram: siInstagram,
  x: siX,
  youtube: siYoutube,
};

/**
 * The mark, decorative: the network's name is always written beside it. `tone` "brand" draws it
 * in the brand's colour (on light backgrounds); "current" in the text colour (on a coloured tag).
 */
export function PlatformLogo({ platform, tone = 'brand' }: { platform: Platform; tone?: 'brand' | 'current' }) {
  const mark = MARKS[platform];
  if (mark === undefined) {
    return (
      <span className="platform-logo platform-logo-letter" aria-hidden="true" data-platform-logo={platform}>
        {platform.slice(0, 1).toUpperCase()}
      </span>
    );
  }
  return (
    <svg className="platform-logo" viewBox="0 0 24 24" aria-hidden="true" focusable="false" data-platform-logo={platform}>
      <path d={mark.path} fill={tone === 'brand' ? `#${mark.hex}` : 'currentColor'} />
    </svg>
  );
}
