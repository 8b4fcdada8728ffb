/**
 * Whether a post is being sent to a network right now. Restarting for an update and quitting
 * both wait for this: a publish cut off mid-request leaves an outcome nobody knows.
 */
export interface PublishingActivity {
  isPublishing(): boolean;
  /** Calls `listener` whenever publishing starts or stops. Returns the unsubscribe function. */
  onChange(listener: (publishing: boolean) => void): () => void;
}
