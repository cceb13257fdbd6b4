import { ApduError } from '../apdu.ts';

/** One TPDU exchange with the card: command TPDU in, response TPDU (data + SW1 SW2) out. */
export type TpduExchange = (tpdu: Uint8Array) => Promise<Uint8Array>;

/** CLA of GET RESPONSE when the descriptor's bClassGetResponse is FF: "echo the command's class" (CCID 1.1 §5.1). */
export const ECHO_CLASS = 0xff;
const GET_RESPONSE_INS = 0xc0;
/**
 * A card may chain 61 xx as long as it has data; 256 rounds of up to 256 bytes is 64 KiB, more than
 * any short-APDU answer. Past that the card is looping and we stop.
 */
const MAX_GET_RESPONSE_ROUNDS = 256;

/**
 * The T=0 status-word procedures a TPDU-level reader leaves to the host (ISO/IEC 7816-3:2006
 * §12.2, APDU transport by T=0, status bytes of §10.3; libccid leaves them to the application): 6C xx → send the same command again with
 * P3 = xx (only for a command without data, where P3 is Le); 61 xx → GET RESPONSE with Le = xx,
 * repeated while the card says more is waiting, the answers' data joined in order.
 */
export async function exchangeT0(command: Uint8Array, exchange: TpduExchange, classGetResponse: number): Promise<Uint8Array> {
  if (command.length < 4) throw new ApduError(`a command TPDU has at least 4 header bytes, got ${command.length}`, command);
  let response = await withLeCorrection(command, exchange);
  const parts: Uint8Array[] = [];
  const cla = classGetResponse === ECHO_CLASS ? command[0]! : classGetResponse;
  for (let round = 0; sw1(response) === 0x61; round += 1) {
    if (round >= MAX_GET_RESPONSE_ROUNDS) throw new ApduError(`the card answered 61 xx ${round} times in a row`, response);
    parts.push(response.subarray(0, response.length - 2));
    response = await withLeCorrection(Uint8Array.of(cla, GET_RESPONSE_INS, 0x00, 0x00, sw2(response)), exchange);
  }
  parts.push(response);
  return concat(parts);
}

/** 6C xx: wrong Le; the card says xx bytes are available. Resent once, for case 1/2 commands only. */
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

function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}
