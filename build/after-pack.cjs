// electron-builder `afterPack` hook: the app is packed with the Electron build of better-sqlite3;
// put the Node build back so tests and the browser host keep working.
'use strict';
const { restoreNodeBuild } = require('./native-rebuild.cjs');

module.exports = async function afterPack(context) {
  restoreNodeBuild(context.packager.projectDir);
};
