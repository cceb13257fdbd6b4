import { InputError } from '../../core/errors.ts';
import type { CcidClassDescriptor } from '../ccid/descriptor.ts';

/**
 * The serial readers libccid's `libccidtwin.so` knows, by the name that follows the tty in its
 * DEVICENAME (`/dev/ttyS0:GemPCPinPad`). A serial link carries no USB descriptors, so the driver
 * takes the class descriptor from the model; values from LudovicRousseau/CCID src/ccid_serial.c,
 * set_ccid_descriptor(). `echo` says whether the reader sends the host's frame back before its
 * answer (ReadSerial skips that first frame when `echo` is set).
 */
export interface SerialReaderModel {
  /** libccid's spelling; matched without regard to case, as strcasecmp does. */
  readonly name: string;
  readonly echo: boolean;
  readonly descriptor: CcidClassDescriptor;
}

/**
 * The values set_ccid_descriptor() gives every serial reader, completed where it sets nothing
 * (bcdCCID, dwDataRate, bClassGetResponse...) from the USB GemPC Twin's own descriptor
 * (LudovicRousseau/CCID readers/GemPCTwin.txt), which agrees with it on every field both set.
 */
const GEMPC_TWIN: CcidClassDescriptor = {
  bcdCCID: 0x0100,
  bMaxSlotIndex: 0,
  bVoltageSupport: 0x07, // 1.8 V, 3 V and 5 V
  dwProtocols: 0x03, // T=0 and T=1
  dwDefaultClock: 4000,
  dwMaximumClock: 4000,
  bNumClockSupported: 0,
  dwDataRate: 10752,
  dwMaxDataRate: 344086,
  bNumDataRatesSupported: 0,
  dwMaxIFSD: 254,
  dwSynchProtocols: 0,
  dwMechanical: 0,
  dwFeatures: 0x00010230, // TPDU level, NAD other than 0, automatic baud rate and clock
  dwMaxCCIDMessageLength: 271,
  bClassGetResponse: 0x00,
  bClassEnvelope: 0x00,
  wLcdLayout: 0,
  bPINSupport: 0,
  bMaxCCIDBusySlots: 1,
};

const SEC1210: CcidClassDescriptor = {
  ...GEMPC_TWIN,
  dwFeatures: 0x000100b2,
  dwDefaultClock: 4800,
  dwMaximumClock: 4800,
  dwMaxDataRate: 826000,
  bMaxSlotIndex: 1,
};

const MODELS: readonly SerialReaderModel[] = [
  { name: 'GemPCTwin', echo: true, descriptor: GEMPC_TWIN },
  { name: 'GemPCPinPad', echo: true, descriptor: { ...GEMPC_TWIN, bPINSupport: 0x03, dwMaxDataRate: 500000 } },
  { name: 'GemCorePOSPro', echo: false, descriptor: { ...GEMPC_TWIN, bMaxSlotIndex: 4, dwMaxDataRate: 500000 } },
  { name: 'GemCoreSIMPro', echo: false, descriptor: { ...GEMPC_TWIN, bMaxSlotIndex: 1, dwMaxDataRate: 500000 } },
  {
    name: 'GemCoreSIMPro2',
    echo: false,
    descriptor: { ...GEMPC_TWIN, dwDefaultClock: 4800, dwMaximumClock: 4800, bMaxSlotIndex: 1, dwMaxDataRate: 825806 },
  },
  // Newer libccid also accepts SEC1210UR2 for the two-slot reader and SEC1210URT for the one-slot
  // one. Debian's libccid 1.5.2 knows only "SEC1210": it treats "SEC1210URT" as an unknown name,
  // i.e. as a GemPC Twin, which echoes (research cards_readers.md §4 saw exactly that).
  { name: 'SEC1210', echo: false, descriptor: SEC1210 },
  { name: 'SEC1210UR2', echo: false, descriptor: SEC1210 },
  { name: 'SEC1210URT', echo: false, descriptor: { ...SEC1210, bMaxSlotIndex: 0 } },
];

export const DEFAULT_SERIAL_MODEL = 'GemPCTwin';

export const SERIAL_MODEL_NAMES: readonly string[] = MODELS.map((model) => model.name);

export function findSerialModel(name: string): SerialReaderModel | undefined {
  return MODELS.find((model) => model.name.toLowerCase() === name.toLowerCase());
}

/** The model of that name; InputError naming `field` when there is none. */
export function serialModel(name: string = DEFAULT_SERIAL_MODEL, field = 'model'): SerialReaderModel {
  const model = findSerialModel(name);
  if (!model) throw new InputError(field, `unknown serial reader model "${name}"; known: ${SERIAL_MODEL_NAMES.join(', ')}`);
  return model;
}
