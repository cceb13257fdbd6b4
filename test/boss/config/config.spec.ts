import { expect } from 'chai';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { InputError } from '../../../src/core/errors.ts';
import { DEFAULT_BOSS_CONFIG, loadBossConfig } from '../../../src/boss/config/index.ts';
import { tempDir } from '../../setup/temp-dirs.ts';

async function configFile(document: unknown): Promise<string> {
  const file = join(await tempDir('boss-config'), 'boss.json');
  await writeFile(file, typeof document === 'string' ? document : JSON.stringify(document));
  return file;
}

function refusal(action: () => unknown): InputError {
  try {
    action();
  } catch (error) {
    expect(error).to.be.instanceOf(InputError);
    return error as InputError;
  }
  return expect.fail('no error');
}

describe('BOSS config file', () => {
  it('without a file is the brief\'s defaults', () => {
    expect(loadBossConfig()).to.deep.equal({
      host: '127.0.0.1',
      port: 9100,
      db: 'boss.db',
      profile: null,
      utcOffsetMinutes: 480,
      frameTimeoutMs: 10000,
      idleTimeoutMs: 60000,
      answerTimeoutMs: 5000,
      maxConnections: 1024,
      allowListRefreshMs: 30000,
      logDir: 'logs',
      capture: null,
      reportsDir: null,
      archiveDir: null,
      ftp: { enabled: false, host: '127.0.0.1', port: 2121, root: 'ftp', pasvMin: 30000, pasvMax: 30100, scanIntervalMs: 60000 },
    });
  });

  it('an empty object is the defaults too; every key is optional', async () => {
    expect(loadBossConfig(await configFile({}))).to.deep.equal(DEFAULT_BOSS_CONFIG);
  });

  it('takes the keys given over the defaults, ftp key by key, paths relative to the file', async () => {
    const file = await configFile({ port: 0, db: 'ledger.db', capture: '/abs/cap.jsonl', idleTimeoutMs: 1000, ftp: { enabled: true, port: 2200 } });
    const dir = join(file, '..');
    const config = loadBossConfig(file);
    expect(config).to.include({ port: 0, db: join(dir, 'ledger.db'), capture: '/abs/cap.jsonl', idleTimeoutMs: 1000, logDir: 'logs', host: '127.0.0.1' });
    expect(config.ftp).to.deep.equal({ ...DEFAULT_BOSS_CONFIG.ftp, enabled: true, port: 2200 });
  });

  const bad: [unknown, string, RegExp][] = [
    [{ port: 65536 }, 'port', /^port: 65536 in .*boss\.json is not a whole number from 0 to 65535$/],
    [{ port: '9100' }, 'port', /^port: "9100" in .* is not a whole number/],
    [{ frameTimeoutMs: 0 }, 'frameTimeoutMs', /^frameTimeoutMs: 0 in .* is not a whole number from 1 to 2147483647/],
    [{ idleTimeoutMs: 1.5 }, 'idleTimeoutMs', /^idleTimeoutMs: 1\.5 in/],
    [{ answerTimeoutMs: null }, 'answerTimeoutMs', /^answerTimeoutMs: null in/],
    [{ maxConnections: -1 }, 'maxConnections', /^maxConnections: -1 in/],
    [{ utcOffsetMinutes: 900 }, 'utcOffsetMinutes', /^utcOffsetMinutes: 900 in .* from -720 to 840/],
    [{ host: '' }, 'host', /^host: "" in .* is not a non-empty string/],
    [{ db: 7 }, 'db', /^db: 7 in/],
    [{ profile: false }, 'profile', /^profile: false in .* is not a non-empty string or null/],
    [{ capture: '' }, 'capture', /^capture: "" in/],
    [{ logDir: [] }, 'logDir', /^logDir: \[\] in/],
    [{ prot: 9100 }, 'prot', /^prot: unknown key in .* \(known: host, port, db, profile, utcOffsetMinutes, /],
    [{ ftp: { enabled: 'yes' } }, 'ftp.enabled', /^ftp\.enabled: "yes" in .* is not true or false/],
    [{ ftp: { port: 99999 } }, 'ftp.port', /^ftp\.port: 99999 in/],
    [{ ftp: { rooot: 'x' } }, 'ftp.rooot', /^ftp\.rooot: unknown key in .* \(known: enabled, host, port, root, pasvMin, pasvMax, scanIntervalMs\)/],
    [{ ftp: { pasvMin: 30200 } }, 'ftp.pasvMin', /^ftp\.pasvMin: 30200 in .* is above ftp\.pasvMax 30100/],
    [{ ftp: 'on' }, 'ftp', /^ftp: "on" in .* is not an object/],
    [{ ftp: { scanIntervalMs: 0 } }, 'ftp.scanIntervalMs', /^ftp\.scanIntervalMs: 0 in .* is not a whole number from 1 to 2147483647/],
    [{ reportsDir: '' }, 'reportsDir', /^reportsDir: "" in .* is not a non-empty string or null/],
    [[1, 2], 'config', /^config: .* must hold a JSON object/],
  ];
  for (const [document, field, message] of bad) {
    it(`refuses ${JSON.stringify(document)}, naming ${field}`, async () => {
      const file = await configFile(document);
      const error = refusal(() => loadBossConfig(file));
      expect(error.field).to.equal(field);
      expect(error.message).to.match(message);
    });
  }

  it('names the file when it is missing or not JSON', async () => {
    const missing = refusal(() => loadBossConfig('/nonexistent/boss.json'));
    expect(missing.field).to.equal('--config');
    expect(missing.message).to.match(/cannot read \/nonexistent\/boss\.json/);
    const file = await configFile('{ "port": 9100, }');
    expect(refusal(() => loadBossConfig(file)).message).to.match(/boss\.json is not JSON/);
  });
});
