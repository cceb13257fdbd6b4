import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { InputError } from '../../core/errors.ts';

/**
 * Each bank's FTP home: `<ftpRoot>/<BANKCODE>/in/` (bank → BOSS) and `out/` (BOSS → bank). The file
 * logic works on these directories only, so the embedded server, vsftpd or any other FTP server can
 * front them. [bank-interface §7: each bank has its own account and home directory]
 */
export interface BankHome {
  readonly bankcode: string;
  /** Absolute path of the home: what the bank's FTP account is confined to. */
  readonly home: string;
  /** `home/in`: the bank uploads YH, XJMX, DKMX files and their flags here. */
  readonly inDir: string;
  /** `home/out`: the BOSS writes DK files and their flags here. */
  readonly outDir: string;
}

export const IN_DIR = 'in';
export const OUT_DIR = 'out';

/** [bank-interface §3] BANKCODE: 2–8 alphanumerics; also keeps the home a plain directory name. */
const BANKCODE = /^[A-Za-z0-9]{2,8}$/;

/** Where a bank's home is; nothing is created. */
export function bankHome(ftpRoot: string, bankcode: string): BankHome {
  if (!BANKCODE.test(bankcode)) throw new InputError('bankcode', `'${bankcode}' is not 2-8 letters and digits`);
  const home = resolve(ftpRoot, bankcode);
  return { bankcode, home, inDir: join(home, IN_DIR), outDir: join(home, OUT_DIR) };
}

/** Creates the bank's home with `in/` and `out/` (existing directories are kept as they are). */
export async function createBankHome(ftpRoot: string, bankcode: string): Promise<BankHome> {
  const home = bankHome(ftpRoot, bankcode);
  await mkdir(home.inDir, { recursive: true });
  await mkdir(home.outDir, { recursive: true });
  return home;
}
