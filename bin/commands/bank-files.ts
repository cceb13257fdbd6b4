import type { Command } from 'commander';
import { InputError } from '../../src/core/errors.ts';
import { parseHostPort } from '../../src/core/host-port.ts';
import { BankFtp, directoryDrop, type BankEmulator, type FileDrop } from '../../simulators/bank/index.ts';

/** Where the daily files go: the BOSS's FTP server, or a local directory. */
export interface FileTargetOptions {
  ftp?: string;
  ftpUser?: string;
  ftpPassword?: string;
  out?: string;
}

export function fileTargetOptions(command: Command): Command {
  return command
    .option('--ftp <host:port>', 'the BOSS FTP server: files go to in/, DK comes from out/')
    .option('--ftp-user <user>', 'FTP account (default the BANKCODE in lower case)')
    .option('--ftp-password <password>', 'FTP password (default the same as the account)')
    .option('--out <dir>', 'write the files under this local directory instead (in/…)');
}

/** Runs `work` with the FTP account or the local directory the options name; closes the FTP session after. */
export async function withDrop(options: FileTargetOptions, emulator: BankEmulator, work: (drop: FileDrop, ftp: BankFtp | undefined) => Promise<void>): Promise<void> {
  if ((options.ftp === undefined) === (options.out === undefined)) throw new InputError('--ftp/--out', 'give one of them: where the files go');
  if (options.out !== undefined) return work(directoryDrop(options.out), undefined);
  const { host, port } = parseHostPort(options.ftp!, '--ftp');
  const user = options.ftpUser ?? emulator.bankcode.toLowerCase();
  const ftp = await BankFtp.connect({ host, port, user, password: options.ftpPassword ?? user }, emulator.profile);
  try {
    await work(ftp, ftp);
  } finally {
    ftp.close();
  }
}
