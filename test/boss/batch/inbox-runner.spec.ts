import { expect } from 'chai';
import { InboxRunner } from '../../../src/boss/batch/inbox-runner.ts';
import type { InboxPass } from '../../../src/boss/batch/process-inbox.ts';
import { bankHome, type BankHome } from '../../../src/boss/ftp/bank-homes.ts';

describe('inbox passes, one at a time per bank', () => {
  it('runs one more pass for any number of requests made during a pass, never two at once', async () => {
    const icbc = bankHome('/srv/ftp', 'ICBC01');
    const ccb = bankHome('/srv/ftp', 'CCB01');
    const log: string[] = [];
    let running = 0;
    const gates: (() => void)[] = [];
    const runner = new InboxRunner(async (bank: BankHome): Promise<InboxPass> => {
      running++;
      log.push(`start ${bank.bankcode} (${running} running)`);
      await new Promise<void>((resolve) => gates.push(resolve));
      running--;
      log.push(`end ${bank.bankcode}`);
      return { bankcode: bank.bankcode, files: [] };
    });
    const first = runner.run(icbc);
    const second = runner.run(icbc);
    const third = runner.run(icbc);
    const other = runner.run(ccb);
    expect(second).to.equal(third);
    expect(first).to.not.equal(second);
    while (gates.length > 0 || running > 0) {
      gates.shift()?.();
      await new Promise((resolve) => setImmediate(resolve));
    }
    await Promise.all([first, second, other]);
    await runner.idle();
    expect(log).to.deep.equal(['start ICBC01 (1 running)', 'start CCB01 (2 running)', 'end ICBC01', 'start ICBC01 (2 running)', 'end CCB01', 'end ICBC01']);
  });
});
