import { PreferenceSwitch } from './PreferenceSwitch';

/** The "prefer best times" switch: in Settings → Results and beside the suggestions on the Results page. */
export function NextSlotPrefersBestTimes() {
  return (
    <PreferenceSwitch
      name="nextSlotPrefersBestTimes"
      label="“Add to next free slot” prefers the suggested best times"
      help="When a weekly posting time in one of the suggested best hours for the post’s networks is free within a week, the post goes there instead of the soonest free time. Suggestions come only from your own posts’ numbers; until there are enough, the soonest free time is used."
    />
  );
}

/** Settings → Results: which networks' numbers AgencyIQ reads. X is off until the owner turns it on, because X charges per read. */
export function ResultsSection() {
  return (
    <section className="settings-section" aria-labelledby="settings-results">
      <h2 id="settings-results">Results</h2>
      <PreferenceSwitch
        name="collectXResults"
        label="Read the numbers of my X posts"
        help="X charges for every read of post numbers (pay-per-use, billed to the X developer account AgencyIQ uses). Up to 100 posts are read at once, at about 1 hour, 1 day, 3 days, 1 week after posting, then weekly for 90 days."
      />
      <NextSlotPrefersBestTimes />
    </section>
  );
}
