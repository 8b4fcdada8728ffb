// Preloaded (`node --require`) into Electron's install.js by build/start-electron.mjs. The installer
// writes to the terminal directly (its progress bar needs a TTY), so the reason it fails is copied
// here to file descriptor 3, which start-electron reads to name it in one line.
//  - install.js reports a failed download with console.error(err.stack) and exits 1;
//  - anything it throws (an unsupported platform, a missing dependency) is an uncaught exception;
//  - fetch's own error says only "fetch failed": its cause (DNS, refused, TLS) is the real reason.
const fs = require('node:fs');
const util = require('node:util');

function report(text) {
  try {
    fs.writeSync(3, `${text}\n`);
  } catch {
    // fd 3 is absent when the installer is run some other way; the terminal already shows it.
  }
}

const originalError = console.error;
console.error = (...args) => {
  report(util.format(...args));
  originalError.apply(console, args);
};
if (typeof globalThis.fetch === 'function') {
  const originalFetch = globalThis.fetch;
  globalThis.fetch = async (...args) => {
    try {
      return await originalFetch(...args);
    } catch (error) {
      const cause = error?.cause;
      if (cause) report(`${error.message} (${cause.message ?? cause.code ?? String(cause)})`);
      throw error;
    }
  };
}
process.on('uncaughtExceptionMonitor', (error) => report(error instanceof Error ? (error.stack ?? error.message) : String(error)));
