'use client';

import { useId, useState } from 'react';
import { bigButton } from './styles';

/** An on-the-spot call-out. `notice` is a refusal of the last start (e.g. checked in elsewhere). */
export function UnplannedStart({
  clients,
  notice,
  onStart,
}: {
  clients: { value: string; label: string }[];
  notice?: string;
  onStart: (clientId: number, clientName: string, notes: string) => void;
}) {
  const id = useId();
  const [clientId, setClientId] = useState('');
  const [notes, setNotes] = useState('');
  const [error, setError] = useState('');
  const shown = error || notice || '';
  return (
    <details className="rounded-xl border border-slate-200 bg-white p-4">
      <summary className="min-h-11 cursor-pointer py-2 font-semibold">Start unplanned work (a call-out)</summary>
      <form
        className="mt-2 space-y-3"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          const client = clients.find((c) => c.value === clientId);
          if (!client) return setError('Choose a client.');
          setError('');
          onStart(Number(client.value), client.label, notes.trim());
          setClientId('');
          setNotes('');
        }}
      >
        <div>
          <label htmlFor={`${id}-client`} className="block font-medium">
            Client
          </label>
          <select
            id={`${id}-client`}
            value={clientId}
            onChange={(e) => setClientId(e.target.value)}
            className="mt-1 block min-h-11 w-full rounded-md border border-slate-300 bg-white p-2 text-base"
            aria-describedby={`${id}-error`}
          >
            <option value="">Choose a client…</option>
            {clients.map((c) => (
              <option key={c.value} value={c.value}>
                {c.label}
              </option>
            ))}
          </select>
          <p id={`${id}-error`} className="text-sm font-medium text-red-700" role={shown ? 'alert' : undefined}>
            {shown}
          </p>
        </div>
        <div>
          <label htmlFor={`${id}-notes`} className="block font-medium">
            What is wrong (optional)
          </label>
          <input
            id={`${id}-notes`}
            value={notes}
            onChange={(e) => setNotes(e.target.value)}
            className="mt-1 block w-full rounded-md border border-slate-300 p-2 text-base"
          />
        </div>
        <button type="submit" className={`${bigButton} bg-brand-700 text-white hover:bg-brand-800`}>
          Start and check in
        </button>
      </form>
    </details>
  );
}
