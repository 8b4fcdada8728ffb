import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';

// `npm start`'s launcher (build/start-electron.mjs), run as `npm start` runs it, against a project
// folder with a fake `electron` package: its install.js stands in for Electron's installer (which
// downloads the binary, then writes dist/<binary> and path.txt), and its "binary" is a Node script
// that records the arguments and folder it was started with. Nothing is downloaded.

const SCRIPT = path.resolve(import.meta.dirname, '../../build/start-electron.mjs');

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

/** What the stub "Electron" writes when it is launched. */
interface Launch {
  args: string[];
  cwd: string;
  runAsNode: string | null;
}

const STUB_BINARY = `#!${process.execPath}
require('node:fs').writeFileSync(${JSON.stringify('LAUNCH_FILE')}, JSON.stringify({
  args: process.argv.slice(2),
  cwd: process.cwd(),
  runAsNode: process.env.ELECTRON_RUN_AS_NODE ?? null,
}));
`;

/** A project folder whose node_modules/electron has the given installer; returns its paths. */
function fakeProject(installer: 'succeeds' | 'fails' | 'throws', options: { installed?: boolean } = {}) {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'agencyiq-start-'));
  dirs.push(root);
  const packageDir = path.join(root, 'node_modules', 'electron');
  fs.mkdirSync(packageDir, { recursive: true });
  fs.writeFileSync(path.join(root, 'package.json'), JSON.stringify({ name: 'fake-app', main: 'main.js' }));
  fs.writeFileSync(path.join(packageDir, 'package.json'), JSON.stringify({ name: 'electron', version: '45.5.0', main: 'index.js' }));
  // Requiring index.js would download: the launcher must never load it.
  fs.writeFileSync(path.join(packageDir, 'index.js'), `require('node:fs').writeFileSync(${JSON.stringify(path.join(root, 'index-required'))}, '');`);
  const launchFile = path.join(root, 'launched.json');
  const ranFile = path.join(root, 'installer-ran');
  const stub = STUB_BINARY.replace(JSON.stringify('LAUNCH_FILE'), JSON.stringify(launchFile));
  const installScripts = {
    // Electron's install.js: extract into dist/, then write path.txt naming the executable.
    succeeds: `const fs = require('node:fs'); const path = require('node:path');
fs.writeFileSync(${JSON.stringify(ranFile)}, '');
console.log('Downloading electron-v45.5.0-linux-x64.zip: [====] 100%');
fs.mkdirSync(path.join(__dirname, 'dist'), { recursive: true });
fs.writeFileSync(path.join(__dirname, 'dist', 'electron'), ${JSON.stringify(stub)}, { mode: 0o755 });
fs.writeFileSync(path.join(__dirname, 'path.txt'), 'electron');`,
    // What install.js does when the download fails: console.error(err.stack), exit 1.
    fails: `require('node:fs').writeFileSync(${JSON.stringify(ranFile)}, '');
const error = new Error('getaddrinfo ENOTFOUND github.com');
console.error(error.stack);
process.exit(1);`,
    // install.js throws for a platform Electron has no build for.
    throws: `require('node:fs').writeFileSync(${JSON.stringify(ranFile)}, '');
throw new Error('Electron builds are not available on platform: plan9');`,
  };
  fs.writeFileSync(path.join(packageDir, 'install.js'), installScripts[installer]);
  if (options.installed) {
    fs.mkdirSync(path.join(packageDir, 'dist'));
    fs.writeFileSync(path.join(packageDir, 'dist', 'electron'), stub, { mode: 0o755 });
    fs.writeFileSync(path.join(packageDir, 'path.txt'), 'electron');
  }
  return {
    root,
    launched: (): Launch | null => (fs.existsSync(launchFile) ? (JSON.parse(fs.readFileSync(launchFile, 'utf8')) as Launch) : null),
    installerRan: () => fs.existsSync(ranFile),
    indexRequired: () => fs.existsSync(path.join(root, 'index-required')),
  };
}

/** Runs the launcher for `root` with `args` after it, as `npm start -- <args>` would. */
function start(root: string, args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const env: NodeJS.ProcessEnv = { ...process.env, AGENCYIQ_START_PROJECT_ROOT: root, ELECTRON_RUN_AS_NODE: '1' };
  delete env.ELECTRON_OVERRIDE_DIST_PATH;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [SCRIPT, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe.runIf(process.platform !== 'win32')('npm start (build/start-electron.mjs)', () => {
  it('runs Electron’s installer when the binary is missing, shows its output, then launches the app with its arguments', async () => {
    const project = fakeProject('succeeds');
    const result = await start(project.root, ['--data-dir', '/tmp/some data']);
    expect(project.installerRan()).toBe(true);
    // The installer's own output reaches the terminal (its progress bar is drawn there on a TTY).
    expect(result.stdout).toContain('Downloading electron-v45.5.0-linux-x64.zip');
    expect(project.launched()).toEqual({ args: ['.', '--data-dir', '/tmp/some data'], cwd: fs.realpathSync(project.root), runAsNode: null });
    expect(result.code).toBe(0);
    expect(result.stderr).not.toContain('npm run web');
    expect(project.indexRequired()).toBe(false);
  });

  it('launches an installed binary without running the installer', async () => {
    const project = fakeProject('fails', { installed: true });
    const result = await start(project.root, ['--inspect-nothing']);
    expect(project.installerRan()).toBe(false);
    expect(project.launched()?.args).toEqual(['.', '--inspect-nothing']);
    expect(result.code).toBe(0);
    expect(project.indexRequired()).toBe(false);
  });

  it('when the download fails, points at npm run web with the installer’s reason on one line, and exits 1', async () => {
    const project = fakeProject('fails');
    const result = await start(project.root, []);
    expect(project.installerRan()).toBe(true);
    expect(project.launched()).toBeNull();
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('AgencyIQ cannot open as a desktop app here');
    expect(result.stderr).toContain('    npm run web\n');
    expect(result.stderr).toMatch(/^Reason: Error: getaddrinfo ENOTFOUND github\.com$/m);
  });

  it('names the reason when the installer throws', async () => {
    const project = fakeProject('throws');
    const result = await start(project.root, []);
    expect(result.code).toBe(1);
    expect(project.launched()).toBeNull();
    expect(result.stderr).toContain('npm run web');
    expect(result.stderr).toMatch(/^Reason: Error: Electron builds are not available on platform: plan9$/m);
  });
});
