import { wrapTransmit, type ReaderMutant } from './mutant.ts';

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
    breaks: 'ISO/IEC 7816-4 §5.6: a wrong Le gets 67 00 or 6C xx (this reader answers the counter and 90 00 whatever Le says)',
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
];
