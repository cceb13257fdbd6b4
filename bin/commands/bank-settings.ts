import { InputError } from '../../src/core/errors.ts';
import { BankSettingError } from '../../simulators/bank/index.ts';

/** The emulator's, the load generator's and the personas' settings, as the `stbpay bank` options that set them. */
const OPTION_OF: Readonly<Record<string, string>> = {
  bankcode: '--bank',
  teller: '--teller',
  serialPrefix: '--serial-prefix',
  mix: '--mix',
  connections: '--connections',
  requests: '--requests',
  durationMs: '--duration',
  'requests/durationMs': '--requests/--duration',
  customers: '--customers',
  chunkSize: '--chunk-size',
  delayMs: '--delay',
  cutAt: '--cut-at',
  length: '--length',
  announced: '--announced',
};

/** A BankSettingError said again of the option that sets the setting; anything else as it is. */
export function settingAsOption(error: unknown): unknown {
  if (!(error instanceof BankSettingError)) return error;
  const option = OPTION_OF[error.setting];
  return option === undefined ? error : new InputError(option, error.problem, { cause: error });
}
