// `npm start`'s last step: launches the built app in Electron. Where the Electron binary is not
// installed (CI, containers, machines where its download is blocked) it says so in one plain
// paragraph and exits 1, pointing at the browser host instead.
//
// It finds the binary the way node_modules/electron/index.js does, but never requires that file:
// when the binary is missing, index.js tries to download it.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** The Electron executable to run, or null when there is none on this machine. */
function findElectronBinary() {
  let packageDir;
  try {
    const require = createRequire(path.join(projectRoot, 'package.json'));
    packageDir = path.dirname(require.resolve('electron/package.json'));
  } catch {
    return null;
  }
  const pathFile = path.join(packageDir, 'path.txt');
  const executable = fs.existsSync(pathFile) ? fs.readFileSync(pathFile, 'utf8').trim() : '';
  const override = process.env.ELECTRON_OVERRIDE_DIST_PATH;
  let binary;
  if (override) binary = path.join(override, executable || 'electron');
  else if (executable) binary = path.join(packageDir, 'dist', executable);
  else return null;
  return fs.existsSync(binary) ? binary : null;
}

const binary = findElectronBinary();
if (binary === null) {
  process.stderr.write(
    [
      '',
      'AgencyIQ cannot open as a desktop app here: the Electron binary is not installed on this machine.',
      'To use the same app in your browser, run:',
      '',
      '    npm run web',
      '',
    ].join('\n'),
  );
  process.exit(1);
}

const env = { ...process.env };
// Set by some editors' terminals; it would make Electron behave as plain Node and ignore the app.
delete env.ELECTRON_RUN_AS_NODE;

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
