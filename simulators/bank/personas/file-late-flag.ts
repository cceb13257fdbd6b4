import { BankSettingError } from '../errors.ts';
import type { FilePersona } from './types.ts';
import { FileSteps } from './file-steps.ts';

/** The file now, its flag `delayMs` later on the clock (a slow transfer job). [§7] */
export const fileLateFlag: FilePersona = {
  kind: 'file',
  name: 'file-late-flag',
  summary: 'delivers the file, waits delayMs on the clock (default 5000), then delivers its .OK flag',
  expected: 'nothing processed before the flag; processed once after it [§7]',
  async run(context) {
    const delayMs = context.delayMs ?? 5_000;
    if (!(delayMs >= 0)) throw new BankSettingError('delayMs', `${delayMs} is not a delay >= 0`);
    const steps = new FileSteps(context);
    await steps.file();
    await context.clock.sleep(delayMs);
    await steps.flag();
    return steps.outcome('file-late-flag', { delayMs });
  },
};
