'use client';

import { useEffect } from 'react';
import { forgetOfflineCopy } from './offline-copy';

/** On the sign-in page nobody is signed in, so no stored Today page may outlive it (a session that ended, too). */
export function ForgetOfflineCopy() {
  useEffect(() => void forgetOfflineCopy(), []);
  return null;
}
