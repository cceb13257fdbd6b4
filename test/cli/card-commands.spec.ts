import { expect } from 'chai';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../bin/cli.ts';
import { captureIo } from '../../bin/io.ts';

async function stbpay(...argv: string[]) {
  const io = captureIo();
  const code = await main(argv, io);
  return { code, out: io.stdout, err: io.stderr };
}

describe('stbpay card', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'stbpay-cli-'));
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
});
