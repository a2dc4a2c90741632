export type ActionState = {
  status: 'idle' | 'ok' | 'error';
  message?: string;
  fieldErrors?: Record<string, string>;
  /** The submitted values, echoed back so a form with errors keeps what was typed. */
  values?: Record<string, string>;
  /** Data a successful action hands back to the page (e.g. a one-time password). */
  data?: Record<string, string>;
};

export const idle: ActionState = { status: 'idle' };
