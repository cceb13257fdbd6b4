import { notApplicable, type ConformanceCase } from '../../framework/case.ts';
import { expectCode } from '../answers.ts';
import { withSession } from '../session.ts';
import type { BossTarget } from '../target.ts';

function payRefused(id: string, clause: string, title: string, who: (target: BossTarget) => string | undefined, code: string, missing: string): ConformanceCase<BossTarget> {
  return {
    id,
    clause,
    title,
    tags: ['response-code', '1002'],
    async run(context) {
      const custno = who(context.target);
      if (!custno) notApplicable(`the target data names no ${missing}`);
      await withSession(context, async (session) => {
        const sent = await session.send('1002', { CUSTNO: custno, AMOUNT: '100', PAYTYPE: '1' }, `1002 pay 100 for ${custno}`);
        expectCode(sent, code, `1002 for ${custno}`);
      });
    },
  };
}

export const businessCodeCases: ConformanceCase<BossTarget>[] = [
  {
    id: 'BOSS-RESP-2001-001',
    clause: 'bank-interface §6 2001 (customer not found), §4 1001',
    title: '1001 for a CUSTNO the BOSS does not know answers 2001 without transaction fields',
    tags: ['response-code', '1001'],
    async run(context) {
      await withSession(context, async (session) => {
        const custno = context.target.data.unknownCustomer;
        expectCode(await session.send('1001', { CUSTNO: custno }, `1001 query ${custno}`), '2001', `1001 for unknown customer ${custno}`);
      });
    },
  },
  payRefused('BOSS-RESP-2001-002', 'bank-interface §6 2001 (customer not found), §4 1002', '1002 for a CUSTNO the BOSS does not know answers 2001', (t) => t.data.unknownCustomer, '2001', 'unknown customer'),
  payRefused('BOSS-RESP-2002-001', 'bank-interface §6 2002 (customer account suspended or closed)', '1002 for a suspended customer answers 2002', (t) => t.data.suspendedCustomer, '2002', 'suspended customer (--data suspendedCustomer)'),
  payRefused('BOSS-RESP-2002-002', 'bank-interface §6 2002 (customer account suspended or closed)', '1002 for a closed customer answers 2002', (t) => t.data.closedCustomer, '2002', 'closed customer (--data closedCustomer)'),
];
