import { InputError } from '../../src/core/errors.ts';
import type { CcidClassDescriptor } from '../../src/reader/ccid/descriptor.ts';
import { serialModel } from '../../src/reader/serial/models.ts';

/**
 * A real reader model the emulator impersonates: what it says on USB (ids, strings, the CCID class
 * descriptor) and how it departs from the CCID specification. Descriptor values are copied from the
 * dumps in libccid's readers/ directory (LudovicRousseau/CCID, produced by its `parse` tool), each
 * cited in `source`.
 */
export interface ReaderProfile {
  /** The profile's key in READER_PROFILES, e.g. `acr39u`. */
  readonly name: string;
  /** How people call the reader, e.g. "ACS ACR39U ICC Reader". */
  readonly label: string;
  readonly vendorId: number;
  readonly productId: number;
  /** iManufacturer and iProduct as the device returns them. */
  readonly manufacturer: string;
  readonly product: string;
  readonly serialNumber?: string;
  /** bcdDevice of the device descriptor (the "firmware release" libccid prints). */
  readonly bcdDevice: number;
  /** bcdUSB of the device descriptor. */
  readonly bcdUsb: number;
  /** ASCII firmware version, answered to the get-firmware Escape commands. */
  readonly firmwareVersion: string;
  readonly slots: 1 | 2;
  readonly descriptor: CcidClassDescriptor;
  /** Answer to GET_CLOCK_FREQUENCIES, kHz (CCID §5.3.2); empty when the reader stalls the request. */
  readonly clockFrequenciesKHz: readonly number[];
  /** Answer to GET_DATA_RATES, bps (CCID §5.3.3); empty when the reader stalls the request. */
  readonly dataRatesBps: readonly number[];
  /**
   * The card may be busy this long before the reader sends a time extension (bmCommandStatus 2,
   * CCID §6.2.6). Set to the T=0 work waiting time at the default clock, WWT = 960 × WI × Fi / f
   * with WI = 10 and Fi = 372 (ISO/IEC 7816-3 §10.2): the time after which a host stops waiting.
   */
  readonly timeExtensionAfterMs: number;
  /** Where the values come from. */
  readonly source: string;
  readonly quirks: ReaderQuirks;
}

export interface ReaderQuirks {
  /**
   * PC_to_RDR_SetParameters on a memory card answers Parameters, failed, bError 00 (command not
   * supported): what the ACR38U-CCID did in LudovicRousseau/PCSC#103. libccid maps bError 00 to
   * IFD_NOT_SUPPORTED (src/commands.c SetParameters), and pcsc-lite since 7730f6c then keeps T=0.
   */
  readonly rejectSetParametersForMemoryCards: boolean;
  /**
   * The ACS escape `E0 00 00 18 00` answers `E1 00 00 00 len` + the firmware version in ASCII
   * (acsccid src/ifdhandler.c ACR1222_GetFirmwareVersion, ACS readers' public SDK samples).
   */
  readonly acsFirmwareEscape: boolean;
}

/** WWT in ms for WI = 10, Fi = 372 at `clockKHz` (ISO/IEC 7816-3 §10.2). */
function workWaitingTimeMs(clockKHz: number): number {
  return Math.round((960 * 10 * 372) / clockKHz);
}

/** GemPC Twin / GemCore data rates as GET_DATA_RATES lists them (libccid readers/GemPCTwin.txt). */
const GEMPLUS_DATA_RATES = [
  10753, 14337, 15625, 17204, 20833, 21505, 23438, 25806, 28674, 31250, 32258, 34409, 39063, 41667, 43011, 46875, 52083,
  53763, 57348, 62500, 64516, 68817, 71685, 78125, 83333, 86022, 93750, 104167, 107527, 114695, 125000, 129032, 143369,
  156250, 166667, 172043, 215054, 229391, 250000, 344086,
] as const;

const NO_QUIRKS: ReaderQuirks = { rejectSetParametersForMemoryCards: false, acsFirmwareEscape: false };

const ACR39U: ReaderProfile = {
  name: 'acr39u',
  label: 'ACS ACR39U ICC Reader',
  vendorId: 0x072f,
  productId: 0xb100,
  manufacturer: 'ACS',
  product: 'ACR39U ICC Reader',
  bcdDevice: 0x0216,
  bcdUsb: 0x0200,
  // ACS firmware strings read like "ACR1252U_V107" (acshk/acsccid#15); this one follows bcdDevice 2.16.
  firmwareVersion: 'ACR39U_V216',
  slots: 1,
  descriptor: {
    bcdCCID: 0x0110,
    bMaxSlotIndex: 0,
    bVoltageSupport: 0x07,
    dwProtocols: 0x03,
    dwDefaultClock: 4800,
    dwMaximumClock: 16000,
    bNumClockSupported: 0,
    dwDataRate: 12903,
    dwMaxDataRate: 826000,
    bNumDataRatesSupported: 0,
    dwMaxIFSD: 247,
    dwSynchProtocols: 0,
    dwMechanical: 0,
    dwFeatures: 0x000100b2,
    dwMaxCCIDMessageLength: 271,
    bClassGetResponse: 0xff,
    bClassEnvelope: 0xff,
    wLcdLayout: 0,
    bPINSupport: 0,
    bMaxCCIDBusySlots: 1,
  },
  // "IFD does not support GET CLOCK FREQUENCIES / GET_DATA_RATES request" in the dump.
  clockFrequenciesKHz: [],
  dataRatesBps: [],
  timeExtensionAfterMs: workWaitingTimeMs(4800),
  source: 'libccid readers/ACS_ACR39U_ICC_Reader.txt; research cards_readers.md §3',
  quirks: { rejectSetParametersForMemoryCards: false, acsFirmwareEscape: true },
};

const ACR38U_CCID: ReaderProfile = {
  name: 'acr38u-ccid',
  label: 'ACS ACR 38U-CCID',
  vendorId: 0x072f,
  productId: 0x90cc,
  manufacturer: 'ACS',
  product: 'ACR38 USB Reader',
  bcdDevice: 0x0100,
  bcdUsb: 0x0110,
  firmwareVersion: 'ACR38U_V100',
  slots: 1,
  descriptor: {
    bcdCCID: 0x0100,
    bMaxSlotIndex: 0,
    bVoltageSupport: 0x01,
    dwProtocols: 0x03,
    dwDefaultClock: 4000,
    dwMaximumClock: 4000,
    bNumClockSupported: 0,
    dwDataRate: 10752,
    dwMaxDataRate: 129032,
    bNumDataRatesSupported: 0,
    dwMaxIFSD: 254,
    dwSynchProtocols: 0,
    dwMechanical: 0,
    dwFeatures: 0x00010030,
    dwMaxCCIDMessageLength: 271,
    bClassGetResponse: 0,
    bClassEnvelope: 0,
    wLcdLayout: 0,
    bPINSupport: 0,
    bMaxCCIDBusySlots: 1,
  },
  clockFrequenciesKHz: [],
  dataRatesBps: [],
  timeExtensionAfterMs: workWaitingTimeMs(4000),
  source: 'libccid readers/ACR38U-CCID.txt; LudovicRousseau/PCSC#103 (SetParameters refused for a memory card)',
  quirks: { rejectSetParametersForMemoryCards: true, acsFirmwareEscape: true },
};

/**
 * The GemPC Twin, whose serial version libccid drives with libccidtwin.so: the descriptor libccid
 * builds for it (src/ccid_serial.c set_ccid_descriptor: 271, IFSD 254, dwFeatures 0x00010230, 4 MHz,
 * 344086 bps, 1.8/3/5 V) equals the USB model's dump, whose ids are used here. The descriptor is the
 * serial model's (src/reader/serial/models.ts), so the host's serial transport and the emulator agree.
 */
const GEMPC_TWIN: ReaderProfile = {
  name: 'gempc-twin',
  label: 'Gemplus GemPC Twin',
  vendorId: 0x08e6,
  productId: 0x3437,
  manufacturer: 'Gemplus',
  product: 'USB SmartCard Reader',
  bcdDevice: 0x0100,
  bcdUsb: 0x0110,
  // A GemPC Twin-family firmware string, as a GemPC Pinpad reported it (Gnuk tool/pinpadtest.py notes:
  // "Firmware version: GemTwRC2-V2.10-GL04"). libccid only logs what Escape 02 returns (50-byte buffer).
  firmwareVersion: 'GemTwRC2-V2.10-GL04',
  slots: 1,
  descriptor: serialModel('GemPCTwin').descriptor,
  clockFrequenciesKHz: [4000],
  dataRatesBps: GEMPLUS_DATA_RATES,
  timeExtensionAfterMs: workWaitingTimeMs(4000),
  source: 'libccid readers/GemPCTwin.txt and src/ccid_serial.c (GEMPCTWIN)',
  quirks: NO_QUIRKS,
};

/**
 * Two slots, modelled on the Gemplus GemCore SIM Pro (libccid readers/GemCoreSIMPro.txt): the GemPC
 * Twin with bMaxSlotIndex 1 and dwMaxDataRate 500000, as libccid's set_ccid_descriptor also sets them,
 * so the descriptor is the serial model's.
 */
const DUAL_SLOT: ReaderProfile = {
  ...GEMPC_TWIN,
  name: 'dual-slot',
  label: 'Gemplus GemCore SIM Pro',
  productId: 0x3480,
  product: 'GemCore SIM Pro Smart Card Reader',
  // Chosen: no public dump of this reader's firmware string was found.
  firmwareVersion: 'GemCoreSIMPro-V1.00',
  slots: 2,
  descriptor: serialModel('GemCoreSIMPro').descriptor,
  dataRatesBps: [...GEMPLUS_DATA_RATES, 500000],
  source: 'libccid readers/GemCoreSIMPro.txt (08E6:3480, bMaxSlotIndex 1)',
};

export const READER_PROFILES: Readonly<Record<string, ReaderProfile>> = {
  [ACR39U.name]: ACR39U,
  [ACR38U_CCID.name]: ACR38U_CCID,
  [GEMPC_TWIN.name]: GEMPC_TWIN,
  [DUAL_SLOT.name]: DUAL_SLOT,
};

export const DEFAULT_READER_PROFILE: ReaderProfile = ACR39U;

/** The profile called `name`; InputError naming the known ones otherwise. */
export function readerProfile(name: string): ReaderProfile {
  const profile = READER_PROFILES[name.trim().toLowerCase()];
  if (!profile) throw new InputError('reader profile', `unknown reader profile "${name}"; known: ${Object.keys(READER_PROFILES).join(', ')}`);
  return profile;
}
