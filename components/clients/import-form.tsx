'use client';

import { useActionState, useState } from 'react';
import { importClientsAction, previewImportAction } from '@/app/(app)/clients/actions';
import { TierBadge } from '@/components/clients/tier-badge';
import { JobProgress } from '@/components/jobs/job-progress';
import { useJob } from '@/components/jobs/use-job';
import { FieldError, FormMessage, SubmitButton } from '@/components/ui/form';
import { cardClass, inputClass } from '@/components/ui/styles';
import { idle, type ActionState } from '@/lib/action-state';
import type { ImportPreview } from '@/lib/client-import-check';

// Browsers submit a textarea's line breaks as CRLF; compare the text, not its line endings.
const sameText = (a: string, b: string) => a.replace(/\r\n/g, '\n') === b.replace(/\r\n/g, '\n');

export function ImportForm({ initialJobId }: { initialJobId: string | null }) {
  const [previewState, previewAction] = useActionState(previewImportAction, idle);
  const [importState, importAction] = useActionState(importClientsAction, idle);
  const [csv, setCsv] = useState('');
  // The text this page sent to be checked, compared with the box to catch edits made since.
  const [checked, setChecked] = useState<string | null>(null);
  // The check this form started, or the firm's latest one when the page was opened.
  const jobId = previewState.data?.jobId ?? initialJobId;
  const { job, gone } = useJob<ImportPreview>(jobId);
  const preview = job?.status === 'done' ? (job.result ?? null) : null;
  // A preview of this page's own text is stale once the text changes; one started elsewhere (an earlier visit, a colleague) once anything is typed.
  const own = previewState.status === 'ok' && checked !== null;
  const stale = preview !== null && (own ? !sameText(checked, csv) : csv !== '');
  const running = jobId !== null && !gone && (!job || job.status === 'queued' || job.status === 'running');

  return (
    <div className="space-y-6">
      <CsvForm csv={csv} setCsv={setCsv} state={previewState} action={previewAction} onSubmit={() => setChecked(csv)} />
      {running ? <JobProgress job={job} label="Checking the file" /> : null}
      {gone ? <p className="text-sm text-slate-600">That preview is no longer available; preview the file again.</p> : null}
      {job?.status === 'failed' ? (
        <p role="alert" className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm font-medium text-red-800">
          {job.error}
        </p>
      ) : null}
      {preview ? (
        <section className={`${cardClass} space-y-4 p-5`} aria-labelledby="preview-heading" data-testid="import-preview">
          <h2 id="preview-heading" className="text-lg font-semibold">
            Preview: nothing is imported until you confirm
          </h2>
          <PreviewFindings preview={preview} />
          <PreviewRows preview={preview} />
          {preview.errors.length === 0 && preview.toImportCount > 0 && !stale ? (
            <form action={importAction}>
              <input type="hidden" name="jobId" value={job!.id} />
              <SubmitButton pendingText="Importing…">
                Import {preview.toImportCount} client{plural(preview.toImportCount)}
              </SubmitButton>
            </form>
          ) : null}
          {stale ? <p className="text-sm text-slate-600">The text changed since this preview; preview again.</p> : null}
          <FormMessage state={importState} />
        </section>
      ) : null}
    </div>
  );
}

const plural = (n: number) => (n === 1 ? '' : 's');

/** The file picker and the text box, sent to be checked in the background. */
function CsvForm({
  csv,
  setCsv,
  state,
  action,
  onSubmit,
}: {
  csv: string;
  setCsv: (text: string) => void;
  state: ActionState;
  action: (form: FormData) => void;
  onSubmit: () => void;
}) {
  return (
    <form action={action} onSubmit={onSubmit} className={`${cardClass} space-y-4 p-5`} noValidate>
      <FormMessage state={state.status === 'error' ? state : idle} />
      <div className="space-y-1">
        <label htmlFor="csv-file" className="block text-sm font-medium">
          CSV file
        </label>
        <input
          id="csv-file"
          type="file"
          accept=".csv,text/csv"
          className="block w-full text-sm"
          onChange={async (e) => {
            const file = e.currentTarget.files?.[0];
            if (file) setCsv(await file.text());
          }}
        />
      </div>
      <div className="space-y-1">
        <label htmlFor="field-csv" className="block text-sm font-medium">
          Or paste the CSV text
        </label>
        <textarea
          id="field-csv"
          name="csv"
          rows={6}
          value={csv}
          onChange={(e) => setCsv(e.target.value)}
          className={`${inputClass} font-mono text-sm`}
          aria-describedby="field-csv-error"
        />
        <FieldError id="field-csv-error" error={state.fieldErrors?.csv} />
      </div>
      <SubmitButton pendingText="Checking…">Preview import</SubmitButton>
    </form>
  );
}

/** The rows that stop the import, and the duplicates it will skip. */
function PreviewFindings({ preview }: { preview: ImportPreview }) {
  return (
    <>
      {preview.errors.length ? (
        <div role="alert" className="rounded-md border border-red-200 bg-red-50 p-3">
          <p className="font-semibold text-red-900">
            {preview.errors.length} problem{plural(preview.errors.length)}: fix the file and preview again. Nothing will be imported while
            any row is wrong.
          </p>
          <ul className="mt-2 list-disc space-y-1 pl-5 text-sm text-red-900" aria-label="Problems">
            {preview.errors.map((e, i) => (
              <li key={i}>
                Line {e.line}, {e.field}: {e.message}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      {preview.duplicates.length ? (
        <div className="rounded-md border border-amber-200 bg-amber-50 p-3">
          <p className="font-semibold text-amber-900">
            {preview.duplicates.length} duplicate{plural(preview.duplicates.length)} will be skipped:
          </p>
          <ul className="mt-2 list-disc space-y-1 pl-5 text-sm text-amber-900" aria-label="Duplicates">
            {preview.duplicates.map((d) => (
              <li key={d.line}>
                Line {d.line}, {d.name}: {d.why}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </>
  );
}

/** The clients the import would create (the first ones, when there are many). */
function PreviewRows({ preview }: { preview: ImportPreview }) {
  return (
    <>
      <p>
        {preview.toImportCount} new client{plural(preview.toImportCount)} ready to import.
      </p>
      {preview.toImport.length ? (
        <ul className="max-h-64 space-y-1 overflow-y-auto text-sm" aria-label="Clients to import">
          {preview.toImport.map((r) => (
            <li key={r.line} className="flex items-center gap-2">
              <span className="text-slate-500">Line {r.line}</span> {r.name} · {r.seats} seats <TierBadge tier={r.tier} />
            </li>
          ))}
        </ul>
      ) : null}
      {preview.toImportCount > preview.toImport.length ? (
        <p className="text-sm text-slate-600">…and {preview.toImportCount - preview.toImport.length} more.</p>
      ) : null}
    </>
  );
}
