import * as cmd from '../../../src/cards/sle4442/commands.ts';
import { checkBytes, checkEqual, type ConformanceCase } from '../../framework/case.ts';
import type { CardTarget } from '../target.ts';
import { ATR, FREE, NEEDS_CARD, poweredCard, readMain, readProtection, readSecurity, send } from './case-helpers.ts';

const BLANK_HEADER = Uint8Array.of(
  0xa2, 0x13, 0x10, 0x91, 0xff, 0xff, 0x81, 0x15, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
  0xff, 0xff, 0xff, 0xff, 0xff, 0xd2, 0x76, 0x00, 0x00, 0x04, 0x00, 0xff, 0xff, 0xff, 0xff, 0xff,
);

export const readCases: ConformanceCase<CardTarget>[] = [
  {
    id: 'SLE4442-ATR-001',
    clause: 'SLE4442 datasheet: answer-to-reset (32 bits = main bytes 0..3); ATR seen by readers in pcsc-tools #46, pyscard #137',
    title: 'answer to reset is A2 13 10 91, the first four bytes of main memory',
    tags: ['atr'],
    requires: NEEDS_CARD,
    async run(context) {
      const card = await poweredCard(context);
      await card.powerOff();
      checkBytes(await card.powerOn(), ATR, 'ATR on power-on (cold reset)');
      checkBytes(await card.reset(), ATR, 'ATR on warm reset');
      checkBytes(await readMain(card, 0, 4), ATR, 'main bytes 0..3');
    },
  },
  {
    id: 'SLE4442-READ-001',
    clause: 'SLE4442 datasheet: READ MAIN MEMORY (30h) outputs from the address to the end of memory',
    title: 'READ MAIN outputs 256 − N bytes when the host clocks out everything',
    tags: ['read'],
    requires: NEEDS_CARD,
    async run(context) {
      const card = await poweredCard(context);
      checkEqual((await send(card, [0x30, 0x00, 0x00])).data.length, 256, 'bytes from address 00');
      checkEqual((await send(card, [0x30, 0xf0, 0x00])).data.length, 16, 'bytes from address F0');
      checkBytes((await send(card, [0x30, 0xff, 0x00])).data, Uint8Array.of(0xff), 'bytes from address FF');
    },
  },
  {
    id: 'SLE4442-READ-002',
    clause: 'SLE4442 datasheet: outgoing data mode ends when the host stops clocking',
    title: 'the host can stop READ MAIN early (readLength)',
    tags: ['read'],
    requires: NEEDS_CARD,
    async run(context) {
      const card = await poweredCard(context);
      checkBytes(await readMain(card, 0x15, 3), Uint8Array.of(0xd2, 0x76, 0x00), '3 bytes from 15');
      checkEqual((await send(card, [0x30, 0x00, 0x00], 0)).data.length, 0, 'bytes with readLength 0');
      checkEqual((await send(card, [0x30, 0xfe, 0x00], 10)).data.length, 2, 'readLength beyond the end');
    },
  },
  {
    id: 'SLE4442-READ-003',
    clause: 'blank-card contents observed in LudovicRousseau/pyscard issue #137 (Cherry ST-1144)',
    title: 'a blank card holds the manufacturer header in bytes 0..31 and FF elsewhere, readable without PSC',
    tags: ['read', 'factory'],
    requires: NEEDS_CARD,
    async run(context) {
      const card = await poweredCard(context);
      const all = await readMain(card, 0, 256);
      checkBytes(all.slice(0, 32), BLANK_HEADER, 'bytes 0..31');
      checkBytes(all.slice(32), new Uint8Array(224).fill(0xff), 'bytes 32..255');
    },
  },
  {
    id: 'SLE4442-READ-004',
    clause: 'SLE4442 datasheet: READ PROTECTION MEMORY (34h), 32 bits; ACS ACR38x §9.3.6 (PROT1 bit 0 = byte 0, 0 = protected); vendor sheets: bytes 0..7 and 21..26 frozen at the factory',
    title: 'READ PROTECTION outputs 4 bytes; a blank card has bytes 0..7 and 21..26 protected (00 FF 1F F8)',
    tags: ['read', 'protection', 'factory'],
    requires: NEEDS_CARD,
    async run(context) {
      const card = await poweredCard(context);
      checkBytes(await readProtection(card), Uint8Array.of(0x00, 0xff, 0x1f, 0xf8), 'protection memory');
      checkBytes((await card.execute(cmd.readProtection(1))).data, Uint8Array.of(0x00), 'first byte only');
    },
  },
  {
    id: 'SLE4442-SEC-001',
    clause: 'SLE4442 §2.4 (EC in bits 0..2, reference data readable only after verification); trace vaultbbs #107019: 31 → 07 00 00 00',
    title: 'READ SECURITY outputs EC 07 and the PSC as 00 00 00 before verification',
    tags: ['read', 'security'],
    requires: NEEDS_CARD,
    async run(context) {
      const card = await poweredCard(context);
      checkBytes(await readSecurity(card), Uint8Array.of(0x07, 0x00, 0x00, 0x00), 'security memory');
      checkBytes((await card.execute(cmd.readSecurity(1))).data, Uint8Array.of(0x07), 'EC only');
    },
  },
  {
    id: 'SLE4442-CMD-001',
    clause: 'SLE4442 datasheet: command table (other control bytes are no command)',
    title: 'unknown control bytes are ignored: no output, no processing, nothing changes',
    tags: ['command'],
    requires: NEEDS_CARD,
    async run(context) {
      const card = await poweredCard(context);
      for (const control of [0x00, 0x32, 0x35, 0x3a, 0x3b, 0x3d, 0x3e, 0x3f, 0x70, 0xb8, 0xff]) {
        const response = await send(card, [control, FREE, 0x00]);
        checkEqual(response.data.length, 0, `output of ${control.toString(16)} ${FREE.toString(16)} 00`);
        checkEqual(response.busyMicros, 0, `busy time of ${control.toString(16)}`);
      }
      checkBytes(await readMain(card, FREE, 1), Uint8Array.of(0xff), 'target byte unchanged');
      checkBytes(await readSecurity(card), Uint8Array.of(0x07, 0, 0, 0), 'security memory unchanged');
    },
  },
];
