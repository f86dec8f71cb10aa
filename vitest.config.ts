import { spawnSync } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import { defineConfig, type TestProjectInlineConfiguration } from 'vitest/config';

const requireEmulator = process.env.REQUIRE_EMULATOR === '1';
const motoInstalled = spawnSync('python3', ['-c', 'import moto.server'], { stdio: 'ignore' }).status === 0;

const requireBrowser = process.env.REQUIRE_BROWSER === '1';
/** A Chromium to drive: `CHROMIUM_PATH`, else the first Chromium or Chrome on the PATH (Debian's is `chromium`). */
function findChromium(): string | null {
  const candidates = process.env.CHROMIUM_PATH
    ? [process.env.CHROMIUM_PATH]
    : ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable'].flatMap((name) =>
        (process.env.PATH ?? '').split(delimiter).map((dir) => join(dir, name)),
      );
  for (const path of candidates) {
    try {
      accessSync(path, constants.X_OK);
      return path;
    } catch {
      // not there
    }
  }
  return null;
}
const chromium = findChromium();

const projects: TestProjectInlineConfiguration[] = [
  { test: { name: 'unit', include: ['test/unit/**/*.test.ts'] } },
  {
    test: {
      name: 'integration',
      include: ['test/integration/**/*.test.ts'],
      testTimeout: 30_000,
      hookTimeout: 30_000,
    },
  },
  {
    test: {
      name: 'infra',
      include: ['test/infra/**/*.test.ts'],
      testTimeout: 180_000,
      hookTimeout: 180_000,
    },
  },
];

if (motoInstalled || requireEmulator) {
  projects.push({
    test: {
      name: 'emulator',
      include: ['test/emulator/**/*.test.ts'],
      globalSetup: ['test/emulator/moto-global-setup.ts'],
      testTimeout: 60_000,
      hookTimeout: 60_000,
    },
  });
} else {
  console.warn(
    'emulator tier skipped: moto is not installed (python3 -m pip install "moto[server]"); set REQUIRE_EMULATOR=1 to fail instead',
  );
}

if (chromium !== null || requireBrowser) {
  projects.push({
    test: {
      name: 'browser',
      include: ['test/browser/**/*.test.ts'],
      // The demo scenario on a driven timeline, each stage's page in two languages at two widths.
      testTimeout: 240_000,
      hookTimeout: 60_000,
      // Without one, REQUIRE_BROWSER=1 makes every test fail with the launch error that names the path tried.
      env: { CHROMIUM_PATH: chromium ?? process.env.CHROMIUM_PATH ?? 'chromium' },
    },
  });
} else {
  console.warn(
    'browser tier skipped: Chromium is not installed (apt-get install -y chromium, or set CHROMIUM_PATH); set REQUIRE_BROWSER=1 to fail instead',
  );
}

export default defineConfig({
  test: {
    projects,
    // Tests never need an AWS account; keep a developer's real credentials and region out of reach.
    env: {
      AWS_ACCESS_KEY_ID: 'test',
      AWS_SECRET_ACCESS_KEY: 'test',
      AWS_REGION: 'ap-southeast-1',
      AWS_PROFILE: '',
      // The SDK's notice that its 2027 releases need Node 22 is not a test result.
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    },
  },
});
