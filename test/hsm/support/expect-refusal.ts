import { expect } from 'chai';
import { HsmCommandError } from '../../../src/hsm/index.ts';

/** Awaits a command that must be refused and checks the error code, command and field the HSM named. */
export async function expectRefusal(run: Promise<unknown>, command: string, errorCode: string, field?: string): Promise<HsmCommandError> {
  let caught: unknown;
  try {
    await run;
  } catch (error) {
    caught = error;
  }
  expect(caught, `${command} should be refused with ${errorCode}`).to.be.instanceOf(HsmCommandError);
  const error = caught as HsmCommandError;
  expect({ command: error.command, errorCode: error.errorCode }).to.deep.equal({ command, errorCode });
  if (field !== undefined) expect(error.field).to.equal(field);
  return error;
}
