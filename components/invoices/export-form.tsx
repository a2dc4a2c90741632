'use client';

import { useState } from 'react';
import { Field, SelectField } from '@/components/ui/form';
import { cardClass, linkButtonClass } from '@/components/ui/styles';
import { idle, type ActionState } from '@/lib/action-state';
import { checkExportRequest } from '@/lib/invoices/export-request';

const FORMATS = [
  { value: 'qbo', label: 'QuickBooks Online (invoice import)' },
  { value: 'xero', label: 'Xero (sales invoice import)' },
  { value: 'plain', label: 'Plain CSV (invoices and payments)' },
];

/**
 * The accountant's export: a plain GET form to the export route, so the
 * browser downloads the file itself. The request is checked here first,
 * with the route's own rules, so a mistake is shown by its field instead of
 * as an error page; the route checks again.
 */
export function ExportForm({ from, to }: { from: string; to: string }) {
  const [state, setState] = useState<ActionState>(idle);
  function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    const values = Object.fromEntries([...new FormData(event.currentTarget)].map(([k, v]) => [k, String(v)]));
    const check = checkExportRequest(values);
    // Valid: the browser submits it. The fields keep what was typed (a reset here would reach the inputs before the browser reads them).
    if (check.ok) return setState({ status: 'idle', values });
    event.preventDefault();
    setState({ status: 'error', fieldErrors: check.problems, values });
    const first = Object.keys(check.problems)[0];
    document.getElementById(`export-${first}`)?.focus();
  }
  return (
    <form
      method="get"
      action="/invoices/export"
      onSubmit={onSubmit}
      noValidate
      className={`${cardClass} space-y-4 p-5`}
      aria-labelledby="export-heading"
    >
      <h2 id="export-heading" className="text-lg font-semibold">
        Export for the accountant
      </h2>
      <p className="text-sm text-slate-600">
        Invoices dated in the period, with their lines; the plain format adds the payments received in it.
      </p>
      <div className="grid gap-4 sm:grid-cols-3">
        <Field name="from" label="First day" type="date" state={state} defaultValue={from} idPrefix="export" />
        <Field name="to" label="Last day" type="date" state={state} defaultValue={to} idPrefix="export" />
        <SelectField name="format" label="Format" state={state} options={FORMATS} defaultValue="qbo" idPrefix="export" />
      </div>
      <button type="submit" className={linkButtonClass}>
        Download CSV
      </button>
    </form>
  );
}
