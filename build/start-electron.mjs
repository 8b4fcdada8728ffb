// `npm start`'s last step: launches the built app in Electron.
//
// Electron (since 45) no longer downloads its binary during `npm install`; its index.js downloads it
// the first time it is required. This script finds the binary the way index.js does but never
// requires that file: when the binary is missing it runs Electron's own installer (install.js, the
// package's `install-electron` bin) with its progress on this terminal, then launches. Only when that
// download fails (offline, blocked) does it print one plain paragraph pointing at the browser host,
// with the installer's reason on one line, and exit 1.
//
// AGENCYIQ_START_PROJECT_ROOT (tests only) names another project folder to start, so tests can point
// it at a fake `electron` package; unset, it is this repository.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const projectRoot = path.resolve(process.env.AGENCYIQ_START_PROJECT_ROOT || path.join(here, '..'));
// Loaded into the installer with --require: copies what it reports as its failure to fd 3.
const reasonHook = path.join(here, 'electron-install-reason.cjs');

/** The installed `electron` package's folder, or null when npm did not install it. */
function findElectronPackage() {
  try {
    const require = createRequire(path.join(projectRoot, 'package.json'));
    return path.dirname(require.resolve('electron/package.json'));
  } catch {
    return null;
  }
}

/** The Electron executable in `packageDir` (as its index.js computes it), or null when it is not there. */
function findElectronBinary(packageDir) {
  const pathFile = path.join(packageDir, 'path.txt');
  const executable = fs.existsSync(pathFile) ? fs.readFileSync(pathFile, 'utf8').trim() : '';
  const override = process.env.ELECTRON_OVERRIDE_DIST_PATH;
  let binary;
  if (override) binary = path.join(override, executable || 'electron');
  else if (executable) binary = path.join(packageDir, 'dist', executable);
  else return null;
  return fs.existsSync(binary) ? binary : null;
}

/**
 * Runs the package's installer with this terminal as its stdout and stderr, so its progress bar
 * (shown on a TTY only) is visible. Resolves to null on success, or the reason it failed, one line.
 */
function runInstaller(packageDir) {
  const installer = path.join(packageDir, 'install.js');
  if (!fs.existsSync(installer)) return Promise.resolve(`${installer} is missing; reinstall with npm install`);
  process.stderr.write('Downloading the Electron binary (once, about 100 MB)…\n');
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--require', reasonHook, installer], {
      cwd: packageDir,
      stdio: ['inherit', 'inherit', 'inherit', 'pipe'],
      env: process.env,
    });
    let reported = '';
    child.stdio[3].setEncoding('utf8');
    child.stdio[3].on('data', (text) => {
      if (reported.length < 4096) reported += text;
    });
    child.on('error', (error) => resolve(`could not run the installer (${error.message})`));
    child.on('close', (code, signal) => {
      if (code === 0) return resolve(null);
      const line = reported
        .split('\n')
        .map((text) => text.trim())
        .find((text) => text !== '');
      resolve(line ?? (signal ? `the installer was stopped (${signal})` : `the installer exited with code ${code}`));
    });
  });
}

function cannotOpen(reason) {
  process.stderr.write(
    [
      '',
      'AgencyIQ cannot open as a desktop app here: the Electron binary is not installed on this machine',
      'and could not be downloaded. To use the same app in your browser, run:',
      '',
      '    npm run web',
      '',
      `Reason: ${reason.replace(/\s+/g, ' ')}`,
      '',
    ].join('\n'),
  );
  process.exit(1);
}

function launch(binary) {
  const env = { ...process.env };
  // Set by some editors' terminals; it would make Electron behave as plain Node and ignore the app.
  delete env.ELECTRON_RUN_AS_NODE;
  delete env.AGENCYIQ_START_PROJECT_ROOT;

  const child = spawn(binary, ['.', ...process.argv.slice(2)], { cwd: projectRoot, stdio: 'inherit', env });

  for (const signal of ['SIGINT', 'SIGTERM']) {
    process.on(signal, () => {
      if (!child.killed) child.kill(signal);
    });
  }
  child.on('error', (error) => {
    process.stderr.write(`\nAgencyIQ could not launch Electron (${error.message}).\n`);
    process.exit(1);
  });
  child.on('exit', (code, signal) => {
    process.exit(code ?? (signal ? 1 : 0));
  });
}

const packageDir = findElectronPackage();
if (packageDir === null) cannotOpen('the electron package is not in node_modules; run npm install');

let binary = findElectronBinary(packageDir);
if (binary === null) {
  const failure = await runInstaller(packageDir);
  if (failure !== null) cannotOpen(failure);
  binary = findElectronBinary(packageDir);
  if (binary === null) cannotOpen(`the installer finished but no Electron binary is in ${path.join(packageDir, 'dist')}`);
}
launch(binary);
