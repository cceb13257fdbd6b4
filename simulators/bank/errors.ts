import { InputError, StbpayError } from '../../src/core/errors.ts';

/**
 * Something the bank emulator cannot do as asked: no BANKSERIAL left for a date, no withholding batch
 * on the FTP server yet, a daily file whose name fits no layout. `reason` is stable for tests.
 */
export class BankEmulatorError extends StbpayError {
  constructor(
    readonly reason: 'serialsExhausted' | 'batchNotReady' | 'fileName' | 'ftp',
    message: string,
    options?: { cause?: unknown },
  ) {
    super(`BANK_ERR_${reason.replace(/[A-Z]/g, (c) => `_${c}`).toUpperCase()}`, message, options);
  }
}

/**
 * A setting of the emulator, the load generator or a persona that cannot be used. `setting` is its
 * name in the options object (`bankcode`, `serialPrefix`, `chunkSize`…) and `problem` what is wrong
 * with it, kept apart so that a command line can say the same of the option that sets it.
 */
export class BankSettingError extends InputError {
  constructor(
    readonly setting: string,
    readonly problem: string,
    options?: { cause?: unknown },
  ) {
    super(setting, problem, options);
  }
}
