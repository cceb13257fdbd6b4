import { concatBytes } from '../../core/hex.ts';
import { ApduError } from '../apdu.ts';

/** One TPDU exchange with the card: command TPDU in, response TPDU (data + SW1 SW2) out. */
export type TpduExchange = (tpdu: Uint8Array) => Promise<Uint8Array>;

const GET_RESPONSE_INS = 0xc0;
/**
 * A card may chain 61 xx as long as it has data; 256 rounds of up to 256 bytes is 64 KiB, more than
 * any short-APDU answer. Past that the card is looping and we stop.
 */
const MAX_GET_RESPONSE_ROUNDS = 256;

/**
 * The command TPDU of a short command APDU (ISO/IEC 7816-3:2006 §12.2, APDU transport by T=0):
 * case 1 (`CLA INS P1 P2`) gets P3 = 00 (§12.2.2); case 2 (P3 = Le) and case 3 (P3 = Lc, data) go as
 * they are; case 4 (`… Lc data Le`) goes without its Le, the response data then coming by GET
 * RESPONSE after 61 xx (§12.2.5). Bytes that fit no short case go as they are, for the card (or
 * the reader's firmware) to refuse with 67 00, as a test of that refusal needs.
 */
export function commandTpdu(apdu: Uint8Array): Uint8Array {
  if (apdu.length < 4) throw new ApduError(`a command APDU has at least 4 header bytes, got ${apdu.length}`, apdu);
  if (apdu.length === 4) return Uint8Array.of(...apdu, 0x00);
  if (apdu.length === 5) return apdu;
  const lc = apdu[4]!;
  if (lc !== 0 && apdu.length === 5 + lc) return apdu;
  if (lc !== 0 && apdu.length === 6 + lc) return apdu.subarray(0, 5 + lc);
  return apdu;
}

/**
 * The CLA of GET RESPONSE: the command's own (`command`, ISO/IEC 7816-3 §12.2), or 00 (`interindustry`)
 * for cards that refuse GET RESPONSE in a proprietary class, as PBOC/UnionPay cards do (80 C0 → 6E00:
 * martinpaljak/GlobalPlatformPro#15, #67). Such a card drops its waiting data on the refused
 * command, so the class must be right the first time: it is a setting, not a retry.
 */
export type T0GetResponseClass = 'command' | 'interindustry';

/**
 * The T=0 procedures a TPDU-level reader leaves to the host (ISO/IEC 7816-3:2006 §12.2; status bytes
 * §10.3; libccid leaves them to the application): the APDU is first mapped to its TPDU
 * (commandTpdu); 6C xx → the same TPDU again with P3 = xx (only for a command without data, where P3
 * is Le); 61 xx → GET RESPONSE `CLA C0 00 00 xx` (CLA: see T0GetResponseClass), repeated while the card
 * says more is waiting, the answers' data joined in order. bClassGetResponse is not used: CCID 1.1
 * §5.1 makes it significant only for readers that exchange APDUs, which run these procedures
 * themselves.
 */
export async function exchangeT0(apdu: Uint8Array, exchange: TpduExchange, getResponseClass: T0GetResponseClass = 'command'): Promise<Uint8Array> {
  const command = commandTpdu(apdu);
  let response = await withLeCorrection(command, exchange);
  const parts: Uint8Array[] = [];
  const cla = getResponseClass === 'interindustry' ? 0x00 : command[0]!;
  for (let round = 0; sw1(response) === 0x61; round += 1) {
    if (round >= MAX_GET_RESPONSE_ROUNDS) throw new ApduError(`the card answered 61 xx ${round} times in a row`, response);
    parts.push(response.subarray(0, response.length - 2));
    response = await withLeCorrection(Uint8Array.of(cla, GET_RESPONSE_INS, 0x00, 0x00, sw2(response)), exchange);
  }
  parts.push(response);
  return concatBytes(...parts);
}

/** 6C xx: wrong Le; the card says xx bytes are available. Resent once, for case 1/2 TPDUs only. */
async function withLeCorrection(command: Uint8Array, exchange: TpduExchange): Promise<Uint8Array> {
  const response = await exchange(command);
  if (sw1(response) !== 0x6c || command.length > 5 || response.length !== 2) return response;
  const corrected = new Uint8Array(5);
  corrected.set(command.subarray(0, 4));
  corrected[4] = sw2(response);
  return exchange(corrected);
}

function sw1(response: Uint8Array): number | undefined {
  return response.length >= 2 ? response[response.length - 2] : undefined;
}

function sw2(response: Uint8Array): number {
  return response[response.length - 1]!;
}
