import { PLATFORM_LABELS, type Platform } from '@shared/domain/platform';
import { PLATFORM_TEXT_LIMITS, type FieldCount } from '@shared/platforms/limits';

const number = new Intl.NumberFormat('en-AU');

const hasSeveralFields = (platform: Platform) => PLATFORM_TEXT_LIMITS[platform].length > 1;

/** "X" for one-field platforms, "YouTube title" where a platform counts several fields. */
function counterName(platform: Platform, count: FieldCount): string {
  const name = PLATFORM_LABELS[platform];
  return hasSeveralFields(platform) ? `${name} ${count.label.toLowerCase()}` : name;
}

/** "X’s limit", "YouTube’s title limit". */
function limitName(platform: Platform, count: FieldCount): string {
  const name = PLATFORM_LABELS[platform];
  return hasSeveralFields(platform) ? `${name}’s ${count.label.toLowerCase()} limit` : `${name}’s limit`;
}

export function counterId(platform: Platform, field: FieldCount['field']): string {
  return `counter-${platform}-${field}`;
}

/** A live "X 291 / 280" count; past the limit it turns red and says by how much, beside the text. */
export function LengthCounter({ platform, count }: { platform: Platform; count: FieldCount }) {
  const overBy = count.used - count.max;
  return (
    <div
      id={counterId(platform, count.field)}
      className={count.over ? 'counter counter-over' : 'counter'}
      data-testid={counterId(platform, count.field)}
      data-over={count.over ? 'true' : undefined}
    >
      <span className="counter-figure">
        {counterName(platform, count)} {number.format(count.used)} / {number.format(count.max)}
      </span>
      {count.over && (
        <span className="counter-message">
          {number.format(overBy)} {overBy === 1 ? 'character' : 'characters'} over {limitName(platform, count)}
        </span>
      )}
    </div>
  );
}
