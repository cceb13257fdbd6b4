import { expect } from 'chai';
import { ReaderCodeLockedError, LastAttemptRefusedError, guardPresentation } from '../../../src/reader/memory/code-guard.ts';

describe('code presentation guard', () => {
  it('lets a presentation through while two or more attempts are left', () => {
    expect(() => guardPresentation('PSC', 3)).not.to.throw();
    expect(() => guardPresentation('PSC', 2)).not.to.throw();
  });

  it('refuses the last attempt unless the caller insists', () => {
    expect(() => guardPresentation('PSC', 1)).to.throw(LastAttemptRefusedError, /only 1 attempt left/).with.property('code', 'STBPAY_ERR_LAST_ATTEMPT');
    expect(() => guardPresentation('PSC', 1, { insist: true })).not.to.throw();
  });

  it('refuses a locked code even when the caller insists', () => {
    expect(() => guardPresentation('secure code', 0, { insist: true })).to.throw(ReaderCodeLockedError, /secure code: no attempt left/);
  });
});
