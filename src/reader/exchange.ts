import { concatBytes } from '../core/hex.ts';
import { splitResponse, type ApduChannel, type ResponseApdu } from './apdu.ts';

/** GET RESPONSE chains followed before giving up on a card that never stops answering 61xx. */
const MAX_GET_RESPONSES = 64;

export interface Exchanged extends ResponseApdu {
  /**
   * The card answered 61xx: it had done the command and held data for GET RESPONSE. When the final
   * status word is not 90 00 after that, the command itself was not refused: its outcome is unknown.
   */
  readonly hadMoreData: boolean;
}

/**
 * One command with the T=0 transport handled: 61xx → GET RESPONSE (00 C0 00 00 xx) until the data
 * is whole; 6Cxx → the same command again with Le = xx, for a command that carries an Le (case 2 or
 * 4; a case 3 command's last byte is data). Under T=1 neither comes and this is one transmit.
 * [ISO/IEC 7816-3 §10.3.4; ISO/IEC 7816-4 §5.1, §5.1.3]
 */
export async function exchange(channel: ApduChannel, command: Uint8Array): Promise<Exchanged> {
  let response = splitResponse(await channel.transmit(command));
  if (response.sw1 === 0x6c && carriesLe(command)) {
    const again = Uint8Array.from(command);
    again[again.length - 1] = response.sw2;
    response = splitResponse(await channel.transmit(again));
  }
  const hadMoreData = response.sw1 === 0x61;
  let data = response.data;
  for (let i = 0; response.sw1 === 0x61 && i < MAX_GET_RESPONSES; i++) {
    response = splitResponse(await channel.transmit(Uint8Array.of(0x00, 0xc0, 0x00, 0x00, response.sw2)));
    data = concatBytes(data, response.data);
  }
  return { ...response, data, hadMoreData };
}

/** Short APDU cases [ISO/IEC 7816-4 §5.1]: case 2 is `header Le`, case 4 `header Lc data Le`. */
function carriesLe(command: Uint8Array): boolean {
  if (command.length === 5) return true;
  return command.length > 5 && command.length === 6 + command[4]!;
}
