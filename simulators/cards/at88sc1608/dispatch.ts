import type { ChipCommand } from '../../../src/cards/synchronous-card.ts';
import { AT88SC1608_COMMAND as C } from '../../../src/cards/at88sc1608/commands.ts';
import { readConfig, writeConfig } from './config-zone.ts';
import { NACK, ack, type Outcome } from '../at88-i2c/outcome.ts';
import type { ChipCore } from './core.ts';
import { verifyPassword } from './password.ts';
import { readUser, setUserZone, writeUser } from './user-zone.ts';

/**
 * Routes one two-wire transaction by its command byte [AT88SC1608 0971H Table 10-1]. A known
 * command byte sent alone is an ACK poll. Initialize/Verify Authentication are NOT IMPLEMENTED
 * (the cipher is not in stbpay yet): they are refused with NACK rather than answered falsely, and
 * no zone that requires authentication ever opens. Unknown command bytes are NACKed.
 */
export function dispatch(core: ChipCore, command: ChipCommand): Outcome {
  const bytes = command.bytes;
  const readLength = command.readLength ?? 1;
  const code = bytes[0];
  if (code === C.initializeAuthentication || code === C.verifyAuthentication) return NACK;
  const known = code !== undefined && code >= C.writeUserZone && code <= C.readConfigurationZone;
  if (!known) return NACK;
  if (bytes.length === 1) return ack();
  switch (code) {
    case C.writeUserZone:
      return writeUser(core, bytes);
    case C.readUserZone:
      return readUser(core, bytes, readLength);
    case C.setUserZoneAddress:
      return setUserZone(core, bytes);
    case C.verifyPassword:
      return verifyPassword(core, bytes);
    case C.writeConfigurationZone:
      return writeConfig(core, bytes);
    default:
      return readConfig(core, bytes, readLength);
  }
}
