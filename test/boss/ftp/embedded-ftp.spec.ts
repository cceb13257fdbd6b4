import { expect } from 'chai';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { writeDkFile } from '../../../src/boss/batch/dk-writer.ts';
import { InboxRunner } from '../../../src/boss/batch/inbox-runner.ts';
import { processInbox } from '../../../src/boss/batch/process-inbox.ts';
import { bankHome, createBankHome } from '../../../src/boss/ftp/bank-homes.ts';
import { startEmbeddedFtp, type EmbeddedFtp, type EmbeddedFtpOptions, type LandedFile } from '../../../src/boss/ftp/embedded-server.ts';
import { FTP_SRV_SIGNALS } from '../../../src/boss/ftp/signal-guard.ts';
import { DATE, scene, type Scene } from '../batch/support/scene.ts';
import { bankDay, connectBank, ftpError } from './support/bank-client.ts';

/** The demo's FTP account: user icbc01, password icbc01 → ICBC01's home. */
function accounts(s: Scene): EmbeddedFtpOptions['accounts'] {
  return (user, password) => (user === 'icbc01' && password === 'icbc01' ? s.bank.home : undefined);
}

async function serve(s: Scene, extra: Partial<EmbeddedFtpOptions> = {}): Promise<EmbeddedFtp> {
  return startEmbeddedFtp({ root: s.ftpRoot, port: 0, pasvMin: 40100, pasvMax: 40199, accounts: accounts(s), log: s.log, ...extra });
}

describe('embedded FTP server (ftp-srv) in front of the bank homes [bank-interface §7]', () => {
  it('creates each bank home with in/ and out/', async () => {
    const s = await scene('ftp-homes');
    const ccb = await createBankHome(s.ftpRoot, 'CCB01');
    expect(ccb).to.deep.equal(bankHome(s.ftpRoot, 'CCB01'));
    expect((await readdir(ccb.home)).sort()).to.deep.equal(['in', 'out']);
    expect(() => bankHome(s.ftpRoot, '../x')).to.throw(/bankcode: '..\/x' is not 2-8 letters and digits/);
  });

  it('carries a bank day: DK down from out/, YH, XJMX, DKMX and flags up to in/, processed as they land', async () => {
    const s = await scene('ftp-day');
    s.ledger.addPayment({ bankcode: 'ICBC01', date: DATE, bankSerial: '20261123000002', custno: 'C00012345', amount: 4500 });
    const written = await writeDkFile({ profile: s.profile, ledger: s.ledger, bank: s.bank, date: DATE });
    const runner = new InboxRunner((bank) => processInbox(bank, s.options));
    const landed: LandedFile[] = [];
    const server = await serve(s, {
      onLanded: (file) => {
        landed.push(file);
        void runner.run(s.bank);
      },
    });
    try {
      const client = await connectBank(server, 'icbc01', 'icbc01');
      const dk = await bankDay(client, s.profile, DATE, [['20261123000002', 'C00012345', 4500]]);
      client.close();
      expect(dk.equals(await readFile(written.path))).to.equal(true);
      expect(landed.map((f) => [f.name, f.via, f.home])).to.deep.equal(
        ['YH', 'XJMX', 'DKMX'].flatMap((id) => [
          [`${id}${DATE}.TXT`, 'STOR', s.bank.home],
          [`${id}${DATE}.TXT.OK`, 'STOR', s.bank.home],
        ]),
      );
      await runner.idle();
    } finally {
      await server.close();
    }
    expect(s.log.events().filter((e) => e.startsWith('file.'))).to.deep.equal(['file.posted', 'file.reconciled', 'file.reconciled']);
    expect(s.ledger.payments.map((p) => [p.kind, p.bankSerial, p.amount])).to.deep.equal([
      ['cash', '20261123000002', 4500],
      ['withholding', 'WD1', 2250],
      ['withholding', 'WD2', 3250],
    ]);
    expect(s.ledger.exceptions).to.deep.equal([]);
    expect(await readdir(s.bank.inDir)).to.deep.equal([]);
  });

  it('confines a user to its bank home: in/ writable, out/ and the home read-only', async () => {
    const s = await scene('ftp-confine');
    const other = await createBankHome(s.ftpRoot, 'CCB01');
    await writeFile(join(other.outDir, 'DK20261123.TXT'), 'secret');
    const landed: LandedFile[] = [];
    const server = await serve(s, { onLanded: (file) => landed.push(file) });
    const client = await connectBank(server, 'icbc01', 'icbc01');
    try {
      await client.ftp.cd('../../..');
      expect(await client.ftp.pwd()).to.equal('/');
      expect((await client.ftp.list('/')).map((f) => f.name)).to.deep.equal(['in', 'out']);
      expect(await ftpError(() => client.download('../CCB01/out/DK20261123.TXT'))).to.deep.equal({ code: 551, message: '551 No such file or directory: /CCB01/out/DK20261123.TXT' });
      expect(await ftpError(() => client.upload('out/DK20261123.TXT', new Uint8Array(1)))).to.deep.equal({ code: 550, message: '550 Permission denied: /out/DK20261123.TXT (files are uploaded to /in)' });
      expect(await ftpError(() => client.upload('YH20261123.TXT', new Uint8Array(1)))).to.have.property('code', 550);
      expect(await ftpError(() => client.ftp.send('MKD in/sub'))).to.deep.equal({ code: 550, message: '550 Permission denied: /in/sub' });
      await client.upload('in/PART.TXT', new Uint8Array([1, 2]));
      await client.ftp.rename('in/PART.TXT', 'in/XJMX20261123.TXT');
      expect(await ftpError(() => client.ftp.rename('in/XJMX20261123.TXT', 'out/X.TXT'))).to.have.property('code', 550);
      expect(landed.map((f) => [f.name, f.via, f.path])).to.deep.equal([
        ['PART.TXT', 'STOR', join(s.bank.inDir, 'PART.TXT')],
        ['XJMX20261123.TXT', 'RNTO', join(s.bank.inDir, 'XJMX20261123.TXT')],
      ]);
      await client.ftp.remove('in/XJMX20261123.TXT');
      expect(await readdir(s.bank.inDir)).to.deep.equal([]);
      expect(await readdir(s.bank.outDir)).to.deep.equal([]);
    } finally {
      client.close();
      await server.close();
    }
  });

  it('never tells a client a server path', async () => {
    const s = await scene('ftp-paths');
    const server = await serve(s);
    const client = await connectBank(server, 'icbc01', 'icbc01');
    try {
      expect(await ftpError(() => client.download('out/DK20261123.TXT'))).to.deep.equal({ code: 551, message: '551 No such file or directory: /out/DK20261123.TXT' });
      await ftpError(() => client.ftp.cd('nowhere'));
      await ftpError(() => client.ftp.size('in/none'));
      await ftpError(() => client.ftp.lastMod('in/none'));
      await ftpError(() => client.ftp.send('RNFR in/none'));
      await ftpError(() => client.ftp.list('in/none'));
      await ftpError(() => client.ftp.remove('in/none'));
      await ftpError(() => client.download('in'));
    } finally {
      client.close();
      await server.close();
    }
    const replies = client.transcript.filter((line) => /^< \d{3}/.test(line) || /^\d{3}[ -]/.test(line));
    expect(replies.length).to.be.greaterThan(8);
    // ftp-srv's own error logging went to the batch log, not to stdout
    expect(s.log.lines.filter((l) => l.fields.event === 'ftp.server').length).to.be.greaterThan(0);
    for (const line of client.transcript) {
      expect(line).to.not.contain(s.ftpRoot);
      expect(line).to.not.contain(s.bank.home);
      expect(line).to.not.match(/ENOENT|EISDIR|stat '|open '/);
    }
  });

  it('refuses non-ASCII file names, also after OPTS UTF8 OFF', async () => {
    const s = await scene('ftp-ascii');
    const server = await serve(s);
    const client = await connectBank(server, 'icbc01', 'icbc01');
    try {
      const refused = await ftpError(() => client.upload('in/数据20261123.TXT', new Uint8Array(1)));
      expect(refused).to.deep.equal({ code: 550, message: '550 File names must be printable ASCII (file names here are like DK20261123.TXT)' });
      // ftp-srv would decode the rest of the session as 7-bit ASCII: é (C3 A9) would become "C)"
      await client.ftp.send('OPTS UTF8 OFF');
      expect((await ftpError(() => client.upload('in/é.TXT', new Uint8Array(1)))).code).to.equal(550);
      await client.upload('in/PLAIN.TXT', new Uint8Array(1));
      expect(await readdir(s.bank.inDir)).to.deep.equal(['PLAIN.TXT']);
    } finally {
      client.close();
      await server.close();
    }
  });

  it('refuses a wrong password and a home outside the FTP root', async () => {
    const s = await scene('ftp-login');
    const server = await serve(s, { accounts: (user) => (user === 'stray' ? '/etc' : user === 'icbc01' ? s.bank.home : undefined) });
    try {
      expect((await ftpError(() => connectBank(server, 'icbc01x', 'nope'))).code).to.equal(530);
      expect((await ftpError(() => connectBank(server, 'stray', 'any'))).code).to.equal(530);
    } finally {
      await server.close();
    }
    expect(s.log.lines.filter((l) => l.fields.event === 'ftp.login.refused').map((l) => [l.level, l.fields.user])).to.deep.equal([
      ['warn', 'icbc01x'],
      ['error', 'stray'],
    ]);
  });

  it('leaves no signal listeners and frees its port when closed', async () => {
    const s = await scene('ftp-close');
    const mine = (): void => undefined;
    process.on('SIGINT', mine);
    const before = FTP_SRV_SIGNALS.map((signal) => process.listeners(signal));
    try {
      const servers = [];
      for (let i = 0; i < 12; i++) servers.push(await serve(s));
      expect(FTP_SRV_SIGNALS.map((signal) => process.listeners(signal))).to.deep.equal(before);
      const client = await connectBank(servers[0]!, 'icbc01', 'icbc01');
      await client.upload('in/A.TXT', new Uint8Array(1));
      const { port } = servers[0]!;
      for (const server of servers) await server.close();
      client.close();
      expect(FTP_SRV_SIGNALS.map((signal) => process.listeners(signal))).to.deep.equal(before);
      await new Promise<void>((resolve, reject) => {
        const probe = createServer();
        probe.once('error', reject);
        probe.listen(port, '127.0.0.1', () => probe.close(() => resolve()));
      });
    } finally {
      process.removeListener('SIGINT', mine);
    }
  });
});
