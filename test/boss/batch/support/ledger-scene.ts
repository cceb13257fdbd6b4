import { join } from 'node:path';
import type { BatchLedger } from '../../../../src/boss/batch/ledger.ts';
import type { InboxOptions } from '../../../../src/boss/batch/process-inbox.ts';
import { VirtualClock } from '../../../../src/core/clock.ts';
import { createBankHome, type BankHome } from '../../../../src/boss/ftp/bank-homes.ts';
import { defaultProfile } from '../../../../src/boss/profile/load.ts';
import type { Profile } from '../../../../src/boss/profile/types.ts';
import { tempDir } from '../../../setup/temp-dirs.ts';
import { openLedgerHarness, type LedgerHarness, type LedgerImpl } from './ledgers.ts';
import { RecordingLog } from './recording-log.ts';
import { NOON_ISH } from './scene.ts';

export interface LedgerScene {
  readonly impl: LedgerImpl;
  readonly profile: Profile;
  readonly ftpRoot: string;
  /** BOSS-side, outside every bank home. */
  readonly reportsDir: string;
  readonly archiveDir: string;
  readonly bank: BankHome;
  readonly h: LedgerHarness;
  readonly log: RecordingLog;
  readonly clock: VirtualClock;
  /** The ledger under test (a new object after `h.reopen()`). */
  readonly ledger: BatchLedger;
  readonly options: InboxOptions;
}

/**
 * `scene` on either ledger: bank ICBC01 (and CCB01), shaped like the demo seed. Withholding
 * agreements with ICBC01: C00020004 (owes 202611 BASIC 2250), C00020008 (owes 202610 BASIC 2250 and
 * 202611 DATA 1000), C00020012 (owes nothing); ZHANG SAN C00012345 (202610 and 202611 BASIC 2250);
 * ZHAO LIU C00012348 (nothing).
 */
const open: LedgerHarness[] = [];

/** Closes every scene's ledger (an `afterEach` of the specs using them; closing twice is harmless). */
export async function closeLedgerScenes(): Promise<void> {
  await Promise.all(open.splice(0).map((h) => h.close()));
}

export async function ledgerScene(name: string, impl: LedgerImpl): Promise<LedgerScene> {
  const base = await tempDir(name);
  const ftpRoot = join(base, 'ftp');
  const bank = await createBankHome(ftpRoot, 'ICBC01');
  const clock = new VirtualClock(NOON_ISH);
  const h = await openLedgerHarness(impl, clock);
  open.push(h);
  await h.addBank('ICBC01');
  await h.addBank('CCB01');
  const basic = (month: string) => ({ month, item: 'BASIC', amount: 2250 });
  await h.addCustomer('C00012345', [basic('202610'), basic('202611')]);
  await h.addCustomer('C00012348', []);
  await h.addCustomer('C00020004', [basic('202611')]);
  await h.addCustomer('C00020008', [basic('202610'), { month: '202611', item: 'DATA', amount: 1000 }]);
  await h.addCustomer('C00020012', []);
  for (const custno of ['C00020004', 'C00020008', 'C00020012']) {
    await h.addAgreement({ bankcode: 'ICBC01', custno, acctno: `62220200000${custno.slice(-5)}`, acctname: `ACCT${custno.slice(-5)}` });
  }
  const log = new RecordingLog();
  const profile = defaultProfile();
  const reportsDir = join(base, 'boss', 'reports');
  const archiveDir = join(base, 'boss', 'archive');
  return {
    impl,
    profile,
    ftpRoot,
    reportsDir,
    archiveDir,
    bank,
    h,
    log,
    clock,
    get ledger() {
      return h.ledger;
    },
    get options() {
      return { profile, ledger: h.ledger, reportsDir, archiveDir, clock, log };
    },
  };
}
