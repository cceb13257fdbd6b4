import { expect } from 'chai';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { VirtualClock } from '../../../src/core/clock.ts';
import { memoryBossLogs, openBossLogs, silentBossLogs } from '../../../src/boss/log/index.ts';
import { tempDir } from '../../setup/temp-dirs.ts';

async function jsonLines(file: string): Promise<Record<string, unknown>[]> {
  return (await readFile(file, 'utf8'))
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

describe('BOSS logs', () => {
  it('writes three JSON-line files in a directory it creates, each log to its own file, flushed by close()', async () => {
    const dir = join(await tempDir('boss-logs'), 'nested', 'logs');
    const clock = new VirtualClock(Date.UTC(2026, 10, 23, 2, 15));
    const logs = openBossLogs(dir, { clock });
    for (let i = 0; i < 500; i++) logs.transactions.info({ event: 'answer', txcode: '1001', n: i });
    logs.service.info({ event: 'listening', port: 9100 }, 'up');
    logs.batch.warn({ event: 'fileRejected', file: 'YH20261123.TXT' });
    await logs.close();
    const service = await jsonLines(join(dir, 'service.log'));
    expect(service).to.deep.equal([{ level: 'info', time: '2026-11-23T02:15:00.000Z', event: 'listening', port: 9100, msg: 'up' }]);
    const transactions = await jsonLines(join(dir, 'transactions.log'));
    expect(transactions).to.have.length(500);
    expect(transactions[499]).to.include({ event: 'answer', n: 499 });
    expect(await jsonLines(join(dir, 'batch.log'))).to.deep.equal([{ level: 'warn', time: '2026-11-23T02:15:00.000Z', event: 'fileRejected', file: 'YH20261123.TXT' }]);
  });

  it('appends to existing files, and drops lines logged after close instead of throwing', async () => {
    const dir = await tempDir('boss-logs');
    const first = openBossLogs(dir);
    first.service.info({ event: 'one' });
    await first.close();
    first.service.info({ event: 'late' });
    const second = openBossLogs(dir);
    second.service.info({ event: 'two' });
    await second.close();
    await second.close();
    expect((await jsonLines(join(dir, 'service.log'))).map((l) => l.event)).to.deep.equal(['one', 'two']);
  });

  it('memory logs keep parsed lines per log; silent logs write nothing', async () => {
    const memory = memoryBossLogs();
    memory.transactions.info({ event: 'answer' });
    memory.service.debug({ event: 'below the level' });
    expect(memory.lines.transactions.map((l) => l.event)).to.deep.equal(['answer']);
    expect(memory.lines.service).to.deep.equal([]);
    const silent = silentBossLogs();
    silent.service.error({ event: 'nothing' });
    await silent.close();
  });
});
