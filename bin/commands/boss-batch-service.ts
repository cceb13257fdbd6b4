import { createHash, timingSafeEqual } from 'node:crypto';
import type { Clock } from '../../src/core/clock.ts';
import { errorMessage, InputError } from '../../src/core/errors.ts';
import { InboxRunner } from '../../src/boss/batch/inbox-runner.ts';
import type { BatchLog } from '../../src/boss/batch/log.ts';
import { processInbox } from '../../src/boss/batch/process-inbox.ts';
import { batchDirs, type BatchDirs, type BossConfig } from '../../src/boss/config/index.ts';
import { createBankHome, type BankHome } from '../../src/boss/ftp/bank-homes.ts';
import { startEmbeddedFtp, type EmbeddedFtp } from '../../src/boss/ftp/embedded-server.ts';
import type { Profile } from '../../src/boss/profile/types.ts';
import type { BankRecord } from '../../src/boss/store/records.ts';
import type { SqliteStore } from '../../src/boss/store/sqlite/index.ts';

export interface BatchServiceOptions {
  readonly config: BossConfig;
  readonly store: SqliteStore;
  readonly profile: Profile;
  /** `batch.log`. */
  readonly log: BatchLog;
  readonly clock: Clock;
}

/** The daily-file side of `boss serve`: the embedded FTP service and the inbox passes behind it. */
export interface RunningBatchService {
  readonly ftp: EmbeddedFtp;
  readonly dirs: BatchDirs;
  /** One pass over every bank's `in/` now (what the timer does); resolves when they are done. */
  scan(): Promise<void>;
  /** Resolves when no inbox pass is running or queued. */
  idle(): Promise<void>;
  /** Stops the timer and the FTP service, then waits for the passes in progress. */
  close(): Promise<void>;
}

/**
 * Starts the FTP service of §7 on `ftp.root`, with a home (`in/`, `out/`) for every bank that has an
 * FTP account in the ledger, each account checked against the ledger's FTP user and password at
 * login. A file landing in a bank's `in/` starts an inbox pass for that bank; a timer scans every
 * bank each `ftp.scanIntervalMs` (and once at start, for files that came while the BOSS was down).
 * Passes run one at a time per bank (`InboxRunner`) and log to `batch.log`. [bank-interface §7]
 */
export async function startBatchService(options: BatchServiceOptions): Promise<RunningBatchService> {
  const { config, store, profile, log, clock } = options;
  const dirs = batchDirs(config);
  const ledger = store.batchLedger({ clock, utcOffsetMinutes: config.utcOffsetMinutes });
  const runner = new InboxRunner((bank) => processInbox(bank, { profile, ledger, reportsDir: dirs.reportsDir, archiveDir: dirs.archiveDir, clock, log }));
  /** Bank homes by their absolute path, as landing events name them. */
  const homes = new Map<string, BankHome>();

  // an account is a user and a password: a bank with either empty has none (no empty-password logins)
  const ftpBanks = async (): Promise<BankRecord[]> => (await store.read((view) => view.banks())).filter((bank) => bank.ftpUser !== '' && bank.ftpPassword !== '');
  const homeOf = async (bank: BankRecord): Promise<BankHome> => {
    const home = await createBankHome(config.ftp.root, bank.bankcode);
    homes.set(home.home, home);
    return home;
  };
  let stopped = false;
  const scans = new Set<Promise<void>>();
  const pass = (home: BankHome): Promise<void> =>
    stopped
      ? Promise.resolve()
      : runner.run(home).then(
          () => undefined,
          (error: unknown) => log.error({ event: 'inbox.failed', bankcode: home.bankcode, error: errorMessage(error) }, `inbox pass of ${home.bankcode} failed: ${errorMessage(error)}`),
        );
  const scan = (): Promise<void> => {
    if (stopped) return Promise.resolve();
    const running = (async () => {
      try {
        const banks = await ftpBanks();
        await Promise.all((await Promise.all(banks.map(homeOf))).map(pass));
      } catch (error) {
        log.error({ event: 'inbox.failed', error: errorMessage(error) }, `inbox scan failed: ${errorMessage(error)}`);
      }
    })();
    scans.add(running);
    return running.finally(() => scans.delete(running));
  };

  for (const bank of await ftpBanks()) {
    await homeOf(bank).catch((error: unknown) => {
      throw new InputError('ftp.root', `cannot create the home of ${bank.bankcode} in ${config.ftp.root}: ${errorMessage(error)}`, { cause: error });
    });
  }
  const ftp = await startEmbeddedFtp({
    root: config.ftp.root,
    host: config.ftp.host,
    port: config.ftp.port,
    pasvMin: config.ftp.pasvMin,
    pasvMax: config.ftp.pasvMax,
    log,
    accounts: async (user, password) => {
      const bank = (await ftpBanks()).find((b) => b.ftpUser === user);
      if (bank === undefined || !samePassword(bank.ftpPassword, password)) return undefined;
      return (await homeOf(bank)).home;
    },
    onLanded: (file) => {
      const home = homes.get(file.home);
      if (home !== undefined) void pass(home);
    },
  }).catch((error: unknown) => {
    throw ftpInputError(error, config);
  });
  log.info({ event: 'ftp.listening', host: ftp.host, port: ftp.port, root: config.ftp.root, scanIntervalMs: config.ftp.scanIntervalMs, ...dirs }, `FTP on ${ftp.host}:${ftp.port}`);

  const timer = setInterval(() => void scan(), config.ftp.scanIntervalMs);
  void scan();
  let closing: Promise<void> | undefined;
  return {
    ftp,
    dirs,
    scan,
    idle: () => runner.idle(),
    close: () =>
      (closing ??= (async () => {
        stopped = true;
        clearInterval(timer);
        await ftp.close();
        await Promise.all([...scans]);
        await runner.idle();
        log.info({ event: 'ftp.stopped' }, 'FTP stopped');
      })()),
  };
}

/** Compares digests, so the time taken says nothing about how much of the password was right. */
function samePassword(expected: string, given: string): boolean {
  const digest = (text: string): Buffer => createHash('sha256').update(text, 'utf8').digest();
  return timingSafeEqual(digest(expected), digest(given));
}

/** A port in use or an address not on this machine is the user's input: exit 2 naming the option. */
function ftpInputError(error: unknown, config: BossConfig): unknown {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  const at = `${config.ftp.host}:${config.ftp.port}`;
  if (code === 'EADDRINUSE') return new InputError('--ftp', `FTP port ${at} is in use`, { cause: error });
  if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND') return new InputError('ftp.host', `${config.ftp.host} is not an address of this machine`, { cause: error });
  if (code === 'EACCES') return new InputError('--ftp', `FTP port ${at} needs privileges`, { cause: error });
  return error;
}
