import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setImmediate as nextTurn, setTimeout as sleep } from 'node:timers/promises';
import { AppendFile } from '../../../src/boss/log/append-file.ts';
import { tempDir } from '../../setup/temp-dirs.ts';

describe('BOSS logs: the append-only log file', () => {
  it('has the lines of a turn on disk soon after, in order, appended to what the file held', async () => {
    const path = join(await tempDir('boss-append'), 'x.log');
    const first = new AppendFile(path);
    first.write('a\n');
    await first.close();
    const file = new AppendFile(path);
    for (let i = 0; i < 1000; i++) file.write(`${i}\n`);
    // written by the thread pool soon after this turn (polled: a loaded machine may take a while)
    for (let i = 0; i < 200 && readFileSync(path, 'utf8').split('\n').length < 1002; i++) await sleep(10);
    expect(readFileSync(path, 'utf8')).to.equal(`a\n${Array.from({ length: 1000 }, (_, i) => `${i}\n`).join('')}`);
    await file.close();
  });

  it('close() writes what is gathered, even during a write; later lines are dropped, not thrown', async () => {
    const path = join(await tempDir('boss-append'), 'x.log');
    const file = new AppendFile(path);
    file.write('one\n');
    await nextTurn(); // a write is now in flight
    file.write('two\n');
    const closing = file.close();
    file.write('late\n');
    await closing;
    await file.close();
    expect(() => file.write('later\n')).not.to.throw();
    expect(readFileSync(path, 'utf8')).to.equal('one\ntwo\n');
  });
});
