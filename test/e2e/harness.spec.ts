import { expect } from 'chai';
import { requireTools } from './support/tools.ts';
import { freePortPair } from './support/free-ports.ts';
import { readerConfFrom, scriptorResponses, openscReaderIndex } from './support/sim-output.ts';

describe('e2e harness', () => {
  it('a missing tool fails with the Debian package to install, never a skip', async () => {
    const error = await requireTools(
      { kind: 'program', name: 'stbpay-no-such-tool', debian: 'stbpay-pkg' },
      { kind: 'file', name: '/nonexistent/libstbpay.so', debian: 'stbpay-lib' },
      { kind: 'program', name: 'sh', debian: 'dash' },
    ).then(
      () => undefined,
      (e: unknown) => e as Error,
    );
    expect(error?.message).to.equal(
      'missing stbpay-no-such-tool (Debian package stbpay-pkg), /nonexistent/libstbpay.so (Debian package stbpay-lib): run apt-get install stbpay-pkg stbpay-lib (or .ci/run, which installs them)',
    );
  });

  it('finds two consecutive free ports (vpcd binds port and port + 1)', async () => {
    const port = await freePortPair();
    expect(port).to.be.within(1, 65534);
  });

  it('reads the tools\' output formats', () => {
    expect(readerConfFrom('x\nreader.conf for pcscd (...):\n    A 1\n    B 2\nPC/SC reader name(s): "r"\n')).to.equal('A 1\nB 2\n');
    expect(scriptorResponses('Using T=0 protocol\n> FF B0 00 00 02\n< 12 34 90 00 : Normal processing.\n')).to.deep.equal(['12 34 90 00']);
    expect(openscReaderIndex('# Detected readers (pcsc)\nNr.  Card  Features  Name\n0    Yes             a 00 00\n1    No              a 00 01\n', 'a 00 01')).to.equal(1);
  });
});
