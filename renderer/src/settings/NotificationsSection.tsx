import { PreferenceSwitch } from './PreferenceSwitch';

/** Settings → Notifications: the one switch for published, failed, reconnect and missed posts. */
export function NotificationsSection() {
  return (
    <section className="settings-section" aria-labelledby="settings-notifications">
      <h2 id="settings-notifications">Notifications</h2>
      <PreferenceSwitch
        name="notificationsEnabled"
        label="Tell me when a post is published, fails, is missed, or an account needs reconnecting"
        help="Shown as desktop notifications; clicking one opens the screen it is about."
      />
    </section>
  );
}
