import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

// electron-builder.yml is loaded and validated exactly as `electron-builder` does it (its own
// config loader, js-yaml, and its schema validator over app-builder-lib's scheme.json), so a
// typo or a misplaced option fails `npm test` instead of the release build.

const ROOT = path.resolve(import.meta.dirname, '../..');
const require = createRequire(import.meta.url);

interface BuilderConfig {
  [key: string]: unknown;
  publish: { provider: string; url: string };
  protocols: { name: string; schemes: string[] }[];
  mac: { target: string[]; icon: string; hardenedRuntime: boolean; entitlements: string; entitlementsInherit: string; notarize: boolean };
  win: { target: string[]; icon: string };
  linux: { target: string[]; icon: string; maintainer: string };
  beforePack: string;
  afterPack: string;
  npmRebuild: boolean;
  asarUnpack: string[];
  files: string[];
  electronFuses: Record<string, boolean>;
}

const configModule = require('app-builder-lib/out/util/config/config') as {
  getConfig(projectDir: string, configPath: string | null, configFromOptions: unknown): Promise<BuilderConfig>;
  validateConfiguration(config: unknown, debugLogger: unknown): Promise<void>;
};
const { DebugLogger } = require('builder-util') as { DebugLogger: new (enabled: boolean) => unknown };
const { expandMacro } = require('app-builder-lib/out/util/macroExpander') as {
  expandMacro(pattern: string, arch: string | null, appInfo: unknown): string;
};

const { convertIcon } = require('app-builder-lib/out/util/iconConverter') as {
  convertIcon(options: { sources: string[]; fallbackSources: string[]; roots: string[]; format: string; outDir: string }): Promise<{
    icons: { file: string; size: number }[];
    isFallback: boolean;
    error?: string;
  }>;
};

const { PlatformPackager } = require('app-builder-lib') as {
  PlatformPackager: { prototype: { generateFuseConfig(fuses: unknown): Promise<Record<string, unknown>> } };
};

/** The hardened binary: each fuse as issue 12 §5 sets it (false = that door is closed). */
const FUSES = {
  runAsNode: false,
  enableNodeOptionsEnvironmentVariable: false,
  enableNodeCliInspectArguments: false,
  enableEmbeddedAsarIntegrityValidation: true,
  onlyLoadAppFromAsar: true,
  enableCookieEncryption: true,
} as const;

const loadConfig = (projectDir: string) => configModule.getConfig(projectDir, null, null);
const validate = (config: unknown) => configModule.validateConfiguration(config, new DebugLogger(false));

const temporary: string[] = [];
afterAll(() => {
  for (const dir of temporary) fs.rmSync(dir, { recursive: true, force: true });
});

/** A copy of the project's package.json with `yml` as its electron-builder.yml. */
function projectWith(yml: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'agencyiq-builder-'));
  temporary.push(dir);
  fs.copyFileSync(path.join(ROOT, 'package.json'), path.join(dir, 'package.json'));
  fs.writeFileSync(path.join(dir, 'electron-builder.yml'), yml);
  return dir;
}

describe('electron-builder.yml', () => {
  const yml = fs.readFileSync(path.join(ROOT, 'electron-builder.yml'), 'utf8');

  it("passes electron-builder's own schema validation", async () => {
    await expect(validate(await loadConfig(ROOT))).resolves.toBeUndefined();
  });

  it.each([
    ['a misspelt option', yml.replace('hardenedRuntime: true', 'hardenedRuntme: true')],
    ['an option in the wrong place', yml.replace('  createDesktopShortcut: true', '  createDesktopShortcut: true\n  hardenedRuntime: true')],
    ['a wrong type', yml.replace('asar: true', 'asar: "yes please"')],
    ['an unknown top-level key', `${yml}\nautoUpdate: true\n`],
    ['a misspelt fuse', yml.replace('  runAsNode: false', '  runAsNod: false')],
    ['a fuse that is not a boolean', yml.replace('  onlyLoadAppFromAsar: true', '  onlyLoadAppFromAsar: "yes"')],
  ])('fails validation with %s', async (_name, broken) => {
    expect(broken).not.toBe(yml);
    await expect(validate(await loadConfig(projectWith(broken)))).rejects.toThrow(/Invalid configuration object/);
  });

  it('builds every installer the issue asks for', async () => {
    const config = await loadConfig(ROOT);
    expect(config.appId).toBe('au.agencyiq.desktop');
    expect(config.productName).toBe('AgencyIQ');
    expect(config.mac.target).toEqual(['dmg', 'zip']);
    expect(config.win.target).toEqual(['nsis']);
    expect(config.linux.target).toEqual(['AppImage', 'deb']);
  });

  it.each(Object.entries(FUSES))('sets the Electron fuse %s to %s', async (fuse, value) => {
    const config = await loadConfig(ROOT);
    expect(config.electronFuses[fuse]).toBe(value);
    // The same value, alone, passes the schema, so the key is one electron-builder knows.
    await expect(validate({ ...config, electronFuses: { [fuse]: value } })).resolves.toBeUndefined();
  });

  it('flips exactly those fuses in the binary, through electron-builder and @electron/fuses', async () => {
    const config = await loadConfig(ROOT);
    expect(config.electronFuses).toEqual(FUSES);
    const { FuseV1Options, FuseVersion } = (await import('@electron/fuses')) as unknown as {
      FuseV1Options: Record<string, string>;
      FuseVersion: Record<string, string>;
    };
    const wires = await PlatformPackager.prototype.generateFuseConfig.call({}, config.electronFuses);
    expect(wires).toEqual({
      version: FuseVersion.V1,
      resetAdHocDarwinSignature: undefined,
      [FuseV1Options.RunAsNode!]: false,
      [FuseV1Options.EnableNodeOptionsEnvironmentVariable!]: false,
      [FuseV1Options.EnableNodeCliInspectArguments!]: false,
      [FuseV1Options.EnableEmbeddedAsarIntegrityValidation!]: true,
      [FuseV1Options.OnlyLoadAppFromAsar!]: true,
      [FuseV1Options.EnableCookieEncryption!]: true,
    });
  });

  it('registers the agencyiq:// protocol', async () => {
    expect((await loadConfig(ROOT)).protocols).toEqual([{ name: 'AgencyIQ', schemes: ['agencyiq'] }]);
  });

  it('hardens and can notarise the macOS app, with credentials only from the environment', async () => {
    const config = await loadConfig(ROOT);
    expect(config.mac.hardenedRuntime).toBe(true);
    expect(config.mac.notarize).toBe(true);
    const entitlements = fs.readFileSync(path.join(ROOT, config.mac.entitlements), 'utf8');
    expect(entitlements).toContain('com.apple.security.cs.allow-jit');
    expect(entitlements).not.toMatch(/disable-library-validation|device\.camera|device\.audio-input|personal-information/);
    expect(yml).not.toMatch(/APPLE_ID:|appleIdPassword|cscKeyPassword|cscLink/);
  });

  it('publishes to a generic feed whose address comes from AGENCYIQ_UPDATE_URL', async () => {
    const { publish } = await loadConfig(ROOT);
    expect(publish).toEqual({ provider: 'generic', url: '${env.AGENCYIQ_UPDATE_URL}' });
    const previous = process.env.AGENCYIQ_UPDATE_URL;
    try {
      process.env.AGENCYIQ_UPDATE_URL = 'https://updates.example.com/desktop';
      expect(expandMacro(publish.url, null, {})).toBe('https://updates.example.com/desktop');
      delete process.env.AGENCYIQ_UPDATE_URL;
      expect(() => expandMacro(publish.url, null, {})).toThrow(/env AGENCYIQ_UPDATE_URL is not defined/);
    } finally {
      if (previous === undefined) delete process.env.AGENCYIQ_UPDATE_URL;
      else process.env.AGENCYIQ_UPDATE_URL = previous;
    }
  });

  it('rebuilds better-sqlite3 in its own hooks, ships it unpacked, and every referenced file exists', async () => {
    const config = await loadConfig(ROOT);
    expect(config.npmRebuild).toBe(false);
    expect(config.asarUnpack).toContain('node_modules/better-sqlite3/**');
    for (const hook of [config.beforePack, config.afterPack]) expect(typeof require(path.join(ROOT, hook))).toBe('function');
    for (const file of [config.mac.icon, config.win.icon, config.mac.entitlements, config.mac.entitlementsInherit]) {
      expect(fs.existsSync(path.join(ROOT, file)), file).toBe(true);
    }
    expect(fs.readdirSync(path.join(ROOT, config.linux.icon))).toContain('512x512.png');
  });

  it("resolves every OS's icon through electron-builder's own icon lookup, never Electron's default", async () => {
    const config = await loadConfig(ROOT);
    const outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'agencyiq-icon-lookup-'));
    temporary.push(outDir);
    const lookup = (source: string, format: string) =>
      convertIcon({ sources: [source], fallbackSources: [], roots: [path.join(ROOT, 'build'), ROOT], format, outDir });
    const linux = await lookup(config.linux.icon, 'set');
    expect(linux.isFallback).toBe(false);
    expect(linux.icons.map((icon) => icon.size)).toEqual([16, 24, 32, 48, 64, 128, 256, 512]);
    const windows = await lookup(config.win.icon, 'ico');
    expect(windows).toMatchObject({ isFallback: false, icons: [{ size: 256 }] });
    const mac = await lookup(config.mac.icon, 'icns');
    expect(mac.isFallback).toBe(false);
    expect(mac.icons[0]?.file).toMatch(/icon\.icns$/);
  });

  it('never ships the browser host or source maps', () => {
    // Read as written (getConfig normalises `files` into file sets), with electron-builder's parser.
    const { load } = require('js-yaml') as { load(text: string): { files: string[] } };
    expect(load(yml).files).toEqual(expect.arrayContaining(['out/electron/**', 'out/renderer/**', '!out/web-host/**', '!**/*.map']));
  });
});

describe('what the installers carry', () => {
  // electron-builder's own file matcher over the `files` patterns, as it filters the app's tree
  // (node_modules included) into app.asar.
  const { FileMatcher } = require('app-builder-lib/out/fileMatcher') as {
    FileMatcher: new (from: string, to: string, expand: (p: string) => string, patterns: string[]) => {
      createFilter(): (file: string, stat: { isDirectory(): boolean }) => boolean;
    };
  };
  const selects = async (relative: string) => {
    const { files } = (require('js-yaml') as { load(text: string): { files: string[] } }).load(fs.readFileSync(path.join(ROOT, 'electron-builder.yml'), 'utf8'));
    const filter = new FileMatcher(ROOT, ROOT, (p) => p, files).createFilter();
    return filter(path.join(ROOT, relative), { isDirectory: () => false });
  };

  it('copies into app.asar only the native database module and what it loads, not the dependencies esbuild bundled', async () => {
    for (const kept of [
      'out/electron/main.cjs',
      'out/electron/icons/trayTemplate@2x.png',
      'node_modules/better-sqlite3/lib/database.js',
      'node_modules/better-sqlite3/build/Release/better_sqlite3.node',
      'node_modules/bindings/bindings.js',
      'node_modules/file-uri-to-path/index.js',
    ]) {
      expect(await selects(kept), kept).toBe(true);
    }
    for (const left of [
      'node_modules/react-dom/index.js',
      'node_modules/electron-updater/out/main.js',
      'node_modules/zod/index.js',
      'node_modules/better-sqlite3/deps/sqlite3/sqlite3.c',
      'node_modules/prebuild-install/index.js',
      'out/web-host/main.cjs',
      'out/electron/main.cjs.map',
    ]) {
      expect(await selects(left), left).toBe(false);
    }
  });

  it('does not make the .deb recommend libappindicator3-1 (gone from current Debian and Ubuntu)', () => {
    const { load } = require('js-yaml') as { load(text: string): { deb: { recommends?: string[] } } };
    const { deb } = load(fs.readFileSync(path.join(ROOT, 'electron-builder.yml'), 'utf8'));
    expect(deb.recommends ?? []).not.toContain('libappindicator3-1');
    expect(deb.recommends).toContain('gnome-keyring');
  });
});

describe('electron-builder command line', () => {
  it('runs from the installed packages (npx electron-builder --help)', () => {
    const cli = path.join(ROOT, 'node_modules', '.bin', process.platform === 'win32' ? 'electron-builder.cmd' : 'electron-builder');
    const help = execFileSync(cli, ['--help'], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
    expect(help).toContain('electron-builder build');
    expect(help).toContain('--publish');
  });
});
