import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contentTypeFor, resolveStaticPath } from '../../electron/core/static/resolve-static-path';

// The app:// protocol and the browser host both serve the built renderer through this
// function. Whatever a page (or a hostile link) asks for, it must never read outside the
// renderer folder.

let parent: string;
let root: string;

beforeAll(() => {
  parent = fs.mkdtempSync(path.join(os.tmpdir(), 'agencyiq-static-'));
  root = path.join(parent, 'renderer');
  fs.mkdirSync(path.join(root, 'assets', 'fonts'), { recursive: true });
  fs.writeFileSync(path.join(root, 'index.html'), '<html></html>');
  fs.writeFileSync(path.join(root, 'assets', 'app.js'), '');
  fs.writeFileSync(path.join(root, 'assets', 'fonts', 'inter.woff2'), '');
  // A sibling folder whose name starts like the root: a prefix check alone would let it through.
  fs.mkdirSync(path.join(parent, 'renderer-secrets'));
  fs.writeFileSync(path.join(parent, 'renderer-secrets', 'token.txt'), 'secret');
  fs.writeFileSync(path.join(parent, 'secret.txt'), 'secret');
});

afterAll(() => {
  fs.rmSync(parent, { recursive: true, force: true });
});

/** True when `resolved` is the root itself or a path inside it. */
function inside(resolved: string): boolean {
  const relative = path.relative(root, resolved);
  return relative === '' || (relative.split(path.sep)[0] !== '..' && !path.isAbsolute(relative));
}

describe('resolveStaticPath: what the app serves', () => {
  it('maps "/" (and an empty path) to index.html', () => {
    expect(resolveStaticPath(root, '/')).toBe(path.join(root, 'index.html'));
    expect(resolveStaticPath(root, '')).toBe(path.join(root, 'index.html'));
  });

  it('serves files at the top and in nested folders', () => {
    expect(resolveStaticPath(root, '/index.html')).toBe(path.join(root, 'index.html'));
    expect(resolveStaticPath(root, '/assets/app.js')).toBe(path.join(root, 'assets', 'app.js'));
    expect(resolveStaticPath(root, '/assets/fonts/inter.woff2')).toBe(path.join(root, 'assets', 'fonts', 'inter.woff2'));
  });

  it('decodes ordinary percent-encoding in file names', () => {
    expect(resolveStaticPath(root, '/assets/my%20file.js')).toBe(path.join(root, 'assets', 'my file.js'));
  });

  it('works with a relative root', () => {
    const relativeRoot = path.relative(process.cwd(), root);
    expect(resolveStaticPath(relativeRoot, '/assets/app.js')).toBe(path.join(root, 'assets', 'app.js'));
  });
});

describe('resolveStaticPath: refuses to leave the root', () => {
  it.each([
    ['plain ..', '/../secret.txt'],
    ['.. after a folder', '/assets/../../secret.txt'],
    ['a bare ..', '/..'],
    ['.. into a sibling with the same prefix', '/../renderer-secrets/token.txt'],
    ['encoded dots', '/%2e%2e/secret.txt'],
    ['upper-case encoded dots and slash', '/%2E%2E%2Fetc/passwd'],
    ['mixed encoded dots', '/.%2e/secret.txt'],
    ['encoded slash between dots', '/assets%2f..%2f..%2fsecret.txt'],
    ['encoded backslash', '/..%5csecret.txt'],
    ['encoded backslashes twice', '/..%5c..%5cetc%5cpasswd'],
    ['a literal backslash', '/..\\secret.txt'],
    ['backslashes inside a path', '/assets\\..\\..\\secret.txt'],
    ['a NUL byte', '/index.html%00.js'],
    ['a bare NUL', '/%00'],
    ['a literal NUL', '/index.html\0'],
    ['a truncated escape', '/%'],
    ['an invalid escape', '/%zz'],
    ['a truncated UTF-8 sequence', '/%E0%A4%A'],
    ['an invalid UTF-8 byte', '/%ff'],
    ['an encoded surrogate', '/%ED%A0%80'],
    ['a very long path', `/${'a/'.repeat(3_000)}index.html`],
    ['a very long traversal', `/${'../'.repeat(2_000)}etc/passwd`],
  ])('refuses %s', (_name, urlPath) => {
    expect(resolveStaticPath(root, urlPath)).toBeNull();
  });

  it.each([
    ['double-encoded dots', '/%252e%252e/secret.txt'],
    ['double-encoded dots and slash', '/%252e%252e%252fsecret.txt'],
    ['double-encoded backslash', '/..%255csecret.txt'],
    ['an absolute-looking path', '//etc/passwd'],
    ['an encoded absolute path', '/%2fetc%2fpasswd'],
    ['a Windows drive', '/C:/Windows/win.ini'],
    ['dots that are not a parent reference', '/.../secret.txt'],
    ['a current-folder reference', '/./assets/./app.js'],
  ])('keeps %s inside the root (or refuses it)', (_name, urlPath) => {
    const resolved = resolveStaticPath(root, urlPath);
    if (resolved !== null) expect(inside(resolved), `${urlPath} → ${resolved}`).toBe(true);
  });

  it('never escapes the root for any combination of hostile segments', () => {
    const pieces = ['..', '%2e%2e', '%2E%2e', '.%2e', '%252e%252e', '.', '', 'assets', '%2f', '%5c', '\\', '%00', '%c0%ae%c0%ae'];
    let checked = 0;
    for (const a of pieces) {
      for (const b of pieces) {
        for (const c of pieces) {
          for (const separator of ['/', '%2f', '%2F']) {
            const urlPath = `/${a}${separator}${b}${separator}${c}${separator}secret.txt`;
            const resolved = resolveStaticPath(root, urlPath);
            checked++;
            if (resolved !== null) expect(inside(resolved), `${urlPath} → ${resolved}`).toBe(true);
          }
        }
      }
    }
    expect(checked).toBe(pieces.length ** 3 * 3);
  });
});

describe('contentTypeFor', () => {
  it('serves the renderer with the right types and everything else as opaque bytes', () => {
    expect(contentTypeFor('/r/index.html')).toBe('text/html; charset=utf-8');
    expect(contentTypeFor('/r/assets/app.JS')).toBe('text/javascript; charset=utf-8');
    expect(contentTypeFor('/r/assets/app.css')).toBe('text/css; charset=utf-8');
    expect(contentTypeFor('/r/assets/logo.svg')).toBe('image/svg+xml');
    expect(contentTypeFor('/r/unknown.exe')).toBe('application/octet-stream');
    expect(contentTypeFor('/r/noextension')).toBe('application/octet-stream');
  });
});
