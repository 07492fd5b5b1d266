// Browser end-to-end harness. It builds nothing: it starts the server binary named by
// CRM_E2E_BIN (default ../bin/crmadmin, from `make build`) the way a newcomer would — a fresh
// temporary CRM_DATA_DIR, a free loopback CRM_ADDR, text logs, nothing else — waits for
// /healthz, and drives Debian's chromium (/usr/bin/chromium) with playwright-core. Screenshots
// and server logs go to ../test-artifacts/ui/.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

const UI_DIR = fileURLToPath(new URL('..', import.meta.url));
export const ARTIFACTS = resolve(UI_DIR, '../test-artifacts/ui');
const BIN = resolve(UI_DIR, process.env.CRM_E2E_BIN ?? '../bin/crmadmin');
const CHROMIUM = process.env.CRM_E2E_CHROMIUM ?? '/usr/bin/chromium';

export const DESKTOP = { width: 1280, height: 900 };
export const PHONE = { width: 390, height: 844 };

/** A TCP port nobody listens on now (the server binds it right after). */
async function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const srv = createServer();
    srv.once('error', fail);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => (typeof addr === 'object' && addr ? ok(addr.port) : fail(new Error('no port'))));
    });
  });
}

export interface Server {
  baseURL: string;
  stop(): Promise<void>;
}

export interface ServerOptions {
  /** Loads the demo organization first (`crmadmin demo --email … --password …`), as a newcomer's `make demo`. */
  demo?: { email: string; password: string };
  /** More settings for `serve` (e.g. CRM_SMTP_DROPBOX_DOMAIN). */
  env?: Record<string, string>;
}

/** Starts the binary with a fresh data dir; resolves once /healthz answers 200. */
export async function startServer(name: string, opts: ServerOptions = {}): Promise<Server> {
  if (!existsSync(BIN)) throw new Error(`server binary ${BIN} not found: run \`make build\` (or set CRM_E2E_BIN)`);
  mkdirSync(ARTIFACTS, { recursive: true });
  const dataDir = mkdtempSync(join(tmpdir(), 'crmadmin-e2e-'));
  const port = await freePort();
  const baseURL = `http://127.0.0.1:${port}`;
  const log = createWriteStream(join(ARTIFACTS, `server-${name}.log`));
  if (opts.demo) {
    const demo = spawnSync(BIN, ['demo', '--email', opts.demo.email, '--password', opts.demo.password], {
      cwd: dataDir,
      env: { CRM_DATA_DIR: join(dataDir, 'data'), CRM_ADDR: `127.0.0.1:${port}`, CRM_LOG_FORMAT: 'text' },
      encoding: 'utf8',
      timeout: 180_000,
    });
    log.write(`$ crmadmin demo\n${demo.stdout ?? ''}${demo.stderr ?? ''}\n`);
    if (demo.status !== 0) {
      rmSync(dataDir, { recursive: true, force: true });
      throw new Error(`crmadmin demo failed (${demo.status ?? demo.signal ?? demo.error}): ${demo.stderr}`);
    }
  }
  const child: ChildProcess = spawn(BIN, ['serve'], {
    cwd: dataDir,
    // CRM_TEST_HOOKS: /__test/ endpoints set states no browser can reach (setBillingState).
    env: { CRM_DATA_DIR: join(dataDir, 'data'), CRM_ADDR: `127.0.0.1:${port}`, CRM_LOG_FORMAT: 'text', CRM_TEST_HOOKS: 'true', ...opts.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.pipe(log, { end: false });
  child.stderr?.pipe(log, { end: false });
  let exited: string | undefined;
  child.once('exit', (code, signal) => (exited = `exited with ${code ?? signal}`));

  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      const done = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await done;
      clearTimeout(timer);
    }
    log.end();
    rmSync(dataDir, { recursive: true, force: true });
  };

  const deadline = Date.now() + 60_000;
  for (;;) {
    if (exited) {
      await stop();
      throw new Error(`server ${exited} before /healthz answered; see ${join(ARTIFACTS, `server-${name}.log`)}`);
    }
    try {
      const res = await fetch(`${baseURL}/healthz`);
      if (res.ok) break;
    } catch {
      /* not listening yet */
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error('no healthy /healthz within 60 s');
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return { baseURL, stop };
}

export interface Browser {
  baseURL: string;
  context: BrowserContext;
  page: Page;
  close(): Promise<void>;
}

/** Debian's chromium, headless, with a fresh profile; English unless told otherwise. */
export async function startBrowser(baseURL: string, viewport = DESKTOP): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} not found: apt-get install -y chromium`);
  const profile = mkdtempSync(join(tmpdir(), 'crmadmin-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
    baseURL,
    viewport,
    locale: 'en-US',
    timezoneId: 'UTC',
  });
  context.setDefaultTimeout(15_000);
  const page = context.pages()[0] ?? (await context.newPage());
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  return {
    baseURL,
    context,
    page,
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
      if (errors.length > 0) throw new Error(`uncaught errors in the page:\n${errors.join('\n')}`);
    },
  };
}

export async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });
}

let seq = 0;
/** A unique email per call and run. */
export function uniqueEmail(prefix: string): string {
  return `${prefix}-${process.pid}-${Date.now().toString(36)}-${++seq}@e2e.test`;
}

export interface Owner {
  org: string;
  name: string;
  email: string;
  password: string;
}

export function newOwner(org = 'Acme E2E'): Owner {
  return { org, name: 'Ann Owner', email: uniqueEmail('owner'), password: 'correct horse battery' };
}

/** One GraphQL request with the browser's cookies, as the SPA sends it (same origin). */
export async function gql<T = Record<string, unknown>>(b: Browser, query: string, variables: Record<string, unknown> = {}): Promise<{ data?: T; errors?: { message: string; extensions?: { code?: string } }[] }> {
  const res = await b.page.request.post(`${b.baseURL}/query`, { data: { query, variables }, headers: { Origin: b.baseURL } });
  return (await res.json()) as never;
}

/** A billing state as the worker leaves it (the server's test hook; times are days before now). */
export interface BillingState {
  status: 'PAST_DUE' | 'LOCKED';
  periodStartDaysAgo: number;
  periodEndDaysAgo: number;
  lockedDaysAgo?: number;
  retriesDone?: number; // omitted: unchanged
  lastFailure: string;
}

/** Sets b's org's billing state through the server's test hook (CRM_TEST_HOOKS; b is its super admin). */
export async function setBillingState(b: Browser, state: BillingState): Promise<void> {
  const res = await b.page.request.post(`${b.baseURL}/__test/billing-state`, { data: state, headers: { Origin: b.baseURL } });
  if (res.status() !== 204) throw new Error(`setBillingState: ${res.status()} ${await res.text()}`);
}

/** Signs up through the API (faster than the form) and opens the app signed in. */
export async function signUpByApi(b: Browser, owner = newOwner(), region = 'EU'): Promise<Owner> {
  const body = await gql(b, 'mutation($input: SignUpInput!) { signUp(input: $input) { user { id } } }', {
    input: { organizationName: owner.org, region, name: owner.name, email: owner.email, password: owner.password, locale: 'en' },
  });
  if (body.errors) throw new Error(`signUp failed: ${JSON.stringify(body.errors)}`);
  return owner;
}
