import { existsSync } from 'node:fs';
import type { Command } from 'commander';
import { systemClock, type Clock } from '../../src/core/clock.ts';
import { InputError } from '../../src/core/errors.ts';
import { loadBossConfig, type BossConfig } from '../../src/boss/config/index.ts';
import { openBossLogs, type BossLogs } from '../../src/boss/log/index.ts';
import { checkDate } from '../../src/boss/local-date.ts';
import type { Profile } from '../../src/boss/profile/types.ts';
import type { BankRecord } from '../../src/boss/store/records.ts';
import { openSqliteStore, type SqliteBatchLedger, type SqliteStore } from '../../src/boss/store/sqlite/index.ts';
import { openLedger } from './boss-ledger.ts';
import { profileOption } from './profile-option.ts';

/** Options shared by the daily-file commands (`boss dk`, `boss inbox`, `boss exceptions …`). */
export interface BatchCliOptions {
  readonly config?: string;
  readonly db?: string;
  readonly logDir?: string;
  readonly profile?: string;
  readonly ftpRoot?: string;
}

/** What a daily-file command works with; the ledger and the logs are closed when it ends. */
export interface BatchCliContext {
  readonly config: BossConfig;
  readonly store: SqliteStore;
  readonly ledger: SqliteBatchLedger;
  readonly clock: Clock;
  profile(): Profile;
  /** `batch.log` and its siblings in `logDir`, opened on first use. */
  logs(): BossLogs;
}

/** --db, --config and --log-dir; with `files`, also --profile and --ftp-root. */
export function batchOptions(command: Command, files: boolean): Command {
  command
    .option('--db <file>', 'the SQLite ledger file (config db, default boss.db); must exist')
    .option('--config <file>', 'the JSON config file of boss serve (docs/boss/server.md)')
    .option('--log-dir <dir>', 'where batch.log is appended to (config logDir, default logs)');
  if (files) {
    command
      .option('--ftp-root <dir>', 'the directory holding the bank homes (config ftp.root, default ftp)')
      .option('--profile <file>', 'bank-interface profile JSON (config profile, default boss-bank/1)');
  }
  return command;
}

/** The config file's keys, then the command line's over them (as for boss serve). */
export function batchCliConfig(options: BatchCliOptions): BossConfig {
  const config = loadBossConfig(options.config);
  return {
    ...config,
    ...(options.db === undefined ? {} : { db: options.db }),
    ...(options.logDir === undefined ? {} : { logDir: options.logDir }),
    ...(options.profile === undefined ? {} : { profile: options.profile }),
    ftp: { ...config.ftp, ...(options.ftpRoot === undefined ? {} : { root: options.ftpRoot }) },
  };
}

/**
 * Runs `work` on the ledger named by the options. The file must exist: a typo in --db must not
 * create an empty ledger that then has no exceptions and no banks.
 */
export async function withBatchLedger<T>(options: BatchCliOptions, work: (context: BatchCliContext) => Promise<T>): Promise<T> {
  const config = batchCliConfig(options);
  if (!existsSync(config.db)) throw new InputError('--db', `no ledger at ${config.db} (stbpay boss seed --db FILE creates one)`);
  const store = openLedger(config.db, () => openSqliteStore(config.db));
  let logs: BossLogs | undefined;
  try {
    return await work({
      config,
      store,
      ledger: store.batchLedger({ utcOffsetMinutes: config.utcOffsetMinutes }),
      clock: systemClock,
      profile: () => profileOption(config.profile),
      logs: () => (logs ??= openBossLogs(config.logDir)),
    });
  } finally {
    await store.close();
    await logs?.close();
  }
}

/** The bank of --bank, refused (exit 2) when the ledger has no such bank. */
export async function ledgerBank(context: BatchCliContext, bankcode: string): Promise<BankRecord> {
  const bank = await context.store.read((view) => view.bank(bankcode));
  if (bank === undefined) throw new InputError('--bank', `no bank ${bankcode} in the ledger ${context.config.db}`);
  return bank;
}

/** A YYYYMMDD option value, as commander's coercion of `option`. */
export function dateOption(option: string): (text: string) => string {
  return (text) => checkDate(text, option);
}
