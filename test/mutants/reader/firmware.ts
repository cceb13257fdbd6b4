import type { ReaderEmulator } from '../../../simulators/reader/reader-emulator.ts';
import { wrapTransmit, type ReaderMutant } from './mutant.ts';

const OK = Uint8Array.of(0x90, 0x00);

/** A response that ends in 90 00, its data bytes rewritten by `change`. */
const readData = (response: Uint8Array, change: (data: Uint8Array) => Uint8Array): Uint8Array =>
  response.length >= 2 && response[response.length - 2] === 0x90 && response[response.length - 1] === 0x00 ? Uint8Array.from([...change(response.slice(0, -2)), 0x90, 0x00]) : response;

/** Commands with instruction `ins` never reach the card; the reader answers `answer` itself. */
function swallow(emulator: ReaderEmulator, ins: number, answer: Uint8Array): void {
  for (const slot of emulator.slots) {
    const original = slot.transmit.bind(slot);
    slot.transmit = async (apdu) => (apdu[0] === 0xff && apdu[1] === ins ? Uint8Array.from(answer) : original(apdu));
  }
}

/** Faulty memory-card firmware: the pseudo-APDU answers (wrapped at the slot's transmit). */
export const firmwareMutants: ReaderMutant[] = [
  {
    name: 'present-code-reports-full-counter',
    breaks: 'ACR38x-CCID §9.3.6.7: PRESENT_CODE answers 90 and the error counter (this reader answers 90 07 after a wrong code too)',
    aims: ['READER-SLE4442-004'],
    mutate: (emulator) => wrapTransmit(emulator, (apdu, response) => (apdu[1] === 0x20 && response[0] === 0x90 ? Uint8Array.of(0x90, 0x07) : response)),
  },
  {
    name: 'refused-write-answered-ok',
    breaks: 'a write the card did not take is not acknowledged 90 00 (this reader answers 90 00 for a protected byte and without the PSC)',
    aims: ['READER-SLE4442-007', 'READER-SLE4442-009'],
    mutate: (emulator) => wrapTransmit(emulator, (apdu, response) => (apdu[1] === 0xd0 && response[0] === 0x65 ? Uint8Array.of(0x90, 0x00) : response)),
  },
  {
    name: 'wrong-le-answered-with-data',
    breaks: 'ISO/IEC 7816-4 §5.6: a wrong Le gets 67 00 or 6C xx (this reader answers a 1-byte counter and 90 00, matching neither the Le sent nor the right one)',
    aims: ['READER-T0-005'],
    mutate: (emulator) => wrapTransmit(emulator, (apdu, response) => (apdu[1] === 0xb1 && response[0] === 0x67 ? Uint8Array.of(0x07, 0x90, 0x00) : response)),
  },
  {
    name: 'sle4428-counter-not-reported',
    breaks: 'ACR38x-CCID §9.3.5.7: PRESENT_CODE answers 90 and the SLE4428 error counter (this reader answers 90 00)',
    aims: ['READER-SLE4428-004'],
    cardType: 'SLE4428',
    mutate: (emulator) => wrapTransmit(emulator, (apdu, response) => (apdu[1] === 0x20 && response[0] === 0x90 ? Uint8Array.of(0x90, 0x00) : response)),
  },
  {
    name: 'at88sc153-wrong-password-reported-right',
    breaks: 'ACR38x-CCID §9.3.3.4: VERIFY_PASSWORD answers 90 and the attempts counter, FF only when right (this reader answers 90 FF always)',
    aims: ['READER-AT88SC153-004'],
    cardType: 'AT88SC153',
    mutate: (emulator) => wrapTransmit(emulator, (apdu, response) => (apdu[1] === 0x20 && response[0] === 0x90 ? Uint8Array.of(0x90, 0xff) : response)),
  },
  {
    name: 'read-returns-zeros',
    breaks: 'ACR38x-CCID §9.3.6.2: READ_MEMORY_CARD answers the card\'s bytes (this reader answers the right number of 00 bytes and 90 00)',
    aims: ['READER-SLE4442-002'],
    mutate: (emulator) => wrapTransmit(emulator, (apdu, response) => (apdu[1] === 0xb0 ? readData(response, (data) => new Uint8Array(data.length)) : response)),
  },
  {
    name: 'protection-bits-all-ff',
    breaks: 'ACR38x-CCID §9.3.6.4: READ_PROTECTION_BITS answers the card\'s protection bits (this reader reports every byte writable, FF)',
    aims: ['READER-SLE4442-009'],
    mutate: (emulator) => wrapTransmit(emulator, (apdu, response) => (apdu[1] === 0xb2 ? readData(response, (data) => data.map(() => 0xff)) : response)),
  },
  {
    name: 'sle4428-protection-bits-all-ff',
    breaks: 'ACR38x-CCID §9.3.5.4: READ_PROTECTION_BIT answers the card\'s protect bits (this reader reports the factory-protected bytes 0-7 writable)',
    aims: ['READER-SLE4428-008', 'READER-SLE4428-009'],
    cardType: 'SLE4428',
    mutate: (emulator) => wrapTransmit(emulator, (apdu, response) => (apdu[1] === 0xb2 ? readData(response, (data) => data.map(() => 0xff)) : response)),
  },
  {
    name: 'change-code-ignored',
    breaks: 'ACR38x-CCID §9.3.6.8: CHANGE_CODE_MEMORY_CARD writes the new PSC (this reader answers 90 00 and sends nothing to the card)',
    aims: ['READER-SLE4442-005'],
    mutate: (emulator) => swallow(emulator, 0xd2, OK),
  },
  {
    name: 'at88sc1608-verify-always-ff',
    breaks: 'ACR38x-CCID §9.3.4.4: VERIFY_PASSWORD answers 90 and the attempts counter, FF only when right (this reader answers 90 FF always)',
    aims: ['READER-AT88SC1608-004'],
    cardType: 'AT88SC1608',
    mutate: (emulator) => wrapTransmit(emulator, (apdu, response) => (apdu[1] === 0x20 && response[0] === 0x90 ? Uint8Array.of(0x90, 0xff) : response)),
  },
  {
    name: 'at88sc102-scac-msb-first',
    breaks: 'ACR38x-CCID §9.3.9.3: the bit at card address 0 is the LSB of byte 0 (this reader sends every byte MSB first: FZ 0F 0F reads 0F 0F, not F0 F0)',
    aims: ['READER-AT88SC102-002'],
    cardType: 'AT88SC102',
    mutate: (emulator) => wrapTransmit(emulator, (apdu, response) => (apdu[1] === 0xb0 ? readData(response, (data) => data.map(reverseBits)) : response)),
  },
];

function reverseBits(byte: number): number {
  let reversed = 0;
  for (let i = 0; i < 8; i++) reversed |= ((byte >> i) & 1) << (7 - i);
  return reversed;
}
