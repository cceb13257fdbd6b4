import { expect } from 'chai';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { InputError } from '../../src/core/errors.ts';
import { imageArea, loadImageFile, makeImage, parseImage, saveImageFile } from '../../simulators/cards/common/image.ts';
import { hexDump, bits } from '../../simulators/cards/common/hexdump.ts';
import { tempDir } from '../setup/temp-dirs.ts';

describe('card image files', () => {
  it('round-trips areas through a file', async () => {
    const dir = await tempDir('image');
    const path = join(dir, 'card.json');
    const image = makeImage('SLE4442', { main: Uint8Array.of(0xa2, 0x13), security: Uint8Array.of(7, 0xff, 0xff, 0xff) });
    await saveImageFile(path, image);
    const loaded = await loadImageFile(path);
    expect(loaded).to.deep.equal(image);
    expect(Array.from(imageArea(loaded, 'security', 4))).to.deep.equal([7, 0xff, 0xff, 0xff]);
    expect(JSON.parse(await readFile(path, 'utf8')).areas.main).to.equal('A213');
  });

  it('a failed save names the file and leaves the previous card and no temporary file', async () => {
    const dir = await tempDir('image');
    const image = makeImage('SLE4442', { main: Uint8Array.of(1) });
    await saveImageFile(dir, image).then(
      () => expect.fail('saved over a directory'),
      (error: unknown) => expect(String(error)).to.include(`${dir}: cannot write the card file`),
    );
    expect(await readdir(dir)).to.deep.equal([]);
    await readFile(`${dir}.${process.pid}.tmp`).then(
      () => expect.fail('the temporary file was left behind'),
      (error: NodeJS.ErrnoException) => expect(error.code).to.equal('ENOENT'),
    );
  });

  it('names what is wrong with a bad file', async () => {
    const dir = await tempDir('image');
    const path = join(dir, 'bad.json');
    await writeFile(path, '{"format":"stbpay-card-image/1","type":"SLE4442","areas":{"main":"ZZ"}}');
    await loadImageFile(path).then(
      () => expect.fail('loaded a bad image'),
      (error: unknown) => expect(String(error)).to.match(/area "main".*'Z' is not a hex digit/),
    );
    await loadImageFile(join(dir, 'missing.json')).then(
      () => expect.fail('loaded a missing file'),
      (error: unknown) => expect(error).to.be.instanceOf(InputError),
    );
    await writeFile(path, '{not json');
    await loadImageFile(path).then(
      () => expect.fail('loaded broken JSON'),
      (error: unknown) => expect(String(error)).to.match(/not valid JSON/),
    );
    expect(() => parseImage({ format: 'other', type: 'SLE4442', areas: {} }, 'x.json')).to.throw(InputError, /"format" must be/);
    expect(() => parseImage({ format: 'stbpay-card-image/1', type: 'NOPE', areas: {} }, 'x.json')).to.throw(InputError, /x\.json: "type": .*unknown card type "NOPE"/);
    const image = makeImage('SLE4442', { main: Uint8Array.of(1) });
    expect(() => imageArea(image, 'main', 256)).to.throw(InputError, /needs 256 bytes, the image has 1/);
    expect(() => imageArea(image, 'protection', 4)).to.throw(InputError, /missing/);
  });

  it('dumps rows of 16 with addresses and marks', () => {
    const bytes = Uint8Array.from({ length: 18 }, (_, i) => i);
    expect(hexDump(bytes)).to.equal('0000: 00 01 02 03 04 05 06 07 08 09 0A 0B 0C 0D 0E 0F\n0010: 10 11');
    expect(hexDump(bytes.slice(0, 2), { base: 0x3fe, mark: (a) => (a === 0x3ff ? '*' : '') })).to.equal('03FE: 00 01*');
    expect(bits(0x07)).to.equal('0000 0111');
  });
});
