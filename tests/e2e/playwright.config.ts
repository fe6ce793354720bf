// End-to-end tests: a release build of the form, served by dev-api from the same origin as the API,
// driven in Debian's Chromium. `scripts/test` builds both before running this.
import { defineConfig } from '@playwright/test';

const port = Number(process.env.E2E_PORT ?? 8791);
const authPort = port + 1;
/** dev-api serving the demo host page (host/), another origin than the form's. */
const hostPort = port + 2;
const devApi = '../../target/debug/dev-api';
const dist = process.env.E2E_DIST ?? '../../dist-release';

export default defineConfig({
  testDir: '.',
  timeout: 30_000,
  expect: { timeout: 7_000 },
  fullyParallel: true,
  workers: 2,
  reporter: [['list']],
  outputDir: '../../.local/e2e-results',
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    launchOptions: {
      executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
  },
  webServer: [
    {
      command: `${devApi} --port ${port} --db :memory: --static ${dist}`,
      url: `http://127.0.0.1:${port}/v1/providers/freshdesk`,
      reuseExistingServer: false,
      stdout: 'ignore',
      stderr: 'ignore',
    },
    {
      // The demo host page asks this server for tokens from its own origin.
      command: `${devApi} --port ${authPort} --db :memory: --static ${dist} --require-auth --allow-origin http://127.0.0.1:${hostPort}`,
      url: `http://127.0.0.1:${authPort}/v1/providers/freshdesk`,
      reuseExistingServer: false,
      stdout: 'ignore',
      stderr: 'ignore',
    },
    {
      command: `${devApi} --port ${hostPort} --db :memory: --static ../../host`,
      url: `http://127.0.0.1:${hostPort}/connect-form.js`,
      reuseExistingServer: false,
      stdout: 'ignore',
      stderr: 'ignore',
    },
  ],
});

export { port, authPort, hostPort };
