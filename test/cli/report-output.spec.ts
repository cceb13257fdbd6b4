import { expect } from 'chai';
import { execFile } from 'node:child_process';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { captureIo } from '../../bin/io.ts';
import { stbpay } from './run.ts';
import { deliverReport, prepareReportDestination, progressWriter, shellWord } from '../../bin/commands/report-output.ts';
import { InputError } from '../../src/core/errors.ts';
import type { SuiteReport } from '../../conformance/framework/report.ts';
import type { ReportFormat } from '../../conformance/framework/reporters/index.ts';
import { tempDir } from '../setup/temp-dirs.ts';

/** Stands for a renderer: the report never gets looked at, the format name is the text. */
const byFormat = (_report: SuiteReport, format: ReportFormat): string => `<${format}>`;
const REPORT = {} as SuiteReport;

describe('report output shared by stbpay conform and certify', () => {
  it('shellWord: the shell gives back each word exactly as it was (sh, POSIX quoting)', async () => {
    const words = ['SLE4442', 'usb:072F:B100', 'pcsc:ACS ACR39U ICC Reader 00 00', "it's", '$HOME', 'a"b', '*', 'x;y', ''];
    for (const word of words) {
      const { stdout } = await promisify(execFile)('sh', ['-c', `printf %s ${shellWord(word)}`]);
      expect(stdout, word).to.equal(word);
    }
    expect(shellWord('--card=SLE4442,x/y@z%+')).to.equal('--card=SLE4442,x/y@z%+');
  });

  it('progress goes to stderr only while a machine-readable report is on stdout', () => {
    const io = captureIo();
    progressWriter({ format: 'json' }, io)('a');
    progressWriter({ format: 'json', out: 'r.json' }, io)('b');
    progressWriter({ format: 'console' }, io)('c');
    expect([io.stdout, io.stderr]).to.deep.equal(['bc', 'a']);
  });

  it('--out-dir: created before the run, then every format in it; returns the files, the certificate first', async () => {
    const dir = join(await tempDir('out'), 'new', 'dir');
    await prepareReportDestination({ format: 'console', outDir: dir });
    expect(await readdir(dir)).to.deep.equal([]);
    const io = captureIo();
    const written = await deliverReport(REPORT, { format: 'console', outDir: dir }, io, byFormat);
    expect(written).to.deep.equal(['certificate.md', 'report.json', 'junit.xml', 'report.txt'].map((name) => join(dir, name)));
    expect(await readFile(join(dir, 'junit.xml'), 'utf8')).to.equal('<junit>');
    expect(io.stdout).to.equal('');
  });

  it('--out gets the chosen format; without it a non-console format goes to stdout', async () => {
    const dir = await tempDir('out');
    const io = captureIo();
    expect(await deliverReport(REPORT, { format: 'md', out: join(dir, 'c.md') }, io, byFormat)).to.deep.equal([join(dir, 'c.md')]);
    expect(await readFile(join(dir, 'c.md'), 'utf8')).to.equal('<md>');
    expect(await deliverReport(REPORT, { format: 'json' }, io, byFormat)).to.deep.equal([]);
    expect(await deliverReport(REPORT, { format: 'console' }, io, byFormat)).to.deep.equal([]);
    expect(io.stdout).to.equal('<json>');
  });

  it('refuses an --out in a missing directory and an --out-dir that is a file, naming the option', async () => {
    const dir = await tempDir('out');
    await writeFile(join(dir, 'file'), '');
    const refusal = async (promise: Promise<unknown>): Promise<unknown> => promise.then(() => undefined, (error: unknown) => error);
    expect(await refusal(prepareReportDestination({ format: 'json', out: join(dir, 'no', 'r.json') }))).to.be.instanceOf(InputError).with.property('field', '--out');
    expect(await refusal(prepareReportDestination({ format: 'json', outDir: join(dir, 'file') }))).to.be.instanceOf(InputError).with.property('field', '--out-dir');
  });

  it('repeatable options collect every occurrence, and the help shows no "(default: [])" for them', async () => {
    for (const command of [['certify'], ['conform', 'cards']]) {
      const help = await stbpay(...command, '--help');
      expect(help.code).to.equal(0);
      expect(help.out, command.join(' ')).to.match(/--tag <tag>/).and.not.match(/default: \[\]/);
    }
    const run = await stbpay('certify', '--target', 'sim', '--card', 'SLE4442', '--id', 'READER-ATR-001', '--id', 'READER-T0-001', '--report', 'json', '--seed', '1');
    expect(JSON.parse(run.out).results.map((r: { id: string }) => r.id)).to.deep.equal(['READER-ATR-001', 'READER-T0-001']);
    expect(JSON.parse(run.out).replay).to.equal('npx stbpay certify --target sim --seed 1 --card SLE4442 --id READER-ATR-001 --id READER-T0-001');
  });
});
