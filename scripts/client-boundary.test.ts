/**
 * A server component that imports a value from a 'use client' module gets a
 * client reference in its place, not the value: a class string or a list
 * exported next to a client component is not a string or a list on the
 * server. Server modules may import only components (and types) from client
 * modules; shared values belong in a module without the directive (e.g.
 * components/ui/styles.ts).
 */
import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const root = path.resolve(__dirname, '..');

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(path.join(root, dir), { withFileTypes: true }).flatMap((e) => {
    const rel = path.join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(rel);
    return /\.tsx?$/.test(e.name) && !/\.test\.tsx?$/.test(e.name) ? [rel] : [];
  });
}

const isClientModule = (text: string) => /^\s*(['"])use client\1/.test(text);

/** The file an import specifier names, among `files` (the '@/' alias and relative paths). */
function resolve(spec: string, from: string, files: Set<string>): string | null {
  const base = spec.startsWith('@/') ? spec.slice(2) : spec.startsWith('.') ? path.join(path.dirname(from), spec) : null;
  if (base === null) return null;
  for (const ext of ['.ts', '.tsx', '/index.ts', '/index.tsx'])
    if (files.has(path.normalize(base + ext))) return path.normalize(base + ext);
  return null;
}

/** A component's name: PascalCase, not a SHOUTING_CONSTANT. */
const looksLikeComponent = (name: string) => /^[A-Z]/.test(name) && !/^[A-Z0-9_]+$/.test(name);

/** "server.tsx imports value x from client.tsx" for every such import among `sources` (path → text). */
function valueImportsFromClientModules(sources: Map<string, string>): string[] {
  const files = new Set(sources.keys());
  const problems: string[] = [];
  for (const [file, text] of sources) {
    if (isClientModule(text)) continue;
    const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, false, file.endsWith('.tsx') ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
    for (const stmt of sf.statements) {
      if (!ts.isImportDeclaration(stmt) || !ts.isStringLiteral(stmt.moduleSpecifier)) continue;
      const clause = stmt.importClause;
      if (!clause || clause.isTypeOnly) continue;
      const target = resolve(stmt.moduleSpecifier.text, file, files);
      if (!target || !isClientModule(sources.get(target)!)) continue;
      const names: string[] = [];
      if (clause.name) names.push(clause.name.text);
      const bindings = clause.namedBindings;
      if (bindings && ts.isNamespaceImport(bindings)) names.push(`* as ${bindings.name.text}`);
      if (bindings && ts.isNamedImports(bindings))
        for (const el of bindings.elements) if (!el.isTypeOnly) names.push((el.propertyName ?? el.name).text);
      for (const name of names) if (!looksLikeComponent(name)) problems.push(`${file} imports value ${name} from ${target}`);
    }
  }
  return problems;
}

describe('server and client modules', () => {
  it('finds a value imported by a server module from a client module, and lets components and types through', () => {
    const sources = new Map([
      [
        'components/ui/form.tsx',
        "'use client';\nexport const inputClass = 'x';\nexport function Field() { return null; }\nexport type S = string;",
      ],
      ['components/ui/styles.ts', "export const cardClass = 'y';"],
      [
        'app/page.tsx',
        "import { Field, inputClass, type S } from '@/components/ui/form';\nimport { cardClass } from '@/components/ui/styles';",
      ],
      ['app/other/page.tsx', "import * as form from '../../components/ui/form';"],
      ['app/types.ts', "import type { S } from '@/components/ui/form';"],
      ['components/client-user.tsx', "'use client';\nimport { inputClass } from './ui/form';"],
    ]);
    expect(valueImportsFromClientModules(sources)).toEqual([
      'app/page.tsx imports value inputClass from components/ui/form.tsx',
      'app/other/page.tsx imports value * as form from components/ui/form.tsx',
    ]);
  });

  it('no server module in app/, components/ or lib/ imports a value from a client module', () => {
    const files = ['app', 'components', 'lib'].flatMap(sourceFiles);
    expect(files.length).toBeGreaterThan(50);
    const sources = new Map(files.map((f) => [f, fs.readFileSync(path.join(root, f), 'utf8')]));
    expect(valueImportsFromClientModules(sources)).toEqual([]);
  });
});
