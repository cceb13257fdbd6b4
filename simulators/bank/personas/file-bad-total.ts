import { decodeDailyFile, layoutOf } from '../../../src/boss/codec/daily-file.ts';
import { layoutOfName, encodeNamedFile } from '../daily-files.ts';
import type { FilePersona } from './types.ts';
import { FileSteps } from './file-steps.ts';

/**
 * The file with its header total one fen over the sum of its lines (the count one over, for a
 * layout without a total), written through the codec with its check turned off. [§7]
 */
export const fileBadTotal: FilePersona = {
  kind: 'file',
  name: 'file-bad-total',
  summary: "delivers the file, with flag, after adding 1 to its header total (to COUNT when the layout has no total)",
  expected: 'rejected as a whole: the header total does not match the lines; nothing posted [§7]',
  async run(context) {
    const { layout } = layoutOfName(context.profile, context.file.name);
    const file = decodeDailyFile(context.profile, layout, context.file.bytes, { fileName: context.file.name });
    const checks = layoutOf(context.profile, layout).checks;
    const field = checks.total?.field ?? checks.count ?? 'COUNT';
    const was = file.header[field] ?? '0';
    const now = (BigInt(was) + 1n).toString();
    const bad = encodeNamedFile(context.profile, { ...file, header: { ...file.header, [field]: now } }, { check: false });
    const steps = new FileSteps(context);
    await steps.file(bad.bytes);
    await steps.flag();
    return steps.outcome('file-bad-total', { field, was, now });
  },
};
