'use client';

import { useActionState } from 'react';
import { useFormStatus } from 'react-dom';
import {
  addLineAction,
  createDraftAction,
  deleteDraftAction,
  finaliseAction,
  markSentAction,
  sendInvoiceAction,
  paymentAction,
  removeLineAction,
  reversePaymentAction,
  updateLineAction,
  updateTimeLineAction,
  voidAction,
} from '@/app/(app)/invoices/actions';
import { ClientField } from '@/components/clients/client-field';
import { Field, FormMessage, SelectField, SubmitButton } from '@/components/ui/form';
import { cardClass } from '@/components/ui/styles';
import { idle, type ActionState } from '@/lib/action-state';

type Option = { value: string; label: string };
const secondaryButton =
  'inline-flex min-h-11 items-center justify-center rounded-md border border-slate-300 bg-white px-4 py-2 font-semibold text-slate-800 hover:bg-slate-50 disabled:opacity-60';

/** Client, period and level of detail: the draft is built from the client's unbilled time in the period. */
export function NewDraftForm({ clients, periodStart, periodEnd }: { clients: Option[] | null; periodStart: string; periodEnd: string }) {
  const [state, action] = useActionState(createDraftAction, idle);
  return (
    <form action={action} className={`${cardClass} space-y-4 p-5`} noValidate aria-labelledby="new-draft-heading">
      <h2 id="new-draft-heading" className="text-lg font-semibold">
        New draft from unbilled time
      </h2>
      <FormMessage state={state} />
      <ClientField label="Client" state={state} options={clients} leading={[{ value: '', label: 'Choose a client…' }]} idPrefix="draft" />
      <div className="grid gap-4 sm:grid-cols-2">
        <Field name="periodStart" label="First day" type="date" state={state} defaultValue={periodStart} idPrefix="draft" />
        <Field name="periodEnd" label="Last day" type="date" state={state} defaultValue={periodEnd} idPrefix="draft" />
      </div>
      <SelectField
        name="detail"
        label="Time lines"
        state={state}
        idPrefix="draft"
        defaultValue="entries"
        options={[
          { value: 'entries', label: 'One line per time entry' },
          { value: 'days', label: 'One line per day' },
        ]}
      />
      <SubmitButton pendingText="Preparing…">Prepare draft</SubmitButton>
    </form>
  );
}

const KINDS = [
  { value: 'fixed', label: 'Fixed fee' },
  { value: 'expense', label: 'Expense' },
  { value: 'discount', label: 'Discount' },
];

/** The fields of a fixed fee, expense or discount line. */
function LineFields({ state, prefix, values }: { state: ActionState; prefix: string; values?: Record<string, string> }) {
  return (
    <div className="grid gap-3 sm:grid-cols-[8rem_1fr_6rem_8rem_6rem]">
      <SelectField name="kind" label="Kind" state={state} options={KINDS} idPrefix={prefix} defaultValue={values?.kind ?? 'fixed'} />
      <Field name="description" label="Description" state={state} idPrefix={prefix} defaultValue={values?.description} />
      <Field
        name="quantityMilli"
        label="Quantity"
        inputMode="decimal"
        state={state}
        idPrefix={prefix}
        defaultValue={values?.quantity ?? '1'}
      />
      <Field
        name="unitPriceCents"
        label="Unit price ($)"
        inputMode="decimal"
        state={state}
        idPrefix={prefix}
        defaultValue={values?.unitPrice}
      />
      <Field name="taxRateMilli" label="Tax (%)" inputMode="decimal" state={state} idPrefix={prefix} defaultValue={values?.taxRate} />
    </div>
  );
}

export function AddLineForm({ invoiceId, taxRate }: { invoiceId: number; taxRate: string }) {
  const [state, action] = useActionState(addLineAction, idle);
  return (
    <form action={action} className="space-y-3" noValidate aria-label="Add a line">
      <input type="hidden" name="invoiceId" value={invoiceId} />
      <FormMessage state={state} />
      <LineFields state={state} prefix="add" values={{ taxRate }} key={state.status === 'ok' ? state.message : 'add'} />
      <SubmitButton pendingText="Adding…">Add line</SubmitButton>
    </form>
  );
}

export type EditableLine = { id: number; kind: string; description: string; quantity: string; unitPrice: string; taxRate: string };

/** A draft's line, edited in place: a time line's wording and tax; any other line whole. Or removed. */
export function LineEditor({ line }: { line: EditableLine }) {
  const [state, action] = useActionState(line.kind === 'time' ? updateTimeLineAction : updateLineAction, idle);
  const [removed, remove] = useActionState(removeLineAction, idle);
  const prefix = `line-${line.id}`;
  return (
    <details className="mt-1">
      <summary className="cursor-pointer text-sm font-medium text-brand-700">Edit or remove</summary>
      <form action={action} className="mt-2 space-y-3" noValidate aria-label={`Edit ${line.description}`}>
        <input type="hidden" name="lineId" value={line.id} />
        <FormMessage state={state} />
        {line.kind === 'time' ? (
          <div className="grid gap-3 sm:grid-cols-[1fr_6rem]">
            <Field name="description" label="Description" state={state} idPrefix={prefix} defaultValue={line.description} />
            <Field name="taxRateMilli" label="Tax (%)" inputMode="decimal" state={state} idPrefix={prefix} defaultValue={line.taxRate} />
          </div>
        ) : (
          <LineFields
            state={state}
            prefix={prefix}
            values={{
              kind: line.kind,
              description: line.description,
              quantity: line.quantity,
              unitPrice: line.unitPrice,
              taxRate: line.taxRate,
            }}
          />
        )}
        <SubmitButton pendingText="Saving…">Save line</SubmitButton>
      </form>
      <form action={remove} className="mt-2">
        <input type="hidden" name="lineId" value={line.id} />
        <FormMessage state={removed} />
        <SecondarySubmit pending="Removing…">Remove line</SecondarySubmit>
      </form>
    </details>
  );
}

/** A form of one button acting on the invoice (finalise, mark sent, delete draft). */
function InvoiceButton({
  invoiceId,
  action,
  label,
  pending,
  variant = 'secondary',
}: {
  invoiceId: number;
  action: typeof finaliseAction;
  label: string;
  pending: string;
  variant?: 'primary' | 'secondary';
}) {
  const [state, run] = useActionState(action, idle);
  return (
    <form action={run} className="space-y-2">
      <input type="hidden" name="invoiceId" value={invoiceId} />
      <FormMessage state={state} />
      {variant === 'primary' ? (
        <SubmitButton pendingText={pending}>{label}</SubmitButton>
      ) : (
        <SecondarySubmit pending={pending}>{label}</SecondarySubmit>
      )}
    </form>
  );
}

function SecondarySubmit({ children, pending }: { children: React.ReactNode; pending: string }) {
  const status = useFormStatus();
  return (
    <button type="submit" disabled={status.pending} className={secondaryButton}>
      {status.pending ? pending : children}
    </button>
  );
}

export function DraftActions({ invoiceId }: { invoiceId: number }) {
  return (
    <div className="flex flex-wrap items-start gap-3">
      <InvoiceButton invoiceId={invoiceId} action={finaliseAction} label="Finalise and number" pending="Finalising…" variant="primary" />
      <InvoiceButton invoiceId={invoiceId} action={deleteDraftAction} label="Delete draft" pending="Deleting…" />
    </div>
  );
}

/** Emails the finalised invoice with its PDF to the client's address (and marks it sent). */
export function SendInvoiceButton({ invoiceId, sent }: { invoiceId: number; sent: boolean }) {
  return (
    <InvoiceButton
      invoiceId={invoiceId}
      action={sendInvoiceAction}
      label={sent ? 'Send by email again' : 'Send by email'}
      pending="Sending…"
      variant={sent ? 'secondary' : 'primary'}
    />
  );
}

export function MarkSentButton({ invoiceId }: { invoiceId: number }) {
  return <InvoiceButton invoiceId={invoiceId} action={markSentAction} label="Mark as sent" pending="Saving…" />;
}

const METHODS = [
  { value: 'bank_transfer', label: 'Bank transfer' },
  { value: 'check', label: 'Check' },
  { value: 'card', label: 'Card' },
  { value: 'cash', label: 'Cash' },
  { value: 'other', label: 'Other' },
];

export function PaymentForm({ invoiceId, owed, today }: { invoiceId: number; owed: string; today: string }) {
  const [state, action] = useActionState(paymentAction, idle);
  return (
    <form action={action} className="space-y-3" noValidate aria-labelledby="payment-heading">
      <h3 id="payment-heading" className="font-semibold">
        Record a payment
      </h3>
      <input type="hidden" name="invoiceId" value={invoiceId} />
      <FormMessage state={state} />
      <div className="grid gap-3 sm:grid-cols-4" key={state.status === 'ok' ? state.message : 'payment'}>
        <Field name="receivedOn" label="Received on" type="date" state={state} idPrefix="pay" defaultValue={today} />
        <Field name="amountCents" label="Amount ($)" inputMode="decimal" state={state} idPrefix="pay" defaultValue={owed} />
        <SelectField name="method" label="Method" state={state} options={METHODS} idPrefix="pay" defaultValue="bank_transfer" />
        <Field name="reference" label="Reference" state={state} idPrefix="pay" hint="Check number, transfer id" />
      </div>
      <SubmitButton pendingText="Recording…">Record payment</SubmitButton>
    </form>
  );
}

export function ReversePaymentForm({ paymentId }: { paymentId: number }) {
  const [state, action] = useActionState(reversePaymentAction, idle);
  return (
    <details>
      <summary className="cursor-pointer text-sm font-medium text-brand-700">Reverse</summary>
      <form action={action} className="mt-2 space-y-2" noValidate>
        <input type="hidden" name="paymentId" value={paymentId} />
        <FormMessage state={state} />
        <Field name="reason" label="Why is it reversed?" state={state} idPrefix={`reverse-${paymentId}`} />
        <SubmitButton pendingText="Reversing…">Reverse payment</SubmitButton>
      </form>
    </details>
  );
}

export function VoidForm({ invoiceId }: { invoiceId: number }) {
  const [state, action] = useActionState(voidAction, idle);
  return (
    <details className={`${cardClass} p-4`}>
      <summary className="cursor-pointer font-semibold text-red-800">Void this invoice…</summary>
      <form action={action} className="mt-3 space-y-3" noValidate>
        <p className="text-sm text-slate-700">
          It keeps its number; its time becomes unbilled again for a new draft. This cannot be undone.
        </p>
        <input type="hidden" name="invoiceId" value={invoiceId} />
        <FormMessage state={state} />
        <Field name="reason" label="Why is it void?" state={state} idPrefix="void" />
        <SubmitButton pendingText="Voiding…" className="!bg-red-700 hover:!bg-red-800">
          Void invoice
        </SubmitButton>
      </form>
    </details>
  );
}
