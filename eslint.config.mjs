import nextVitals from 'eslint-config-next/core-web-vitals';
import nextTs from 'eslint-config-next/typescript';

// The layers (see README "Layout"): routes and actions → lib/dal (checks the caller) → db.
// Each pattern matches the alias and relative paths alike ('@/db', '../../db/schema').
const DB = { regex: '(^|/)db(/|$)', message: 'Only the data layer (lib/dal) opens the database; call a lib/dal function.' };
const DAL_INTERNAL = {
  regex: '(^|/)dal/internal(/|$)',
  message: 'lib/dal/internal takes bare firm ids and checks nobody: only lib/dal/** may use it.',
};
const DAL_VALUES = {
  regex: '(^|/)lib/dal(/|$)',
  allowTypeImports: true,
  message: 'Components render what pages give them: import types from lib/dal (import type), never its functions.',
};
const layers = (...patterns) => ({ '@typescript-eslint/no-restricted-imports': ['error', { patterns }] });

const config = [
  ...nextVitals,
  ...nextTs,
  {
    // Links go through components/ui/link.tsx, which does not prefetch per-user dynamic pages.
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: [{ name: 'next/link', message: "Use { Link } from '@/components/ui/link' (no prefetching of per-user pages)." }] },
      ],
    },
  },
  { files: ['components/ui/link.tsx'], rules: { 'no-restricted-imports': 'off' } },
  // Later entries replace earlier ones for the files they match, so each lists every pattern its files obey.
  { files: ['**/*.ts', '**/*.tsx'], ignores: ['lib/dal/**'], rules: layers(DAL_INTERNAL) },
  { files: ['components/**/*.ts', 'components/**/*.tsx'], rules: layers(DAL_INTERNAL, DB, DAL_VALUES) },
  { files: ['app/**/route.ts'], rules: layers(DAL_INTERNAL, DB) },
  {
    // A module of one concern stays small enough to read: files up to 500 lines, functions up to 80 (issue 16).
    files: ['app/**/*.{ts,tsx}', 'lib/**/*.{ts,tsx}', 'components/**/*.{ts,tsx}'],
    ignores: ['**/*.test.ts', '**/*.test.tsx'],
    rules: {
      'max-lines': ['error', { max: 500 }],
      'max-lines-per-function': ['error', { max: 80, skipBlankLines: true, skipComments: true }],
    },
  },
  {
    ignores: [
      '.next/**',
      'node_modules/**',
      'data/**',
      '.e2e/**',
      'test-results/**',
      'playwright-report/**',
      'next-env.d.ts',
      'db/migrations/**',
      'public/sw.js',
    ],
  },
];
export default config;
