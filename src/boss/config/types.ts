import { DEFAULT_UTC_OFFSET_MINUTES } from '../local-date.ts';

/**
 * The BOSS interface's configuration file (JSON; every key optional). Keys, defaults and meanings:
 * docs/boss/server.md. Paths written in a config file are relative to that file's directory.
 */
export interface BossFtpConfig {
  readonly enabled: boolean;
  readonly host: string;
  readonly port: number;
  /** The directory holding one home directory per bank. [bank-interface §7] */
  readonly root: string;
  readonly pasvMin: number;
  readonly pasvMax: number;
  /** Every bank's `in/` is also scanned this often, for files no landing event announced. */
  readonly scanIntervalMs: number;
}

export interface BossConfig {
  readonly host: string;
  readonly port: number;
  /** The SQLite ledger file. */
  readonly db: string;
  /** A profile file, or null for the shipped boss-bank/1. */
  readonly profile: string | null;
  /** The BOSS's local date is taken at this offset from UTC (480: +08:00). */
  readonly utcOffsetMinutes: number;
  /** A frame must be complete this long after its first byte. [bank-interface §1: 10 s] */
  readonly frameTimeoutMs: number;
  /** A connection with no frame started is closed after this long. [§1: 60 s] */
  readonly idleTimeoutMs: number;
  /** The answer is due this long after the request's last byte. [§1: 5 s] */
  readonly answerTimeoutMs: number;
  readonly maxConnections: number;
  /**
   * The allow-list (the banks' addresses in the ledger) is reloaded this often, so a bank added or
   * re-bound with `boss seed` or another tool is let in (or out) without a restart. [§1 allow-list]
   */
  readonly allowListRefreshMs: number;
  readonly logDir: string;
  /** A capture file (JSON lines of every frame), or null for none. */
  readonly capture: string | null;
  /** Reconciliation reports, or null for `reports` beside the ledger file; never inside the FTP root. */
  readonly reportsDir: string | null;
  /** Files taken out of the banks' `in/`, or null for `archive` beside the ledger file; never inside the FTP root. */
  readonly archiveDir: string | null;
  readonly ftp: BossFtpConfig;
}

export const DEFAULT_BOSS_CONFIG: BossConfig = Object.freeze({
  host: '127.0.0.1',
  port: 9100,
  db: 'boss.db',
  profile: null,
  utcOffsetMinutes: DEFAULT_UTC_OFFSET_MINUTES,
  frameTimeoutMs: 10_000,
  idleTimeoutMs: 60_000,
  answerTimeoutMs: 5_000,
  maxConnections: 1024,
  allowListRefreshMs: 30_000,
  logDir: 'logs',
  capture: null,
  reportsDir: null,
  archiveDir: null,
  ftp: Object.freeze({ enabled: false, host: '127.0.0.1', port: 2121, root: 'ftp', pasvMin: 30_000, pasvMax: 30_100, scanIntervalMs: 60_000 }),
});
