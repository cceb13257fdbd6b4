import { expect } from 'chai';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { ReaderLinkError } from '../../src/reader/errors.ts';
import { expectPcscdRunning, pcscdSocketPath, PCSCD_DEFAULT_SOCKET } from '../../src/reader/pcsc/pcscd-socket.ts';
import { loadPcscLite } from '../../src/reader/pcsc/pcsclite-module.ts';
import { listPcscReaders } from '../../src/reader/pcsc/pcsc-readers.ts';

describe('src/reader/pcsc without a pcscd', () => {
  const nowhere = join(tmpdir(), 'stbpay-no-pcscd', 'pcscd.comm');

  it('finds pcscd where libpcsclite does: PCSCLITE_CSOCK_NAME, else /run/pcscd/pcscd.comm', () => {
    expect(pcscdSocketPath({})).to.equal(PCSCD_DEFAULT_SOCKET);
    expect(PCSCD_DEFAULT_SOCKET).to.equal('/run/pcscd/pcscd.comm');
    expect(pcscdSocketPath({ PCSCLITE_CSOCK_NAME: '/x/y.comm' })).to.equal('/x/y.comm');
  });

  it('says pcscd is not running, naming the socket, instead of hanging in SCardEstablishContext', async () => {
    const error = await expectPcscdRunning({ PCSCLITE_CSOCK_NAME: nowhere }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).to.be.instanceOf(ReaderLinkError);
    expect((error as Error).message).to.include(`pcscd is not running: nothing answers on ${nowhere} (ENOENT)`);
  });

  it('listPcscReaders fails the same way (the binding is never asked for a context)', async () => {
    const saved = process.env.PCSCLITE_CSOCK_NAME;
    process.env.PCSCLITE_CSOCK_NAME = nowhere;
    try {
      const error = await listPcscReaders().then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error, 'listPcscReaders resolved').to.be.instanceOf(ReaderLinkError);
    } finally {
      if (saved === undefined) delete process.env.PCSCLITE_CSOCK_NAME;
      else process.env.PCSCLITE_CSOCK_NAME = saved;
    }
  });

  it('loads the optional @pokusew/pcsclite (npm ci builds it when libpcsclite-dev is installed)', async () => {
    expect(await loadPcscLite()).to.be.a('function');
  });
});
