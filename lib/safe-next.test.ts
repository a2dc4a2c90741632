import { describe, expect, it } from 'vitest';
import { safeNext } from './safe-next';

/** What a `next` query parameter holds once the page has read it (percent-decoded once). */
const fromQuery = (raw: string) => new URLSearchParams(`next=${raw}`).get('next');

describe('safeNext', () => {
  it('keeps a path of this site, query and fragment included', () => {
    expect(safeNext('/dashboard')).toBe('/dashboard');
    expect(safeNext('/clients/12?tab=visits#notes')).toBe('/clients/12?tab=visits#notes');
    expect(safeNext('/schedule?who=team&week=2026-03-02')).toBe('/schedule?who=team&week=2026-03-02');
    expect(safeNext(fromQuery('/clients%3Fq%3Dacme'))).toBe('/clients?q=acme');
    expect(safeNext('/search?q=a%20b')).toBe('/search?q=a%20b');
  });

  it('normalises dot segments instead of passing them on', () => {
    expect(safeNext('/clients/../timesheets')).toBe('/timesheets');
    expect(safeNext('/./today')).toBe('/today');
  });

  it.each([
    // tabs, newlines and other characters a browser drops or reads otherwise
    ['tab after the slash (from the query)', fromQuery('/%09/other.example/')],
    ['tab after the slash', '/\t/other.example/'],
    ['newline after the slash', '/\n/other.example'],
    ['carriage return', '/\r/other.example'],
    ['newline (from the query)', fromQuery('/%0a/other.example')],
    ['NUL', '/\u0000/other.example'],
    ['DEL', '/\u007f/other.example'],
    ['C1 control', '/\u0085/other.example'],
    ['space', '/ /other.example'],
    ['no-break space', '/\u00a0/other.example'],
    ['line separator', '/\u2028/other.example'],
    ['BOM', '/\ufeff/other.example'],
    ['leading space', ' /dashboard'],
    // backslashes read as slashes
    ['slash backslash', '/\\other.example'],
    ['backslash slash', '\\/other.example'],
    ['backslash in the path', '/clients\\..\\..\\other.example'],
    ['slash backslash (from the query)', fromQuery('/%5Cother.example')],
    // protocol-relative and empty segments
    ['two slashes', '//other.example'],
    ['three slashes', '///other.example'],
    ['two slashes (from the query)', fromQuery('/%2F/other.example')],
    ['encoded slash kept', '/%2F/other.example'],
    ['encoded slash, lower case', '/%2f%2fother.example'],
    ['encoded backslash kept', '/%5Cother.example'],
    ['dot segments to two slashes', '/..//other.example'],
    ['dot segment then two slashes', '/./.././/other.example'],
    ['double slash inside the path', '/clients//other.example'],
    // absolute URLs and schemes
    ['absolute http', 'http://other.example/'],
    ['absolute https', 'https://other.example/dashboard'],
    ['scheme-relative with credentials', '//user@other.example'],
    ['javascript:', 'javascript:alert(1)'],
    ['javascript: (from the query)', fromQuery('javascript%3Aalert(1)')],
    ['data:', 'data:text/html,<script>alert(1)</script>'],
    ['no leading slash', 'dashboard'],
    ['host-looking', 'other.example/dashboard'],
    ['empty', ''],
    ['too long', `/${'a'.repeat(2001)}`],
  ])('refuses %s', (_label, value) => {
    expect(safeNext(value)).toBe('/dashboard');
  });

  it('refuses anything that is not a string, and uses the given fallback', () => {
    expect(safeNext(undefined)).toBe('/dashboard');
    expect(safeNext(null)).toBe('/dashboard');
    expect(safeNext(['/dashboard'])).toBe('/dashboard');
    expect(safeNext('//other.example', '/login')).toBe('/login');
  });

  it('never returns something a browser would take to another origin', () => {
    const samples = ['/%09/a', '/\t/a', '/\\a', '//a', '/..//a', '/a', '/a?b=//c', '/a#//b', '/?x=\\'];
    for (const s of samples) {
      const out = safeNext(s);
      expect(new URL(out, 'https://ours.example').origin, s).toBe('https://ours.example');
      expect(out.startsWith('//'), s).toBe(false);
    }
  });
});
