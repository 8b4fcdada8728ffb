import type { Generated, Kysely } from 'kysely';
import type { Platform } from '@shared/domain/platform';
import type { AttemptOutcome, PostState, TargetErrorKind, TargetState } from '@shared/domain/publishing-states';
import type { YouTubePrivacy } from '@shared/platforms/youtube-settings';

/**
 * The one Database type: a row interface per table. Only core code sees these; the renderer
 * gets contract types. Instants are INTEGER milliseconds since the epoch, UTC; where the owner
 * chose a wall-clock time, the IANA zone they chose sits beside it.
 */
export interface DatabaseSchema {
  business_profile: BusinessProfileTable;
  posts: PostsTable;
  post_targets: PostTargetsTable;
  posts_fts: PostsFtsTable;
  connections: ConnectionsTable;
  publish_attempts: PublishAttemptsTable;
  quota_ledger: QuotaLedgerTable;
  quota_cycles: QuotaCyclesTable;
  licence: LicenceTable;
  reported_charges: ReportedChargesTable;
  settings: SettingsTable;
  device_identity: DeviceIdentityTable;
  queue_slots: QueueSlotsTable;
  media: MediaTable;
  post_media: PostMediaTable;
  publish_media_steps: PublishMediaStepsTable;
  metric_snapshots: MetricSnapshotsTable;
  metric_schedule: MetricScheduleTable;
  follower_snapshots: FollowerSnapshotsTable;
}

export type Database = Kysely<DatabaseSchema>;

export interface BusinessProfileTable {
  id: 1;
  business_name: string;
  offering: string;
  audience: string;
  tone_of_voice: string;
  website: string;
  time_zone: string;
  updated_at: number;
}

// The publishing enumerations are defined once, in shared/domain, and shared with the contract.
export type { AttemptOutcome, PostState, TargetErrorKind, TargetState };

export interface PostsTable {
  /** The rowid; posts_fts rows share it. */
  seq: Generated<number>;
  id: string;
  body: string;
  state: PostState;
  revision: number;
  scheduled_at: number | null;
  schedule_time_zone: string | null;
  created_at: number;
  updated_at: number;
  deleted_at: number | null;
  /** The app was not running at `scheduled_at`; the post waits for the owner's choice. */
  missed_at: number | null;
}

export interface PostTargetsTable {
  id: string;
  post_id: string;
  platform: Platform;
  position: number;
  text_override: string | null;
  title: string | null;
  /** YouTube only (migration 16); NULL: private. */
  youtube_privacy: YouTubePrivacy | null;
  /** YouTube only (migration 16), 0/1; NULL: not notified. */
  youtube_notify_subscribers: number | null;
  state: TargetState;
  connection_id: string | null;
  /** Who the target posts as when not the connection's own account (a LinkedIn organisation id). */
  author_id: string | null;
  platform_post_id: string | null;
  platform_url: string | null;
  last_error: string | null;
  error_kind: TargetErrorKind | null;
  /** Tries that ended in a transient error; bounded. */
  attempt_count: Generated<number>;
  /** Not before this instant (a transient retry or a rate-limit wait); NULL: at the post's time. */
  next_attempt_at: number | null;
  published_at: number | null;
  updated_at: number;
  /** The computer's boot the target was claimed under (migration 9); null when unknown or not claimed. */
  claim_boot: string | null;
  /** When the claimed target's request was about to leave; committed without an fsync (migration 9). */
  left_at: number | null;
}

export interface PostsFtsTable {
  rowid: number;
  post_id: string;
  content: string;
}

export type ConnectionState = 'connected' | 'needs_reconnect' | 'disconnected';

export interface ConnectionsTable {
  id: string;
  platform: Platform;
  account_id: string;
  display_name: string;
  state: ConnectionState;
  /** Encrypted by the SecretStore; plaintext tokens are never stored. */
  token_ciphertext: Uint8Array | null;
  access_expires_at: number | null;
  refresh_expires_at: number | null;
  state_reason: string | null;
  /** JSON [{id, name}] of what else the account may post as (LinkedIn organisations); see migration 003. */
  targets_json: string | null;
  created_at: number;
  updated_at: number;
}

export interface PublishAttemptsTable {
  id: Generated<number>;
  target_id: string;
  started_at: number;
  finished_at: number | null;
  outcome: AttemptOutcome | null;
  error_kind: TargetErrorKind | null;
  http_status: number | null;
  platform_error_code: string | null;
  error_message: string | null;
  duration_ms: number | null;
}

export interface QuotaLedgerTable {
  id: Generated<number>;
  post_id: string;
  cycle_start: number;
  entry: 'reserve' | 'commit' | 'release';
  created_at: number;
}

/** Per cycle, the posts charged or reserved and not yet settled: the ledger's running total. */
export interface QuotaCyclesTable {
  cycle_start: number;
  /** Posts charged or reserved and not yet settled in the cycle. */
  spoken_for: number;
  /** Posts charged in the cycle (migration 9); reserved = spoken_for − used. */
  used: Generated<number>;
}

export interface LicenceTable {
  id: 1;
  lease: string | null;
  /** Latest trusted time seen, to detect a clock turned back. */
  clock_high_water: number;
  updated_at: number;
  /** Shown to the owner so they can activate another device; never logged in full. */
  licence_key: string | null;
  /** The server's last answer about this device's licence. */
  server_status: 'none' | 'active' | 'past_due' | 'lapsed' | 'deactivated' | 'seats_exceeded' | null;
  server_message: string | null;
  /** When a sync last succeeded (server time). */
  last_sync_at: number | null;
  /** Signed server time minus this computer's clock, measured at the last successful sync. */
  clock_offset: number;
  /** 1 after a lease answer that came from the past (a replay): publishing waits for a fresh one. */
  needs_check: 0 | 1;
  /** The cycle `usage_floor` counts, and the posts charged in it as last counted (rises only). */
  usage_floor_cycle: number | null;
  usage_floor: number;
  /** HMAC over the fields above (licence-seal.ts); null or wrong = edited outside the app. */
  state_mac: string | null;
  /** The MAC key, as SecretStore ciphertext. */
  mac_key_ciphertext: Uint8Array | null;
}

/** Committed charges the licence server has acknowledged. */
export interface ReportedChargesTable {
  post_id: string;
  reported_at: number;
}

/** The device's Ed25519 identity; the private key is SecretStore ciphertext, never plain. */
export interface DeviceIdentityTable {
  id: 1;
  /** Raw 32-byte public key, base64url. */
  public_key: string;
  private_key_ciphertext: Uint8Array;
  device_name: string;
  created_at: number;
  /** Set when this identity replaced one whose private key no longer decrypted. */
  replaced_unreadable_at: number | null;
}

export interface SettingsTable {
  key: string;
  value: string;
  updated_at: number;
}

/** A weekly time "Add to next free slot" picks from; ISO weekday (1 Monday … 7 Sunday), minute of the day. */
export interface QueueSlotsTable {
  weekday: number;
  minute: number;
  created_at: number;
}

/** One stored file, named by the SHA-256 of its bytes (migration 11). */
export interface MediaTable {
  hash: string;
  kind: 'image' | 'video' | 'document';
  format: 'jpeg' | 'png' | 'webp' | 'mp4' | 'mov' | 'pdf';
  bytes: number;
  width: number | null;
  height: number | null;
  duration_ms: number | null;
  codec: string | null;
  /** 'image': a real thumbnail; 'placeholder': a neutral tile (no frame could be taken from a video) or, for a PDF, none (a document icon). */
  poster: 'image' | 'placeholder';
  created_at: number;
  unused_since: number | null;
}

/** A post's attachment: which file, where in the post, and its alt text. */
export interface PostMediaTable {
  id: string;
  post_id: string;
  media_hash: string;
  position: number;
  alt_text: string;
  created_at: number;
}

/** One step an adapter has done on the way to a target's public post (migration 013). */
export interface PublishMediaStepsTable {
  target_id: string;
  step_key: string;
  value: string;
  recorded_at: number;
}

/** The metrics the Results page knows; a network maps its own names onto these. */
export type MetricName = 'impressions' | 'reach' | 'engagements' | 'likes' | 'comments' | 'shares' | 'clicks' | 'saves' | 'views';

/** One number a network reported for one published target at one moment (absent = not given). */
export interface MetricSnapshotsTable {
  target_id: string;
  collected_at: number;
  metric: MetricName;
  value: number;
  raw_json: string | null;
}

/** When a published target is next due for collection; NULL once its 90 days are done. */
export interface MetricScheduleTable {
  target_id: string;
  published_at: number;
  next_due_at: number | null;
  collections: Generated<number>;
  last_error: string | null;
  updated_at: number;
  /** The latest impressions and engagements the network gave (migration 14); null: never given. */
  latest_impressions: number | null;
  latest_engagements: number | null;
}

/** A connection's follower count on one day (YYYY-MM-DD, UTC). */
export interface FollowerSnapshotsTable {
  connection_id: string;
  day: string;
  followers: number;
  collected_at: number;
}
