import type * as schema from '@/db/schema';

/**
 * What a finalised invoice prints, frozen in `invoices.printed` when it is
 * numbered. Pure, so the data layer and the demo seed (which runs outside the
 * server and cannot load the data layer) freeze the same thing.
 */
export type Printed = {
  firm: { name: string; address: string; taxId: string; paymentInstructions: string };
  client: { name: string; contact: string; address: string; taxId: string };
};

type FirmRow = typeof schema.firms.$inferSelect;
type ClientRow = typeof schema.clients.$inferSelect;

/** The firm's and the client's details as an invoice prints them now (a client's billing address, else its address). */
export function printedNow(firm: FirmRow, client: ClientRow): Printed {
  return {
    firm: { name: firm.name, address: firm.billingAddress, taxId: firm.taxId, paymentInstructions: firm.paymentInstructions },
    client: { name: client.name, contact: client.contactName, address: client.billingAddress || client.address, taxId: client.taxId },
  };
}
