import { expect } from 'chai';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { stbpay } from './run.ts';
import { tempDir } from '../setup/temp-dirs.ts';

describe('stbpay card', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await tempDir('cli');
  });

  it('new writes a factory-fresh image and will not overwrite it without --force', async () => {
    const file = join(dir, 'card.json');
    const first = await stbpay('card', 'new', 'sle4442', '--psc', '12 34 56', '-o', file);
    expect(first.code, first.err).to.equal(0);
    const image = JSON.parse(await readFile(file, 'utf8'));
    expect(image.type).to.equal('SLE4442');
    expect(image.areas.security.slice(2)).to.equal('123456');
    const again = await stbpay('card', 'new', 'SLE4442', '-o', file);
    expect(again.code).to.equal(2);
    expect(again.err).to.match(/file exists; pass --force/);
    expect((await stbpay('card', 'new', 'SLE4442', '-o', file, '--force')).code).to.equal(0);
  });

  it('new refuses a code of the wrong length and an unknown type, and warns on AT88SC1602', async () => {
    const short = await stbpay('card', 'new', 'SLE4442', '--psc', 'FFFF', '-o', join(dir, 'a.json'));
    expect(short.code).to.equal(2);
    expect(short.err).to.match(/--psc: SLE4442 takes a 3-byte code, got 2/);
    const unknown = await stbpay('card', 'new', 'SLE9999', '-o', join(dir, 'b.json'));
    expect(unknown.code).to.equal(2);
    expect(unknown.err).to.match(/unknown card type "SLE9999"/);
    const alias = await stbpay('card', 'new', 'AT88SC1602', '-o', join(dir, 'c.json'));
    expect(alias.code, alias.err).to.equal(0);
    expect(alias.err).to.match(/warning: "AT88SC1602" is no known part/);
    expect(JSON.parse(await readFile(join(dir, 'c.json'), 'utf8')).type).to.equal('AT88SC1604');
  });

  it('exec runs the PSC procedure and a write in one session, saves, and dump shows the result', async () => {
    const file = join(dir, 'card.json');
    await stbpay('card', 'new', 'SLE4442', '-o', file);
    const run = await stbpay('card', 'exec', file, '30 00 00/4', '39 00 06', '33 01 FF', '33 02 FF', '33 03 FF', '39 00 FF', '31 00 00', '38 40 5A');
    expect(run.code, run.err).to.equal(0);
    expect(run.out).to.include('SLE4442 ATR A2 13 10 91');
    expect(run.out).to.include('< A2 13 10 91  ACK');
    expect(run.out).to.include('> 31 00 00\n< 07 FF FF FF');
    const image = JSON.parse(await readFile(file, 'utf8'));
    expect(image.areas.main.slice(0x40 * 2, 0x40 * 2 + 2)).to.equal('5A');
    const dump = await stbpay('card', 'dump', file);
    expect(dump.code).to.equal(0);
    expect(dump.out).to.match(/0040: 5A/);
  });

  it('exec with --power-loss-after reports the mute card and keeps what the chip wrote', async () => {
    const file = join(dir, 'card.json');
    await stbpay('card', 'new', 'SLE4442', '-o', file);
    const unlock = ['39 00 06', '33 01 FF', '33 02 FF', '33 03 FF', '39 00 FF'];
    await stbpay('card', 'exec', file, ...unlock, '38 40 00');
    const run = await stbpay('card', 'exec', file, ...unlock, '38 40 F0', '--power-loss-after', '2');
    expect(run.out).to.match(/< \(mute: power lost/);
    // Two cycles complete (counter bit, counter erase); the write's erase phase left byte 0x40 erased.
    expect(JSON.parse(await readFile(file, 'utf8')).areas.main.slice(0x80, 0x82)).to.equal('FF');
  });

  it('exec refuses bad commands before touching the card', async () => {
    const file = join(dir, 'card.json');
    await stbpay('card', 'new', 'SLE4442', '-o', file);
    const before = await readFile(file, 'utf8');
    const bad = await stbpay('card', 'exec', file, '39 00 06', '38 4G 00');
    expect(bad.code).to.equal(2);
    expect(bad.err).to.match(/command 2 \("38 4G 00"\): 'G' is not a hex digit/);
    const badLength = await stbpay('card', 'exec', file, '30 00 00/x');
    expect(badLength.err).to.match(/read length "x"/);
    expect(await readFile(file, 'utf8')).to.equal(before);
    const missing = await stbpay('card', 'dump', join(dir, 'none.json'));
    expect(missing.code).to.equal(2);
    expect(missing.err).to.match(/none.json: cannot read the card file/);
  });

  it('exec refuses an empty read length and an empty --power-loss-after instead of taking them as 0', async () => {
    const file = join(dir, 'card.json');
    await stbpay('card', 'new', 'SLE4442', '-o', file);
    const noLength = await stbpay('card', 'exec', file, '30 00 00/');
    expect(noLength.code).to.equal(2);
    expect(noLength.err).to.match(/command 1 \("30 00 00\/"\): read length ""/);
    const noCount = await stbpay('card', 'exec', file, '30 00 00/4', '--power-loss-after', '');
    expect(noCount.code).to.equal(2);
    expect(noCount.err).to.match(/--power-loss-after: "" is not a whole number/);
  });

  it('exec refuses a command the chip cannot decode, names it, and leaves the file as it was', async () => {
    const file = join(dir, 'card.json');
    await stbpay('card', 'new', 'SLE4442', '-o', file);
    const before = await readFile(file, 'utf8');
    const unlockAndWrite = ['39 00 06', '33 01 FF', '33 02 FF', '33 03 FF', '39 00 FF', '38 40 00'];
    const run = await stbpay('card', 'exec', file, ...unlockAndWrite, '30');
    expect(run.code, run.err).to.equal(2);
    expect(run.err).to.match(/command 7 \("30"\): an SLE4442 command is 3 bytes.*card\.json is unchanged/);
    expect(await readFile(file, 'utf8')).to.equal(before);
  });

  it('names the file when its image does not fit the card type, and never rewrites it', async () => {
    const file = join(dir, 'card.json');
    await stbpay('card', 'new', 'SLE4442', '-o', file);
    const image = JSON.parse(await readFile(file, 'utf8'));
    const variants: [string, (areas: Record<string, string>) => void, RegExp][] = [
      ['short', (a) => (a.main = a.main!.slice(2)), /short\.json: image area "main": SLE4442 needs 256 bytes, the image has 255/],
      ['missing', (a) => delete a.protection, /missing\.json: image area "protection": missing/],
      ['extra', (a) => (a.mian = '00'), /extra\.json: SLE4442 has no area "mian" \(its areas: main, protection, security\)/],
    ];
    for (const [name, spoil, message] of variants) {
      const path = join(dir, `${name}.json`);
      const areas = { ...image.areas };
      spoil(areas);
      const text = JSON.stringify({ ...image, areas });
      await writeFile(path, text);
      for (const argv of [['dump', path], ['exec', path, '30 00 00/1']]) {
        const run = await stbpay('card', ...argv);
        expect(run.code, `${name} ${argv[0]}`).to.equal(2);
        expect(run.err, `${name} ${argv[0]}`).to.match(message);
      }
      expect(await readFile(path, 'utf8'), name).to.equal(text);
    }
  });

  it('new into a place it cannot write is bad input naming the file', async () => {
    const file = join(dir, 'no', 'card.json');
    const run = await stbpay('card', 'new', 'SLE4442', '-o', file);
    expect(run.code).to.equal(2);
    expect(run.err).to.include(`${file}: cannot write the card file`);
  });
});
