import { join } from 'node:path';
import { VirtualClock } from '../../../../src/core/clock.ts';
import type { InboxOptions } from '../../../../src/boss/batch/process-inbox.ts';
import { createBankHome, type BankHome } from '../../../../src/boss/ftp/bank-homes.ts';
import { defaultProfile } from '../../../../src/boss/profile/load.ts';
import type { Profile } from '../../../../src/boss/profile/types.ts';
import { tempDir } from '../../../setup/temp-dirs.ts';
import { MemoryLedger } from './memory-ledger.ts';
import { RecordingLog } from './recording-log.ts';

export const DATE = '20261123';
/** 2026-11-23 10:00 at +08:00. */
export const NOON_ISH = Date.UTC(2026, 10, 23, 2, 0, 0);

export interface Scene {
  readonly profile: Profile;
  readonly ftpRoot: string;
  /** BOSS-side, outside every bank home. */
  readonly reportsDir: string;
  readonly archiveDir: string;
  readonly bank: BankHome;
  readonly ledger: MemoryLedger;
  readonly log: RecordingLog;
  readonly clock: VirtualClock;
  readonly options: InboxOptions;
}

/**
 * A BOSS with one bank (ICBC01) and a few customers shaped like the demo seed: three withholding
 * agreements (C00020004, C00020008 owing, C00020012 owing nothing) and ZHANG SAN (C00012345).
 */
export async function scene(name: string): Promise<Scene> {
  const base = await tempDir(name);
  const ftpRoot = join(base, 'ftp');
  const bank = await createBankHome(ftpRoot, 'ICBC01');
  const ledger = new MemoryLedger();
  ledger.addCustomer('C00012345', 4500);
  ledger.addCustomer('C00012348', 0);
  for (const [custno, arrears] of [['C00020004', 2250], ['C00020008', 3250], ['C00020012', 0]] as const) {
    ledger.addCustomer(custno, arrears);
    ledger.addAgreement({ bankcode: 'ICBC01', custno, acctno: `62220200000${custno.slice(-5)}`, acctname: `ACCT${custno.slice(-5)}` });
  }
  const log = new RecordingLog();
  const clock = new VirtualClock(NOON_ISH);
  const profile = defaultProfile();
  const reportsDir = join(base, 'boss', 'reports');
  const archiveDir = join(base, 'boss', 'archive');
  return { profile, ftpRoot, reportsDir, archiveDir, bank, ledger, log, clock, options: { profile, ledger, reportsDir, archiveDir, clock, log } };
}
