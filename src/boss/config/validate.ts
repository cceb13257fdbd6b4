import { isAbsolute, resolve } from 'node:path';
import { InputError } from '../../core/errors.ts';
import { boolean, checked, integer, isPlainObject, MAX_TIMER_MS, nonEmptyString, refuseUnknownKeys, stringOrNull, type KeyCheck } from './checks.ts';
import { DEFAULT_BOSS_CONFIG, type BossConfig, type BossFtpConfig } from './types.ts';

const PORT = integer(0, 65535);
const TIMEOUT = integer(1, MAX_TIMER_MS);

const TOP_CHECKS: { readonly [K in Exclude<keyof BossConfig, 'ftp'>]: KeyCheck<BossConfig[K]> } = {
  host: nonEmptyString,
  port: PORT,
  db: nonEmptyString,
  profile: stringOrNull,
  // UTC-12:00 .. UTC+14:00, the offsets in use
  utcOffsetMinutes: integer(-720, 840),
  frameTimeoutMs: TIMEOUT,
  idleTimeoutMs: TIMEOUT,
  answerTimeoutMs: TIMEOUT,
  maxConnections: integer(1, 1_000_000),
  allowListRefreshMs: TIMEOUT,
  logDir: nonEmptyString,
  capture: stringOrNull,
  reportsDir: stringOrNull,
  archiveDir: stringOrNull,
};

const FTP_CHECKS: { readonly [K in keyof BossFtpConfig]: KeyCheck<BossFtpConfig[K]> } = {
  enabled: boolean,
  host: nonEmptyString,
  port: PORT,
  root: nonEmptyString,
  pasvMin: integer(1, 65535),
  pasvMax: integer(1, 65535),
  scanIntervalMs: TIMEOUT,
};

export interface ValidateOptions {
  /** Where the document came from, for messages (`/etc/boss.json`). */
  readonly source: string;
  /** Relative paths in the document are taken from here (the config file's directory). */
  readonly baseDir?: string;
}

/** The config a JSON document describes, missing keys at their defaults; throws InputError naming the key. */
export function validateBossConfig(document: unknown, options: ValidateOptions): BossConfig {
  const { source } = options;
  if (!isPlainObject(document)) throw new InputError('config', `${source} must hold a JSON object`);
  refuseUnknownKeys(document, [...Object.keys(TOP_CHECKS), 'ftp'], '', source);
  const top = pick<Omit<BossConfig, 'ftp'>>(document, TOP_CHECKS, DEFAULT_BOSS_CONFIG, '', source);
  const ftpDocument = document.ftp ?? {};
  if (!isPlainObject(ftpDocument)) throw new InputError('ftp', `${JSON.stringify(ftpDocument)} in ${source} is not an object`);
  refuseUnknownKeys(ftpDocument, Object.keys(FTP_CHECKS), 'ftp.', source);
  const ftp = pick<BossFtpConfig>(ftpDocument, FTP_CHECKS, DEFAULT_BOSS_CONFIG.ftp, 'ftp.', source);
  if (ftp.pasvMin > ftp.pasvMax) throw new InputError('ftp.pasvMin', `${ftp.pasvMin} in ${source} is above ftp.pasvMax ${ftp.pasvMax}`);

  // A path written in the file is relative to the file; a default one stays relative to the working directory.
  const path = <T extends string | null>(value: T, given: boolean): T =>
    given && value !== null && options.baseDir !== undefined && !isAbsolute(value) ? (resolve(options.baseDir, value) as T) : value;
  return {
    ...top,
    db: path(top.db, 'db' in document),
    profile: path(top.profile, 'profile' in document),
    logDir: path(top.logDir, 'logDir' in document),
    capture: path(top.capture, 'capture' in document),
    reportsDir: path(top.reportsDir, 'reportsDir' in document),
    archiveDir: path(top.archiveDir, 'archiveDir' in document),
    ftp: { ...ftp, root: path(ftp.root, 'root' in ftpDocument) },
  };
}

function pick<T extends object>(document: Record<string, unknown>, checks: { readonly [K in keyof T]: KeyCheck<T[K]> }, defaults: T, prefix: string, source: string): T {
  const result = { ...defaults };
  for (const key of Object.keys(checks) as (keyof T & string)[]) {
    if (key in document) result[key] = checked(`${prefix}${key}`, document[key], checks[key], source);
  }
  return result;
}
