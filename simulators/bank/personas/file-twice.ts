import type { FilePersona } from './types.ts';
import { FileSteps } from './file-steps.ts';

/** The same file and flag delivered a second time (a bank's job re-run). [§7] */
export const fileTwice: FilePersona = {
  kind: 'file',
  name: 'file-twice',
  summary: 'delivers the file and its flag, then the same file and flag again',
  expected: 'processed once: a YH posts each debited record exactly once [§7]',
  async run(context) {
    const steps = new FileSteps(context);
    for (let round = 0; round < 2; round++) {
      await steps.file();
      await steps.flag();
    }
    return steps.outcome('file-twice', { deliveries: 2 });
  },
};
