import { expect } from 'chai';
import { parseHex, toCompactHex } from '../../src/core/hex.ts';
import { HsmAnswerError, HsmCommandError, HsmConnectionError } from '../../src/hsm/index.ts';
import { corruptByte, delayAnswers, dropConnection, fragmentAnswers } from '../../simulators/hsm/index.ts';
import { openBench } from './support/emulator.ts';

async function failure(run: Promise<unknown>): Promise<unknown> {
  return run.then(
    () => undefined,
    (error: unknown) => error,
  );
}

describe('HSM emulator fault personas: delay, drop, corrupt', () => {
  it('delay: an answer later than the client waits is a typed timeout; the late answer is dropped', async () => {
    const bench = await openBench({}, 100);
    try {
      bench.emulator.persona = delayAnswers(250);
      const error = await failure(bench.client.diagnostics());
      expect(error).to.be.instanceOf(HsmConnectionError).with.property('reason', 'timeout');
      expect((error as Error).message).to.include('NC');
      bench.emulator.persona = undefined;
      await new Promise((resolve) => setTimeout(resolve, 250)); // the late answer arrives and is dropped
      expect((await bench.client.diagnostics()).firmware).to.equal('STBPAY001');
    } finally {
      await bench.close();
    }
  });

  it('drop: the connection closes instead of an answer; the waiting request fails as closed, and so do later ones', async () => {
    const bench = await openBench();
    try {
      bench.emulator.persona = dropConnection();
      const error = await failure(bench.client.diagnostics());
      expect(error).to.be.instanceOf(HsmConnectionError).with.property('reason', 'closed');
      expect(await failure(bench.client.diagnostics())).to.be.instanceOf(HsmConnectionError).with.property('reason', 'closed');
    } finally {
      await bench.close();
    }
  });

  it('corrupt: a flipped last byte turns an M9 00 into error 01, and a MAC digit F into G, which the client refuses', async () => {
    const bench = await openBench();
    try {
      const key = (await bench.client.formKey({ keyType: '008', scheme: 'U', components: [parseHex('0123456789ABCDEF FEDCBA9876543210')] })).underLmk;
      const request = { algorithm: 1 as const, padding: 2 as const, macLength: 4, keyType: '008' as const, key, iv: new Uint8Array(8), data: parseHex('01020304') };
      const mac = await bench.client.generateMac(request);
      expect(toCompactHex(mac).at(-1), 'this MAC ends in F').to.equal('F');
      bench.emulator.persona = corruptByte();
      const unreadable = await failure(bench.client.generateMac(request));
      expect(unreadable).to.be.instanceOf(HsmAnswerError).with.property('field', 'M7 MAC');
      const error = await failure(bench.client.verifyMac({ ...request, mac }));
      expect(error).to.be.instanceOf(HsmCommandError).with.property('errorCode', '01');
      // what the engine itself answered is recorded before the fault
      expect(bench.emulator.answers.at(-1)?.errorCode).to.equal('00');
    } finally {
      await bench.close();
    }
  });
});

describe('HSM emulator fault personas: fragment', () => {
  it('fragment: answers written one byte at a time still reach the client whole', async () => {
    const bench = await openBench();
    try {
      bench.emulator.persona = fragmentAnswers(1);
      const [first, second] = await Promise.all([bench.client.diagnostics(), bench.client.generateKey({ keyType: '00A', scheme: 'T' })]);
      expect(first.firmware).to.equal('STBPAY001');
      expect(second.underLmk.cryptogram).to.have.length(24);
    } finally {
      await bench.close();
    }
  });
});
