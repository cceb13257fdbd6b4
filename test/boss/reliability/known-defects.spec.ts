import { expect } from 'chai';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { BankConnection } from '../../../src/boss/client/bank-connection.ts';
import type { BossMessage } from '../../../src/boss/codec/message.ts';
import { memoryBossLogs } from '../../../src/boss/log/memory-logs.ts';
import { startInProcessBoss } from './support/in-process-boss.ts';
import { tempDir } from '../../setup/temp-dirs.ts';

/**
 * Defects of the BOSS (src/boss/**) these reliability tests found, kept as regression tests now that
 * both are fixed. docs/boss/reliability.md describes them.
 */
describe('BOSS reliability: defects found, now fixed', function () {
  this.timeout(20_000);

  const request = (txcode: string, serial: string, fields: Record<string, string>): BossMessage => ({
    txcode,
    header: { BANKCODE: 'ICBC01', BANKSERIAL: serial, TXDATE: '20261120', TXTIME: '101500', TELLER: 'T01' },
    fields,
    groups: {},
  });

  // R1: a sum over 12 digits cannot be encoded; the service answers 9999 and every retry the same. [§2, §6 9999: "the bank may retry"]
  it('R1: a day total or balance over 12 digits is never a 9999 that no retry can cure', async () => {
    const boss = await startInProcessBoss({ name: 'reliability-defect-r1' });
    try {
      const bank = await BankConnection.open({ host: '127.0.0.1', port: boss.server.port, profile: boss.profile });
      const codes: string[] = [];
      for (const message of [
        request('1002', 'P1', { CUSTNO: 'C00020001', AMOUNT: '999999999999', PAYTYPE: '1' }),
        request('1002', 'P2', { CUSTNO: 'C00020002', AMOUNT: '999999999999', PAYTYPE: '1' }),
        request('2001', 'R1', { CHKDATE: '20261120', COUNT: '2', TOTAL: '999999999999' }),
        request('1002', 'P3', { CUSTNO: 'C00020001', AMOUNT: '999999999999', PAYTYPE: '1' }),
      ]) {
        codes.push((await bank.request(message)).message.header.RESPCODE ?? '');
      }
      await bank.close();
      expect(codes, `answers to 1002, 1002, 2001, 1002; service errors: ${boss.internalErrors.map((e) => e.split('\n')[0]).join('; ')}`).to.not.include('9999');
    } finally {
      await boss.close();
    }
  });

  // R2: a bank connection reset before the server's accept callback ran has no remote address any more; it is
  // counted and logged as an allow-list refusal (`peerRefused`, peer ":0"). [§1: only a peer not on the list is refused and logged so]
  it('R2: a bank at 127.0.0.1 that gives up before the BOSS accepted it is not reported as refused by the allow-list', async () => {
    const logs = memoryBossLogs({ level: 'info' });
    const boss = await startInProcessBoss({ name: 'reliability-defect-r2', logs });
    try {
      // the bank leaves a mark once all 20 connections are reset, so the BOSS stays busy exactly that long
      const marker = join(await tempDir('reliability-r2'), 'all-reset');
      const script = `const net = require('net'); const fs = require('fs'); let n = 0;
        for (let i = 0; i < 20; i++) {
          const s = net.connect({ host: '127.0.0.1', port: ${boss.server.port} });
          s.on('error', () => {});
          s.on('connect', () => { s.resetAndDestroy(); if (++n === 20) setTimeout(() => { fs.writeFileSync(${JSON.stringify(marker)}, ''); process.exit(0); }, 50); });
        }`;
      const bank = spawn(process.execPath, ['-e', script], { stdio: 'inherit' });
      // the BOSS's thread is busy (a long commit, a GC pause) while the bank connects and resets
      const until = Date.now() + 10_000;
      while (!existsSync(marker) && Date.now() < until) {
        // busy on purpose
      }
      await new Promise((resolve) => bank.once('exit', resolve));
      await new Promise((resolve) => setTimeout(resolve, 300));
      // the case really happened: connections gone before the accept ran
      expect(boss.server.counters.goneBeforeAccept, 'connections reset before the accept').to.be.greaterThan(0);
      expect(boss.server.counters.refusedPeers, JSON.stringify(logs.lines.service.filter((l) => l.event === 'peerRefused').slice(0, 2))).to.equal(0);
    } finally {
      await boss.close();
    }
  });
});
