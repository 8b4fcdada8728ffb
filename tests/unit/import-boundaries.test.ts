import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

// Lints snippets as if they lived at the given paths, with the project's real eslint config,
// so a weakened boundary rule fails here as well as in `npm run lint`.
const eslint = new ESLint({ cwd: process.cwd() });

async function boundaryErrors(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? [])
    .filter((m) => m.ruleId === '@typescript-eslint/no-restricted-imports')
    .map((m) => m.message);
}

const importApp = "import { app } from 'electron';\nexport const a = app;\n";
const importIpcRenderer = "import { ipcRenderer } from 'electron';\nexport const r = ipcRenderer;\n";
const importTypeOnly = "import type { IpcMain } from 'electron';\nexport type M = IpcMain;\n";

describe('import boundaries', () => {
  it.each([
    'electron/core/drafts/example.ts',
    'shared/ipc/example.ts',
    'renderer/src/example.ts',
    'electron/web-host/example.ts',
  ])('forbids importing electron from %s', async (file) => {
    expect(await boundaryErrors(file, importApp)).toHaveLength(1);
  });

  it.each(['electron/main.ts', 'electron/platform/example.ts'])('allows electron but not ipcRenderer in %s', async (file) => {
    expect(await boundaryErrors(file, importApp)).toHaveLength(0);
    expect(await boundaryErrors(file, importIpcRenderer)).toHaveLength(1);
  });

  it('lets only the preload touch ipcRenderer', async () => {
    expect(await boundaryErrors('electron/preload.ts', importIpcRenderer)).toHaveLength(0);
    expect(await boundaryErrors('renderer/src/example.ts', importIpcRenderer)).toHaveLength(1);
  });

  it('allows type-only electron imports in electron/ipc, and nothing more', async () => {
    expect(await boundaryErrors('electron/ipc/example.ts', importTypeOnly)).toHaveLength(0);
    expect(await boundaryErrors('electron/ipc/example.ts', importApp)).toHaveLength(1);
  });

  it('keeps the core from reaching into the shell', async () => {
    const code = "import { x } from '../../platform/window';\nexport const y = x;\n";
    expect(await boundaryErrors('electron/core/drafts/example.ts', code)).toHaveLength(1);
  });

  it('keeps the browser host off the Electron adapters', async () => {
    const code = "import { rotateLogFiles } from '../platform/rotate-log-files';\nexport const r = rotateLogFiles;\n";
    expect(await boundaryErrors('electron/web-host/example.ts', code)).toHaveLength(1);
    const allowed = "import { rotateLogFiles } from '../core/logging/rotate-log-files';\nexport const r = rotateLogFiles;\n";
    expect(await boundaryErrors('electron/web-host/example.ts', allowed)).toHaveLength(0);
  });

  it('keeps the renderer from importing main-process code', async () => {
    const code = "import { openCore } from '../../electron/core/open-core';\nexport const o = openCore;\n";
    expect(await boundaryErrors('renderer/src/example.ts', code)).toHaveLength(1);
  });

  it('keeps shared free of either side', async () => {
    const code = "import { x } from '../../electron/core/errors';\nexport const y = x;\n";
    expect(await boundaryErrors('shared/ipc/example.ts', code)).toHaveLength(1);
  });

  it('keeps the licence server out of the app', async () => {
    const code = "import { openCore } from '../../electron/core/open-core';\nexport const o = openCore;\n";
    expect(await boundaryErrors('licence-server/routes/example.ts', code)).toHaveLength(1);
    const allowed = "import { LICENCE_API } from '@shared/licence/licence-api';\nexport const a = LICENCE_API;\n";
    expect(await boundaryErrors('licence-server/routes/example.ts', allowed)).toHaveLength(0);
  });
});
