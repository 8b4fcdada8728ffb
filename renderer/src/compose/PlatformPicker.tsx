import { PLATFORM_LABELS, PLATFORMS, type Platform } from '@shared/domain/platform';

/** The networks this post goes to, as plain checkboxes. */
export function PlatformPicker({
  chosen,
  onToggle,
}: {
  chosen: ReadonlySet<Platform>;
  onToggle: (platform: Platform, on: boolean) => void;
}) {
  return (
    <fieldset className="platform-picker">
      <legend>Post to</legend>
      <div className="platform-picker-options">
        {PLATFORMS.map((platform) => (
          <label key={platform} className="check-chip">
            <input
              type="checkbox"
              checked={chosen.has(platform)}
              onChange={(event) => onToggle(platform, event.target.checked)}
            />
            <span>{PLATFORM_LABELS[platform]}</span>
          </label>
        ))}
      </div>
    </fieldset>
  );
}
