import { expect } from 'chai';
import { parseHex, toHex } from '../../../src/core/hex.ts';
import type { ApduChannel, ResponseApdu } from '../../../src/reader/apdu.ts';
import { exchange } from '../../../src/reader/exchange.ts';
import { poweredCard } from './fixture.ts';

/** Records what the host sent, so the test sees the GET RESPONSEs and the reissued command. */
function recording(channel: ApduChannel, sent: string[]): ApduChannel {
  return {
    transmit: async (command) => {
      sent.push(toHex(command));
      return channel.transmit(command);
    },
  };
}

/** data ‖ SW1 SW2 in spaced hex. */
async function follow(channel: ApduChannel, command: string): Promise<string> {
  const response: ResponseApdu = await exchange(channel, parseHex(command));
  return toHex(Uint8Array.of(...response.data, response.sw1, response.sw2));
}

// The host's T=0 handling (src/reader/exchange.ts) against the emulator.
describe('CPU card driven by the host exchange (61xx and 6Cxx followed)', () => {
  it('follows 61xx with GET RESPONSE: a T=0 card gives what a T=1 card gives directly', async () => {
    const sent: string[] = [];
    const t0 = recording(await poweredCard('T=0'), sent);
    const t1 = await poweredCard('T=1');
    expect(await follow(t0, '00 A4 00 00 02 00 01 00')).to.equal(toHex(await t1.transmit(parseHex('00 A4 00 00 02 00 01 00'))));
    expect(sent).to.deep.equal(['00 A4 00 00 02 00 01 00', '00 C0 00 00 10']);
  });

  it('follows 6Cxx by sending the command again with the Le the card named', async () => {
    const sent: string[] = [];
    const t0 = recording(await poweredCard('T=0'), sent);
    expect(await follow(t0, '00 B2 01 1C 00')).to.equal('AA AA AA AA 90 00');
    expect(sent).to.deep.equal(['00 B2 01 1C 00', '00 B2 01 1C 04']);
  });

  it('passes errors through untouched', async () => {
    const t0 = await poweredCard('T=0');
    expect(await follow(t0, '00 A4 00 00 02 77 77')).to.equal('6A 82');
  });
});
