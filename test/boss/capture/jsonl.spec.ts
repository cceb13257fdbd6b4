import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect } from 'chai';
import { VirtualClock } from '../../../src/core/clock.ts';
import { CaptureFileError, CaptureLineError } from '../../../src/boss/capture/errors.ts';
import { readJsonlCapture } from '../../../src/boss/capture/jsonl-capture.ts';
import { parseCaptureLine, readCaptureRecords, type NumberedRecord } from '../../../src/boss/capture/jsonl-reader.ts';
import { openCaptureFile } from '../../../src/boss/capture/jsonl-writer.ts';
import { CAPTURE_FORMAT } from '../../../src/boss/capture/records.ts';
import { defaultProfile } from '../../../src/boss/profile/index.ts';
import { tempDir } from '../../setup/temp-dirs.ts';
import { exampleFrame, latin1 } from './support/examples.ts';

async function readAll(file: string): Promise<NumberedRecord[]> {
  const out: NumberedRecord[] = [];
  for await (const record of readCaptureRecords(file)) out.push(record);
  return out;
}

describe('BOSS capture: JSON lines', () => {
  const query = exampleFrame('query');
  const answer = exampleFrame('query-answer');
  const peer = '127.0.0.1:40001';

  it('writes one line per record and reads back the same records', async () => {
    const file = join(await tempDir('jsonl'), 'capture.jsonl');
    const clock = new VirtualClock(Date.UTC(2026, 10, 23, 2, 15));
    const writer = openCaptureFile(file, { clock });
    writer.event({ kind: 'open', connection: 1, peer });
    writer.frame({ at: '2026-11-23T02:15:00.100Z', connection: 1, direction: 'request', peer, bytes: query });
    writer.frame({ at: '2026-11-23T02:15:00.200Z', connection: 1, direction: 'response', peer, bytes: answer });
    writer.raw({ at: '2026-11-23T02:15:00.300Z', connection: 1, direction: 'request', peer, bytes: Uint8Array.of(0x41, 0x00, 0xff) });
    writer.event({ kind: 'close', connection: 1, peer, by: 'boss' });
    await writer.close();

    const text = await readFile(file, 'utf8');
    const lines = text.trimEnd().split('\n');
    expect(lines).to.have.length(6);
    expect(JSON.parse(lines[0] ?? '')).to.deep.equal({ at: '2026-11-23T02:15:00.000Z', event: 'start', format: CAPTURE_FORMAT });
    expect(JSON.parse(lines[2] ?? '')).to.deep.equal({
      at: '2026-11-23T02:15:00.100Z',
      connection: 1,
      direction: 'request',
      peer,
      hex: Buffer.from(query).toString('hex').toUpperCase(),
      text: latin1(query),
    });
    expect(JSON.parse(lines[4] ?? '')).to.include({ text: 'A..', frame: false, hex: '4100FF' });
    expect(JSON.parse(lines[5] ?? '')).to.deep.equal({ at: '2026-11-23T02:15:00.000Z', connection: 1, peer, event: 'close', by: 'boss' });

    const records = await readAll(file);
    expect(records.map((r) => r.line)).to.deep.equal([1, 2, 3, 4, 5, 6]);
    expect(records.map((r) => r.record.kind)).to.deep.equal(['start', 'open', 'frame', 'frame', 'raw', 'close']);
    const second = records[2]?.record;
    expect(second?.kind === 'frame' && latin1(second.bytes)).to.equal(latin1(query));
  });

  it('appends: a second recorder adds a start line and its connection numbers start again', async () => {
    const file = join(await tempDir('jsonl'), 'capture.jsonl');
    for (const n of [1, 2]) {
      const writer = openCaptureFile(file);
      writer.frame({ at: '2026-11-23T02:15:00.000Z', connection: 1, direction: 'request', peer: `127.0.0.1:${n}`, bytes: query });
      writer.frame({ at: '2026-11-23T02:15:00.001Z', connection: 1, direction: 'response', peer: `127.0.0.1:${n}`, bytes: answer });
      await writer.close();
    }
    const set = await readJsonlCapture(file, defaultProfile());
    expect(set.connections.map((c) => c.peer)).to.deep.equal(['127.0.0.1:1', '127.0.0.1:2']);
    expect(set.connections.map((c) => c.items.length)).to.deep.equal([2, 2]);
    expect(set.connections[1]?.label).to.equal('connection 1 (recording 2)');
  });

  it('bytes that are not a frame, written chunk by chunk after a framing error, are read as one piece', async () => {
    const file = join(await tempDir('jsonl'), 'capture.jsonl');
    const writer = openCaptureFile(file);
    const chunk = (text: string, ms: number) => ({ at: `2026-11-23T02:15:00.00${ms}Z`, connection: 1, direction: 'request', peer, bytes: new TextEncoder().encode(text) }) as const;
    writer.frame({ ...chunk('', 0), bytes: query });
    writer.raw(chunk('HELLO', 1));
    writer.frame({ ...chunk('', 2), direction: 'response', bytes: answer });
    writer.raw(chunk(' WORLD', 3));
    writer.raw(chunk('!', 4));
    await writer.close();
    const set = await readJsonlCapture(file, defaultProfile());
    expect(set.connections[0]?.items.map((i) => [i.direction, i.isFrame, latin1(i.bytes), i.source, i.position, i.at])).to.deep.equal([
      ['request', true, latin1(query), 'line 2', 2, '2026-11-23T02:15:00.000Z'],
      ['request', false, 'HELLO WORLD!', 'lines 3-6', 3, '2026-11-23T02:15:00.004Z'],
      ['response', true, latin1(answer), 'line 4', 4, '2026-11-23T02:15:00.002Z'],
    ]);
  });

  it('drops frames handed in after close instead of throwing', async () => {
    const file = join(await tempDir('jsonl'), 'capture.jsonl');
    const writer = openCaptureFile(file);
    const closing = writer.close();
    writer.frame({ at: '2026-11-23T02:15:00.000Z', connection: 1, direction: 'request', peer, bytes: query });
    await closing;
    expect((await readAll(file)).map((r) => r.record.kind)).to.deep.equal(['start']);
  });

  it('refuses a path it cannot open, naming the file', async () => {
    const dir = await tempDir('jsonl');
    await writeFile(join(dir, 'plain'), 'x');
    expect(() => openCaptureFile(join(dir, 'plain', 'capture.jsonl'))).to.throw(CaptureFileError, /plain/);
  });

  describe('reader errors name the line and the key', () => {
    const good = { at: '2026-11-23T02:15:00.000Z', connection: 1, direction: 'request', peer, hex: '3030' };
    const cases: [string, string, RegExp][] = [
      ['{"at":', '(line)', /not JSON/],
      ['[1,2]', '(line)', /not a JSON object/],
      [JSON.stringify({ ...good, at: 'yesterday' }), 'at', /ISO 8601/],
      [JSON.stringify({ ...good, at: undefined }), 'at', /missing/],
      [JSON.stringify({ ...good, connection: -1 }), 'connection', /whole number/],
      [JSON.stringify({ ...good, connection: '1' }), 'connection', /whole number/],
      [JSON.stringify({ ...good, direction: 'up' }), 'direction', /neither/],
      [JSON.stringify({ ...good, peer: 7 }), 'peer', /string/],
      [JSON.stringify({ ...good, hex: '30G0' }), 'hex', /'G' at position 2/],
      [JSON.stringify({ ...good, hex: '303' }), 'hex', /odd number/],
      [JSON.stringify({ ...good, hex: '' }), 'hex', /no bytes/],
      [JSON.stringify({ ...good, frame: 'no' }), 'frame', /true or false/],
      [JSON.stringify({ at: good.at, event: 'reboot' }), 'event', /not start, open or close/],
      [JSON.stringify({ at: good.at, event: 'close', connection: 1, peer, by: 'nobody' }), 'by', /neither/],
      [JSON.stringify({ at: good.at, event: 'start' }), 'format', /missing/],
    ];
    for (const [line, field, message] of cases) {
      it(`${field}: ${line}`, () => {
        try {
          parseCaptureLine(line, 'c.jsonl', 7);
          expect.fail('no error');
        } catch (error) {
          expect(error).to.be.instanceOf(CaptureLineError);
          const e = error as CaptureLineError;
          expect([e.file, e.line, e.jsonField]).to.deep.equal(['c.jsonl', 7, field]);
          expect(e.message).to.match(message).and.to.contain(`c.jsonl line 7 "${field}"`);
        }
      });
    }

    it('stops a streaming read at the bad line, after the good ones', async () => {
      const file = join(await tempDir('jsonl'), 'bad.jsonl');
      await writeFile(file, `${JSON.stringify(good)}\n\n${JSON.stringify(good)}\n{"oops"\n`);
      const seen: number[] = [];
      try {
        for await (const r of readCaptureRecords(file)) seen.push(r.line);
        expect.fail('no error');
      } catch (error) {
        expect(error).to.be.instanceOf(CaptureLineError);
        expect((error as CaptureLineError).line).to.equal(4);
      }
      expect(seen).to.deep.equal([1, 3]);
    });

    it('a frame line must hold exactly one frame of the profile', async () => {
      const file = join(await tempDir('jsonl'), 'notframe.jsonl');
      await writeFile(file, `${JSON.stringify(good)}\n`);
      const error = await readJsonlCapture(file, defaultProfile()).catch((e: unknown) => e);
      expect(error).to.be.instanceOf(CaptureLineError);
      expect((error as CaptureLineError).jsonField).to.equal('hex');
      expect((error as CaptureLineError).line).to.equal(1);
    });

    it('a directory is a CaptureFileError naming it', async () => {
      const dir = await tempDir('jsonl');
      const error = await readAll(dir).catch((e: unknown) => e);
      expect(error).to.be.instanceOf(CaptureFileError);
      expect((error as Error).message).to.contain(dir);
    });

    it('a missing file is a CaptureFileError naming it', async () => {
      const error = await readAll('/nonexistent/capture.jsonl').catch((e: unknown) => e);
      expect(error).to.be.instanceOf(CaptureFileError);
      expect((error as Error).message).to.contain('/nonexistent/capture.jsonl');
    });
  });
});
