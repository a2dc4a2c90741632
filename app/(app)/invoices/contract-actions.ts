'use server';

import { revalidatePath } from 'next/cache';
import { withMember } from '@/lib/actions';
import { createContract, endContract } from '@/lib/dal/contracts';
import { prepareMonthInvoices } from '@/lib/dal/prepare-invoices';
import { monthName } from '@/lib/invoices/prepare';
import { contractSchema, endContractSchema, prepareMonthSchema } from '@/lib/validations/invoices';

export const createContractAction = withMember('invoices.write', contractSchema, (member, input) => {
  createContract(member, input);
  revalidatePath(`/clients/${input.clientId}`);
  return { status: 'ok', message: 'Contract added: it is billed from its first month when you prepare the month’s invoices.' };
});

export const endContractAction = withMember('invoices.write', endContractSchema, (member, { contractId, endDate }) => {
  endContract(member, contractId, endDate);
  revalidatePath('/clients', 'layout');
  return { status: 'ok', message: 'Contract ended.' };
});

export const prepareMonthAction = withMember('invoices.write', prepareMonthSchema, async (member, { month }) => {
  const { created } = await prepareMonthInvoices(member, month);
  revalidatePath('/invoices', 'layout');
  const name = monthName(month);
  return {
    status: 'ok',
    message:
      created === 0
        ? `Nothing new to prepare for ${name}: every client with a contract or unbilled work already has a draft.`
        : `Prepared ${created} draft${created === 1 ? '' : 's'} for ${name}. Review and finalise each one below; nothing is sent until then.`,
  };
});
