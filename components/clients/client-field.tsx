'use client';

import { useEffect, useRef, useState } from 'react';
import { FieldFrame, SelectField, describedBy } from '@/components/ui/form';
import { inputClass } from '@/components/ui/styles';
import type { ActionState } from '@/lib/action-state';

type Option = { value: string; label: string };

type Props = {
  name?: string;
  label: string;
  state: ActionState;
  /** Every choosable client (a select), or null for a firm too big to list: then the field searches as you type. */
  options: Option[] | null;
  /** Choices before the clients: "— none —", "New client: …". */
  leading?: Option[];
  defaultValue?: string;
  /** The name shown for defaultValue when searching (the select knows it from its options). */
  defaultLabel?: string;
  idPrefix?: string;
};

/**
 * The client of a form. A firm with a few hundred clients gets a plain select;
 * a bigger one a text field with suggestions from GET /api/clients (a native
 * datalist, so phones, keyboards and screen readers treat it as they treat any
 * suggestion list). The form still posts the client's id: the name typed (in
 * any case) or picked is resolved to it here, and text that names no client is
 * posted marked as text, which the server refuses with "Choose a client from the list."
 */
export function ClientField({
  name = 'clientId',
  label,
  state,
  options,
  leading = [],
  defaultValue = '',
  defaultLabel = '',
  idPrefix = 'field',
}: Props) {
  // Labels of the clients this form has found, so an id echoed after a submission is shown by name.
  const [seen, setSeen] = useState<Record<string, string>>({});
  // Each answer of the action is a new state: counting them gives the field a fresh start after every submission, as a form reset gives the others.
  const [round, setRound] = useState({ state, n: 0 });
  if (round.state !== state) setRound({ state, n: round.n + 1 });
  if (options)
    return (
      <SelectField
        name={name}
        label={label}
        state={state}
        options={[...leading, ...options]}
        defaultValue={defaultValue}
        idPrefix={idPrefix}
      />
    );
  const value = state.values?.[name] ?? defaultValue;
  const initial =
    value === ''
      ? ''
      : (leading.find((o) => o.value === value)?.label ??
        (value.startsWith(UNMATCHED) ? value.slice(UNMATCHED.length) : (seen[value] ?? defaultLabel)));
  const remember = (found: Option[]) => setSeen((s) => ({ ...s, ...Object.fromEntries(found.map((o) => [o.value, o.label])) }));
  return (
    <ClientSearch
      key={`${round.n}:${value}`}
      {...{ name, label, state, leading, idPrefix, initial, remember }}
      initialFound={/^\d+$/.test(value) && initial ? [{ value, label: initial }] : []}
    />
  );
}

/** Posted for text that matches no suggestion: never a number, so never taken for a client id ("12" typed is not client #12). */
const UNMATCHED = 'text:';

type SearchProps = {
  name: string;
  label: string;
  state: ActionState;
  leading: Option[];
  idPrefix: string;
  initial: string;
  initialFound: Option[];
  remember: (found: Option[]) => void;
};

function ClientSearch({ name, label, state, leading, idPrefix, initial, initialFound, remember }: SearchProps) {
  const id = `${idPrefix}-${name}`;
  const listId = `${id}-list`;
  const error = state.fieldErrors?.[name];
  const [text, setText] = useState(initial);
  const [found, setFound] = useState<Option[]>(initialFound);
  const [answered, setAnswered] = useState<string | null>(null);
  const latest = useRef(0);

  const q = text.trim();
  const choices = [...leading.filter((o) => o.value !== ''), ...found];
  // Client names are unique in a firm whatever their case (findClientIdByName), so the case typed does not matter.
  const match = choices.find((o) => o.label.toLowerCase() === q.toLowerCase());
  const posted = q === '' ? '' : match ? match.value : `${UNMATCHED}${q}`;
  const matched = Boolean(match);

  useEffect(() => {
    if (!q || matched) return;
    const ticket = ++latest.current;
    const timer = window.setTimeout(async () => {
      try {
        const res = await fetch(`/api/clients?q=${encodeURIComponent(q)}`, { headers: { Accept: 'application/json' } });
        if (!res.ok || ticket !== latest.current) return;
        const { options } = (await res.json()) as { options: Option[] };
        remember(options);
        setFound(options);
        setAnswered(q);
      } catch {
        // Offline: the text stays and the server explains on submit.
      }
    }, 200);
    return () => window.clearTimeout(timer);
    // remember is a new function on every render of the field; it only stores labels.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [q, matched]);

  const hint =
    q && !match && answered === q && !found.length
      ? 'No active client has that in its name.'
      : q && !match && answered !== q
        ? 'Looking up clients…'
        : 'Type part of the name and pick a suggestion.';
  return (
    <FieldFrame id={id} label={label} hint={hint} hintLive error={error}>
      <input
        id={id}
        type="text"
        list={listId}
        autoComplete="off"
        value={text}
        onChange={(e) => setText(e.target.value)}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(id, hint, error)}
        className={inputClass}
      />
      <datalist id={listId}>
        {choices.map((o) => (
          <option key={o.value} value={o.label} />
        ))}
      </datalist>
      <input type="hidden" name={name} value={posted} />
    </FieldFrame>
  );
}
