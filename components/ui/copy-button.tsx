'use client';

import { useEffect, useState } from 'react';
import { linkButtonClass } from './styles';

/** How long "Copied" stays after a copy: long enough to read, short enough that a second copy shows again. */
const CONFIRM_MS = 4000;

/**
 * Copies `text` and says so next to the button (announced too). The clipboard API needs a secure context (HTTPS or
 * localhost); elsewhere the field named by `fieldId` is selected and copied the old way, and if even that fails the
 * text is left selected with a hint to press Ctrl+C, so the person is never left wondering.
 */
export function CopyButton({ text, fieldId, label = 'Copy' }: { text: string; fieldId: string; label?: string }) {
  const [said, setSaid] = useState<'' | 'copied' | 'failed'>('');
  useEffect(() => {
    if (!said) return;
    const timer = window.setTimeout(() => setSaid(''), CONFIRM_MS);
    return () => window.clearTimeout(timer);
  }, [said]);

  async function copy() {
    try {
      await navigator.clipboard.writeText(text);
      return setSaid('copied');
    } catch {
      const field = document.getElementById(fieldId);
      if (field instanceof HTMLInputElement) field.select();
      setSaid(document.execCommand?.('copy') ? 'copied' : 'failed');
    }
  }

  return (
    <span className="inline-flex items-center gap-2">
      <button type="button" onClick={() => void copy()} className={linkButtonClass}>
        {label}
      </button>
      {/* Room kept for "Copied", so what follows the button does not jump when it appears. */}
      <span aria-live="polite" className="inline-block min-w-16 text-sm font-medium text-green-800">
        {said === 'copied' ? 'Copied' : said === 'failed' ? 'Selected: press Ctrl+C (⌘C) to copy' : ''}
      </span>
    </span>
  );
}
