import type { FilePersona } from './types.ts';
import { FileSteps } from './file-steps.ts';

/** The file without its `.OK` flag: never complete. [§7] */
export const fileNoFlag: FilePersona = {
  kind: 'file',
  name: 'file-no-flag',
  summary: 'delivers the file and never its .OK flag',
  expected: 'ignored: the reader waits for the flag and processes nothing [§7]',
  async run(context) {
    const steps = new FileSteps(context);
    await steps.file();
    return steps.outcome('file-no-flag', { flagged: false });
  },
};
