// better-sqlite3 for Electron, used by build/before-pack.cjs and build/after-pack.cjs.
// Node and Electron need different builds of the native module (different ABIs): packing swaps
// the Electron build in and then puts the Node build back, so `npm test` keeps working after
// `npm run dist`. Plain CommonJS because electron-builder loads its hooks with require().
'use strict';
const fs = require('node:fs');
const path = require('node:path');

const NATIVE_MODULES = ['better-sqlite3'];
const BINARY = path.join('node_modules', 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node');
const BACKUP = path.join('node_modules', '.cache', 'agencyiq', 'better_sqlite3.node-for-node');
const ARCH_NAMES = ['ia32', 'x64', 'armv7l', 'arm64', 'universal'];

/**
 * What @electron/rebuild is asked to do for one electron-builder pack context: only our native
 * modules, forced, for the target's Electron version, platform and architecture.
 */
function rebuildOptions(context, projectDir, installedElectronVersion) {
  const arch = ARCH_NAMES[context.arch];
  if (arch === undefined) throw new Error(`Unknown electron-builder architecture: ${context.arch}`);
  const platform = context.electronPlatformName === 'mas' ? 'darwin' : context.electronPlatformName;
  return {
    buildPath: projectDir,
    electronVersion: context.packager.config.electronVersion || installedElectronVersion,
    platform,
    arch,
    onlyModules: NATIVE_MODULES,
    force: true,
  };
}

/**
 * Keeps the Node build aside before the first rebuild. An existing backup is kept: it means an
 * earlier pack stopped before restoring, so the binary in place is Electron's, not Node's.
 */
function saveNodeBuild(projectDir) {
  const binary = path.join(projectDir, BINARY);
  const backup = path.join(projectDir, BACKUP);
  if (fs.existsSync(backup) || !fs.existsSync(binary)) return false;
  fs.mkdirSync(path.dirname(backup), { recursive: true });
  fs.copyFileSync(binary, backup);
  return true;
}

/** Puts the Node build back after packing; returns whether there was one to restore. */
function restoreNodeBuild(projectDir) {
  const backup = path.join(projectDir, BACKUP);
  if (!fs.existsSync(backup)) return false;
  const binary = path.join(projectDir, BINARY);
  // Replace the file rather than write into it: node_modules may be hard-linked elsewhere.
  fs.rmSync(binary, { force: true });
  fs.copyFileSync(backup, binary);
  fs.rmSync(backup);
  return true;
}

module.exports = { BINARY, BACKUP, NATIVE_MODULES, rebuildOptions, saveNodeBuild, restoreNodeBuild };
