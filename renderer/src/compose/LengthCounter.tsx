import { PLATFORM_LABELS, type Platform } from '@shared/domain/platform';
import { PLATFORM_TEXT_LIMITS, type FieldCount } from '@shared/platforms/limits';

const number = new Intl.NumberFormat('en-AU');

const hasSeveralFields = (platform: Platform) => PLATFORM_TEXT_LIMITS[platform].length > 1;

/** "X" for one-field platforms, "YouTube title" where a platform counts several fields. */
function counterName(platform: Platform, count: FieldCount): string {
  const name = PLATFORM_LABELS[platform];
  return hasSeveralFields(platform) ? `${name} ${count.label.toLowerCase()}` : name;
}

export function counterId(platform: Platform, field: FieldCount['field']): string {
  return `counter-${platform}-${field}`;
}

/**
 * A live "X 291 / 280" count, neutral even past the limit: what to do about a long post is said
 * once, beside the platform it concerns (the schedule check's problem), not again here.
 */
export function LengthCounter({ platform, count }: { platform: Platform; count: FieldCount }) {
  return (
    <div
      id={counterId(platform, count.field)}
      className="counter"
      data-testid={counterId(platform, count.field)}
      data-over={count.over ? 'true' : undefined}
    >
      <span className="counter-figure">
        {counterName(platform, count)} {number.format(count.used)} / {number.format(count.max)}
      </span>
    </div>
  );
}
