// electron-builder `beforePack` hook: rebuilds better-sqlite3 for the target's Electron ABI with
// @electron/rebuild (needs the network for Electron's headers or a prebuilt binary). `npm test`
// never runs this; build/after-pack.cjs restores the Node build afterwards.
'use strict';
const { rebuildOptions, saveNodeBuild } = require('./native-rebuild.cjs');

module.exports = async function beforePack(context) {
  const projectDir = context.packager.projectDir;
  const options = rebuildOptions(context, projectDir, require('electron/package.json').version);
  saveNodeBuild(projectDir);
  // @electron/rebuild 4 is an ES module.
  const { rebuild } = await import('@electron/rebuild');
  process.stdout.write(`  • rebuilding ${options.onlyModules.join(', ')} for Electron ${options.electronVersion} (${options.platform}-${options.arch})\n`);
  await rebuild(options);
};
