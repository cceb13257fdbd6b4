/**
 * Constants of the USB CCID class, "Specification for Integrated Circuit(s) Cards Interface Devices",
 * revision 1.1 (USB-IF, 2005). Section numbers below are that document's; the values were checked
 * against libccid's src/ccid.h (LudovicRousseau/CCID@5de6a96).
 */

/** Bulk-OUT messages, host to reader (§6.1). */
export const PC_TO_RDR = {
  IccPowerOn: 0x62,
  IccPowerOff: 0x63,
  GetSlotStatus: 0x65,
  XfrBlock: 0x6f,
  GetParameters: 0x6c,
  ResetParameters: 0x6d,
  SetParameters: 0x61,
  Escape: 0x6b,
  IccClock: 0x6e,
  T0APDU: 0x6a,
  Secure: 0x69,
  Mechanical: 0x71,
  Abort: 0x72,
  SetDataRateAndClockFrequency: 0x73,
} as const;
export type PcToRdrType = (typeof PC_TO_RDR)[keyof typeof PC_TO_RDR];

/** Bulk-IN messages, reader to host (§6.2). */
export const RDR_TO_PC = {
  DataBlock: 0x80,
  SlotStatus: 0x81,
  Parameters: 0x82,
  Escape: 0x83,
  DataRateAndClockFrequency: 0x84,
} as const;
export type RdrToPcType = (typeof RDR_TO_PC)[keyof typeof RDR_TO_PC];

/** Interrupt-IN messages (§6.3). */
export const RDR_TO_PC_INTERRUPT = {
  NotifySlotChange: 0x50,
  HardwareError: 0x51,
} as const;

/**
 * The answer each command gets (§6.1, table 6.1-1): IccPowerOn and XfrBlock answer DataBlock;
 * parameter commands answer Parameters; Escape answers Escape; the rest answer SlotStatus.
 */
export const ANSWER_TYPE: Readonly<Record<PcToRdrType, RdrToPcType>> = {
  [PC_TO_RDR.IccPowerOn]: RDR_TO_PC.DataBlock,
  [PC_TO_RDR.IccPowerOff]: RDR_TO_PC.SlotStatus,
  [PC_TO_RDR.GetSlotStatus]: RDR_TO_PC.SlotStatus,
  [PC_TO_RDR.XfrBlock]: RDR_TO_PC.DataBlock,
  [PC_TO_RDR.GetParameters]: RDR_TO_PC.Parameters,
  [PC_TO_RDR.ResetParameters]: RDR_TO_PC.Parameters,
  [PC_TO_RDR.SetParameters]: RDR_TO_PC.Parameters,
  [PC_TO_RDR.Escape]: RDR_TO_PC.Escape,
  [PC_TO_RDR.IccClock]: RDR_TO_PC.SlotStatus,
  [PC_TO_RDR.T0APDU]: RDR_TO_PC.SlotStatus,
  [PC_TO_RDR.Secure]: RDR_TO_PC.DataBlock,
  [PC_TO_RDR.Mechanical]: RDR_TO_PC.SlotStatus,
  [PC_TO_RDR.Abort]: RDR_TO_PC.SlotStatus,
  [PC_TO_RDR.SetDataRateAndClockFrequency]: RDR_TO_PC.DataRateAndClockFrequency,
};

/** Every message starts with this 10-byte header (§6.1): type, dwLength (LE), bSlot, bSeq, 3 specific bytes. */
export const CCID_HEADER_LENGTH = 10;

/** bmICCStatus, bits 1..0 of bStatus (§6.2.6). */
export const ICC_STATUS = {
  presentActive: 0,
  presentInactive: 1,
  absent: 2,
} as const;
export type IccStatus = (typeof ICC_STATUS)[keyof typeof ICC_STATUS];

/** bmCommandStatus, bits 7..6 of bStatus (§6.2.6). */
export const COMMAND_STATUS = {
  ok: 0,
  failed: 1,
  timeExtension: 2,
} as const;
export type CommandStatus = (typeof COMMAND_STATUS)[keyof typeof COMMAND_STATUS];

/** bError values when bmCommandStatus is "failed" (§6.2.6, table 6.2-2). 1..127 name the offending header byte. */
export const SLOT_ERROR = {
  commandNotSupported: 0x00,
  /** 0x01: dwLength (bytes 1..4 of the header) is wrong. */
  badLength: 0x01,
  /** 0x05: bSlot does not exist. */
  badSlot: 0x05,
  /** 0x07: byte 7 is wrong: bPowerSelect (IccPowerOn) or bProtocolNum (SetParameters). */
  badByte7: 0x07,
  /** 0x08: byte 8 is wrong, e.g. wLevelParameter of XfrBlock. */
  badByte8: 0x08,
  cmdAborted: 0xff,
  iccMute: 0xfe,
  xfrParityError: 0xfd,
  xfrOverrun: 0xfc,
  hwError: 0xfb,
  badAtrTs: 0xf8,
  badAtrTck: 0xf7,
  iccProtocolNotSupported: 0xf6,
  iccClassNotSupported: 0xf5,
  procedureByteConflict: 0xf4,
  deactivatedProtocol: 0xf3,
  busyWithAutoSequence: 0xf2,
  pinTimeout: 0xf0,
  pinCancelled: 0xef,
  cmdSlotBusy: 0xe0,
} as const;

/** Class-specific control requests (§5.3). */
export const CLASS_REQUEST = {
  abort: 0x01,
  getClockFrequencies: 0x02,
  getDataRates: 0x03,
} as const;

/** The smart-card interface class code (§4.3). */
export const CCID_INTERFACE_CLASS = 0x0b;
/** Type of the CCID class descriptor inside the configuration descriptor (§5.1). */
export const CCID_DESCRIPTOR_TYPE = 0x21;

/** dwFeatures bits (§5.1, table 5.1-1). The exchange level is one of the four LEVEL values. */
export const FEATURE = {
  autoAtrConfig: 0x00000002,
  autoActivation: 0x00000004,
  autoVoltage: 0x00000008,
  autoClock: 0x00000010,
  autoBaud: 0x00000020,
  autoParameterNegotiation: 0x00000040,
  autoPps: 0x00000080,
  clockStop: 0x00000100,
  nadOtherThanZero: 0x00000200,
  autoIfsd: 0x00000400,
  levelTpdu: 0x00010000,
  levelShortApdu: 0x00020000,
  levelExtendedApdu: 0x00040000,
  usbWakeUp: 0x00100000,
} as const;
export const FEATURE_LEVEL_MASK = 0x00070000;

/** bPowerSelect of IccPowerOn (§6.1.1). */
export const POWER_SELECT = { automatic: 0, v5: 1, v3: 2, v1_8: 3 } as const;
/** bVoltageSupport bits of the class descriptor. */
export const VOLTAGE_SUPPORT = { v5: 1, v3: 2, v1_8: 4 } as const;
