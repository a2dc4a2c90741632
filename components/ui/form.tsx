'use client';

import { useFormStatus } from 'react-dom';
import type { ActionState } from '@/lib/action-state';
import { inputClass } from './styles';

type FieldProps = {
  name: string;
  label: string;
  state: ActionState;
  hint?: string;
  defaultValue?: string | number;
  /** Distinguishes the ids when one page holds several forms with the same field names. */
  idPrefix?: string;
} & Omit<React.InputHTMLAttributes<HTMLInputElement>, 'name' | 'defaultValue' | 'id'>;

/** A labelled input whose error sits next to it and is announced by screen readers. */
export function Field({ name, label, state, hint, defaultValue, idPrefix = 'field', type = 'text', ...rest }: FieldProps) {
  const id = `${idPrefix}-${name}`;
  const error = state.fieldErrors?.[name];
  const echoed = type === 'password' ? undefined : state.values?.[name];
  return (
    <FieldFrame id={id} label={label} hint={hint} error={error}>
      <input
        id={id}
        name={name}
        type={type}
        // A new key after each submission makes the echoed value win over what React kept.
        key={echoed ?? String(defaultValue ?? '')}
        defaultValue={echoed ?? defaultValue}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(id, hint, error)}
        className={inputClass}
        {...rest}
      />
    </FieldFrame>
  );
}

/** Ids of a control's hint and error, for aria-describedby. */
export function describedBy(id: string, hint: React.ReactNode, error: string | undefined): string | undefined {
  return [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(' ') || undefined;
}

/** The label above a control, its hint and its error below: the one layout of every field. `hintLive` announces a hint that changes. */
export function FieldFrame({
  id,
  label,
  hint,
  hintLive,
  error,
  children,
}: {
  id: string;
  label: string;
  hint?: React.ReactNode;
  hintLive?: boolean;
  error?: string;
  children: React.ReactNode;
}) {
  return (
    <div className="space-y-1">
      <label htmlFor={id} className="block text-sm font-medium text-slate-800">
        {label}
      </label>
      {children}
      {hint ? (
        <p id={`${id}-hint`} className="text-sm text-slate-500" aria-live={hintLive ? 'polite' : undefined}>
          {hint}
        </p>
      ) : null}
      <FieldError id={`${id}-error`} error={error} />
    </div>
  );
}

type SelectProps = {
  name: string;
  label: string;
  state: ActionState;
  options: readonly { value: string; label: string }[];
  defaultValue?: string;
  hint?: string;
  idPrefix?: string;
} & Omit<React.SelectHTMLAttributes<HTMLSelectElement>, 'name' | 'defaultValue' | 'id'>;

export function SelectField({ name, label, state, options, defaultValue, hint, idPrefix = 'field', ...rest }: SelectProps) {
  const id = `${idPrefix}-${name}`;
  const error = state.fieldErrors?.[name];
  const value = state.values?.[name] ?? defaultValue;
  return (
    <FieldFrame id={id} label={label} hint={hint} error={error}>
      <select
        id={id}
        name={name}
        key={value}
        defaultValue={value}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(id, hint, error)}
        className={inputClass}
        {...rest}
      >
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </FieldFrame>
  );
}

export function FieldError({ id, error }: { id: string; error?: string }) {
  return (
    <p id={id} className="min-h-0 text-sm font-medium text-red-700" role={error ? 'alert' : undefined}>
      {error}
    </p>
  );
}

export function FormMessage({ state }: { state: ActionState }) {
  return (
    <div aria-live="polite" className="min-h-0">
      {state.status === 'error' && state.message ? (
        <p className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm font-medium text-red-800" role="alert">
          {state.message}
        </p>
      ) : null}
      {state.status === 'ok' && state.message ? (
        <p className="rounded-md border border-green-200 bg-green-50 px-3 py-2 text-sm font-medium text-green-800" role="status">
          {state.message}
        </p>
      ) : null}
    </div>
  );
}

const submitVariants = {
  primary: 'bg-brand-700 font-semibold text-white hover:bg-brand-800',
  secondary: 'border border-slate-300 bg-white font-medium text-slate-900 hover:bg-slate-50',
  danger: 'bg-red-700 font-semibold text-white hover:bg-red-800',
  'danger-outline': 'border border-red-300 bg-white font-medium text-red-800 hover:bg-red-50',
  link: 'font-medium underline underline-offset-2',
  /** No colours of its own: the caller's className gives them. */
  plain: 'font-medium',
} as const;

export type SubmitVariant = keyof typeof submitVariants;

/**
 * The one submit button of every form that runs an action: disabled (and
 * marked busy) from the first click until the action has answered, so a
 * double click or a second Enter sends the form once.
 */
export function SubmitButton({
  children,
  pendingText,
  className = '',
  variant = 'primary',
  ...rest
}: {
  children: React.ReactNode;
  pendingText?: string;
  className?: string;
  variant?: SubmitVariant;
} & Omit<React.ButtonHTMLAttributes<HTMLButtonElement>, 'type' | 'disabled' | 'children' | 'className'>) {
  const { pending } = useFormStatus();
  const box =
    variant === 'link' ? 'inline-flex min-h-11 items-center' : 'inline-flex min-h-11 items-center justify-center rounded-md px-4 py-2';
  return (
    <button
      type="submit"
      disabled={pending}
      aria-busy={pending || undefined}
      className={`${box} ${submitVariants[variant]} disabled:cursor-wait disabled:opacity-60 ${className}`}
      {...rest}
    >
      {pending ? (pendingText ?? 'Saving…') : children}
    </button>
  );
}
