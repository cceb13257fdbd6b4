import { FEATURE, POWER_SELECT, VOLTAGE_SUPPORT } from '../ccid/constants.ts';
import type { CcidClassDescriptor } from '../ccid/descriptor.ts';

/** The voltages a caller may ask for; `auto` lets the driver choose as libccid does. */
export type Voltage = 'auto' | '5V' | '3V' | '1.8V';

const POWER_SELECT_OF: Readonly<Record<Exclude<Voltage, 'auto'>, number>> = {
  '5V': POWER_SELECT.v5,
  '3V': POWER_SELECT.v3,
  '1.8V': POWER_SELECT.v1_8,
};

/**
 * The bPowerSelect values IccPowerOn is tried with, in order (CCID 1.1 §6.1.1).
 *
 * An explicit voltage is sent as asked, once. `auto` follows libccid's CmdPowerOn
 * (LudovicRousseau/CCID src/commands.c) with its default of 5 V: a reader with the automatic-voltage
 * feature gets bPowerSelect 0; otherwise 5 V is stepped down to the first voltage bVoltageSupport
 * allows (5 → 3 → 1.8 V, then 0 when none is declared), and after a failed power-on the next higher
 * voltage is tried (1.8 → 3 → 5 V), as libccid's "continue with 3 volts and 5 volts" does.
 */
export function powerSelectSequence(descriptor: CcidClassDescriptor, voltage: Voltage): number[] {
  if (voltage !== 'auto') return [POWER_SELECT_OF[voltage]];
  if ((descriptor.dwFeatures & FEATURE.autoVoltage) !== 0) return [POWER_SELECT.automatic];
  const supported = descriptor.bVoltageSupport;
  let start: number = POWER_SELECT.v5;
  if ((supported & VOLTAGE_SUPPORT.v5) === 0) start = POWER_SELECT.v3;
  if (start === POWER_SELECT.v3 && (supported & VOLTAGE_SUPPORT.v3) === 0) start = POWER_SELECT.v1_8;
  if (start === POWER_SELECT.v1_8 && (supported & VOLTAGE_SUPPORT.v1_8) === 0) return [POWER_SELECT.automatic];
  const sequence: number[] = [];
  for (let select = start; select >= POWER_SELECT.v5; select -= 1) sequence.push(select);
  return sequence;
}
